// The roster grid's one save (lib/imports/server/week-grid.ts) on real PostgreSQL and the sandbox: every worker's
// timesheet created exactly once however often the save arrives at once, a worker already holding a timesheet for
// the week left out unless ticked, and the warnings the grid shows before saving.
import { describe, expect, it } from 'vitest';
import { buildWeekSheets, runImport, saveWeekGrid as saveWeek, weekGridHints } from '@/lib/imports/server';
import { createTimesheet } from '@/lib/timesheets/server';
import { importTestbed } from '../helpers/imports';

const bed = importTestbed();

const WEEK = '2027-02-08'; // a Monday with no seeded timesheets
const sheetsOf = (id: string, start = WEEK) =>
  bed.sb.store.company('COM-1').timesheets.filter((t) => t.candidateId === id && t.startDate === start);

function grid(ids: string[], sendAnyway: string[] = []) {
  const rate = bed.sb.store.company('COM-1').paymentRates[0]!;
  const vat = bed.sb.store.vatCodes[0]!;
  return {
    weekStart: WEEK,
    workers: ids.map((id, i) => ({
      subcontractorRef: id,
      sendAnyway: sendAnyway.includes(id),
      rows: [{ rateId: rate.id, rate: '12.50', vatID: vat.id, hours: ['8', '8', String(7 + i), '', '', '', ''] }],
    })),
  };
}

/** The save as sent (review off): its job. */
async function saveWeekGrid(...args: Parameters<typeof saveWeek>) {
  const answer = await saveWeek(...args);
  if (!('id' in answer)) throw new Error('The week was held for review, not sent.');
  return answer;
}

describe('roster grid save', () => {
  it('creates each worker’s timesheet once when the save arrives twice at once, and leaves out one already there unless ticked', async () => {
    const [a, b, c] = bed.workers.slice(40, 43).map((w) => w.id);
    // c already has a timesheet for the week, made with the one-timesheet form.
    const rate = bed.sb.store.company('COM-1').paymentRates[0]!;
    await createTimesheet(bed.user, {
      subcontractorRef: c,
      startDate: WEEK,
      endDate: '2027-02-14',
      taxYear: 2026,
      taxPeriodConfig: 45,
      rates: [{ rateId: rate.id, rate: '12.50', units: '8', vatID: bed.sb.store.vatCodes[0]!.id }],
    });
    const hints = await weekGridHints(bed.user, c!, WEEK);
    expect(hints.existing).toHaveLength(1);

    const built = await buildWeekSheets(bed.user, grid([a!, b!, c!]));
    expect(built.items.map((i) => [i.matchKey.split('|')[1], !!i.held])).toEqual([
      [a, false],
      [b, false],
      [c, true],
    ]);
    expect(built.items[0]!.body).toMatchObject({ startDate: WEEK, endDate: '2027-02-14', taxPeriodConfig: 45 });

    // A double click and a second tab with another key, all at once. Whichever key takes the agency's start lock first
    // makes the one job (its double click answers with it); the other key then finds every worker sent or held and is
    // refused. Each sheet once in Nxsys.
    const answers = await Promise.all(
      ['grid-key-0001', 'grid-key-0001', 'grid-key-0002'].map((key) =>
        saveWeek(bed.user, grid([a!, b!, c!]), key).catch((e: { code?: string }) => e),
      ),
    );
    const jobs = [...new Set(answers.flatMap((x) => ('id' in x && typeof x.id === 'string' ? [x.id] : [])))];
    expect(jobs).toHaveLength(1);
    for (const x of answers) if (!('id' in x)) expect(x).toMatchObject({ code: 'import_rows_invalid' });
    expect(answers.filter((x) => 'id' in x).length).toBeGreaterThanOrEqual(1);
    if ('id' in answers[0]!) expect('id' in answers[1]! && answers[1].id).toBe(answers[0].id); // the double click: one job
    await runImport(jobs[0]!);
    expect([a, b, c].map((id) => sheetsOf(id!).length)).toEqual([1, 1, 1]);
    const job = await bed.db.importJob.findUniqueOrThrow({ where: { id: jobs[0]! } });
    expect(job.total).toBe(2);

    // Ticked "send anyway": c gets its second timesheet for the week, a and b (sent already) are not sent again.
    const again = await saveWeekGrid(bed.user, grid([a!, b!, c!], [c!]), 'grid-key-0003');
    await runImport(again.id);
    expect([a, b, c].map((id) => sheetsOf(id!).length)).toEqual([1, 1, 2]);
  });

  it('with review on, holds the week as drafts once however often the save arrives at once, and sends nothing', async () => {
    const [a, b] = bed.workers.slice(45, 47).map((w) => w.id);
    const week = '2027-03-08';
    const onReview = (on: boolean) => bed.db.agency.update({ where: { id: bed.user.agency.id }, data: { reviewTimesheets: on } });
    await onReview(true);
    try {
      const body = { ...grid([a!, b!]), weekStart: week };
      const answers = await Promise.all([saveWeek(bed.user, body, 'grid-review-1'), saveWeek(bed.user, body, 'grid-review-1')]);
      for (const answer of answers) expect(answer).toMatchObject({ held: 2 });
      const drafts = await bed.db.timesheetDraft.findMany({ where: { agencyId: bed.user.agency.id, startDate: week } });
      expect(drafts.map((d) => [d.candidateId, d.source, d.status]).sort()).toEqual([
        [a, 'GRID', 'PENDING'],
        [b, 'GRID', 'PENDING'],
      ]);
      expect([a, b].map((id) => sheetsOf(id!, week).length)).toEqual([0, 0]);
      expect(await bed.db.importJob.count({ where: { startKey: 'week:grid-review-1' } })).toBe(0);
    } finally {
      await onReview(false);
    }
  });

  it('refuses a save without an Idempotency-Key and a grid with the same worker twice', async () => {
    const [a] = bed.workers.slice(44, 45).map((w) => w.id);
    await expect(saveWeekGrid(bed.user, grid([a!]), null)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(buildWeekSheets(bed.user, grid([a!, a!]))).rejects.toThrow(/Each worker once/);
  });

  it('gives the rates of the worker’s latest earlier timesheet, for the grid’s "far from usual" warning', async () => {
    const worker = bed.sb.store.company('COM-1').timesheets.find((t) => t.startDate < WEEK)!;
    const hints = await weekGridHints(bed.user, worker.candidateId, WEEK);
    expect(hints.latestId).toMatch(/^TS-/);
    expect(Object.keys(hints.usualRates).length).toBeGreaterThan(0);
  });
});
