import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/server';
import { api, connect, sandboxFor } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandboxFor();
});
afterAll(() => sb.close());

type Item = { id: string; taxYear: number; taxPeriod: number; subcontractorName: string; timesheetValue: string };
async function run(token: string, period: number): Promise<Item[]> {
  const items: Item[] = [];
  for (let page = 1; ; page++) {
    const { body } = await api(sb, token, `/nxsys/payslips?page=${page}&size=100`);
    items.push(...(body.items as Item[]));
    if (body.items.length < 100) return items.filter((p) => p.taxYear === 2026 && p.taxPeriod === period);
  }
}

describe('pay-run data for the payslip review', () => {
  it('makes a value difference, a duplicate payslip and an unpaid timesheet in one run, in documented fields only', async () => {
    const { accessToken } = await connect(sb, 'payroll@keystone.example');
    const before = await run(accessToken, 33);
    const control = await fetch(`${sb.apiUrl}/__sandbox/payslip-runs/differences`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ companyId: 'COM-4', taxYear: 2026, taxPeriod: 33 }),
    });
    expect(control.status).toBe(200);
    const made = await control.json();
    const after = await run(accessToken, 33);
    expect(after).toHaveLength(before.length); // one more (the duplicate), one fewer (the unpaid one)
    const changed = after.find((p) => p.id === made.valueDiffers.payslipId)!;
    const was = before.find((p) => p.id === made.valueDiffers.payslipId)!;
    expect(Number(changed.timesheetValue) - Number(was.timesheetValue)).toBeCloseTo(10, 2);
    expect(after.filter((p) => p.subcontractorName === made.duplicate.name)).toHaveLength(2);
    expect(after.some((p) => p.subcontractorName === made.unpaid.name)).toBe(false);
    const sheet = await api(sb, accessToken, `/nxsys/time-sheets/${made.unpaid.timesheetId}`);
    expect(sheet.body.data.approveStatus).toBe('APPROVED');
    expect(Object.keys(changed).sort()).toEqual(Object.keys(was).sort());
  });

  it('makes a large paid run of new workers', async () => {
    const { accessToken } = await connect(sb, 'payroll@harbour.example');
    const control = await fetch(`${sb.apiUrl}/__sandbox/payslip-runs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ companyId: 'COM-2', workers: 150, taxYear: 2026, taxPeriod: 30 }),
    });
    expect(control.status).toBe(201);
    expect(await run(accessToken, 30)).toHaveLength(151); // the seeded worker and the 150 new ones
  });
});
