// Issue 25, item 5: the database down at start and in the middle of traffic, on the fault suite's own embedded
// PostgreSQL (stopped and started; the rest of the suite's database is untouched). An instance started while the
// database is down serves HTTP (health 200, ready 503 naming the database), starts its job workers once the database
// answers and then works, without a restart; an outage later makes it unready and it recovers on its own.
import { PrismaPg } from '@prisma/adapter-pg';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { createSession } from '@/lib/server/auth/sessions';
import { generateKeyringEntry } from '@/lib/server/crypto/token-encryption';
import { createAgency, createUser } from '../helpers/db';
import { TEST_APP_ORIGIN, TEST_NEXTAUTH_SECRET } from '../helpers/nxsys';
import { faultDatabase, startChild, until, type Child, type FaultDatabase } from './helpers';

let pg: FaultDatabase;
let db: PrismaClient;
const children: Child[] = [];

beforeAll(async () => {
  pg = await faultDatabase();
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: pg.url }) });
}, 120_000);
afterAll(async () => {
  for (const { child } of children) child.kill('SIGKILL');
  await db?.$disconnect();
  await pg?.close();
}, 60_000);

function startInstance() {
  const instance = startChild('tests/faults/instance.ts', {
    DATABASE_URL: pg.url,
    NEXTAUTH_URL: TEST_APP_ORIGIN,
    NEXTAUTH_SECRET: TEST_NEXTAUTH_SECRET,
    TOKEN_ENCRYPTION_KEY: generateKeyringEntry('k1'),
    JOBS_POLL_SECONDS: '0.5',
    LOG_LEVEL: 'info',
  });
  children.push(instance);
  return instance;
}

const get = async (port: number, path: string) => {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/**
 * A job of the product (the session sweep) sent to the instance's workers, due in `delaySeconds`, and an expired
 * session for it to delete; `ran()` resolves once it completed and its write reached the database.
 */
async function queueSweep(delaySeconds = 0) {
  const agency = await createAgency(db);
  const user = await createUser(db, agency.id);
  const policy = { idleMs: 60_000, absoluteMs: 60_000 };
  await createSession(db, user.id, policy, new Date(Date.now() - 10 * 60_000)); // long expired
  const boss = new PgBoss({ connectionString: pg.url, schema: 'pgboss', supervise: false, schedule: false, max: 1 });
  // The test stops PostgreSQL right after this sender stops; a connection of its pool still closing then gets FATAL
  // 57P01, which pg-boss re-emits as 'error' — unheard, Vitest counts it as an uncaught error and the run fails.
  boss.on('error', () => undefined);
  await boss.start();
  const id = (await boss.send('session-sweep', {}, { startAfter: delaySeconds }))!;
  await boss.stop({ graceful: false, wait: true });
  return {
    ran: async () => {
      const [job] = await until(
        () => db.$queryRaw<{ state: string }[]>`SELECT state::text FROM pgboss.job WHERE id = ${id}::uuid`,
        (rows) => rows[0]?.state === 'completed' || rows[0]?.state === 'failed',
        60_000,
      );
      expect(job?.state).toBe('completed');
      // The handler's write reached the database through the instance's own (recovered) pool.
      expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    },
  };
}

const STARTED = 120_000; // a child process compiles TypeScript first: slow on a busy machine

describe('the database down', () => {
  it('at start: the instance serves (health 200, ready 503 naming the database), then recovers without a restart', async () => {
    await db.$disconnect();
    await pg.stop();
    const instance = startInstance();
    const { port } = (await instance.waitFor((l) => l.event === 'listening', STARTED)) as { port: number };
    expect(await get(port, '/api/health')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get(port, '/api/ready')).toMatchObject({ status: 503, body: { ready: false, checks: { database: 'unreachable' } } });
    await instance.waitFor((l) => l.msg === 'job workers could not start (is the database reachable?); trying again');

    await pg.start();
    await until(
      () => get(port, '/api/ready'),
      (r) => r.status === 200,
      60_000,
    );
    await instance.waitFor((l) => l.msg === 'job workers started', 60_000);
    await (await queueSweep()).ran();
    expect(instance.child.exitCode).toBeNull(); // the same process throughout
  }, 240_000);

  it('mid-traffic: unready while it is down (health still 200), then serving and running jobs again, none lost', async () => {
    const instance = startInstance();
    const { port } = (await instance.waitFor((l) => l.event === 'listening', STARTED)) as { port: number };
    await instance.waitFor((l) => l.msg === 'job workers started', 60_000);
    await until(
      () => get(port, '/api/ready'),
      (r) => r.status === 200,
    );

    // Work queued before the outage and falling due during it is not lost: it runs once the database is back.
    const queued = await queueSweep(2);
    const dueAt = Date.now() + 2_000;
    await db.$disconnect();
    await pg.stop();
    expect(await get(port, '/api/health')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get(port, '/api/ready')).toMatchObject({ status: 503, body: { checks: { database: 'unreachable' } } });
    await until(
      async () => Date.now(),
      (now) => now > dueAt,
    ); // the outage lasts past the job's due time

    await pg.start();
    await until(
      () => get(port, '/api/ready'),
      (r) => r.status === 200,
      60_000,
    );
    await queued.ran();
    await (await queueSweep()).ran();
    expect(instance.child.exitCode).toBeNull();
  }, 240_000);
});
