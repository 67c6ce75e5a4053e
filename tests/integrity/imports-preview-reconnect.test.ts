// The import preview's check for timesheets Nxsys already holds (findExistingForEach): a grant that dies while it
// runs ends the preview with "reconnect" (nxsys_reconnect_required), as every other read does; only a list Nxsys
// could not send stays a per-row "could not be read" (tests/integrity/imports-held-in-nxsys.test.ts). Its own
// sandbox and agency: the grant is revoked for good here.
import { expect, it } from 'vitest';
import { suggestMapping } from '@/lib/imports/schema';
import { previewImport } from '@/lib/imports/server';
import { importTestbed, sandboxWorkers, timesheetRows, toCsv } from '../helpers/imports';

const bed = importTestbed();
const { db } = bed;

it('a grant revoked while the preview looks for timesheets already in Nxsys: reconnect_required, not "could not be read"', async () => {
  const workers = sandboxWorkers(bed.sb.store).slice(0, 2);
  const csv = toCsv(timesheetRows(workers, '2027-09-06'));
  const upload = await bed.upload('week.csv', new TextEncoder().encode(csv));
  const request = { kind: 'TIMESHEETS', payFrequency: 'WEEKLY', ...upload, mapping: suggestMapping('TIMESHEETS', upload.header) };

  // The grant dies the moment the portal first asks for the timesheet list (after the candidate and payment-code
  // reads the preview starts with): from then on the sandbox answers 401 and refuses the refresh (invalid_grant).
  const timesheetListAsked = () => bed.sb.control.requests().some((r) => r.method === 'GET' && r.path === '/nxsys/time-sheets');
  for (const grant of bed.sb.store.grants.values()) {
    Object.defineProperty(grant, 'revoked', { get: timesheetListAsked, set: () => {}, configurable: true });
  }
  bed.sb.control.clearRequests();

  await expect(previewImport(bed.user, request)).rejects.toMatchObject({ code: 'nxsys_reconnect_required' });
  expect(timesheetListAsked()).toBe(true);
  expect(await db.nxsysConnection.findUnique({ where: { agencyId: bed.user.agency.id }, select: { status: true } })).toEqual({
    status: 'RECONNECT_REQUIRED',
  });
});
