import 'server-only';
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { z } from 'zod';
import { requestRightToWorkScan } from '@/lib/candidates/server';
import { ApiError } from '@/lib/errors/catalogue';
import { recordAudit } from '@/lib/server/audit';
import { notifyImportFinished } from '@/lib/notifications/server';
import { recordChange } from '@/lib/server/changes';
import { db } from '@/lib/server/db';
import { env } from '@/lib/server/env';
import { defineJob, sendJob } from '@/lib/server/jobs';
import type { ImportKind } from '../schema';
import { SENDERS } from './senders';

/**
 * The import job. Items are sent in order, at most IMPORTS_CONCURRENCY at a time. Each item is marked SENDING
 * (committed) before its create call and CREATED (with the Nxsys id) after it, so after a crash an item left in
 * SENDING is looked up in Nxsys before it is ever sent again (Nxsys has no idempotency keys). One run at a time
 * per import: the run holds a lease it renews; a lapsed lease means its instance died, and another run resumes.
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
  status: 'FINISHED' | 'FAILED';
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
    console.error('Import finished e-mail could not be queued:', error instanceof Error ? error.message : error);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ItemRow {
  id: string;
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

/** Runs (or resumes) one import until every item has an outcome. Safe to call any number of times, anywhere. */
export async function runImport(importId: string): Promise<'finished' | 'busy' | 'done-already'> {
  const leaseSeconds = env().IMPORTS_LEASE_SECONDS;
  const owner = randomUUID();
  const taken = await db.$executeRaw`
    UPDATE "ImportJob" SET "leaseOwner" = ${owner}, "leaseUntil" = now() + make_interval(secs => ${leaseSeconds}),
      "status" = 'RUNNING', "startedAt" = COALESCE("startedAt", now())
    WHERE "id" = ${importId} AND "status" IN ('QUEUED', 'RUNNING') AND ("leaseUntil" IS NULL OR "leaseUntil" < now())`;
  if (taken === 0) {
    const job = await db.importJob.findUnique({ where: { id: importId }, select: { status: true } });
    return !job || job.status === 'FINISHED' || job.status === 'FAILED' ? 'done-already' : 'busy';
  }
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
    const user = { agency: { id: job.agencyId, name: '' } };
    const gate = new Gate();
    const lookupGraceMs = Math.max(1000, 3 * env().NXSYS_TIMEOUT_MS);
    let fatal: ApiError | null = null;

    const setState = (id: string, data: { state: string; nxsysId?: string | null; error?: string | null }) =>
      db.importItem.update({ where: { id }, data });

    /** An item whose create may or may not have happened: look for it in Nxsys; never resend before knowing. */
    const reconcile = async (item: ItemRow): Promise<boolean> => {
      // A create whose answer was lost may still be under way at Nxsys: look only once it has had time to land.
      const settle = (item.sendingAt?.getTime() ?? 0) + lookupGraceMs - Date.now();
      if (settle > 0) await sleep(settle);
      try {
        const found = await sender.find(user, item.payload.body, item.sendingAt ?? new Date(0), await takenIds(job.agencyId));
        gate.ok();
        if (found) await setState(item.id, { state: 'CREATED', nxsysId: found, error: null });
        else if (item.attempts >= MAX_ATTEMPTS)
          await setState(item.id, { state: 'FAILED', error: 'Nxsys kept failing, so this was not created. Import it again later.' });
        else await setState(item.id, { state: 'PENDING' });
        return true;
      } catch (error) {
        if (error instanceof ApiError && FATAL.has(error.code)) fatal = error;
        else if (error instanceof ApiError && error.code === 'nxsys_rate_limited') gate.failed(retryAfterOf(error));
        else gate.failed();
        return false; // still SENDING: asked again later, never resent meanwhile
      }
    };

    const send = async (item: ItemRow) => {
      try {
        const id = await sender.send(user, item.payload.body);
        gate.ok();
        if (id) await setState(item.id, { state: 'CREATED', nxsysId: id, error: null });
        else if (!(await reconcile(item))) return; // created without an id: found by lookup
      } catch (error) {
        const apiError = error instanceof ApiError ? error : null;
        if (apiError && FATAL.has(apiError.code)) {
          fatal = apiError;
          await setState(item.id, { state: 'PENDING' }); // never reached Nxsys (no token)
        } else if (apiError && REJECTED.has(apiError.code)) {
          const fields = apiError.fieldErrors ? Object.entries(apiError.fieldErrors).map(([f, m]) => `${f}: ${m}`) : [];
          await setState(item.id, { state: 'FAILED', error: [apiError.message, ...fields].join(' — ').slice(0, 1000) });
        } else if (apiError && apiError.code === 'nxsys_rate_limited') {
          // 429: Nxsys refused before doing anything; send again after the wait.
          gate.failed(retryAfterOf(apiError));
          await setState(
            item.id,
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
    for (const item of await leftSending()) {
      if (lost || fatal) break;
      await gate.wait();
      await reconcile(item);
    }

    // 2. Pending items, in order, a few at a time.
    const limit = pLimit(env().IMPORTS_CONCURRENCY);
    const claimNext = async (): Promise<ItemRow | null> => {
      await gate.wait();
      if (lost || fatal) return null;
      const rows = await db.$queryRaw<ItemRow[]>`
        UPDATE "ImportItem" SET "state" = 'SENDING', "attempts" = "attempts" + 1, "sendingAt" = now(), "updatedAt" = now()
        WHERE "id" = (SELECT "id" FROM "ImportItem" WHERE "jobId" = ${importId} AND "state" = 'PENDING' ORDER BY "seq" LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING "id", "seq", "payload", "sendingAt", "attempts"`;
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
      for (const item of unresolved) {
        await gate.wait();
        await reconcile(item);
      }
      if (round === 19) {
        for (const item of await leftSending()) {
          await setState(item.id, {
            state: 'UNKNOWN',
            error: 'Nxsys did not confirm whether this was created. Check the timesheet list in Nxsys before entering it again.',
          });
        }
      }
    }
    if (lost) return 'busy'; // another run took over: it finishes the import

    const counts = await db.importItem.groupBy({ by: ['state'], where: { jobId: importId }, _count: true });
    const count = (state: string) => counts.find((c) => c.state === state)?._count ?? 0;
    const failedRun = fatal as ApiError | null;
    const status = failedRun ? 'FAILED' : 'FINISHED';
    const error = failedRun
      ? `${failedRun.message} ${count('PENDING')} of ${job.total} were not sent; nothing is lost: they are kept here.`
      : null;
    const finished = await db.importJob.updateMany({
      where: { id: importId, leaseOwner: owner, status: 'RUNNING' },
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

/**
 * Imports whose run died with its instance (lease lapsed) or whose job was never sent: sent to the job engine
 * again. Runs every minute, once across instances, and when an instance starts its workers.
 */
export async function resumeStalledImports(): Promise<number> {
  const stalled = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "ImportJob"
    WHERE ("status" = 'RUNNING' AND ("leaseUntil" IS NULL OR "leaseUntil" < now()))
       OR ("status" = 'QUEUED' AND "createdAt" < now() - interval '30 seconds' AND ("leaseUntil" IS NULL OR "leaseUntil" < now()))
    LIMIT 100`;
  for (const { id } of stalled) await sendJob(importJob, { importId: id });
  return stalled.length;
}

export const resumeImportsJob = defineJob({
  name: 'imports-resume',
  payload: z.object({}).passthrough(),
  schedule: '* * * * *',
  queue: { policy: 'singleton', retryLimit: 0, expireInSeconds: 120 },
  async handle() {
    const resumed = await resumeStalledImports();
    if (resumed) console.info(`Resumed ${resumed} interrupted import(s).`);
  },
});
