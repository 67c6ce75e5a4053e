// Single-flight refresh across real processes (the benchmark's scenario (b), in the suite): 100 concurrent calls
// with an expired token, split over two processes running the product's Nxsys wiring on one database, make
// exactly one refresh call and no call fails.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { connectedAdmin, productEnv, sandboxSettings } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';

const db = testDb();
const key = generateKeyringEntry('k1');
let sb: Sandbox;

beforeAll(async () => {
  sb = await sandboxFor();
});
afterAll(async () => {
  await sb.close();
  await db.$disconnect();
});

interface Worker {
  child: ChildProcessWithoutNullStreams;
  next(): Promise<string>;
}

function startWorker(env: NodeJS.ProcessEnv): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'tests/helpers/refresh-worker.ts'], {
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    next: async () => {
      const { value, done } = await lines.next();
      if (done) throw new Error(`worker ended early: ${stderr}`);
      return value as string;
    },
  };
}

it('100 concurrent calls with an expired token over two processes: exactly 1 refresh, 0 failures', async () => {
  const settings = sandboxSettings(sb, 5000);
  const admin = await connectedAdmin(db, parseKeyring(key), settings, sb);
  const env: NodeJS.ProcessEnv = {
    AGENCY_ID: admin.agency.id,
    CALLS: '50',
    NODE_ENV: 'production',
    ...productEnv(sb, key),
  };
  const workers = [startWorker(env), startWorker(env)];
  try {
    // Both processes are up, their database pools warm, before the token expires and the race starts.
    for (const worker of workers) expect(await worker.next()).toBe('ready');
    sb.control.expireAccessTokens();
    await db.nxsysConnection.update({ where: { agencyId: admin.agency.id }, data: { accessTokenExpiresAt: new Date(0) } });
    const before = sb.control.stats().refreshGrants;
    // A refresh that takes a moment (as over a real network) keeps the race window open whichever process starts
    // first, so that without the cross-process lock both would refresh.
    sb.control.setFaults({ latencyMs: 250 });

    for (const worker of workers) worker.child.stdin.write('go\n');
    const results = await Promise.all(workers.map(async (w) => JSON.parse(await w.next()) as { ok: number; failures: string[] }));

    expect(results.flatMap((r) => r.failures)).toEqual([]);
    expect(results.reduce((sum, r) => sum + r.ok, 0)).toBe(100);
    expect(sb.control.stats().refreshGrants - before).toBe(1);
  } finally {
    sb.control.clearFaults();
    for (const worker of workers) worker.child.kill();
  }
}, 60_000);
