// The import preview's check for timesheets Nxsys already holds (findExistingForEach): a grant that dies while it
// runs ends the preview with "reconnect" (nxsys_reconnect_required), as every other read does; only a list Nxsys
// could not send stays a per-row "could not be read" (tests/integrity/imports-held-in-nxsys.test.ts). Its own
// sandbox and agency: the grant is revoked for good here.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { suggestMapping } from '@/lib/imports/schema';
import { previewImport, uploadImportFile } from '@/lib/imports/server';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { sandboxWorkers, timesheetRows, toCsv } from '../helpers/imports';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';

const db = testDb();
const envBefore = { ...process.env };
let sb: Sandbox;
let user: CurrentUser;

beforeAll(async () => {
  sb = await sandboxFor();
  const key = generateKeyringEntry('k1');
  Object.assign(process.env, productEnv(sb, key));
  const admin = await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb);
  user = { ...admin, role: 'ADMIN', name: 'Test', email: 'test@example.test' } as unknown as CurrentUser;
});
afterAll(async () => {
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

it('a grant revoked while the preview looks for timesheets already in Nxsys: reconnect_required, not "could not be read"', async () => {
  const workers = sandboxWorkers(sb.store).slice(0, 2);
  const csv = toCsv(timesheetRows(workers, '2027-09-06'));
  const upload = await uploadImportFile(user, 'week.csv', new TextEncoder().encode(csv));
  const request = { kind: 'TIMESHEETS', payFrequency: 'WEEKLY', ...upload, mapping: suggestMapping('TIMESHEETS', upload.header) };

  // The grant dies the moment the portal first asks for the timesheet list (after the candidate and payment-code
  // reads the preview starts with): from then on the sandbox answers 401 and refuses the refresh (invalid_grant).
  const timesheetListAsked = () => sb.control.requests().some((r) => r.method === 'GET' && r.path === '/nxsys/time-sheets');
  for (const grant of sb.store.grants.values()) {
    Object.defineProperty(grant, 'revoked', { get: timesheetListAsked, set: () => {}, configurable: true });
  }
  sb.control.clearRequests();

  await expect(previewImport(user, request)).rejects.toMatchObject({ code: 'nxsys_reconnect_required' });
  expect(timesheetListAsked()).toBe(true);
  expect(await db.nxsysConnection.findUnique({ where: { agencyId: user.agency.id }, select: { status: true } })).toEqual({
    status: 'RECONNECT_REQUIRED',
  });
});
