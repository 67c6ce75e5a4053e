// The job engine (pg-boss on our PostgreSQL): a job sent before any worker runs is kept and run later; a
// failing job is retried; a payload that does not match its definition is refused at the door.
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob, jobEngine, sendJob, startWorkers, stopJobEngine } from '@/lib/server/jobs';
import { allJobs } from '@/lib/registry';
import { withAuthEnv } from '../helpers/auth-env';

withAuthEnv(null, { JOBS_POLL_SECONDS: '0.5' });
afterAll(() => stopJobEngine({ graceful: false }));

async function until(check: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the job');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('job engine', () => {
  it('keeps a job sent while no worker runs, then runs it once a worker starts (as after a restart)', async () => {
    const seen: string[] = [];
    const job = defineJob({
      name: 'test-kept-until-worker',
      payload: z.object({ label: z.string() }),
      async handle({ label }) {
        seen.push(label);
      },
    });
    await sendJob(job, { label: 'sent before the worker' });
    await stopJobEngine(); // the "crash": this process's engine goes away with the job still queued
    expect(seen).toEqual([]);
    await startWorkers([job]);
    await until(() => seen.length === 1);
    expect(seen).toEqual(['sent before the worker']);
  });

  it('retries a failing job', async () => {
    let attempts = 0;
    const job = defineJob({
      name: 'test-retried',
      payload: z.object({}),
      queue: { retryLimit: 2, retryDelay: 0 },
      async handle() {
        attempts++;
        if (attempts < 2) throw new Error('Nxsys was down');
      },
    });
    await startWorkers([job]);
    await sendJob(job, {});
    await until(() => attempts === 2);
    const boss = await jobEngine();
    await until(() => attempts === 2);
    const queued = await boss.getQueueSize('test-retried');
    expect(queued).toBe(0);
  });

  it('refuses a payload that does not match the definition', async () => {
    const job = defineJob({ name: 'test-validated', payload: z.object({ count: z.number() }), async handle() {} });
    await expect(sendJob(job, { count: 'three' } as never)).rejects.toThrow();
  });

  it('schedules the idle Nxsys refresh once, as a cron job of the engine', async () => {
    await startWorkers(allJobs);
    const boss = await jobEngine();
    const schedules = await boss.getSchedules();
    expect(schedules.map((s) => s.name)).toContain('nxsys-idle-refresh');
    expect(schedules.filter((s) => s.name === 'nxsys-idle-refresh')).toHaveLength(1);
  });
});
