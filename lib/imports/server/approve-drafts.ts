import 'server-only';
import { createHash } from 'node:crypto';
import { ukDate } from '@/lib/dates';
import { ApiError } from '@/lib/errors/api-error';
import type { Prisma } from '@/lib/generated/prisma/client';
import { collisions, type Collision } from '@/lib/timesheets/server';
import { approveSchema } from '@/lib/timesheets/review-schema';
import { recordAudit } from '@/lib/server/audit';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { db } from '@/lib/server/db';
import { findExistingForEach } from '@/lib/timesheets/server';
import { startJob } from './start';
import { timesheetMatchKey } from './timesheet-rows';

// The four-eyes review's approval (lib/timesheets holds the drafts): here, beside the import job that sends them, so the
// drafts' domain (timesheets) never imports the job that sends them.

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Approves exactly the chosen drafts at the versions the reviewer saw and sends them through ONE import job
 * (lib/imports: exactly once per item, progress at /imports/{id}). The job's start key names the selection, so
 * approving the same selection twice (double click, two tabs) answers with the same job; the drafts' compare-and-set
 * PENDING → APPROVED runs in the job's start transaction, so a draft changed meanwhile undoes the whole approval
 * (409). Four eyes: nobody approves a draft they entered or last changed (403 `review_own_draft`). No second record:
 * a draft whose worker and period Nxsys already holds (or could not be read for), another draft already approved or
 * sent covers, or another chosen draft covers too, is refused with 409 `review_duplicate` naming each draft and
 * what it collides with, unless its id is in `sendAnyway` (of two chosen drafts, ticking one lets both go).
 */
export async function approveDrafts(user: CurrentUser, input: unknown): Promise<{ id: string; existing: boolean }> {
  if (user.role !== 'ADMIN') throw new ApiError('forbidden');
  const { drafts: chosen, sendAnyway } = approveSchema.parse(input);
  const agencyId = user.agency.id;
  const selection = [...new Map(chosen.map((d) => [d.id, d])).values()].sort((a, b) => a.id.localeCompare(b.id));
  const rows = await db.timesheetDraft.findMany({ where: { agencyId, id: { in: selection.map((d) => d.id) } } });
  if (rows.length !== selection.length) throw new ApiError('not_found', 'Some of the chosen timesheets no longer exist.');
  if (rows.some((r) => r.authorId === user.id || r.editedById === user.id)) throw new ApiError('review_own_draft');
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered = selection.map((d) => byId.get(d.id)!);
  const startKey = `review:${sha256(selection.map((d) => `${d.id}@${d.version}`).join(','))}`;
  // The same approval again (double click, another tab, after it ran): its job, not a collision with its own records.
  const started = await db.importJob.findUnique({ where: { agencyId_startKey: { agencyId, startKey } }, select: { id: true } });
  if (started) return { id: started.id, existing: true };
  const anyway = new Set(sendAnyway ?? []);
  const inNxsys = await findExistingForEach(user, ordered);
  const refuse = (found: Collision[]) => {
    if (found.length > 0) throw new ApiError('review_duplicate', undefined, undefined, undefined, { collisions: found });
  };
  refuse(await collisions(user, db, ordered, anyway, inNxsys));
  const items = ordered.map((r, i) => ({
    rowNumbers: [i + 2],
    matchKey: timesheetMatchKey(r.candidateId, r.startDate, r.endDate),
    label: `Reviewed timesheet for ${r.candidateName ? `${r.candidateName} (${r.candidateId})` : r.candidateId}, ${ukDate(r.startDate)}–${ukDate(r.endDate)}`,
    body: r.body,
    ref: r.id,
  }));
  const { id, existing } = await startJob(user, {
    startKey,
    kind: 'TIMESHEETS',
    fileName: `Review of ${items.length} timesheet${items.length === 1 ? '' : 's'}`,
    fileHash: sha256(`review:${selection.map((d) => d.id).join(',')}`),
    payFrequency: null,
    header: ['Draft'],
    rows: ordered.map((r, i) => ({ rowNumber: i + 2, cells: [r.id] })),
    items,
    resend: ordered.filter((r) => anyway.has(r.id)).map((r) => timesheetMatchKey(r.candidateId, r.startDate, r.endDate)),
    skipped: [],
    details: { drafts: items.length },
    linkItems: async (tx, made) => {
      // Again under the start's agency lock: another approval committed meanwhile is seen here.
      refuse(await collisions(user, tx, ordered, anyway, null));
      const version = new Map(selection.map((d) => [d.id, d.version]));
      const approve = async (draftId: string, data: Prisma.TimesheetDraftUpdateManyMutationInput) => {
        const changed = await tx.timesheetDraft.updateMany({
          where: { id: draftId, agencyId, version: version.get(draftId)!, status: 'PENDING' },
          data: { approvedById: user.id, importJobId: made.jobId, version: { increment: 1 }, ...data },
        });
        if (changed.count !== 1) throw new ApiError('review_draft_changed');
      };
      for (const item of made.items) await approve(item.ref!, { status: 'APPROVED', importItemId: item.itemId });
      // Not sent because an earlier import sent the same candidate and period: the reviewer reads why.
      for (const { item, reason } of made.left) await approve(item.ref!, { status: 'FAILED', error: reason });
    },
  }).catch(async (error: unknown) => {
    // Under the start's lock another approval's item for the same record left nothing to send: name that draft.
    if (error instanceof ApiError && error.code === 'import_rows_invalid') refuse(await collisions(user, db, ordered, anyway, null));
    throw error;
  });
  if (!existing)
    await recordAudit(db, {
      agencyId,
      actorId: user.id,
      action: 'review.drafts_approved',
      targetType: 'import',
      targetId: id,
      details: { drafts: selection.map((d) => d.id) },
    });
  return { id, existing };
}
