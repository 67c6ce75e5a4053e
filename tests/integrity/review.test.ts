// Issue 29 part 3, four-eyes review: timesheets held as drafts (exactly once per submission), approved through one
// import job (each timesheet once in Nxsys however often the approval arrives), edits and approvals racing
// (compare-and-set: one wins, the other 409), nobody approves their own draft, a returned draft carries its reason.
// Real PostgreSQL and the in-process sandbox; the job is run by its own code (runImport).
import { beforeAll, describe, expect, it } from 'vitest';
import { approveDrafts, copyToNextPeriod, importStatus, runImport, startImport } from '@/lib/imports/server';
import {
  draftsAwaitingReview,
  editDraft,
  holdForReview,
  listDrafts,
  returnDrafts,
  reviewRequired,
  setReviewRequired,
} from '@/lib/timesheets/server';
import { createTimesheet } from '@/lib/timesheets/server';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { importTestbed, timesheetRows, toCsv } from '../helpers/imports';

const bed = importTestbed({ env: { NXSYS_TIMEOUT_MS: '2000', IMPORTS_LEASE_SECONDS: '3' } });
const { db } = bed;
let staff: CurrentUser;
let otherAdmin: CurrentUser;

beforeAll(async () => {
  const member = async (role: 'STAFF' | 'ADMIN', email: string) => {
    const u = await db.user.create({ data: { agencyId: bed.user.agency.id, email, name: `${role} reviewer`, passwordHash: 'x', role } });
    return { ...bed.user, id: u.id, role, name: u.name, email } as CurrentUser;
  };
  staff = await member('STAFF', 'staff-review@example.test');
  otherAdmin = await member('ADMIN', 'admin2-review@example.test');
});

const company = () => bed.sb.store.company('COM-1');
const sheetsOf = (candidateId: string, startDate: string) =>
  company().timesheets.filter((t) => t.candidateId === candidateId && t.startDate === startDate);

function sheet(worker: number, startDate = '2027-06-07', endDate = '2027-06-13', units = '37.5') {
  return {
    subcontractorRef: bed.workers[worker]!.id,
    startDate,
    endDate,
    taxYear: 2027,
    taxPeriodConfig: 10,
    rates: [{ rateId: company().paymentRates[0]!.id, rate: '12.50', units, vatID: 'VC-2' }],
  };
}

const drafts = (ids: string[]) => db.timesheetDraft.findMany({ where: { id: { in: ids } }, orderBy: { createdAt: 'asc' } });

describe('the agency setting', () => {
  it('is off by default; only admins change it, and each change is audited', async () => {
    expect(await reviewRequired(bed.user.agency.id)).toBe(false);
    await expect(setReviewRequired(staff, { reviewTimesheets: true })).rejects.toMatchObject({ code: 'forbidden' });
    await setReviewRequired(bed.user, { reviewTimesheets: true });
    await setReviewRequired(bed.user, { reviewTimesheets: true }); // no change, no second entry
    expect(await reviewRequired(bed.user.agency.id)).toBe(true);
    expect(await db.auditEvent.count({ where: { agencyId: bed.user.agency.id, action: 'review.setting_changed' } })).toBe(1);
  });
});

describe('held for review', () => {
  it('the same submission twice at once makes one draft; nothing reaches Nxsys', async () => {
    const body = sheet(0);
    const [a, b] = await Promise.all([
      holdForReview(staff, { source: 'FORM', key: 'key-hold-0001', sheets: [body] }),
      holdForReview(staff, { source: 'FORM', key: 'key-hold-0001', sheets: [body] }),
    ]);
    expect(a.drafts[0]!.id).toBe(b.drafts[0]!.id);
    expect(a.message).toBe('Saved for review: 1');
    expect(await db.timesheetDraft.count({ where: { createKey: { contains: 'key-hold-0001' } } })).toBe(1);
    expect(sheetsOf(body.subcontractorRef, body.startDate)).toHaveLength(0);
    expect(await draftsAwaitingReview(bed.user.agency.id)).toBeGreaterThanOrEqual(1);
  });

  it('the form (createTimesheet) holds a draft when review is on: twice at once, one draft, no timesheet in Nxsys', async () => {
    const body = sheet(1);
    const [a, b] = await Promise.all([createTimesheet(staff, body, 'key-form-0001'), createTimesheet(staff, body, 'key-form-0001')]);
    expect(a).toMatchObject({ draftId: b.draftId, review: true });
    expect(sheetsOf(body.subcontractorRef, body.startDate)).toHaveLength(0);
    expect((await drafts([a.draftId!]))[0]).toMatchObject({ source: 'FORM', status: 'PENDING', authorId: staff.id });
  });
});

describe('approval', () => {
  it('approved twice at once: one job; each timesheet once in Nxsys; the drafts become SENT with their Nxsys ids', async () => {
    const held = await holdForReview(staff, { source: 'GRID', key: 'key-grid-0001', sheets: [sheet(2), sheet(3)] });
    const choice = { drafts: (await drafts(held.drafts.map((d) => d.id))).map((d) => ({ id: d.id, version: d.version })) };
    const [a, b] = await Promise.all([approveDrafts(bed.user, choice), approveDrafts(bed.user, choice)]);
    expect(a.id).toBe(b.id);
    expect((await approveDrafts(bed.user, choice)).id).toBe(a.id); // later, another tab: the same job
    await runImport(a.id);
    expect(await importStatus(bed.user, a.id)).toMatchObject({ status: 'FINISHED', total: 2, created: 2 });
    expect(sheetsOf(bed.workers[2]!.id, '2027-06-07')).toHaveLength(1);
    expect(sheetsOf(bed.workers[3]!.id, '2027-06-07')).toHaveLength(1);
    const mine = await listDrafts(staff);
    const sent = mine.drafts.filter((d) => held.drafts.some((h) => h.id === d.id));
    expect(sent.map((d) => d.status)).toEqual(['SENT', 'SENT']);
    expect(sent.map((d) => d.nxsysId).sort()).toEqual(
      [sheetsOf(bed.workers[2]!.id, '2027-06-07')[0]!.id, sheetsOf(bed.workers[3]!.id, '2027-06-07')[0]!.id].sort(),
    );
  });

  it('nobody approves a draft they entered or changed', async () => {
    const own = await holdForReview(bed.user, { source: 'FORM', key: 'key-own-00001', sheets: [sheet(4)] });
    const [d] = await drafts([own.drafts[0]!.id]);
    await expect(approveDrafts(bed.user, { drafts: [{ id: d!.id, version: d!.version }] })).rejects.toMatchObject({
      code: 'review_own_draft',
      status: 403,
    });
    // Another admin edits a staff member's draft: that admin cannot approve it either; a third person can.
    const theirs = await holdForReview(staff, { source: 'FORM', key: 'key-own-00002', sheets: [sheet(5)] });
    const [t] = await drafts([theirs.drafts[0]!.id]);
    await editDraft(otherAdmin, t!.id, { version: t!.version, values: sheet(5, '2027-06-07', '2027-06-13', '40') });
    await expect(approveDrafts(otherAdmin, { drafts: [{ id: t!.id, version: t!.version + 1 }] })).rejects.toMatchObject({
      code: 'review_own_draft',
    });
    await expect(approveDrafts(staff, { drafts: [{ id: t!.id, version: t!.version + 1 }] })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await db.importJob.count({ where: { agencyId: bed.user.agency.id, fileName: { startsWith: 'Review of' } } })).toBe(1);
  });

  it('approve and edit at once: exactly one wins, the other answers 409; nothing half-done', async () => {
    const held = await holdForReview(staff, { source: 'FORM', key: 'key-race-0001', sheets: [sheet(6)] });
    const [d] = await drafts([held.drafts[0]!.id]);
    const results = await Promise.allSettled([
      approveDrafts(bed.user, { drafts: [{ id: d!.id, version: d!.version }] }),
      editDraft(staff, d!.id, { version: d!.version, values: sheet(6, '2027-06-07', '2027-06-13', '20') }),
    ]);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect((failed[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'review_draft_changed', status: 409 });
    const [after] = await drafts([d!.id]);
    if (results[0].status === 'fulfilled') {
      expect(after).toMatchObject({ status: 'APPROVED', importJobId: results[0].value.id });
      expect((after!.body as { rates: { units: string }[] }).rates[0]!.units).toBe('37.5');
    } else {
      expect(after).toMatchObject({ status: 'PENDING', importJobId: null, editedById: staff.id });
      expect(
        await db.importJob.count({ where: { agencyId: bed.user.agency.id, rows: { equals: [{ rowNumber: 2, cells: [d!.id] }] } } }),
      ).toBe(0);
    }
  });
});

describe('no second record for a worker and period', () => {
  const day = (n: number) => new Date(Date.UTC(2027, 7, 2 + n)).toISOString().slice(0, 10);
  const P = (n: number) => [day(7 * n), day(7 * n + 6)] as const;
  const choice = async (ids: string[]) => (await drafts(ids)).map((d) => ({ id: d.id, version: d.version }));
  /** A timesheet straight in Nxsys (review off for the moment), as another tool or an earlier entry made it. */
  const inNxsys = async (worker: number, [start, end]: readonly [string, string]) => {
    await setReviewRequired(bed.user, { reviewTimesheets: false });
    const made = await createTimesheet(bed.user, sheet(worker, start, end), `key-nx-${worker}-${start}`);
    await setReviewRequired(bed.user, { reviewTimesheets: true });
    return made.id;
  };

  it('the form refuses a draft when Nxsys holds one (409 timesheet_exists naming it); confirmDuplicate goes on', async () => {
    const [start, end] = P(0);
    const nxsysId = await inNxsys(14, P(0));
    await expect(createTimesheet(staff, sheet(14, start, end), 'key-dup-nx-01')).rejects.toMatchObject({
      code: 'timesheet_exists',
      status: 409,
      details: { id: nxsysId, href: `/timesheets/${nxsysId}` },
    });
    expect(await db.timesheetDraft.count({ where: { candidateId: bed.workers[14]!.id } })).toBe(0);
    const held = await createTimesheet(staff, { ...sheet(14, start, end), confirmDuplicate: true }, 'key-dup-nx-02');
    expect(held).toMatchObject({ review: true });
  });

  it('the form refuses a draft when another stands for the period (pending, returned, approved, sent), naming it', async () => {
    const [start, end] = P(1);
    const first = await createTimesheet(staff, sheet(15, start, end), 'key-dup-dr-01');
    // The same submission again is the same draft, never refused.
    expect((await createTimesheet(staff, sheet(15, start, end), 'key-dup-dr-01')).draftId).toBe(first.draftId);
    for (const status of ['PENDING', 'RETURNED', 'APPROVED', 'SENT']) {
      await db.timesheetDraft.update({ where: { id: first.draftId }, data: { status } });
      await expect(createTimesheet(otherAdmin, sheet(15, start, end, '8'), `key-dup-dr-${status}`)).rejects.toMatchObject({
        code: 'timesheet_exists',
        details: { draftId: first.draftId, draftStatus: status },
      });
    }
    // A FAILED draft (Nxsys refused it) does not stand: a new one may be entered.
    await db.timesheetDraft.update({ where: { id: first.draftId }, data: { status: 'FAILED' } });
    expect(await createTimesheet(otherAdmin, sheet(15, start, end, '8'), 'key-dup-dr-FAILED')).toMatchObject({ review: true });
    await expect(createTimesheet(staff, sheet(15, start, end, '9'), 'key-dup-dr-again')).rejects.toMatchObject({
      code: 'timesheet_exists',
    });
    expect(await createTimesheet(staff, { ...sheet(15, start, end, '9'), confirmDuplicate: true }, 'key-dup-dr-again')).toMatchObject({
      review: true,
    });
  });

  it('two different submissions for the same worker and period at once: one draft, the other 409', async () => {
    const [start, end] = P(2);
    const results = await Promise.allSettled([
      createTimesheet(staff, sheet(16, start, end), 'key-dup-par-01'),
      createTimesheet(otherAdmin, sheet(16, start, end, '30'), 'key-dup-par-02'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'timesheet_exists' } });
    expect(await db.timesheetDraft.count({ where: { candidateId: bed.workers[16]!.id, startDate: start } })).toBe(1);
  });

  it('approval refuses a draft whose record Nxsys holds (twice at once: still one record); "send anyway" sends it', async () => {
    const [start, end] = P(3);
    const nxsysId = await inNxsys(17, P(3));
    const held = await holdForReview(staff, { source: 'GRID', key: 'key-apr-nx-01', sheets: [sheet(17, start, end)] });
    const chosen = await choice(held.drafts.map((d) => d.id));
    const results = await Promise.allSettled([approveDrafts(bed.user, { drafts: chosen }), approveDrafts(bed.user, { drafts: chosen })]);
    for (const r of results)
      expect(r).toMatchObject({
        status: 'rejected',
        reason: {
          code: 'review_duplicate',
          status: 409,
          details: { collisions: [{ draftId: chosen[0]!.id, with: [{ kind: 'nxsys', id: nxsysId, href: `/timesheets/${nxsysId}` }] }] },
        },
      });
    expect(sheetsOf(bed.workers[17]!.id, start)).toHaveLength(1);
    expect((await drafts([chosen[0]!.id]))[0]).toMatchObject({ status: 'PENDING', importJobId: null });
    const job = await approveDrafts(bed.user, { drafts: chosen, sendAnyway: [chosen[0]!.id] });
    await runImport(job.id);
    expect(sheetsOf(bed.workers[17]!.id, start)).toHaveLength(2);
  });

  it('approval refuses a draft another approved or sent draft covers; two approvals at once of two such drafts: one wins', async () => {
    const [start, end] = P(4);
    const a = await holdForReview(staff, { source: 'GRID', key: 'key-apr-dr-01', sheets: [sheet(18, start, end)] });
    const b = await holdForReview(staff, { source: 'COPY', key: 'key-apr-dr-02', sheets: [sheet(18, start, end)] });
    const [ca, cb] = [await choice([a.drafts[0]!.id]), await choice([b.drafts[0]!.id])];
    const results = await Promise.allSettled([approveDrafts(bed.user, { drafts: ca }), approveDrafts(bed.user, { drafts: cb })]);
    const won = results.findIndex((r) => r.status === 'fulfilled');
    expect(won).toBeGreaterThanOrEqual(0);
    const lost = results[1 - won]!;
    const [winner, loser] = won === 0 ? [ca[0]!.id, cb[0]!.id] : [cb[0]!.id, ca[0]!.id];
    expect(lost).toMatchObject({
      status: 'rejected',
      reason: { code: 'review_duplicate', details: { collisions: [{ draftId: loser, with: [{ kind: 'draft', id: winner }] }] } },
    });
    await runImport((results[won] as PromiseFulfilledResult<{ id: string }>).value.id);
    expect(sheetsOf(bed.workers[18]!.id, start)).toHaveLength(1);
    // Once sent, Nxsys and the SENT draft both name it.
    await listDrafts(bed.user, { all: true });
    await expect(approveDrafts(bed.user, { drafts: await choice([loser]) })).rejects.toMatchObject({
      details: { collisions: [{ draftId: loser, with: [{ kind: 'nxsys' }, { kind: 'draft', id: winner, status: 'SENT' }] }] },
    });
    expect(sheetsOf(bed.workers[18]!.id, start)).toHaveLength(1);
  });

  it('two chosen drafts for the same worker and period: refused naming both, unless one is ticked', async () => {
    const [start, end] = P(5);
    const held = await holdForReview(staff, {
      source: 'GRID',
      key: 'key-apr-two-01',
      sheets: [sheet(19, start, end), sheet(19, start, end, '8')],
    });
    const chosen = await choice(held.drafts.map((d) => d.id));
    const refused = await approveDrafts(bed.user, { drafts: chosen }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'review_duplicate' });
    const named = (refused as { details: { collisions: { draftId: string; with: { kind: string; id: string }[] }[] } }).details.collisions;
    expect(named.map((c) => c.draftId).sort()).toEqual(chosen.map((c) => c.id).sort());
    expect(named.every((c) => c.with.length === 1 && c.with[0]!.kind === 'chosen')).toBe(true);
    expect(sheetsOf(bed.workers[19]!.id, start)).toHaveLength(0);
    const job = await approveDrafts(bed.user, { drafts: chosen, sendAnyway: [chosen[1]!.id] });
    await runImport(job.id);
    expect(sheetsOf(bed.workers[19]!.id, start)).toHaveLength(2);
  });
  it('approval refuses a draft when Nxsys cannot be read for its worker (unknown is not "none"); "send anyway" sends it once', async () => {
    const [start, end] = P(6);
    const held = await holdForReview(staff, { source: 'GRID', key: 'key-apr-unread-01', sheets: [sheet(20, start, end)] });
    const chosen = await choice(held.drafts.map((d) => d.id));
    // Reading timesheets fails; everything else works.
    bed.sb.control.setFaults({ failRate: 1, method: 'GET', pathPrefix: '/nxsys/time-sheets' });
    try {
      await expect(approveDrafts(bed.user, { drafts: chosen })).rejects.toMatchObject({
        code: 'review_duplicate',
        details: { collisions: [{ draftId: chosen[0]!.id, with: [{ kind: 'unread' }] }] },
      });
      expect((await drafts([chosen[0]!.id]))[0]).toMatchObject({ status: 'PENDING', importJobId: null });
      const job = await approveDrafts(bed.user, { drafts: chosen, sendAnyway: [chosen[0]!.id] });
      bed.sb.control.clearFaults();
      await runImport(job.id);
    } finally {
      bed.sb.control.clearFaults();
    }
    expect(sheetsOf(bed.workers[20]!.id, start)).toHaveLength(1);
  });

  it('two approvals at once, each with one draft of the same worker and period: one goes whole, the other is refused whole', async () => {
    const [start, end] = P(7);
    // Worker 21 twice (one draft in each approval); workers 22 and 23 once each, so neither approval is all collisions.
    const a = await holdForReview(staff, {
      source: 'GRID',
      key: 'key-apr-lock-01',
      sheets: [sheet(21, start, end), sheet(22, start, end)],
    });
    const b = await holdForReview(otherAdmin, {
      source: 'COPY',
      key: 'key-apr-lock-02',
      sheets: [sheet(21, start, end, '8'), sheet(23, start, end)],
    });
    const [ca, cb] = [await choice(a.drafts.map((d) => d.id)), await choice(b.drafts.map((d) => d.id))];
    const results = await Promise.allSettled([approveDrafts(bed.user, { drafts: ca }), approveDrafts(bed.user, { drafts: cb })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const won = results.findIndex((r) => r.status === 'fulfilled');
    const [winner, loser] = won === 0 ? [ca, cb] : [cb, ca];
    expect(results[1 - won]).toMatchObject({
      status: 'rejected',
      reason: {
        code: 'review_duplicate',
        details: { collisions: [{ draftId: loser[0]!.id, with: [{ kind: 'draft', id: winner[0]!.id }] }] },
      },
    });
    // Nothing of the refused approval moved: both its drafts wait, unchanged, for the reviewer's next step.
    expect((await drafts(loser.map((d) => d.id))).map((d) => [d.status, d.importJobId, d.version])).toEqual(
      loser.map((d) => ['PENDING', null, d.version]),
    );
    await runImport((results[won] as PromiseFulfilledResult<{ id: string }>).value.id);
    expect(sheetsOf(bed.workers[21]!.id, start)).toHaveLength(1);
    expect([22, 23].map((w) => sheetsOf(bed.workers[w]!.id, start).length).sort()).toEqual([0, 1]);
  });
});

describe('returned', () => {
  it('the author sees the reason, changes the draft and resubmits it (PENDING again)', async () => {
    const held = await holdForReview(staff, { source: 'FORM', key: 'key-return-001', sheets: [sheet(7)] });
    const [d] = await drafts([held.drafts[0]!.id]);
    await expect(returnDrafts(staff, { drafts: [{ id: d!.id, version: d!.version }], reason: 'No' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await returnDrafts(bed.user, { drafts: [{ id: d!.id, version: d!.version }], reason: 'Hours look too high for this week' });
    // The same return again (a double click) is stale: refused, not recorded twice.
    await expect(
      returnDrafts(bed.user, { drafts: [{ id: d!.id, version: d!.version }], reason: 'Hours look too high for this week' }),
    ).rejects.toMatchObject({ code: 'review_draft_changed' });
    const mine = (await listDrafts(staff)).drafts.find((x) => x.id === d!.id)!;
    expect(mine).toMatchObject({ status: 'RETURNED', returnReason: 'Hours look too high for this week' });
    // A returned draft is not approvable until resubmitted.
    await expect(approveDrafts(bed.user, { drafts: [{ id: d!.id, version: mine.version }] })).rejects.toMatchObject({
      code: 'review_draft_changed',
    });
    await editDraft(staff, d!.id, { version: mine.version, values: sheet(7, '2027-06-07', '2027-06-13', '30') });
    expect((await drafts([d!.id]))[0]).toMatchObject({ status: 'PENDING' });
  });

  it('the same change saved twice at once (two tabs, same version): one saves, the other 409; the body exactly as sent', async () => {
    const held = await holdForReview(staff, { source: 'FORM', key: 'key-edit-twice-001', sheets: [sheet(20)] });
    const [d] = await drafts([held.drafts[0]!.id]);
    await returnDrafts(bed.user, { drafts: [{ id: d!.id, version: d!.version }], reason: 'Check the hours' });
    const version = d!.version + 1;
    const values = sheet(20, '2027-06-07', '2027-06-13', '21.25');
    const results = await Promise.allSettled([
      editDraft(staff, d!.id, { version, values }),
      editDraft(staff, d!.id, { version, values: sheet(20, '2027-06-07', '2027-06-13', '22') }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toMatchObject([
      { code: 'review_draft_changed' },
    ]);
    const [after] = await drafts([d!.id]);
    expect(after).toMatchObject({ status: 'PENDING', version: version + 1 });
    const won = results[0]!.status === 'fulfilled' ? values : sheet(20, '2027-06-07', '2027-06-13', '22');
    expect(after!.body).toEqual(won);
    expect(await db.timesheetDraft.count({ where: { candidateId: bed.workers[20]!.id, startDate: '2027-06-07' } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: 'review.draft_edited', targetId: d!.id } })).toBe(1);
  });
});

describe('copy and file import, review on', () => {
  it('hold their timesheets as drafts, once however often started; no job, nothing in Nxsys', async () => {
    const jobsBefore = await db.importJob.count({ where: { agencyId: bed.user.agency.id } });
    const group = bed.workers.slice(10, 13);
    const request = await bed.requestFor(toCsv(timesheetRows(group, '2027-07-05')));
    const [a, b] = await Promise.all([startImport(staff, request), startImport(staff, request)]);
    expect(a).toMatchObject({ held: 3, id: '' });
    expect(b).toMatchObject({ held: 3 });
    expect(await db.timesheetDraft.count({ where: { source: 'IMPORT', startDate: '2027-07-05' } })).toBe(3);
    expect(group.flatMap((w) => sheetsOf(w.id, '2027-07-05'))).toHaveLength(0);

    // The two timesheets the approval test sent, copied into the next week.
    const ids = [bed.workers[2]!, bed.workers[3]!].map((w) => sheetsOf(w.id, '2027-06-07')[0]!.id);
    const [c, d] = await Promise.all([copyToNextPeriod(staff, { ids, confirm: true }), copyToNextPeriod(staff, { ids, confirm: true })]);
    expect(c).toMatchObject({ held: 2, message: 'Saved for review: 2' });
    expect(c.id).toBeUndefined();
    expect(d.held).toBe(2);
    expect(await db.timesheetDraft.count({ where: { source: 'COPY', startDate: '2027-06-14' } })).toBe(2);
    expect(sheetsOf(bed.workers[2]!.id, '2027-06-14')).toHaveLength(0);
    expect(await db.importJob.count({ where: { agencyId: bed.user.agency.id } })).toBe(jobsBefore);
  });
});

describe('review off', () => {
  it('the form sends to Nxsys as before', async () => {
    await setReviewRequired(bed.user, { reviewTimesheets: false });
    const body = sheet(8);
    const made = await createTimesheet(staff, body, 'key-off-00001');
    expect(made.id).toBeTruthy();
    expect(made.review).toBeUndefined();
    expect(sheetsOf(body.subcontractorRef, body.startDate)).toHaveLength(1);
  });
});
