// Issue 29 part 6: the timesheet and payslip lists export exactly what their filters select (every page, CSV and
// XLSX, audited), money per currency; and the payslip list, whose docs give no sort, starts at the newest.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as payslipExport from '@/app/api/payslips/export/route';
import * as timesheetExport from '@/app/api/timesheets/export/route';
import { listResource } from '@/lib/registry';
import type { Sandbox } from '../../sandbox/server';
import { makeLargeRun } from '../../sandbox/payslip-runs';
import { testDb } from '../helpers/db';
import { call, configure, connectedPerson, SAME_ORIGIN, startSandbox, type Person } from '../security/harness';

vi.mock('next/headers', () => import('../security/next-headers-stub'));

const db = testDb();
let sb: Sandbox;
let admin: Person;
const envBefore = { ...process.env };

beforeAll(async () => {
  sb = await startSandbox();
  admin = await connectedPerson(db, sb, configure({}, sb));
  // Many timesheets and payslips over more than one page of 100, then 3 in a tax year of their own.
  makeLargeRun(sb.store, { companyId: 'COM-1', workers: 120, taxYear: 2030, taxPeriod: 5 });
  makeLargeRun(sb.store, { companyId: 'COM-1', workers: 3, taxYear: 2031, taxPeriod: 7 });
});
afterAll(async () => {
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

const company = () => sb.store.company('COM-1');
const auditCount = (action: string) => db.auditEvent.count({ where: { agencyId: admin.agency.id, action } });
const csvLines = async (response: Response) =>
  (await response.text())
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
async function xlsxRows(response: Response) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(await response.arrayBuffer()) as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('timesheet export', () => {
  const wanted = () => company().timesheets.filter((t) => t.taxYear === 2031);

  it('holds exactly the 3 timesheets the filter selects, as CSV and as XLSX, each audited', async () => {
    expect(company().timesheets.length).toBeGreaterThan(100);
    const before = await auditCount('timesheets.exported');
    const csv = await call(
      timesheetExport.GET,
      '/api/timesheets/export?taxYear=2031&format=csv',
      {},
      { cookie: admin.cookie, headers: SAME_ORIGIN },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/timesheets-\d{4}-\d{2}-\d{2}\.csv/);
    const [header, ...lines] = await csvLines(csv);
    expect(header).toBe(
      'Timesheet ID,Candidate ID,Candidate,Start date,End date,Period,Pay frequency,Payment model,Status,Currency,Net,VAT,Total',
    );
    expect(lines.map((l) => l.split(',')[0]).sort()).toEqual(
      wanted()
        .map((t) => t.id)
        .sort(),
    );
    // dd/mm/yyyy, the candidate's name from the candidate list, pounds for UK workers in their own column.
    const t = wanted()[0]!;
    const line = lines.find((l) => l.startsWith(`${t.id},`))!.split(',');
    expect(line[3]).toBe(t.startDate.slice(0, 10).split('-').reverse().join('/'));
    expect(line[2]).toBe(`Run Worker ${Number(t.candidateId.slice(3))}`);
    expect(line[9]).toBe('GBP');

    const xlsx = await call(
      timesheetExport.GET,
      '/api/timesheets/export?taxYear=2031&format=xlsx',
      {},
      { cookie: admin.cookie, headers: SAME_ORIGIN },
    );
    expect(xlsx.status).toBe(200);
    const [xHeader, ...xRows] = await xlsxRows(xlsx);
    expect(xHeader![0]).toBe('Timesheet ID');
    expect(xRows.map((r) => r[0]).sort()).toEqual(
      wanted()
        .map((t) => t.id)
        .sort(),
    );
    expect(typeof xRows[0]![10]).toBe('number'); // money as numbers, in the row's currency
    expect(await auditCount('timesheets.exported')).toBe(before + 2);
    const last = await db.auditEvent.findFirstOrThrow({
      where: { agencyId: admin.agency.id, action: 'timesheets.exported' },
      orderBy: { createdAt: 'desc' },
    });
    expect(last.details).toMatchObject({ format: 'xlsx', rows: 3, filters: { taxYear: '2031' } });
  });

  it('refuses a format it does not make', async () => {
    const response = await call(
      timesheetExport.GET,
      '/api/timesheets/export?format=pdf',
      {},
      { cookie: admin.cookie, headers: SAME_ORIGIN },
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
  });
});

describe('payslip export and list', () => {
  const wanted = () => company().payslips.filter((p) => p.taxYear === 2031);

  it('holds exactly the 3 payslips the filter selects, as CSV and XLSX, audited', async () => {
    const before = await auditCount('payslips.exported');
    const csv = await call(payslipExport.GET, '/api/payslips/export?taxYear=2031', {}, { cookie: admin.cookie, headers: SAME_ORIGIN });
    expect(csv.status).toBe(200);
    const [, ...lines] = await csvLines(csv);
    expect(lines.map((l) => l.split(',')[0]).sort()).toEqual(
      wanted()
        .map((p) => p.id)
        .sort(),
    );
    const xlsx = await call(
      payslipExport.GET,
      '/api/payslips/export?taxYear=2031&format=xlsx',
      {},
      { cookie: admin.cookie, headers: SAME_ORIGIN },
    );
    const [, ...xRows] = await xlsxRows(xlsx);
    expect(xRows.map((r) => r[0]).sort()).toEqual(
      wanted()
        .map((p) => p.id)
        .sort(),
    );
    expect(await auditCount('payslips.exported')).toBe(before + 2);
  });

  it('lists the newest payslips first (the docs give the payslip list no sort: the portal sorts what it reads)', async () => {
    const page = await listResource(admin, 'payslips', new URLSearchParams({ page: '1', size: '20' }));
    const periods = page.data.map((p) => Number(p.taxYear) * 100 + Number(p.taxPeriod));
    expect(periods[0]).toBe(2031 * 100 + 7);
    expect(periods).toEqual([...periods].sort((a, b) => b - a));
    expect(page.meta.totalDocs).toBe(company().payslips.length); // read to its end, so the count is exact
  });
});
