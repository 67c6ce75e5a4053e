import 'server-only';
import PgBoss from 'pg-boss';
import type { z } from 'zod';
import { env } from '../env';
import { log } from '../log';
import type { JobDefinition } from './define';

/**
 * The job engine: pg-boss on our PostgreSQL (its tables live in the `pgboss` schema, created and migrated by
 * pg-boss itself on start). Every portal instance can send jobs and run them; pg-boss hands each job to one
 * worker (SELECT … FOR UPDATE SKIP LOCKED) and keeps state in the database, so nothing is lost on a restart.
 */
interface EngineState {
  boss?: Promise<PgBoss>;
  queues: Map<string, Promise<void>>;
  working: Set<string>;
  /** Bumped by stopJobEngine: a start still trying (startWorkersWhenReachable) gives up. */
  generation: number;
}
const globalForJobs = globalThis as unknown as { nxsysJobs?: EngineState };
const state: EngineState = (globalForJobs.nxsysJobs ??= { queues: new Map(), working: new Set(), generation: 0 });

export interface EngineOptions {
  connectionString?: string;
  /** Connections pg-boss may hold (its own pool, apart from Prisma's). */
  poolSize?: number;
  /** How often an idle worker asks for work, in seconds (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /** How often pg-boss checks whether a scheduled slot is due, in seconds (default 30; tests use 1). */
  cronMonitorIntervalSeconds?: number;
}

/** The started engine of this process (started on first use). */
export function jobEngine(options: EngineOptions = {}): Promise<PgBoss> {
  state.boss ??= (async () => {
    const config = env();
    const boss = new PgBoss({
      connectionString: options.connectionString ?? config.DATABASE_URL,
      max: options.poolSize ?? config.JOBS_POOL_SIZE,
      schema: 'pgboss',
      application_name: 'nxsys-portal-jobs',
      ...(options.cronMonitorIntervalSeconds ? { cronMonitorIntervalSeconds: options.cronMonitorIntervalSeconds } : {}),
    });
    boss.on('error', (error) => log.error({ err: error }, 'job engine error'));
    await boss.start();
    return boss;
  })().catch((error: unknown) => {
    state.boss = undefined; // let the next caller try again instead of caching the failure
    throw error;
  });
  return state.boss;
}

/**
 * Several instances starting at once on a fresh database create the same queues at the same moment: PostgreSQL
 * may then pick one of them as a deadlock victim (40P01) or report the other's row (23505). Both are only a lost
 * race: try again shortly (the second attempt finds the queue).
 */
async function whenInstancesRace<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || (code !== '40P01' && code !== '23505')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

async function ensureQueue(boss: PgBoss, job: JobDefinition): Promise<void> {
  let ready = state.queues.get(job.name);
  if (!ready) {
    ready = whenInstancesRace(async () => {
      await boss.createQueue(job.name, { name: job.name, ...job.queue });
      // createQueue keeps an existing queue's options; apply the current ones.
      if (job.queue) await boss.updateQueue(job.name, { name: job.name, ...job.queue });
    }).catch((error: unknown) => {
      state.queues.delete(job.name);
      throw error;
    });
    state.queues.set(job.name, ready);
  }
  await ready;
}

/** Sends a job (validated against its definition). Returns the job id, or null when a singleton key deduplicated it. */
export async function sendJob<Schema extends z.ZodType>(
  job: JobDefinition<Schema>,
  data: z.input<Schema>,
  options: PgBoss.SendOptions = {},
): Promise<string | null> {
  const payload = job.payload.parse(data) as object;
  const boss = await jobEngine();
  await ensureQueue(boss, job as unknown as JobDefinition);
  return boss.send(job.name, payload, options);
}

/** Starts this process's workers and schedules (idempotent per job kind). */
export async function startWorkers(jobs: readonly JobDefinition[], options: EngineOptions = {}): Promise<void> {
  const boss = await jobEngine(options);
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? env().JOBS_POLL_SECONDS;
  for (const job of jobs) {
    if (state.working.has(job.name)) continue;
    state.working.add(job.name);
    await ensureQueue(boss, job).catch((error: unknown) => {
      state.working.delete(job.name); // the next start tries this kind again
      throw error;
    });
    // pg-boss runs one batch at a time per worker: N workers give N jobs at once.
    for (let i = 0; i < (job.concurrency ?? 1); i++) {
      const workerId: string = await boss.work(job.name, { batchSize: 1, pollingIntervalSeconds }, async ([received]) => {
        if (!received) return;
        try {
          await job.handle(job.payload.parse(received.data), { id: received.id });
        } finally {
          // A worker that found a job asks again at once: a backlog drains back to back, not one job per poll.
          boss.notifyWorker(workerId);
        }
      });
    }
    if (job.schedule) await whenInstancesRace(() => boss.schedule(job.name, job.schedule!, {}, { tz: 'UTC' }));
    else await boss.unschedule(job.name).catch(() => undefined);
  }
}

/**
 * Starts this process's workers as startWorkers does, trying again with back-off (doubling, at most `maxDelayMs`)
 * while the database does not answer: an instance started during a database outage serves HTTP meanwhile (health
 * 200, ready 503) and its workers start once the database is back, without a restart. Resolves true once they run
 * (after `onStarted`), false when the engine was stopped first (shutdown).
 */
export async function startWorkersWhenReachable(
  jobs: readonly JobDefinition[],
  {
    onStarted,
    firstDelayMs = 1_000,
    maxDelayMs = 30_000,
    ...options
  }: EngineOptions & { onStarted?: () => void; firstDelayMs?: number; maxDelayMs?: number } = {},
): Promise<boolean> {
  const generation = state.generation;
  for (let delay = firstDelayMs; ; delay = Math.min(delay * 2, maxDelayMs)) {
    try {
      await startWorkers(jobs, options);
      log.info('job workers started');
      onStarted?.();
      return true;
    } catch (error) {
      if (state.generation !== generation) return false;
      log.warn({ err: error, retryInMs: delay }, 'job workers could not start (is the database reachable?); trying again');
    }
    await new Promise((resolve) => setTimeout(resolve, delay).unref());
    if (state.generation !== generation) return false;
  }
}

/** Stops the engine: with `graceful`, running jobs finish first (bounded by timeoutMs). */
export async function stopJobEngine({ graceful = true, timeoutMs = 30_000 }: { graceful?: boolean; timeoutMs?: number } = {}) {
  state.generation++;
  const pending = state.boss;
  state.boss = undefined;
  state.queues.clear();
  state.working.clear();
  if (!pending) return;
  const boss = await pending.catch(() => undefined);
  if (!boss) return;
  await boss.stop({ graceful, timeout: timeoutMs, wait: true });
}
