import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/server';
import { api, connect, sandboxFor } from './helpers';

let sb: Sandbox;
let a: string; // COM-1
let b: string; // COM-2
beforeAll(async () => {
  sb = await sandboxFor();
  a = (await connect(sb)).accessToken;
  b = (await connect(sb, 'payroll@harbour.example')).accessToken;
});
afterAll(() => sb.close());

const ukCandidate = (email: string) => ({
  generalSetting: {
    title: 'NONE',
    gender: 'MALE',
    forename: 'Tom',
    surname: 'Baker',
    DOB: '1990-05-15',
    NINumber: 'AB123456C',
    address: ['1 High Street'],
    city: 'London',
    postCode: 'SW1A 1AA',
    country: 'GB',
    mobile: '07700 900123',
    email,
    payFrequency: 'WEEKLY',
    payMethod: 'BACS',
    pensionSetting: { scheme: 'NEST', optState: 'OPTED_IN' }, // inside generalSetting, as every published example
  },
  bankSetting: { bankName: 'Barclays', accountName: 'Tom Baker', accountNumber: '12345678', sortCode: '123456' },
  payrollSetting: { paymentModel: 'CIS' },
});

describe('pagination and errors', () => {
  it('pages every list as its docs example shows (items without totals, data with meta), caps size at 100, and checks id formats', async () => {
    const page2 = await api(sb, a, '/nxsys/candidates?page=2&size=25');
    expect(page2.body.items).toHaveLength(25);
    expect(Object.keys(page2.body)).toEqual(['items']); // the documented example: no meta
    expect(Object.keys((await api(sb, a, '/nxsys/payslips')).body)).toEqual(['items']);
    expect((await api(sb, a, '/nxsys/candidates?page=10&size=25')).body.items).toHaveLength(15); // 240: a short last page
    expect((await api(sb, a, '/nxsys/time-sheets?size=5')).body.meta).toMatchObject({ page: 1, size: 5 });
    expect((await api(sb, a, '/nxsys/candidates?size=101')).body).toEqual({
      error: { code: 'invalid_parameter', message: expect.any(String), details: { field: 'size' } },
    });
    expect((await api(sb, a, '/nxsys/payment-rate/nonsense')).body.error).toMatchObject({
      code: 'invalid_parameter',
      details: { field: 'id', expected_format: 'XX-999999999' },
    });
    expect((await api(sb, a, '/nxsys/payment-rate/PR-999999')).status).toBe(404);
  });

  it('scopes every resource to the company the token was granted for', async () => {
    const listA = await api(sb, a, '/nxsys/candidates?size=100');
    const listB = await api(sb, b, '/nxsys/candidates?size=100');
    expect(listB.body.items).toHaveLength(12);
    const idsA = new Set(listA.body.items.map((c: { id: string }) => c.id));
    expect(listB.body.items.some((c: { id: string }) => idsA.has(c.id))).toBe(false);
    expect((await api(sb, b, `/nxsys/candidates/${listA.body.items[0].id}`)).status).toBe(404);
    const tsA = (await api(sb, a, '/nxsys/time-sheets?size=1')).body.data[0].id;
    expect((await api(sb, b, `/nxsys/time-sheets/${tsA}`)).status).toBe(404);
  });
});

describe('candidates', () => {
  it('creates a UK candidate (201, no body), ignores an undocumented search, reads and updates it in the documented shape', async () => {
    const created = await api(sb, a, '/nxsys/candidates', { method: 'POST', body: ukCandidate('tom.baker@example.com') });
    expect(created.status).toBe(201);
    expect(created.body).toBeNull();
    const searched = await api(sb, a, '/nxsys/candidates?search=tom.baker@example.com&size=5');
    expect(searched.body.items).toHaveLength(5); // `search` is not documented for candidates: ignored
    const last = await api(sb, a, '/nxsys/candidates?page=3&size=100');
    const id = last.body.items.at(-1).id;
    expect(last.body.items.at(-1).email).toBe('tom.baker@example.com');
    const one = await api(sb, a, `/nxsys/candidates/${id}`);
    expect(one.body.data.candidate).toMatchObject({
      id,
      forename: 'Tom',
      pensionSetting: { scheme: 'NEST' },
      bank: { sortCode: '123456' },
      setting: { paymentModel: 'CIS' },
    });
    expect(one.body.data.candidate).not.toHaveProperty('generalSetting');
    const updated = await api(sb, a, `/nxsys/candidates/${id}`, {
      method: 'PUT',
      body: {
        generalSetting: { mobile: '07700 900999', pensionSetting: { optState: 'OPTED_OUT' } },
        bankSetting: { sortCode: '12-34-56' },
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data.candidate).toMatchObject({
      mobile: '07700 900999',
      forename: 'Tom',
      pensionSetting: { scheme: 'NEST', optState: 'OPTED_OUT' },
      bank: { sortCode: '12-34-56' },
    });
  });

  it('has switches for older deployments (no UK read by id) and the extended profile (guessed filters and shapes)', async () => {
    const id = (await api(sb, a, '/nxsys/candidates?size=1')).body.items[0].id;
    sb.control.setProfile({ ukReadById: false });
    try {
      expect((await api(sb, a, `/nxsys/candidates/${id}`)).status).toBe(404);
    } finally {
      sb.control.setProfile({ ukReadById: true });
    }
    sb.control.setProfile({ name: 'extended' });
    try {
      const searched = await api(sb, a, '/nxsys/candidates?search=tom.baker@example.com');
      expect(searched.body.items).toHaveLength(1);
      expect(searched.body.meta.totalDocs).toBe(1);
      expect((await api(sb, a, `/nxsys/candidates/${id}`)).body.data.generalSetting).toBeDefined();
      expect(
        (await api(sb, a, '/nxsys/payslips?taxPeriod=27&size=100')).body.items.every((p: { taxPeriod: number }) => p.taxPeriod === 27),
      ).toBe(true);
    } finally {
      sb.control.setProfile({ name: 'docs' });
    }
  });

  it('rejects invalid identifiers at their fields', async () => {
    const bad = ukCandidate('bad@example.com');
    bad.generalSetting.NINumber = 'QQ123456C';
    bad.generalSetting.postCode = 'NOT A CODE';
    bad.bankSetting.accountNumber = '1234';
    const response = await api(sb, a, '/nxsys/candidates', { method: 'POST', body: bad });
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual({ field: 'generalSetting.NINumber' }); // documented: the first field only
  });

  it('serves Irish candidates with their own envelopes and validates PPS, IBAN and Eircode', async () => {
    const list = await api(sb, a, '/nxsys/candidates/ireland?size=5');
    expect(list.body.data).toHaveLength(5);
    expect(list.body.meta.totalDocs).toBe(60);
    const one = await api(sb, a, `/nxsys/candidates/ireland/${list.body.data[0].id}`);
    expect(Object.keys(one.body.data.candidate)).toEqual(
      expect.arrayContaining(['forename', 'bank', 'setting', 'status', 'registrationStatus', 'dateLeft', 'reason']),
    );
    const body = {
      generalSetting: { forename: 'Aoife', surname: 'Byrne', DOB: '1995-02-01', email: 'aoife.byrne@example.com', eircode: 'D02 Y006' },
      bankSetting: { IBANReference: 'IE29AIBK93115212345678', SWIFTNo: 'BOFIIE2D' },
      payrollSetting: { PPSNumber: '6433435F', paymentModel: 'PAYEE' },
    };
    const created = await api(sb, a, '/nxsys/candidates/ireland', { method: 'POST', body });
    expect(created.status).toBe(201);
    expect(created.body.data.candidate.id).toMatch(/^SR-/); // 201 with a body (Irish), in the read-by-id shape
    const bad = await api(sb, a, '/nxsys/candidates/ireland', {
      method: 'POST',
      body: {
        ...body,
        generalSetting: { ...body.generalSetting, email: 'x@example.com', eircode: 'ZZ1' },
        bankSetting: { IBANReference: 'IE29AIBK93115212345679' },
        payrollSetting: { PPSNumber: '6433435E' },
      },
    });
    expect(bad.body.error.details.field).toBe('generalSetting.eircode');
    const badPps = await api(sb, a, '/nxsys/candidates/ireland', {
      method: 'POST',
      body: { ...body, generalSetting: { ...body.generalSetting, email: 'y@example.com' }, payrollSetting: { PPSNumber: '6433435E' } },
    });
    expect(badPps.body.error.details.field).toBe('payrollSetting.PPSNumber');
  });
});

describe('VAT codes and payment rates', () => {
  it('lists the default VAT codes under data', async () => {
    const list = await api(sb, a, '/nxsys/vat-code');
    expect(list.body.data[0]).toMatchObject({ id: 'VC-1', description: 'Standard', VATRate: '20%', VATCode: 'S' });
    expect(list.body.meta.totalDocs).toBeGreaterThanOrEqual(5);
  });

  it('creates a rate (hoursPerUnit a string in the answer), refuses a duplicate code and an unknown VAT code', async () => {
    const body = {
      code: 'PRNEW1',
      description: 'Weekend hourly',
      type: 'RATE',
      units: 'HOURLY',
      hoursPerUnit: 1,
      defaultVATCode: 'VC-1',
      raiseInvoice: true,
    };
    const created = await api(sb, a, '/nxsys/payment-rate', { method: 'POST', body });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ code: 'PRNEW1', hoursPerUnit: '1', defaultVATCode: { id: 'VC-1' } });
    expect(created.body.data).not.toHaveProperty('amount');
    const dup = await api(sb, a, '/nxsys/payment-rate', { method: 'POST', body });
    expect(dup.body.error.details.field).toBe('code');
    const vat = await api(sb, a, '/nxsys/payment-rate', { method: 'POST', body: { ...body, code: 'PRNEW2', defaultVATCode: 'VC-999' } });
    expect(vat.body.error.details.field).toBe('defaultVATCode');
    // The same code is free in another company.
    expect((await api(sb, b, '/nxsys/payment-rate', { method: 'POST', body })).status).toBe(201);
  });

  it('filters and sorts rates, and will not update a statutory one', async () => {
    const statutory = await api(sb, a, '/nxsys/payment-rate?isStatutory=true');
    expect(statutory.body.data.map((r: { code: string }) => r.code)).toEqual(['SSP']);
    const sorted = await api(sb, a, '/nxsys/payment-rate?sortField=code&sortType=desc&ignoreCodes=SSP,PRCOMS');
    const codes = sorted.body.data.map((r: { code: string }) => r.code);
    expect(codes).toEqual([...codes].sort().reverse());
    expect(codes).not.toContain('SSP');
    const put = await api(sb, a, `/nxsys/payment-rate/${statutory.body.data[0].id}`, { method: 'PUT', body: { description: 'x' } });
    expect(put.status).toBe(422);
  });
});

describe('timesheets and payslips', () => {
  it('creates a timesheet with exact totals, edits it while pending, and approving it issues a payslip', async () => {
    const candidate = (await api(sb, a, '/nxsys/candidates?size=2')).body.items[1]; // an umbrella worker
    const pr100 = (await api(sb, a, '/nxsys/payment-rate?code=PR100')).body.data[0];
    const created = await api(sb, a, '/nxsys/time-sheets', {
      method: 'POST',
      body: {
        subcontractorRef: candidate.id,
        assignmentRef: null,
        startDate: '2026-11-16',
        endDate: '2026-11-22',
        rates: [
          { rateId: pr100.id, rate: '100', vatID: 'VC-1', units: '10' },
          { rateId: pr100.id, rate: '10.005', units: '1', vatID: 'VC-1' },
        ],
        monthConfig: null,
        taxYear: 2026,
        taxPeriodConfig: 33,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      totalNet: 1010.01,
      totalVat: 202,
      totalPrices: 1212.01,
      approveStatus: 'PENDING_AGENCY_APPROVAL',
      taxPeriod: 33,
    });
    const id = created.body.data.id;
    const edited = await api(sb, a, `/nxsys/time-sheets/${id}`, {
      method: 'PUT',
      body: { rates: [{ rateId: pr100.id, rate: '100', units: '1', vatID: 'VC-1' }] },
    });
    expect(edited.status).toBe(201);
    expect(edited.body.data[0]).toMatchObject({ totalNet: 100, totalVat: 20, totalPrices: 120 });
    // The docs' update example sends numbers: answered in that form; the string flags as documented.
    const numeric = await api(sb, a, `/nxsys/time-sheets/${id}`, {
      method: 'PUT',
      body: { rates: [{ rateId: pr100.id, rate: 100, units: 1, vatID: 'VC-1' }] },
    });
    expect(numeric.body.data[0].rates[0]).toMatchObject({ rate: 100, units: 1 });
    expect(numeric.body.data[0]).toMatchObject({
      timesheetApprovalNeeded: 'FALSE',
      currentYear: '2026',
      subcontractorRef: { id: candidate.id },
    });

    sb.control.approveTimesheet(id);
    const locked = await api(sb, a, `/nxsys/time-sheets/${id}`, {
      method: 'PUT',
      body: { rates: [{ rateId: pr100.id, rate: '1', units: '1', vatID: 'VC-1' }] },
    });
    expect(locked.status).toBe(422);
    const slip = sb.store.company('COM-1').payslips.find((p) => p.timesheetId === id)!;
    expect(slip).toMatchObject({ timesheetValue: '100.00', margin: '20.00' });
    for (const key of ['gross', 'tax', 'employeeNI', 'net', 'employerNI']) expect(slip[key as 'net']).toMatch(/^\d+\.\d{2}$/);
    // The umbrella arithmetic holds: value − margin = gross + employer costs.
    const pence = (k: string) => Math.round(Number(slip[k as 'net']) * 100);
    expect(pence('gross') + pence('employerNI') + pence('apprenticeshipLevy') + pence('employerPension')).toBeLessThanOrEqual(8000);
    expect(pence('net')).toBe(pence('gross') - pence('tax') - pence('employeeNI') - pence('employeePension'));
  });

  it('refuses unknown candidates, rates and VAT codes, negative units and an end before the start', async () => {
    const response = await api(sb, a, '/nxsys/time-sheets', {
      method: 'POST',
      body: {
        subcontractorRef: 'SR-1',
        startDate: '2026-11-22',
        endDate: '2026-11-16',
        taxYear: 2026,
        rates: [{ rateId: 'PR-1', rate: '10', units: '-1', vatID: 'VC-99' }],
      },
    });
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual({ field: 'subcontractorRef' });
  });

  it('filters timesheets by the documented (misspelt) batch dates; payslip filters are not documented, so ignored', async () => {
    const ts = await api(sb, a, '/nxsys/time-sheets?bactchFrom=2026-10-05&bactchTo=2026-10-11&size=100');
    expect(ts.body.data.length).toBeGreaterThan(0);
    for (const t of ts.body.data) expect(t.startDate >= '2026-10-05' && t.endDate <= '2026-10-11').toBe(true);
    const slips = await api(sb, a, '/nxsys/payslips?taxYear=2026&taxPeriod=27&size=100');
    expect(slips.body.items.length).toBeGreaterThan(0);
    expect(slips.body.items.some((p: { taxPeriod: number }) => p.taxPeriod !== 27)).toBe(true);
    expect(slips.body.items[0]).not.toHaveProperty('subcontractorId'); // the documented item names the candidate only
    expect(slips.body.items[0]).not.toHaveProperty('payDate');
    const pending = await api(sb, a, '/nxsys/time-sheets?approveStatus=PENDING_AGENCY_APPROVAL&size=100');
    expect(pending.body.data.some((t: { approveStatus: string }) => t.approveStatus === 'APPROVED')).toBe(true); // not documented: ignored
  });
});

describe('faults', () => {
  it('injects 429 with Retry-After, 5xx and latency, then behaves again', async () => {
    sb.control.setFaults({ rateLimitNext: 1, retryAfterSeconds: 2, failNext: 1, failStatus: 502 });
    const limited = await api(sb, a, '/nxsys/vat-code');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect((await api(sb, a, '/nxsys/vat-code')).status).toBe(502);
    expect((await api(sb, a, '/nxsys/vat-code')).status).toBe(200);
    sb.control.setFaults({ latencyMs: 150 });
    const start = Date.now();
    await api(sb, a, '/nxsys/vat-code');
    expect(Date.now() - start).toBeGreaterThanOrEqual(140);
    sb.control.clearFaults();
  });

  it('can hang a request until the client gives up', async () => {
    sb.control.setFaults({ hangNext: 1 });
    const error = await fetch(`${sb.apiUrl}/nxsys/vat-code`, {
      headers: { Authorization: `Nxsys-oauthtoken ${a}` },
      signal: AbortSignal.timeout(200),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect((await api(sb, a, '/nxsys/vat-code')).status).toBe(200);
  });

  it('can be limited to one umbrella company, leaving the others untouched', async () => {
    sb.control.setFaults({ pathPrefix: '/nxsys/candidates', method: 'POST' }); // a shared profile left by someone else
    sb.control.setFaults({ failRate: 1, failStatus: 503, companyId: 'COM-2' });
    expect(Object.keys(sb.control.companyFaults())).toEqual(['COM-2']);
    expect((await api(sb, b, '/nxsys/payslips')).status).toBe(503);
    expect((await api(sb, a, '/nxsys/payslips')).status).toBe(200);
    expect((await api(sb, b, '/nxsys/vat-code')).status).toBe(503);
    sb.control.clearFaults('COM-2');
    expect((await api(sb, b, '/nxsys/payslips')).status).toBe(200);
    sb.control.clearFaults();
    sb.control.setFaults({ failNext: 1, failStatus: 500, method: 'POST' });
    expect((await api(sb, a, '/nxsys/payslips')).status).toBe(200); // a read passes; the next write fails
    expect(sb.control.faults.failNext).toBe(1);
    sb.control.clearFaults();
  });

  it("keeps two tests' faults on one company apart when their paths differ", async () => {
    // Browser tests on two workers share the demo agency's company: a failed read here must not replace a failed save there.
    sb.control.setFaults({ companyId: 'COM-2', pathPrefix: '/nxsys/payslips', method: 'GET', failNext: 1, failStatus: 503 });
    sb.control.setFaults({ companyId: 'COM-2', pathPrefix: '/nxsys/vat-code', method: 'GET', failNext: 1, failStatus: 502 });
    expect((await api(sb, b, '/nxsys/payslips')).status).toBe(503);
    expect((await api(sb, b, '/nxsys/vat-code')).status).toBe(502);
    expect((await api(sb, b, '/nxsys/payslips')).status).toBe(200);
    sb.control.setFaults({ companyId: 'COM-2', pathPrefix: '/nxsys/payslips', method: 'GET', latencyMs: 0, failNext: 1 }); // the same rule again: merged
    expect(sb.control.companyFaults()['COM-2']).toHaveLength(2);
    sb.control.clearFaults('COM-2');
    expect(sb.control.companyFaults()['COM-2']).toBeUndefined();
  });

  it('is driven over HTTP too', async () => {
    const set = await fetch(`${sb.apiUrl}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ failNext: 1, failStatus: 500 }),
    });
    expect(set.status).toBe(200);
    expect((await api(sb, a, '/nxsys/payslips')).status).toBe(500);
    expect((await api(sb, a, '/nxsys/payslips')).status).toBe(200);
  });
});
