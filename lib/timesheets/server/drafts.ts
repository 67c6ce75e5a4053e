import 'server-only';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { candidateCountries } from '@/lib/candidates/server';
import { ukDate } from '@/lib/dates';
import { ApiError } from '@/lib/errors/api-error';
import { currencyOf, lineAmounts, penceToString, sheetTotals, totalsByCurrency, type Currency, type CurrencyTotal } from '@/lib/money';
import { recordAudit } from '@/lib/server/audit';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { db } from '@/lib/server/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { newTimesheetSchema } from '../schema';
import { returnSchema, reviewSettingSchema, type DraftSource, type DraftStatus } from '../review-schema';

/** A timesheet's create body: the values of newTimesheetSchema, exactly as they would be sent. */
export type TimesheetBody = z.output<typeof newTimesheetSchema>;

/** Statuses in which a draft can still be changed (and a PENDING one approved or returned). */
const OPEN: DraftStatus[] = ['PENDING', 'RETURNED'];

/** Drafts that stand for their candidate and period: a second one for the same is a second timesheet (FAILED ones do not). */
const STANDING: DraftStatus[] = ['PENDING', 'RETURNED', 'APPROVED', 'SENT'];

const STANDING_TEXT: Record<string, string> = {
  PENDING: 'waiting for review',
  RETURNED: 'returned to its author for changes',
  APPROVED: 'approved and being sent to Nxsys',
  SENT: 'sent to Nxsys',
};

interface Subject {
  candidateId: string;
  startDate: string;
  endDate: string;
}

/** Drafts whose period overlaps the subject's (ISO dates compare as text), for the same candidate. */
const overlapping = (s: Subject) => ({ candidateId: s.candidateId, startDate: { lte: s.endDate }, endDate: { gte: s.startDate } });
const covers = (a: Subject, b: Subject) => a.candidateId === b.candidateId && a.startDate <= b.endDate && a.endDate >= b.startDate;
const periodText = (s: { startDate: string; endDate: string }) =>
  s.startDate === s.endDate ? ukDate(s.startDate) : `${ukDate(s.startDate)} to ${ukDate(s.endDate)}`;

/** Where a draft is seen: the Nxsys record once sent; else the review queue (admins) or the author's drafts. */
const draftHref = (user: Pick<CurrentUser, 'role'>, d: { id: string; nxsysId: string | null }) =>
  d.nxsysId ? `/timesheets/${d.nxsysId}` : user.role === 'ADMIN' ? `/timesheets/review#draft-${d.id}` : '/timesheets/drafts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Whether the agency holds portal-entered timesheets for review (its admins' setting; off by default). */
export async function reviewRequired(agencyId: string): Promise<boolean> {
  const agency = await db.agency.findUnique({ where: { id: agencyId }, select: { reviewTimesheets: true } });
  return agency?.reviewTimesheets ?? false;
}

/** Switches the review on or off (admins); audited when it changes. */
export async function setReviewRequired(user: CurrentUser, input: unknown): Promise<{ reviewTimesheets: boolean }> {
  if (user.role !== 'ADMIN') throw new ApiError('forbidden');
  const { reviewTimesheets } = reviewSettingSchema.parse(input);
  const changed = await db.agency.updateMany({
    where: { id: user.agency.id, reviewTimesheets: !reviewTimesheets },
    data: { reviewTimesheets },
  });
  if (changed.count === 1)
    await recordAudit(db, {
      agencyId: user.agency.id,
      actorId: user.id,
      action: 'review.setting_changed',
      details: { reviewTimesheets },
    });
  return { reviewTimesheets };
}

/** Timesheets waiting for a reviewer (for the "This week" to-do list). */
export const draftsAwaitingReview = (agencyId: string) => db.timesheetDraft.count({ where: { agencyId, status: 'PENDING' } });

/**
 * Holds timesheets as drafts instead of sending them, exactly once per submission: the same `key` (the request's
 * Idempotency-Key; without one, the body itself) makes the same drafts however often it arrives, in parallel or
 * later, because `createKey` is unique per agency. Answers the drafts, as the caller shows them.
 */
export async function holdForReview(
  user: CurrentUser,
  input: {
    source: DraftSource;
    key: string | null;
    sheets: TimesheetBody[];
    /**
     * The form's duplicate check (as when review is off): unless `confirmed`, `inNxsys` throws for a timesheet Nxsys
     * already holds, and another draft standing for the same candidate and period is refused with 409
     * `timesheet_exists` naming it. A repeat of the same submission answers its drafts, never refused.
     */
    duplicates?: { confirmed: boolean; inNxsys: () => Promise<void> };
  },
): Promise<{ held: number; drafts: { id: string; status: string }[]; message: string }> {
  const agencyId = user.agency.id;
  const base = `${input.source}:${user.id}:${input.key ?? sha256(JSON.stringify(input.sheets))}`;
  const keys = input.sheets.map((_, i) => `${base}|${i}`);
  const check = input.duplicates && !input.duplicates.confirmed ? input.duplicates : null;
  const repeat = check ? await db.timesheetDraft.count({ where: { agencyId, createKey: { in: keys } } }) : 0;
  if (check && repeat < keys.length) await check.inNxsys();
  const countries = await candidateCountries(user).catch(() => null);
  const made = await db.$transaction(async (tx) => {
    if (check && repeat < keys.length) {
      // One check-and-hold per candidate at a time: two different submissions at once cannot both pass.
      for (const candidateId of [...new Set(input.sheets.map((b) => b.subcontractorRef))].sort())
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`review-hold:${agencyId}:${candidateId}`}))`;
      const standing = await tx.timesheetDraft.findFirst({
        where: {
          agencyId,
          status: { in: STANDING },
          createKey: { notIn: keys },
          OR: input.sheets.map((b) => overlapping({ candidateId: b.subcontractorRef, startDate: b.startDate, endDate: b.endDate })),
        },
        orderBy: { createdAt: 'asc' },
      });
      if (standing)
        throw new ApiError(
          'timesheet_exists',
          `A timesheet for this candidate and period (${periodText(standing)}) is already ${STANDING_TEXT[standing.status]}.`,
          undefined,
          undefined,
          { id: standing.nxsysId ?? standing.id, href: draftHref(user, standing), draftId: standing.id, draftStatus: standing.status },
        );
    }
    return tx.timesheetDraft.createMany({
      data: input.sheets.map((body, i) => ({
        agencyId,
        authorId: user.id,
        editedById: user.id,
        source: input.source,
        createKey: keys[i]!,
        candidateId: body.subcontractorRef,
        candidateName: countries?.nameById.get(body.subcontractorRef) ?? '',
        country: countries?.byId.get(body.subcontractorRef) ?? null,
        startDate: body.startDate,
        endDate: body.endDate,
        body: body as unknown as Prisma.InputJsonValue,
      })),
      skipDuplicates: true,
    });
  });
  const drafts = await db.timesheetDraft.findMany({
    where: { agencyId, createKey: { in: keys } },
    select: { id: true, status: true, createKey: true },
  });
  drafts.sort((a, b) => keys.indexOf(a.createKey) - keys.indexOf(b.createKey));
  if (made.count > 0)
    await recordAudit(db, {
      agencyId,
      actorId: user.id,
      action: 'review.draft_held',
      targetType: 'timesheet_draft',
      targetId: drafts[0]?.id,
      details: { source: input.source, drafts: drafts.map((d) => d.id) },
    });
  return {
    held: drafts.length,
    drafts: drafts.map(({ id, status }) => ({ id, status })),
    message: `Saved for review: ${drafts.length}`,
  };
}

/**
 * Approved drafts take their outcome from the import item that sent them: CREATED → SENT (with the Nxsys id),
 * FAILED → FAILED (with Nxsys's reason). Conditional on APPROVED, so any number of readers settle each once.
 */
async function settleDrafts(agencyId: string) {
  await db.$executeRaw`
    UPDATE "TimesheetDraft" d
       SET status = CASE WHEN i.state = 'CREATED' THEN 'SENT' ELSE 'FAILED' END,
           "nxsysId" = i."nxsysId", error = i.error, version = d.version + 1, "updatedAt" = now()
      FROM "ImportItem" i
     WHERE d."importItemId" = i.id AND d."agencyId" = ${agencyId} AND d.status = 'APPROVED'
       AND i.state IN ('CREATED', 'FAILED')`;
}

export interface DraftView {
  id: string;
  version: number;
  source: string;
  status: DraftStatus;
  authorId: string;
  authorName: string;
  mine: boolean;
  candidateId: string;
  candidateName: string;
  currency: Currency | null;
  startDate: string;
  endDate: string;
  body: TimesheetBody;
  hours: string;
  net: string;
  /** The same worker's previous draft (an earlier period): hours and net, to show what changed. */
  previous: { startDate: string; hours: string; net: string } | null;
  returnReason: string | null;
  importJobId: string | null;
  nxsysId: string | null;
  error: string | null;
  updatedAt: string;
}

/** Units summed (to 2 places, as 1 × units) and net = rate × units before VAT (the body carries VAT codes, not rates). */
function figures(body: TimesheetBody) {
  const hours = sheetTotals(body.rates.map((l) => lineAmounts('1', l.units, 0))).netPence;
  const net = sheetTotals(body.rates.map((l) => lineAmounts(l.rate, l.units, 0))).netPence;
  return { hours: penceToString(hours), net: penceToString(net) };
}

/**
 * Drafts of the agency (admins: `all`), or the user's own. Each with its figures and the same worker's previous
 * draft for comparison; totals per currency (never £ + €) over the PENDING ones.
 */
export async function listDrafts(
  user: CurrentUser,
  { all = false, status }: { all?: boolean; status?: DraftStatus[] } = {},
): Promise<{ drafts: DraftView[]; totals: CurrencyTotal[] }> {
  if (all && user.role !== 'ADMIN') throw new ApiError('forbidden');
  const agencyId = user.agency.id;
  await settleDrafts(agencyId);
  const rows = await db.timesheetDraft.findMany({
    where: { agencyId, ...(all ? {} : { authorId: user.id }), ...(status && { status: { in: status } }) },
    orderBy: [{ candidateName: 'asc' }, { candidateId: 'asc' }, { startDate: 'asc' }, { createdAt: 'asc' }],
    take: 1000,
  });
  const authors = new Map(
    (
      await db.user.findMany({
        where: { agencyId, id: { in: [...new Set(rows.map((r) => r.authorId))] } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u.name]),
  );
  const earlier = await db.timesheetDraft.findMany({
    where: { agencyId, candidateId: { in: [...new Set(rows.map((r) => r.candidateId))] }, status: { not: 'RETURNED' } },
    select: { id: true, candidateId: true, startDate: true, body: true },
    orderBy: { startDate: 'desc' },
  });
  const drafts = rows.map((r): DraftView => {
    const body = r.body as unknown as TimesheetBody;
    const prev = earlier.find((e) => e.candidateId === r.candidateId && e.startDate < r.startDate && e.id !== r.id);
    return {
      id: r.id,
      version: r.version,
      source: r.source,
      status: r.status as DraftStatus,
      authorId: r.authorId,
      authorName: authors.get(r.authorId) ?? 'A former member',
      mine: r.authorId === user.id,
      candidateId: r.candidateId,
      candidateName: r.candidateName,
      currency: currencyOf(r.country as 'uk' | 'ie' | null),
      startDate: r.startDate,
      endDate: r.endDate,
      body,
      ...figures(body),
      previous: prev ? { startDate: prev.startDate, ...figures(prev.body as unknown as TimesheetBody) } : null,
      returnReason: r.returnReason,
      importJobId: r.importJobId,
      nxsysId: r.nxsysId,
      error: r.error,
      updatedAt: r.updatedAt.toISOString(),
    };
  });
  const totals = totalsByCurrency(drafts.filter((d) => d.status === 'PENDING').map((d) => ({ amount: d.net, currency: d.currency })));
  return { drafts, totals };
}

/** A draft as its edit page opens it: the author's own (or any, for an admin); null when there is none to show. */
export async function draftToEdit(user: CurrentUser, id: string) {
  const d = await db.timesheetDraft.findFirst({
    where: { id, agencyId: user.agency.id, ...(user.role === 'ADMIN' ? {} : { authorId: user.id }) },
    select: { id: true, version: true, status: true, candidateName: true, country: true, returnReason: true, body: true },
  });
  if (!d) return null;
  return {
    ...d,
    status: d.status as DraftStatus,
    open: OPEN.includes(d.status as DraftStatus),
    country: d.country === 'uk' || d.country === 'ie' ? (d.country as 'uk' | 'ie') : null,
    body: d.body as unknown as TimesheetBody,
  };
}

export type DraftToEdit = NonNullable<Awaited<ReturnType<typeof draftToEdit>>>;

/**
 * Changes a PENDING or RETURNED draft (its author, or an admin) and puts it back in the queue (PENDING):
 * compare-and-set on the version the editor saw, so an approval or another edit meanwhile wins and this one is
 * refused with 409 `review_draft_changed`.
 */
export async function editDraft(user: CurrentUser, id: string, input: unknown) {
  const raw = (input ?? {}) as { version?: unknown; values?: unknown };
  const version = Number(raw.version);
  const body = newTimesheetSchema.parse(raw.values);
  const agencyId = user.agency.id;
  const draft = await db.timesheetDraft.findFirst({ where: { id, agencyId }, select: { authorId: true } });
  if (!draft) throw new ApiError('not_found', 'No such timesheet draft.');
  if (draft.authorId !== user.id && user.role !== 'ADMIN')
    throw new ApiError('forbidden', 'Only its author or an admin can change this timesheet.');
  const countries = await candidateCountries(user).catch(() => null);
  const changed = await db.timesheetDraft.updateMany({
    where: { id, agencyId, version: Number.isInteger(version) ? version : -1, status: { in: OPEN } },
    data: {
      body: body as unknown as Prisma.InputJsonValue,
      candidateId: body.subcontractorRef,
      candidateName: countries?.nameById.get(body.subcontractorRef) ?? '',
      country: countries?.byId.get(body.subcontractorRef) ?? null,
      startDate: body.startDate,
      endDate: body.endDate,
      status: 'PENDING',
      editedById: user.id,
      version: { increment: 1 },
    },
  });
  if (changed.count !== 1) throw new ApiError('review_draft_changed');
  await recordAudit(db, { agencyId, actorId: user.id, action: 'review.draft_edited', targetType: 'timesheet_draft', targetId: id });
  return { id, status: 'PENDING' as const };
}

/** Returns PENDING drafts to their authors with a reason (admins); all or none, each at the version the admin saw. */
export async function returnDrafts(user: CurrentUser, input: unknown) {
  if (user.role !== 'ADMIN') throw new ApiError('forbidden');
  const { drafts, reason } = returnSchema.parse(input);
  const agencyId = user.agency.id;
  await db.$transaction(async (tx) => {
    for (const d of drafts) {
      const changed = await tx.timesheetDraft.updateMany({
        where: { id: d.id, agencyId, version: d.version, status: 'PENDING' },
        data: { status: 'RETURNED', returnReason: reason, returnedById: user.id, version: { increment: 1 } },
      });
      if (changed.count !== 1) throw new ApiError('review_draft_changed');
    }
  });
  await recordAudit(db, {
    agencyId,
    actorId: user.id,
    action: 'review.draft_returned',
    targetType: 'timesheet_draft',
    targetId: drafts[0]!.id,
    details: { drafts: drafts.map((d) => d.id) },
  });
  return { returned: drafts.length };
}

/** What a chosen draft would duplicate: a record in Nxsys (or Nxsys unreadable), another standing draft, another chosen one. */
/** A timesheet Nxsys holds for a draft's worker and period (lib/timesheets' look-up, as the caller made it). */
type HeldInNxsys = { id: string; startDate: string; endDate: string };

export interface Collision {
  draftId: string;
  candidateId: string;
  candidateName: string;
  startDate: string;
  endDate: string;
  with: { kind: 'nxsys' | 'unread' | 'draft' | 'chosen'; id: string; status?: string; href?: string; message: string }[];
}

export type DraftRow = Subject & { id: string; candidateName: string };

/**
 * The chosen drafts not ticked "send anyway" that would make a second record: `inNxsys` (per draft, null = Nxsys
 * unreadable for that worker; not given = not looked at), the agency's other APPROVED/SENT drafts, other chosen ones.
 */
export async function collisions(
  user: CurrentUser,
  client: Prisma.TransactionClient,
  ordered: DraftRow[],
  anyway: Set<string>,
  inNxsys: (HeldInNxsys[] | null)[] | null,
): Promise<Collision[]> {
  const others = await client.timesheetDraft.findMany({
    where: {
      agencyId: user.agency.id,
      id: { notIn: ordered.map((r) => r.id) },
      status: { in: ['APPROVED', 'SENT'] },
      OR: ordered.map(overlapping),
    },
    select: { id: true, status: true, candidateId: true, startDate: true, endDate: true, nxsysId: true },
  });
  return ordered.flatMap((r, i): Collision[] => {
    if (anyway.has(r.id)) return [];
    const hits: Collision['with'] = [];
    if (inNxsys && inNxsys[i] === null)
      hits.push({ kind: 'unread', id: '', message: 'Nxsys could not be read to check for a timesheet already there' });
    for (const t of inNxsys?.[i] ?? [])
      hits.push({ kind: 'nxsys', id: t.id, href: `/timesheets/${t.id}`, message: `Nxsys already holds ${t.id} (${periodText(t)})` });
    for (const o of others.filter((o) => covers(o, r)))
      hits.push({
        kind: 'draft',
        id: o.id,
        status: o.status,
        href: draftHref(user, o),
        message: `Another timesheet for ${periodText(o)} is already ${STANDING_TEXT[o.status]}`,
      });
    for (const o of ordered.filter((o) => o.id !== r.id && !anyway.has(o.id) && covers(o, r)))
      hits.push({ kind: 'chosen', id: o.id, href: `#draft-${o.id}`, message: `Also chosen: a timesheet for ${periodText(o)}` });
    const { id: draftId, candidateId, candidateName, startDate, endDate } = r;
    return hits.length > 0 ? [{ draftId, candidateId, candidateName, startDate, endDate, with: hits }] : [];
  });
}
