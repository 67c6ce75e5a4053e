import 'server-only';
import type PgBoss from 'pg-boss';
import type { z } from 'zod';

/**
 * One kind of background job. Its payload is validated when it is sent and again when it runs (a job may
 * outlive a deploy that changed its shape). Handlers must be safe to run twice: pg-boss retries a job whose
 * instance died mid-run, so the work itself records its progress in our tables.
 */
export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  /** Queue name: letters, digits, dots, hyphens. */
  name: string;
  payload: Schema;
  handle: (data: z.infer<Schema>, job: { id: string }) => Promise<void>;
  /** Retry and expiry of the queue (pg-boss: retryLimit, retryDelay, retryBackoff, expireInSeconds, policy…). */
  queue?: Omit<PgBoss.Queue, 'name'>;
  /** A cron expression (UTC). pg-boss sends one job per slot, whatever the number of instances. */
  schedule?: string;
  /** Jobs of this kind one instance runs at the same time (default 1). */
  concurrency?: number;
}

export function defineJob<Schema extends z.ZodType>(definition: JobDefinition<Schema>): JobDefinition<Schema> {
  return definition;
}
