// Several app instances on one database: readiness (database reachable, migrations applied, not draining), the
// graceful shutdown of an instance (in-flight requests and jobs finish before it exits), the session sweep, and a
// scheduled job that two instances both schedule running once per slot.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { createSession } from '@/lib/server/auth/sessions';
import { sweepExpired } from '@/lib/server/auth/sweep';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { lifecycle, readiness, shippedMigrations } from '@/lib/server/health';
import { defineJob, sendJob, stopJobEngine } from '@/lib/server/jobs';
import { getAccessToken } from '@/lib/server/nxsys/token-manager';
import type { Sandbox } from '../../sandbox/server';
import { createAgency, createUser, testDb } from '../helpers/db';
import { connectedAdmin, productEnv, sandboxSettings, TEST_APP_ORIGIN, TEST_NEXTAUTH_SECRET } from '../helpers/nxsys';
import { until } from '../integrity/wait';
import { sandboxFor } from '../sandbox/helpers';
import { z } from 'zod';

const db = testDb();
const key = generateKeyringEntry('k1');
const envBefore = { ...process.env };
let sb: Sandbox;

beforeAll(async () => {
  sb = await sandboxFor();
  Object.assign(process.env, { NEXTAUTH_URL: TEST_APP_ORIGIN, NEXTAUTH_SECRET: TEST_NEXTAUTH_SECRET, TOKEN_ENCRYPTION_KEY: key });
});
afterAll(async () => {
  await stopJobEngine({ graceful: false });
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

interface Instance {
  child: ChildProcessWithoutNullStreams;
  events: Record<string, unknown>[];
  waitFor(check: (event: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

function startInstance(env: Record<string, string>): Instance {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'tests/helpers/instance-worker.ts'], {
    env: { ...process.env, NODE_ENV: 'production', ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const events: Record<string, unknown>[] = [];
  const listeners = new Set<() => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      events.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      return;
    }
    for (const listener of listeners) listener();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    events,
    exited,
    // Waits for the event itself (the test's timeout bounds it; a fixed 20 s was too short for a start on a loaded
    // machine), failing at once if the instance ends without it.
    waitFor: (check, timeoutMs) =>
      new Promise((resolve, reject) => {
        const found = () => events.find(check);
        const fail = (why: string) => reject(new Error(`instance: ${why}; stderr: ${stderr.slice(-2000)}`));
        const timer = timeoutMs === undefined ? undefined : setTimeout(() => fail('event not seen'), timeoutMs);
        child.once('close', (code) => !found() && fail(`ended (${code}) without the event`));
        const listener = () => {
          const event = found();
          if (!event) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(event);
        };
        listeners.add(listener);
        listener();
      }),
  };
}

describe('readiness', () => {
  it('is ready with the database reachable and every shipped migration applied', async () => {
    expect(await readiness(db)).toEqual({ ready: true, checks: { database: 'ok', migrations: 'ok', accepting: true } });
    expect((await shippedMigrations()).length).toBeGreaterThan(0);
  });

  it('is not ready when a shipped migration is not applied', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ready-'));
    for (const name of [...(await shippedMigrations()), '29990101000000_not_applied_yet'])
      mkdirSync(path.join(root, 'prisma', 'migrations', name), { recursive: true });
    expect(await readiness(db, root)).toMatchObject({
      ready: false,
      checks: { migrations: 'pending' },
      pendingMigrations: ['29990101000000_not_applied_yet'],
    });
  });

  it('is not ready when the database does not answer', async () => {
    const unreachable = new PrismaClient({
      adapter: new PrismaPg({ connectionString: 'postgresql://nobody:x@127.0.0.1:1/none', connectionTimeoutMillis: 1000 }),
    });
    try {
      expect(await readiness(unreachable)).toMatchObject({ ready: false, checks: { database: 'unreachable' } });
    } finally {
      await unreachable.$disconnect();
    }
  });

  it('is not ready while the instance drains, and the routes say so (health stays 200)', async () => {
    const { GET: ready } = await import('@/app/api/ready/route');
    const { GET: health } = await import('@/app/api/health/route');
    const probe = (path: string) => new Request(`http://localhost${path}`);
    expect((await ready(probe('/api/ready'))).status).toBe(200);
    lifecycle.draining = true;
    try {
      const response = await ready(probe('/api/ready'));
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ ready: false, checks: { accepting: false } });
      expect((await health(probe('/api/health'))).status).toBe(200);
    } finally {
      lifecycle.draining = false;
    }
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM: the in-flight request and the running job finish, then the instance exits', async () => {
    const instance = startInstance({ ...productEnv(sb, key), JOBS_WORKERS: 'on' });
    try {
      const { port } = (await instance.waitFor((e) => e.event === 'listening')) as { port: number };
      const slow = defineJob({ name: 'test-instances-slow', payload: z.object({ ms: z.number() }), async handle() {} });
      const jobId = await sendJob(slow, { ms: 4000 }); // outlasts the request below
      await instance.waitFor((e) => e.event === 'job-started' && e.job === jobId);
      // `Connection: close`: no idle keep-alive connection delays the server's close (and so the exit) past the request.
      const inFlight = fetch(`http://127.0.0.1:${port}/slow?ms=1000`, { headers: { Connection: 'close' } }).then(async (r) => ({
        status: r.status,
        body: await r.text(),
      }));
      await instance.waitFor((e) => e.event === 'request-received' && e.path === '/slow'); // it has reached the instance
      instance.child.kill('SIGTERM');

      expect(await inFlight).toEqual({ status: 200, body: 'done' });
      expect(await instance.exited).toBe(143);
      const finished = instance.events.findIndex((e) => e.event === 'job-finished' && e.job === jobId);
      const exit = instance.events.findIndex((e) => e.event === 'exit');
      expect(finished, 'the job finished before the exit').toBeGreaterThanOrEqual(0);
      expect(finished).toBeLessThan(exit);
      const [job] = await db.$queryRaw<{ state: string }[]>`SELECT state::text FROM pgboss.job WHERE id = ${jobId}::uuid`;
      expect(job?.state).toBe('completed');
      await expect(fetch(`http://127.0.0.1:${port}/slow`)).rejects.toThrow(); // no longer accepting
    } finally {
      instance.child.kill('SIGKILL');
    }
  }, 60_000);
});

describe('a token refresh in flight on SIGTERM', () => {
  it('finishes and stores the rotated tokens before the database is closed and the instance exits (its caller gone)', async () => {
    const settings = sandboxSettings(sb, 5000);
    const admin = await connectedAdmin(db, parseKeyring(key), settings, sb);
    const agencyId = admin.agency.id;
    const instance = startInstance({ ...productEnv(sb, key), JOBS_WORKERS: 'on' });
    try {
      const { port } = (await instance.waitFor((e) => e.event === 'listening')) as { port: number };
      await db.nxsysConnection.update({ where: { agencyId }, data: { accessTokenExpiresAt: new Date(0) } });
      const before = sb.control.stats().refreshGrants;
      // Nxsys takes 6 s to answer the refresh (longer than stopping the job engine takes), rotating the refresh token:
      // the old one dies when it answers.
      sb.control.setFaults({ latencyMs: 6000, pathPrefix: '/nxsys/oauth/token' });
      // The caller gives up as the instance is told to stop: no request is in flight any more, the refresh still is.
      const caller = new AbortController();
      const call = fetch(`http://127.0.0.1:${port}/nxsys?agency=${agencyId}`, { signal: caller.signal }).catch((e: unknown) => e);
      // The refresh is on its way to Nxsys once the instance holds the refresh lease.
      await until(
        () => db.nxsysConnection.findUniqueOrThrow({ where: { agencyId } }),
        (connection) => connection.refreshClaimId !== null,
      );
      instance.child.kill('SIGTERM');
      caller.abort();

      expect(await call).toBeInstanceOf(Error);
      expect(await instance.exited).toBe(143);
      expect(sb.control.stats().refreshGrants - before, 'Nxsys answered the refresh before the instance exited').toBe(1);
      expect(instance.events.some((e) => e.event === 'database-closing')).toBe(true);
      const stored = await db.nxsysConnection.findUniqueOrThrow({ where: { agencyId } });
      expect(stored.refreshClaimId, 'the refresh stored its result (releasing its lease)').toBeNull();
      expect(stored.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now());

      // What was stored is the live pair: the next refresh (from another process) works, the grant is not lost.
      sb.control.clearFaults();
      await db.nxsysConnection.update({ where: { agencyId }, data: { accessTokenExpiresAt: new Date(0) } });
      const deps = { db, keyring: parseKeyring(key), client: settings.client, timeoutMs: 5000 };
      await expect(getAccessToken(deps, agencyId)).resolves.toMatchObject({ accessToken: expect.any(String) });
      expect(sb.control.stats().refreshGrants - before).toBe(2);
      expect(await db.nxsysConnection.findUnique({ where: { agencyId } })).toMatchObject({ status: 'CONNECTED', refreshClaimId: null });
    } finally {
      sb.control.clearFaults();
      instance.child.kill('SIGKILL');
    }
  }, 60_000);
});

describe('the session sweep', () => {
  it('deletes sessions past their idle or absolute limit and keeps live ones', async () => {
    const agency = await createAgency(db);
    const user = await createUser(db, agency.id);
    const policy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };
    const now = new Date();
    await createSession(db, user.id, policy, now);
    await createSession(db, user.id, policy, new Date(now.getTime() - 31 * 60_000)); // idle too long
    await createSession(db, user.id, { ...policy, absoluteMs: 60_000 }, new Date(now.getTime() - 2 * 60_000)); // past its end
    const result = await sweepExpired(db, policy, now);
    expect(result.sessions).toBeGreaterThanOrEqual(2);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
    expect((await sweepExpired(db, policy, now)).sessions).toBe(0); // idempotent
  });
});

describe('a scheduled job on two instances', () => {
  it('the idle refresh, scheduled by both: one refresh call, however pg-boss lines up the slots', async () => {
    const admin = await connectedAdmin(db, parseKeyring(key), sandboxSettings(sb, 5000), sb);
    const long = new Date(Date.now() - 48 * 3_600_000);
    // Every other connection in this database is recent: only this one is idle.
    await db.nxsysConnection.update({ where: { agencyId: admin.agency.id }, data: { lastRefreshedAt: long, connectedAt: long } });
    const before = sb.control.stats().refreshGrants;
    const env = {
      ...productEnv(sb, key),
      WITH_SCHEDULE: '1',
      NXSYS_IDLE_REFRESH_HOURS: '24',
      REFRESH_QUEUE: `test-two-instances-${Date.now()}`,
    };
    const instances = [startInstance(env), startInstance(env)];
    try {
      for (const instance of instances) await instance.waitFor((e) => e.event === 'listening');
      // The next minute slot (up to 60 s away), then a few seconds for a second run that must not come.
      await Promise.race(instances.map((i) => i.waitFor((e) => e.event === 'refresh-ran', 75_000)));
      // Its refresh call comes after 'refresh-ran' (a loaded machine took over 5 s to make it): wait for the run's end.
      await Promise.race(instances.map((i) => i.waitFor((e) => e.event === 'refresh-done', 60_000)));
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      // pg-boss dedupes a slot per minute of sending: on a loaded machine one instance may send a slot late, just
      // after the minute turned, and the other the same slot again in the new minute. A second run is harmless only
      // because the refresh is single-flight and the first one made the connection fresh: one refresh call, always.
      const runs = instances.flatMap((i) => i.events.filter((e) => e.event === 'refresh-ran'));
      expect(runs.length).toBeGreaterThanOrEqual(1);
      expect(runs.length).toBeLessThanOrEqual(2);
      expect(sb.control.stats().refreshGrants - before).toBe(1);
    } finally {
      for (const instance of instances) instance.child.kill('SIGKILL');
    }
  }, 120_000);
});
