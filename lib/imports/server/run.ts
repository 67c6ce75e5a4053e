import 'server-only';
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { z } from 'zod';
import { requestRightToWorkScan } from '@/lib/candidates/server';
import { ApiError } from '@/lib/errors/api-error';
import { recordAudit } from '@/lib/server/audit';
import { notifyImportFinished } from '@/lib/notifications/server';
import { recordChange } from '@/lib/server/changes';
import { db } from '@/lib/server/db';
import { env } from '@/lib/server/env';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { callNxsys } from '@/lib/server/nxsys';
import { TIMESHEET_LISTS } from '@/lib/timesheets/server';
import { defineJob, sendJob } from '@/lib/server/jobs';
import type { ImportKind } from '../schema';
import { LookupIncomplete, SENDERS } from './senders';
import { log } from '@/lib/server/log';

/**
 * The import job. Items are sent in order, at most IMPORTS_CONCURRENCY at a time. Each item is marked SENDING
 * (committed) before its create call and CREATED (with the Nxsys id) after it, so after a crash an item left in
 * SENDING is looked up in Nxsys before it is ever sent again (Nxsys has no idempotency keys). One run at a time
 * per import: the run holds a lease it renews; a lapsed lease means its instance died, and another run resumes.
 * Every item write is compare-and-set from the state the run holds and fenced by that lease: a run that lost it
 * (its instance paused past the lease while another took over) cannot move any item, and stops at its next write.
 */

const MAX_ATTEMPTS = 6;
const MAX_BACKOFF_MS = 30_000;
/** Errors that end the whole run: nothing more can be sent until a person acts. */
const FATAL = new Set([
  'nxsys_not_connected',
  'nxsys_reconnect_required',
  'nxsys_client_refused',
  'nxsys_not_configured',
  'nxsys_unauthorized',
]);
/** Nxsys refused the record itself (400/422/404/403): it was not created, and sending it again would not help. */
const REJECTED = new Set(['nxsys_rejected', 'nxsys_not_found', 'nxsys_forbidden', 'validation_failed']);

export interface ImportSummary {
  importId: string;
  agencyId: string;
  createdById: string | null;
  kind: ImportKind;
  fileName: string;
  status: 'FINISHED' | 'FAILED' | 'CANCELLED';
  total: number;
  created: number;
  failed: number;
  unknown: number;
  error: string | null;
}

/**
 * The one place where "the import finished / failed" happens, called exactly once per import (by the run that
 * moved it out of RUNNING). Notifications hook in here.
 */
export async function onImportFinished(summary: ImportSummary): Promise<void> {
  await recordAudit(db, {
    agencyId: summary.agencyId,
    actorId: summary.createdById,
    action: 'import.finished',
    targetType: 'import',
    targetId: summary.importId,
    targetLabel: `Import of ${summary.fileName}`,
    details: {
      kind: summary.kind,
      status: summary.status,
      total: summary.total,
      created: summary.created,
      failed: summary.failed,
      unknown: summary.unknown,
    },
  });
  if (summary.created > 0) await recordChange(summary.agencyId, summary.kind === 'TIMESHEETS' ? 'timesheets' : 'candidates');
  // New candidates may hold right-to-work documents that expire soon: the list's filter is checked again.
  if (summary.created > 0 && summary.kind !== 'TIMESHEETS') await requestRightToWorkScan(summary.agencyId).catch(() => undefined);
  if (!summary.createdById) return;
  // The person who started it is e-mailed (unless they switched these e-mails off). The import itself is done:
  // a failure to queue the e-mail is logged, not turned into a failed import.
  const noun = summary.kind === 'TIMESHEETS' ? 'timesheet' : 'candidate';
  const parts = [`${summary.created} of ${summary.total} ${noun}${summary.total === 1 ? '' : 's'} created`];
  if (summary.status === 'CANCELLED') parts.unshift('Cancelled');
  if (summary.failed) parts.push(`${summary.failed} refused by Nxsys`);
  if (summary.unknown) parts.push(`${summary.unknown} whose outcome is unknown (check them in Nxsys)`);
  try {
    await notifyImportFinished({
      agencyId: summary.agencyId,
      userId: summary.createdById,
      importId: summary.importId,
      outcome: summary.status === 'FINISHED' ? 'succeeded' : 'failed',
      summary: `${summary.fileName}: ${parts.join(', ')}.${summary.error ? ` ${summary.error}` : ''}`,
    });
  } catch (error) {
    log.error({ err: error }, 'import finished e-mail could not be queued');
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ItemRow {
  id: string;
  state: string;
  seq: number;
  payload: { body: unknown };
  sendingAt: Date | null;
  attempts: number;
}

/** Shared back-off of one run: a 429 or 5xx holds every sender until it has passed. */
class Gate {
  until = 0;
  streak = 0;
  async wait() {
    for (let ms = this.until - Date.now(); ms > 0; ms = this.until - Date.now()) await sleep(ms);
  }
  failed(retryAfterSeconds?: number) {
    this.streak++;
    const delay = retryAfterSeconds ? retryAfterSeconds * 1000 : Math.min(500 * 2 ** (this.streak - 1), MAX_BACKOFF_MS);
    this.until = Math.max(this.until, Date.now() + delay);
  }
  ok() {
    this.streak = 0;
  }
}

/** The Retry-After Nxsys sent, as the client's error states it ("try again in 3 s"), at most a minute. */
function retryAfterOf(error: ApiError): number | undefined {
  const m = /in (\d+) s\b/.exec(error.message);
  return m ? Math.min(Number(m[1]), 60) : undefined;
}

async function takenIds(agencyId: string): Promise<Set<string>> {
  const rows = await db.importItem.findMany({ where: { agencyId, state: 'CREATED', NOT: { nxsysId: null } }, select: { nxsysId: true } });
  return new Set(rows.map((r) => r.nxsysId!));
}

type AgencyUser = Pick<CurrentUser, 'id' | 'agency'>;

/** The run no longer holds the import's lease: another run has it (or will); this one stops writing. */
class LeaseLost extends Error {}

const CHECK_IN_NXSYS =
  'Nxsys did not confirm whether this was created, and it is not sent again on its own. Look for this timesheet (candidate and period) in Nxsys; enter it again only if it is not there.';

/** Runs (or resumes) one import until every item has an outcome. Safe to call any number of times, anywhere. */
export async function runImport(importId: string): Promise<'finished' | 'busy' | 'done-already'> {
  const leaseSeconds = env().IMPORTS_LEASE_SECONDS;
  const owner = randomUUID();
  // A cancelled import not yet wound up is taken too: its run only settles what was in flight, and sends nothing.
  const taken = await db.$executeRaw`
    UPDATE "ImportJob" SET "leaseOwner" = ${owner}, "leaseUntil" = now() + make_interval(secs => ${leaseSeconds}),
      "status" = CASE WHEN "status" = 'CANCELLED' THEN 'CANCELLED' ELSE 'RUNNING' END, "startedAt" = COALESCE("startedAt", now())
    WHERE "id" = ${importId} AND ("status" IN ('QUEUED', 'RUNNING') OR ("status" = 'CANCELLED' AND "finishedAt" IS NULL))
      AND ("leaseUntil" IS NULL OR "leaseUntil" < now())`;
  if (taken === 0) {
    const job = await db.importJob.findUnique({ where: { id: importId }, select: { status: true, finishedAt: true } });
    return !job || job.finishedAt || job.status === 'FINISHED' || job.status === 'FAILED' ? 'done-already' : 'busy';
  }
  const takenAt = Date.now();
  let lost = false;
  const heartbeat = setInterval(
    () => {
      db.$executeRaw`UPDATE "ImportJob" SET "leaseUntil" = now() + make_interval(secs => ${leaseSeconds}) WHERE "id" = ${importId} AND "leaseOwner" = ${owner}`
        .then((count) => {
          if (count === 0) lost = true;
        })
        .catch(() => undefined);
    },
    Math.max(500, (leaseSeconds * 1000) / 3),
  );
  try {
    const job = await db.importJob.findUniqueOrThrow({ where: { id: importId } });
    const kind = job.kind as ImportKind;
    const sender = SENDERS[kind];
    const user = { id: job.createdById, agency: { id: job.agencyId, name: '' } };
    const gate = new Gate();
    const lookupGraceMs = Math.max(1000, 3 * env().NXSYS_TIMEOUT_MS);
    let fatal: ApiError | null = null;
    let cancelled = job.status === 'CANCELLED';

    /**
     * Moves an item on from the state this run holds it in, only while this run holds the lease (database clock).
     * 0 rows: the lease is gone (another run owns the import now): this run stops at once, whatever it was doing.
     */
    const move = async (item: ItemRow, to: { state: string; nxsysId?: string | null; error?: string | null }) => {
      const moved = await db.$executeRaw`
        UPDATE "ImportItem" SET "state" = ${to.state}, "nxsysId" = ${to.nxsysId ?? null}, "error" = ${to.error ?? null}, "updatedAt" = now()
        WHERE "id" = ${item.id} AND "state" = ${item.state}
          AND EXISTS (SELECT 1 FROM "ImportJob" WHERE "id" = ${importId} AND "leaseOwner" = ${owner} AND "leaseUntil" > now())`;
      if (moved === 0) {
        lost = true;
        throw new LeaseLost();
      }
      item.state = to.state;
    };
    const stillHeld = async () => {
      const [row] = await db.$queryRaw<{ held: boolean }[]>`
        SELECT EXISTS (SELECT 1 FROM "ImportJob" WHERE "id" = ${importId} AND "leaseOwner" = ${owner} AND "leaseUntil" > now()) AS "held"`;
      if (!row?.held) lost = true;
      return !lost;
    };
    /** Not created in Nxsys: waiting again, or (in a cancelled import) left unsent. */
    const notCreated = () => (cancelled ? { state: 'CANCELLED', error: 'Not sent: the import was cancelled.' } : { state: 'PENDING' });

    /** An item whose create may or may not have happened: look for it in Nxsys; never resend before knowing. */
    const reconcile = async (item: ItemRow, since = 0): Promise<boolean> => {
      // A create whose answer was lost may still be under way at Nxsys: look only once it has had time to land.
      // Left by another run: that run may have sent it up to the moment its lease lapsed, so count from then too.
      const settle = Math.max(item.sendingAt?.getTime() ?? 0, since) + lookupGraceMs - Date.now();
      if (settle > 0) await sleep(settle);
      try {
        const found = await sender.find(user, item.payload.body, item.sendingAt ?? new Date(0), await takenIds(job.agencyId));
        gate.ok();
        if (found) await move(item, { state: 'CREATED', nxsysId: found });
        else if (item.attempts >= MAX_ATTEMPTS)
          await move(item, { state: 'FAILED', error: 'Nxsys kept failing, so this was not created. Import it again later.' });
        else await move(item, notCreated());
        return true;
      } catch (error) {
        if (error instanceof LeaseLost) throw error;
        // Nxsys's list could not be read to its end: whether it was created cannot be known here.
        if (error instanceof LookupIncomplete) {
          await move(item, { state: 'UNKNOWN', error: CHECK_IN_NXSYS });
          return true;
        }
        if (error instanceof ApiError && FATAL.has(error.code)) fatal = error;
        else if (error instanceof ApiError && error.code === 'nxsys_rate_limited') gate.failed(retryAfterOf(error));
        else gate.failed();
        return false; // still SENDING: asked again later, never resent meanwhile
      }
    };

    const send = async (item: ItemRow) => {
      // The claim was fenced, but this instance may have paused since: a run that lost its lease sends nothing.
      if (!(await stillHeld())) throw new LeaseLost();
      try {
        const id = await sender.send(user, item.payload.body);
        gate.ok();
        if (id) await move(item, { state: 'CREATED', nxsysId: id });
        else if (!(await reconcile(item))) return; // created without an id: found by lookup
      } catch (error) {
        if (error instanceof LeaseLost) throw error;
        const apiError = error instanceof ApiError ? error : null;
        if (apiError && FATAL.has(apiError.code)) {
          fatal = apiError;
          await move(item, { state: 'PENDING' }); // never reached Nxsys (no token)
        } else if (apiError && REJECTED.has(apiError.code)) {
          const fields = apiError.fieldErrors ? Object.entries(apiError.fieldErrors).map(([f, m]) => `${f}: ${m}`) : [];
          await move(item, { state: 'FAILED', error: [apiError.message, ...fields].join(' — ').slice(0, 1000) });
        } else if (apiError && apiError.code === 'nxsys_rate_limited') {
          // 429: Nxsys refused before doing anything; send again after the wait.
          gate.failed(retryAfterOf(apiError));
          await move(
            item,
            item.attempts >= MAX_ATTEMPTS
              ? { state: 'FAILED', error: 'Nxsys stayed busy, so this was not created. Import it again later.' }
              : { state: 'PENDING' },
          );
        } else {
          // Timeout, 5xx, network: the create may have happened. Find out before anything else.
          gate.failed();
          await reconcile(item);
        }
      }
    };

    // 1. Items a previous run left in SENDING: their outcome is unknown until Nxsys is asked.
    const leftSending = async () =>
      (await db.importItem.findMany({ where: { jobId: importId, state: 'SENDING' }, orderBy: { seq: 'asc' } })) as unknown as ItemRow[];
    const isCancelled = async () => {
      cancelled ||= (await db.importJob.findUnique({ where: { id: importId }, select: { status: true } }))?.status === 'CANCELLED';
      return cancelled;
    };
    try {
      for (const item of await leftSending()) {
        if (lost || fatal) break;
        await gate.wait();
        await reconcile(item, takenAt);
      }

      // 2. Pending items, in order, a few at a time (none once the import is cancelled: the claim needs RUNNING).
      const limit = pLimit(env().IMPORTS_CONCURRENCY);
      const claimNext = async (): Promise<ItemRow | null> => {
        await gate.wait();
        if (lost || fatal) return null;
        const rows = await db.$queryRaw<ItemRow[]>`
          UPDATE "ImportItem" SET "state" = 'SENDING', "attempts" = "attempts" + 1, "sendingAt" = now(), "updatedAt" = now()
          WHERE "id" = (SELECT "id" FROM "ImportItem" WHERE "jobId" = ${importId} AND "state" = 'PENDING' ORDER BY "seq" LIMIT 1 FOR UPDATE SKIP LOCKED)
            AND EXISTS (SELECT 1 FROM "ImportJob" WHERE "id" = ${importId} AND "status" = 'RUNNING' AND "leaseOwner" = ${owner} AND "leaseUntil" > now())
          RETURNING "id", "state", "seq", "payload", "sendingAt", "attempts"`;
        // Nothing claimed: none left, cancelled, or the lease is gone (then this run must not wind the import up).
        if (!rows[0]) await stillHeld();
        return rows[0] ?? null;
      };
      const worker = async () => {
        for (let item = await claimNext(); item; item = await claimNext()) await send(item);
      };
      for (let round = 0; round < 20 && !lost && !fatal; round++) {
        await Promise.all(Array.from({ length: env().IMPORTS_CONCURRENCY }, () => limit(worker)));
        // Whatever is still SENDING could not be checked (Nxsys down): ask again after the back-off.
        const unresolved = await leftSending();
        if (unresolved.length === 0 || lost || fatal) break;
        await isCancelled();
        for (const item of unresolved) {
          await gate.wait();
          await reconcile(item);
        }
        if (round === 19) for (const item of await leftSending()) await move(item, { state: 'UNKNOWN', error: CHECK_IN_NXSYS });
      }
    } catch (error) {
      if (!(error instanceof LeaseLost)) throw error;
    }
    if (lost) return 'busy'; // another run took over: it finishes the import

    if (await isCancelled()) {
      // Nothing more is sent: what waits stays unsent; what cannot be checked now (Nxsys unreachable) is for a person.
      await db.$executeRaw`
        UPDATE "ImportItem" SET "state" = CASE WHEN "state" = 'PENDING' THEN 'CANCELLED' ELSE 'UNKNOWN' END,
          "error" = CASE WHEN "state" = 'PENDING' THEN 'Not sent: the import was cancelled.' ELSE ${CHECK_IN_NXSYS} END, "updatedAt" = now()
        WHERE "jobId" = ${importId} AND "state" IN ('PENDING', 'SENDING')
          AND EXISTS (SELECT 1 FROM "ImportJob" WHERE "id" = ${importId} AND "leaseOwner" = ${owner} AND "leaseUntil" > now())`;
    }
    const counts = await db.importItem.groupBy({ by: ['state'], where: { jobId: importId }, _count: true });
    const count = (state: string) => counts.find((c) => c.state === state)?._count ?? 0;
    const failedRun = fatal as ApiError | null;
    const status = cancelled ? 'CANCELLED' : failedRun ? 'FAILED' : 'FINISHED';
    const error = cancelled
      ? `Cancelled. ${count('CREATED')} of ${job.total} were created in Nxsys before the cancel and stay there; ${count('CANCELLED')} were not sent.`
      : failedRun
        ? `${failedRun.message} ${count('PENDING') + count('SENDING')} of ${job.total} were not sent; nothing is lost: they are kept here, and the import goes on by itself once the connection works again.`
        : null;
    const finished = await db.importJob.updateMany({
      where: { id: importId, leaseOwner: owner, status: { in: ['RUNNING', 'CANCELLED'] }, finishedAt: null },
      data: {
        status,
        error,
        created: count('CREATED'),
        failed: count('FAILED'),
        unknown: count('UNKNOWN'),
        finishedAt: new Date(),
        leaseOwner: null,
        leaseUntil: null,
      },
    });
    if (finished.count === 1) {
      await onImportFinished({
        importId,
        agencyId: job.agencyId,
        createdById: job.createdById,
        kind,
        fileName: job.fileName,
        status,
        total: job.total,
        created: count('CREATED'),
        failed: count('FAILED'),
        unknown: count('UNKNOWN'),
        error,
      });
    }
    return 'finished';
  } finally {
    clearInterval(heartbeat);
    await db.$executeRaw`UPDATE "ImportJob" SET "leaseOwner" = NULL, "leaseUntil" = NULL WHERE "id" = ${importId} AND "leaseOwner" = ${owner}`.catch(
      () => undefined,
    );
  }
}

export const importJob = defineJob({
  name: 'imports-run',
  payload: z.object({ importId: z.string().min(1).max(40) }),
  // A run may take a while (hundreds of calls with back-off); a crashed run is resumed through its lease, not by expiry.
  queue: { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 4 * 3600 },
  concurrency: 2,
  async handle({ importId }) {
    await runImport(importId);
  },
});

/** A stopped import (FAILED: the connection was lost) queued again: compare-and-set, so two resumes queue it once. */
async function requeue(importId: string): Promise<boolean> {
  const moved = await db.$executeRaw`
    UPDATE "ImportJob" SET "status" = 'QUEUED', "error" = NULL, "finishedAt" = NULL WHERE "id" = ${importId} AND "status" = 'FAILED'`;
  // Should this instance die before the job is queued, the sweep queues it (QUEUED for over 30 s).
  if (moved === 1) await sendJob(importJob, { importId });
  return moved === 1;
}

async function audit(user: AgencyUser, importId: string, action: 'import.resumed' | 'import.cancelled') {
  const job = await db.importJob.findUniqueOrThrow({ where: { id: importId }, select: { fileName: true } });
  await recordAudit(db, {
    agencyId: user.agency.id,
    actorId: user.id,
    action,
    targetType: 'import',
    targetId: importId,
    targetLabel: `Import of ${job.fileName}`,
  });
}

async function ownImport(user: AgencyUser, importId: string) {
  const job = await db.importJob.findFirst({ where: { id: importId, agencyId: user.agency.id }, select: { status: true } });
  if (!job) throw new ApiError('not_found', 'No such import.');
  return job;
}

/** **Resume** on a stopped import. A second click (or another tab) finds it queued or running and says so. */
export async function resumeImport(user: AgencyUser, importId: string): Promise<{ status: string }> {
  await ownImport(user, importId);
  if (await requeue(importId)) {
    await audit(user, importId, 'import.resumed');
    return { status: 'QUEUED' };
  }
  const { status } = await ownImport(user, importId);
  if (status === 'QUEUED' || status === 'RUNNING') return { status };
  throw new ApiError('import_not_stopped');
}

/**
 * **Cancel**: nothing more is sent. Compare-and-set from any unfinished status; what waits becomes "Not sent";
 * an item in flight gets its outcome recorded (or looked up) by the run, which winds the import up and reports
 * what was created before the cancel (it stays in Nxsys). A second click finds it cancelled already.
 */
export async function cancelImport(user: AgencyUser, importId: string): Promise<{ status: string }> {
  await ownImport(user, importId);
  const moved = await db.$transaction(async (tx) => {
    const count = await tx.$executeRaw`
      UPDATE "ImportJob" SET "status" = 'CANCELLED', "finishedAt" = NULL
      WHERE "id" = ${importId} AND "status" IN ('QUEUED', 'RUNNING', 'FAILED')`;
    if (count === 1) {
      await tx.$executeRaw`
        UPDATE "ImportItem" SET "state" = 'CANCELLED', "error" = 'Not sent: the import was cancelled.', "updatedAt" = now()
        WHERE "jobId" = ${importId} AND "state" = 'PENDING'`;
    }
    return count === 1;
  });
  if (moved) await audit(user, importId, 'import.cancelled');
  // The run winds it up: the one in progress (it sees the status), else one queued now (or by the sweep).
  if (moved) await sendJob(importJob, { importId }).catch(() => undefined);
  const { status } = await ownImport(user, importId);
  if (moved || status === 'CANCELLED') return { status: 'CANCELLED' };
  throw new ApiError('import_finished');
}

/** Whether the agency's connection answers a documented read now (a stopped import waits for this). */
async function connectionAnswers(agencyId: string): Promise<boolean> {
  try {
    await callNxsys(
      { agency: { id: agencyId, name: '' } },
      { method: 'GET', path: TIMESHEET_LISTS.timesheets.path, query: { page: 1, size: 1 } },
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * Imports whose run died with its instance (lease lapsed), whose job was never sent, or that were cancelled and
 * not yet wound up: sent to the job engine again. Imports stopped by a lost connection: resumed once the agency's
 * connection answers again. Runs every minute, once across instances, and when an instance starts its workers.
 */
export async function resumeStalledImports(): Promise<number> {
  const stalled = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "ImportJob"
    WHERE ("status" = 'RUNNING' AND ("leaseUntil" IS NULL OR "leaseUntil" < now()))
       OR ("status" = 'QUEUED' AND "createdAt" < now() - interval '30 seconds' AND ("leaseUntil" IS NULL OR "leaseUntil" < now()))
       OR ("status" = 'CANCELLED' AND "finishedAt" IS NULL AND ("leaseUntil" IS NULL OR "leaseUntil" < now()))
    LIMIT 100`;
  for (const { id } of stalled) await sendJob(importJob, { importId: id });
  const stopped = await db.$queryRaw<{ id: string; agencyId: string }[]>`
    SELECT j."id", j."agencyId" FROM "ImportJob" j
    JOIN "NxsysConnection" c ON c."agencyId" = j."agencyId" AND c."status" = 'CONNECTED'
    WHERE j."status" = 'FAILED' AND EXISTS (SELECT 1 FROM "ImportItem" i WHERE i."jobId" = j."id" AND i."state" IN ('PENDING', 'SENDING'))
    ORDER BY j."createdAt" LIMIT 100`;
  const answers = new Map<string, boolean>();
  let resumed = 0;
  for (const { id, agencyId } of stopped) {
    if (!answers.has(agencyId)) answers.set(agencyId, await connectionAnswers(agencyId));
    if (answers.get(agencyId) && (await requeue(id))) resumed++;
  }
  return stalled.length + resumed;
}

export const resumeImportsJob = defineJob({
  name: 'imports-resume',
  payload: z.object({}).passthrough(),
  schedule: '* * * * *',
  queue: { policy: 'singleton', retryLimit: 0, expireInSeconds: 120 },
  async handle() {
    const resumed = await resumeStalledImports();
    if (resumed) log.info({ resumed }, 'resumed interrupted imports');
  },
});
