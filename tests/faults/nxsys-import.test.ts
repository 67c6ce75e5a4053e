// Issue 25, fault suite: Nxsys hanging and failing in the middle of an import run by the product's job worker.
// Creates that never get an answer and creates refused with 503 are looked up and sent again; in the end Nxsys
// holds every timesheet of the file exactly once (nothing lost, nothing doubled) and the connection serves again.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { suggestMapping } from '@/lib/imports/schema';
import { importJob, importStatus, uploadImportFile, startImport } from '@/lib/imports/server';
import { startWorkers, stopJobEngine } from '@/lib/server/jobs';
import { callNxsys } from '@/lib/server/nxsys';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { sandboxWorkers, timesheetRows, toCsv } from '../helpers/imports';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';
import { until } from './helpers';

const db = testDb();
const envBefore = { ...process.env };
const key = generateKeyringEntry('k1');
let sb: Sandbox;

beforeAll(async () => {
  sb = await sandboxFor();
  Object.assign(process.env, productEnv(sb, key), { NXSYS_TIMEOUT_MS: '400', IMPORTS_LEASE_SECONDS: '3', JOBS_POLL_SECONDS: '0.5' });
});
afterAll(async () => {
  sb.control.clearFaults();
  await stopJobEngine({ graceful: false });
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

it('creates that hang and creates that fail: every timesheet exactly once, and the connection serves again', async () => {
  const admin = await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb);
  const user = { ...admin, role: 'ADMIN', name: 'Test', email: 'test@example.test' } as unknown as CurrentUser;
  const workers = sandboxWorkers(sb.store).slice(0, 12);
  const weekStart = '2027-04-05';
  const parsed = await uploadImportFile(user, 'faults.csv', new TextEncoder().encode(toCsv(timesheetRows(workers, weekStart, 2))));
  // The next three creates are never answered (the portal times out), the four after them get a 503.
  sb.control.setFaults({ hangNext: 3, failNext: 4, failStatus: 503, method: 'POST', pathPrefix: '/nxsys/time-sheets' });
  const { id } = await startImport(user, {
    kind: 'TIMESHEETS',
    payFrequency: 'WEEKLY',
    ...parsed,
    mapping: suggestMapping('TIMESHEETS', parsed.header),
  });
  await startWorkers([importJob], { pollingIntervalSeconds: 0.5 });

  const status = await until(
    () => importStatus(user, id),
    (s) => s.status === 'FINISHED' || s.status === 'FAILED',
    120_000,
  );
  expect(sb.control.faults).toMatchObject({ hangNext: 0, failNext: 0 }); // every fault was met
  expect(status).toMatchObject({ status: 'FINISHED', created: 12, failed: 0, unknown: 0 });
  const sheets = sb.store.company('COM-1').timesheets.filter((t) => t.startDate === weekStart);
  const perWorker = new Map<string, number>();
  for (const t of sheets) perWorker.set(t.candidateId, (perWorker.get(t.candidateId) ?? 0) + 1);
  expect(
    [...perWorker.values()].filter((n) => n > 1),
    'no timesheet twice',
  ).toEqual([]);
  expect(new Set(perWorker.keys()), 'no worker left out').toEqual(new Set(workers.map((w) => w.id)));
  expect(sheets.every((t) => t.lines.length === 2)).toBe(true);
  expect(new Set(status.items.map((i) => i.nxsysId))).toEqual(new Set(sheets.map((t) => t.id)));

  // Nxsys healthy again: the agency's connection serves at once (no reconnect, no stuck state).
  expect((await db.nxsysConnection.findUniqueOrThrow({ where: { agencyId: admin.agency.id } })).status).toBe('CONNECTED');
  await expect(callNxsys(user, { method: 'GET', path: '/nxsys/vat-code', query: { size: 1 } })).resolves.toBeDefined();
}, 150_000);
