import 'server-only';
import { ApiError } from '@/lib/errors/api-error';
import { currencyOf, penceToString, toPence, type Currency } from '@/lib/money';
import { candidateCountries } from '@/lib/candidates/server';
import { ukDate } from '@/lib/dates';
import { findExistingForEach } from '@/lib/timesheets/server';
import { recordAudit } from '@/lib/server/audit';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { db } from '@/lib/server/db';
import { sendJob } from '@/lib/server/jobs';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { ImportKind, ItemState, MoneyTotal, PreviewTimesheet, SentBefore } from '../schema';
import { importJob } from './run';

type AgencyUser = Pick<CurrentUser, 'agency'>;

/** One record to send, as the preview built it. */
export interface PlannedItem {
  rowNumbers: number[];
  matchKey: string;
  label: string;
  body: unknown;
  /** Why it is left out unless ticked: Nxsys already holds a timesheet for it, or could not be read to tell. */
  held?: string;
  /** What the item is sent for (a review draft's id), handed back to `linkItems`. */
  ref?: string;
}

/**
 * Item states that mean "sent, being sent, or about to be": a record in one of them is not sent again by another
 * import or copy unless the user ticks it. FAILED (Nxsys refused it) is not among them.
 */
const SENT_STATES = ['PENDING', 'SENDING', 'CREATED', 'UNKNOWN'];

/** The earlier imports' items for these records (same candidate and period), the created one first. */
export async function sentBefore(
  agencyId: string,
  keys: string[],
  client: Prisma.TransactionClient = db,
): Promise<Map<string, SentBefore>> {
  if (keys.length === 0) return new Map();
  const rows = await client.importItem.findMany({
    where: { agencyId, matchKey: { in: [...new Set(keys)] }, state: { in: SENT_STATES } },
    select: { matchKey: true, jobId: true, state: true, nxsysId: true },
    orderBy: { updatedAt: 'asc' },
  });
  const found = new Map<string, SentBefore>();
  for (const r of rows) {
    if (found.get(r.matchKey)?.state === 'CREATED') continue;
    found.set(r.matchKey, { importId: r.jobId, state: r.state as ItemState, nxsysId: r.nxsysId });
  }
  return found;
}

/** Marks each previewed record sent before, and skipped unless its key is in `resend`. */
export function markSent<T extends { key: string; alreadyImported: boolean; sentBefore: SentBefore | null; skipped: boolean }>(
  records: T[],
  sent: Map<string, SentBefore>,
  resend: string[] | undefined,
) {
  const again = new Set(resend ?? []);
  for (const r of records) {
    r.sentBefore = sent.get(r.key) ?? null;
    r.alreadyImported = r.sentBefore !== null;
    r.skipped = r.alreadyImported && !again.has(r.key);
  }
}

const heldText = (held: { id: string; startDate: string; endDate: string }[]) =>
  `Nxsys already holds ${held.map((t) => `${t.id} (${ukDate(t.startDate)}–${ukDate(t.endDate)})`).join(', ')}`;

/**
 * Looks in Nxsys (however the timesheets there were made: the form, the grid, Nxsys itself, another tool) for one
 * that covers each previewed timesheet's candidate and period; one found, or Nxsys unreadable for that candidate,
 * leaves the record out (its item `held`) unless its key is in `resend`. Run for every preview and again at the
 * start, since a preview may be stale. The timesheet `sentBefore` made is not listed twice.
 */
export async function markHeldInNxsys(
  user: AgencyUser,
  timesheets: Pick<PreviewTimesheet, 'key' | 'candidateId' | 'startDate' | 'endDate' | 'sentBefore' | 'heldInNxsys' | 'skipped'>[],
  items: PlannedItem[],
  resend: string[] | undefined,
) {
  const found = await findExistingForEach(
    user,
    timesheets.map((t) => ({ candidateId: t.candidateId, startDate: t.startDate, endDate: t.endDate })),
  );
  const again = new Set(resend ?? []);
  const itemOf = new Map(items.map((i) => [i.matchKey, i]));
  for (const [i, t] of timesheets.entries()) {
    const held = found[i]?.filter((e) => e.id !== t.sentBefore?.nxsysId).map(({ id, startDate, endDate }) => ({ id, startDate, endDate }));
    t.heldInNxsys = held ?? null;
    if (held?.length === 0) continue;
    const item = itemOf.get(t.key);
    if (item) item.held = held ? heldText(held) : 'Nxsys could not be read to check for a timesheet already there';
    if (!again.has(t.key)) t.skipped = true;
  }
}

/**
 * Each timesheet's currency from its candidate's country (unknown, or the lists unreadable: null, never guessed),
 * and the candidate's name from the lists where the timesheet has none.
 */
export async function attachCandidates(
  user: AgencyUser,
  timesheets: Pick<PreviewTimesheet, 'candidateId' | 'candidateName' | 'currency'>[],
) {
  const countries = await candidateCountries(user).catch(() => null);
  for (const t of timesheets) {
    t.currency = currencyOf(countries?.byId.get(t.candidateId));
    if (!t.candidateName) t.candidateName = countries?.nameById.get(t.candidateId) ?? '';
  }
}

/** Sums per currency of the timesheets to send; those whose currency is unknown are counted apart, in no total. */
export function totalsByCurrency(timesheets: PreviewTimesheet[]): { totals: MoneyTotal[]; uncounted: number } {
  const sums = new Map<Currency, { net: number; vat: number; total: number }>();
  let uncounted = 0;
  for (const t of timesheets) {
    if (t.skipped) continue;
    if (!t.currency) {
      uncounted++;
      continue;
    }
    const sum = sums.get(t.currency) ?? { net: 0, vat: 0, total: 0 };
    sum.net += toPence(t.net) ?? 0;
    sum.vat += toPence(t.vat) ?? 0;
    sum.total += toPence(t.total) ?? 0;
    sums.set(t.currency, sum);
  }
  const order: Currency[] = ['GBP', 'EUR'];
  return {
    totals: order
      .filter((c) => sums.has(c))
      .map((currency) => {
        const s = sums.get(currency)!;
        return { currency, net: penceToString(s.net), vat: penceToString(s.vat), total: penceToString(s.total) };
      }),
    uncounted,
  };
}

const noneLeft = () =>
  new ApiError(
    'import_rows_invalid',
    'Every record was already sent by an earlier import or copy, or Nxsys holds it already. Tick the ones to send again, if you are sure.',
  );

/**
 * Starts an import exactly once per preview: `startKey` names what was previewed ("upload:<id>", "copy:<hash>");
 * a second start with the same key (a double click, another tab, a retry) answers with the first job. Under the
 * agency's advisory lock, records another import has sent or is sending meanwhile are left out unless in `resend`,
 * so two different previews of the same records never both send them; so are those `held` (markHeldInNxsys). Items are stored, then the job is queued.
 */
/**
 * A start waits its turn on the agency's lock inside the transaction, then writes every item: Prisma's 5 s default
 * would refuse a large file's start (P2028) on a busy database, and the user would see an error for no fault of theirs.
 */
const START_TRANSACTION = { maxWait: 30_000, timeout: 60_000 };

export async function startJob(
  user: CurrentUser,
  input: {
    startKey: string;
    kind: ImportKind;
    fileName: string;
    fileHash: string;
    payFrequency: string | null;
    header: string[];
    rows: { rowNumber: number; cells: string[] }[];
    items: PlannedItem[];
    resend: string[] | undefined;
    /** Rows left out before this point (e.g. duplicate lines not kept). */
    skipped: { rowNumbers: number[]; reason: string }[];
    details: Record<string, string | number>;
    /**
     * Runs in the start's transaction once the job and its items exist (the review's compare-and-set of its
     * drafts): throwing undoes the start. `left` are the items not sent (already sent, or held).
     */
    linkItems?: (
      tx: Prisma.TransactionClient,
      made: { jobId: string; items: { ref?: string; itemId: string }[]; left: { item: PlannedItem; reason: string }[] },
    ) => Promise<void>;
  },
): Promise<{ id: string; existing: boolean }> {
  const agencyId = user.agency.id;
  const existing = () =>
    db.importJob.findUnique({ where: { agencyId_startKey: { agencyId, startKey: input.startKey } }, select: { id: true } });
  const first = await existing();
  if (first) return { id: first.id, existing: true };

  const again = new Set(input.resend ?? []);
  const made = await db
    .$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`imports-start:${agencyId}`}))`;
      const started = await tx.importJob.findUnique({
        where: { agencyId_startKey: { agencyId, startKey: input.startKey } },
        select: { id: true },
      });
      if (started) return { id: started.id, existing: true };
      const sent = await sentBefore(
        agencyId,
        input.items.map((i) => i.matchKey),
        tx,
      );
      const send = input.items.filter((i) => (!sent.has(i.matchKey) && !i.held) || again.has(i.matchKey));
      if (send.length === 0) throw noneLeft();
      const skipped = [
        ...input.skipped,
        ...input.items
          .filter((i) => !send.includes(i))
          .map((i) => ({
            rowNumbers: i.rowNumbers,
            reason: sent.has(i.matchKey)
              ? `Already sent by an earlier import (${sent.get(i.matchKey)!.importId}): not sent again`
              : `${i.held!}: not sent`,
          })),
      ];
      const job = await tx.importJob.create({
        data: {
          agencyId,
          createdById: user.id,
          startKey: input.startKey,
          kind: input.kind,
          fileName: input.fileName,
          fileHash: input.fileHash,
          payFrequency: input.payFrequency,
          header: input.header,
          rows: input.rows,
          skipped,
          total: send.length,
          items: {
            create: send.map((item, seq) => ({
              agencyId,
              seq,
              rowNumbers: item.rowNumbers,
              matchKey: item.matchKey,
              payload: { label: item.label, body: item.body as object },
            })),
          },
        },
        select: { id: true },
      });
      if (input.linkItems) {
        const made = await tx.importItem.findMany({ where: { jobId: job.id }, select: { id: true, seq: true }, orderBy: { seq: 'asc' } });
        await input.linkItems(tx, {
          jobId: job.id,
          items: made.map((m) => ({ ref: send[m.seq]!.ref, itemId: m.id })),
          left: input.items
            .filter((i) => !send.includes(i))
            .map((item) => ({
              item,
              reason: sent.has(item.matchKey)
                ? `Already sent by an earlier import (${sent.get(item.matchKey)!.importId}): not sent again`
                : `${item.held!}: not sent`,
            })),
        });
      }
      return { id: job.id, existing: false, records: send.length, skipped: input.items.length - send.length };
    }, START_TRANSACTION)
    .catch(async (error: unknown) => {
      // The unique key is the last word should the lock ever be bypassed: the other start's job is the answer.
      const other = (error as { code?: string }).code === 'P2002' ? await existing() : null;
      if (!other) throw error;
      return { id: other.id, existing: true, records: undefined, skipped: undefined };
    });
  if (made.existing) return { id: made.id, existing: true };

  await recordAudit(db, {
    agencyId,
    actorId: user.id,
    action: 'import.started',
    targetType: 'import',
    targetId: made.id,
    targetLabel: `Import of ${input.fileName}`,
    details: { kind: input.kind, ...input.details, records: made.records!, notSentAgain: made.skipped! },
  });
  // Should this instance die before the job is queued, the stalled-import sweep queues it (lib/imports/server/run.ts).
  await sendJob(importJob, { importId: made.id });
  return { id: made.id, existing: false };
}
