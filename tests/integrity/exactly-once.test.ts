// Exactly-once single writes (issue 24): two identical requests sent AT ONCE through the real route handlers (a
// double click, two tabs, a retry) leave one record in Nxsys (the in-process sandbox's store) and get answers that
// agree; a second timesheet for the same candidate and period is refused unless confirmed; a key reused with
// another body is refused; a key whose first holder died mid-call is never sent blindly again.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '@/lib/server/auth/sessions';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { requestHash, type WriteScope } from '@/lib/server/idempotency';
import type { Sandbox } from '../../sandbox/server';
import type { Timesheet } from '../../sandbox/store';
import { testDb } from '../helpers/db';
import { paymentRateForm, ukCandidateForm } from '../helpers/fixtures';
import { API_DIR } from '../helpers/api-routes';
import { connectedAdmin, productEnv, TEST_APP_ORIGIN, TEST_NEXTAUTH_SECRET } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';

const db = testDb();
const envBefore = { ...process.env };
let sb: Sandbox;
let cookie = '';
let agencyId = '';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
interface Answer {
  status: number;
  data?: { id: string | null };
  error?: { code: string; message: string; details?: { id: string; href: string } };
}

/** A POST as the browser sends it from our pages, through the route handler Next would call. */
async function post(route: string, url: string, body: unknown, key?: string): Promise<Answer> {
  const { POST } = (await import(path.join(API_DIR, route))) as { POST: Handler };
  const response = await POST(
    new Request(new URL(url, TEST_APP_ORIGIN), {
      method: 'POST',
      headers: {
        Cookie: cookie,
        'Sec-Fetch-Site': 'same-origin',
        Origin: TEST_APP_ORIGIN,
        'Content-Type': 'application/json',
        ...(key ? { 'Idempotency-Key': key } : {}),
      },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
  return { status: response.status, ...((await response.json()) as object) };
}

const company = () => sb.store.company('COM-1');
const ukCandidates = () => company().candidates.filter((c) => c.country === 'UK');
const sheetsOf = (candidateId: string, startDate: string) =>
  company().timesheets.filter((t) => t.candidateId === candidateId && t.startDate === startDate);

/** A week's timesheet for one candidate (each test its own candidate, so they never meet). */
function sheet(candidateIndex: number, startDate = '2027-03-01', endDate = '2027-03-07') {
  return {
    subcontractorRef: ukCandidates()[candidateIndex]!.id,
    startDate,
    endDate,
    taxYear: 2026,
    taxPeriodConfig: 48,
    rates: [{ rateId: company().paymentRates[0]!.id, rate: '12.50', units: '37.5', vatID: 'VC-2' }],
  };
}
const postSheet = (body: unknown, key?: string) => post('timesheets/route.ts', '/api/timesheets', body, key);
type SheetBody = ReturnType<typeof sheet>;

/** A timesheet as Nxsys holds it, made without the portal (another tool, or a call whose answer was lost). */
function nxsysSheet(body: SheetBody, fields: { id: string; startDate?: string; endDate?: string }): Timesheet {
  const now = new Date().toISOString();
  return {
    id: fields.id,
    incrementId: Number(fields.id.slice(3)),
    candidateId: body.subcontractorRef,
    assignmentRef: null,
    startDate: fields.startDate ?? body.startDate,
    endDate: fields.endDate ?? body.endDate,
    taxYear: body.taxYear,
    taxPeriod: body.taxPeriodConfig,
    taxPeriodConfig: body.taxPeriodConfig,
    monthConfig: null,
    payFrequency: 'WEEKLY',
    paymentModel: 'PAYEE',
    approveStatus: 'PENDING_AGENCY_APPROVAL',
    invoiceStatus: 'AWAITING_INVOICING',
    lines: body.rates.map((l) => ({ ...l, netPence: 46875, vatPence: 9375 })),
    createdAt: now,
    updatedAt: now,
  };
}

/** The claim of a request whose instance died mid-call: IN_FLIGHT, its lease lapsed a minute ago. */
async function lapsedClaim(key: string, scope: WriteScope, request: unknown, subject?: SheetBody) {
  await db.writeRequest.create({
    data: {
      agencyId,
      key,
      scope,
      requestHash: requestHash(scope, request),
      leaseUntil: new Date(Date.now() - 60_000),
      ...(subject ? { subjectRef: subject.subcontractorRef, periodStart: subject.startDate, periodEnd: subject.endDate } : {}),
    },
  });
}

beforeAll(async () => {
  sb = await sandboxFor();
  const tokenKey = generateKeyringEntry('k1');
  Object.assign(process.env, productEnv(sb, tokenKey));
  const admin = await connectedAdmin(db, parseKeyring(tokenKey), nxsysSettings(), sb);
  agencyId = admin.agency.id;
  const sid = await createSession(db, admin.id, { idleMs: 3_600_000, absoluteMs: 3_600_000 });
  cookie = `next-auth.session-token=${await encode({ token: { sub: admin.id, sid }, secret: TEST_NEXTAUTH_SECRET })}`;
});
afterEach(() => sb.control.clearFaults());
afterAll(async () => {
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

describe('timesheet create', () => {
  it('sent twice at once with the same key: one timesheet in Nxsys, the same answer twice', async () => {
    sb.control.setFaults({ latencyMs: 200, method: 'POST' }); // the second arrives while the first is in flight
    const body = sheet(0);
    const key = randomUUID();
    const [a, b] = await Promise.all([postSheet(body, key), postSheet(body, key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.data!.id).toMatch(/^TS-/);
    expect(b.data).toEqual(a.data);
    expect(sheetsOf(body.subcontractorRef, body.startDate).map((t) => t.id)).toEqual([a.data!.id]);
    // A retry after the answer (a lost response, a reload) gets it again, and still nothing new is sent.
    expect(await postSheet(body, key)).toEqual(a);
    expect(sheetsOf(body.subcontractorRef, body.startDate)).toHaveLength(1);
  });

  it('sent twice at once without a key: one reaches Nxsys, the other is refused naming it', async () => {
    sb.control.setFaults({ latencyMs: 200, method: 'POST' });
    const body = sheet(1);
    const answers = await Promise.all([postSheet(body), postSheet(body)]);
    const created = answers.filter((x) => x.status === 201);
    const refused = answers.filter((x) => x.status === 409);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const id = created[0]!.data!.id!;
    expect(refused[0]!.error).toMatchObject({ code: 'timesheet_exists', details: { id, href: `/timesheets/${id}` } });
    expect(sheetsOf(body.subcontractorRef, body.startDate).map((t) => t.id)).toEqual([id]);
  });

  it('a second one for the same candidate and an overlapping period → 409 timesheet_exists; confirmed → created', async () => {
    const first = await postSheet(sheet(2), randomUUID());
    expect(first.status).toBe(201);
    // Another key (a new form), a period that overlaps the first (Wednesday to Tuesday).
    const overlapping = sheet(2, '2027-03-03', '2027-03-09');
    const key = randomUUID();
    const refused = await postSheet(overlapping, key);
    expect(refused.status).toBe(409);
    expect(refused.error).toMatchObject({ code: 'timesheet_exists', details: { id: first.data!.id } });
    expect(refused.error!.message).toContain(first.data!.id);
    expect(refused.error!.message).toContain('01/03/2027 to 07/03/2027');
    expect(sheetsOf(overlapping.subcontractorRef, overlapping.startDate)).toHaveLength(0);
    // What the weekly grid asks before sending: the same sheet, for the candidate and week.
    const { GET } = (await import(path.join(API_DIR, 'timesheets/existing/route.ts'))) as { GET: Handler };
    const query = `candidate=${overlapping.subcontractorRef}&start=${overlapping.startDate}&end=${overlapping.endDate}`;
    const listed = await GET(new Request(`${TEST_APP_ORIGIN}/api/timesheets/existing?${query}`, { headers: { Cookie: cookie } }), {
      params: Promise.resolve({}),
    });
    expect(((await listed.json()) as { data: { id: string }[] }).data.map((t) => t.id)).toEqual([first.data!.id]);

    // The same form, now saying "create another anyway" (the refusal freed its key).
    const confirmed = await postSheet({ ...overlapping, confirmDuplicate: true }, key);
    expect(confirmed.status).toBe(201);
    expect(sheetsOf(overlapping.subcontractorRef, overlapping.startDate).map((t) => t.id)).toEqual([confirmed.data!.id]);
    const sent = sb.control.requests().filter((r) => r.method === 'POST' && r.path === '/nxsys/time-sheets');
    expect(sent.every((r) => !Object.hasOwn(r.body as object, 'confirmDuplicate'))).toBe(true);
  });

  it('one Nxsys already holds (not made through the portal) is found on a later page of the list and refused', async () => {
    const body = sheet(3);
    // 120 older sheets of the same candidate first: the overlapping one is on the list's second page of 100.
    for (let i = 0; i < 120; i++) {
      company().timesheets.push(
        nxsysSheet(body, { id: `TS-9${String(i).padStart(5, '0')}`, startDate: '2025-01-06', endDate: '2025-01-12' }),
      );
    }
    company().timesheets.push(nxsysSheet(body, { id: 'TS-8800001', startDate: '2027-02-27', endDate: '2027-03-05' }));
    const refused = await postSheet(body, randomUUID());
    expect(refused.status).toBe(409);
    expect(refused.error).toMatchObject({ code: 'timesheet_exists', details: { id: 'TS-8800001' } });
    expect(sheetsOf(body.subcontractorRef, body.startDate)).toHaveLength(0);
  });

  it("one the portal made is refused even when Nxsys's list does not show it (yet)", async () => {
    const body = sheet(7);
    const first = await postSheet(body, randomUUID());
    expect(first.status).toBe(201);
    // A list that lags behind its writes: the new sheet is not listed.
    const held = company().timesheets.splice(
      company().timesheets.findIndex((t) => t.id === first.data!.id),
      1,
    );
    const refused = await postSheet(body, randomUUID());
    company().timesheets.push(...held);
    expect(refused).toMatchObject({ status: 409, error: { code: 'timesheet_exists', details: { id: first.data!.id } } });
    expect(sheetsOf(body.subcontractorRef, body.startDate)).toHaveLength(1);
  });

  it('the same key with another body → 422 idempotency_key_reused, nothing sent', async () => {
    const key = randomUUID();
    const first = await postSheet(sheet(4), key);
    expect(first.status).toBe(201);
    const other = { ...sheet(4, '2027-03-08', '2027-03-14') };
    const reused = await postSheet(other, key);
    expect(reused.status).toBe(422);
    expect(reused.error?.code).toBe('idempotency_key_reused');
    expect(sheetsOf(other.subcontractorRef, other.startDate)).toHaveLength(0);
  });

  it('a key whose first holder died mid-call is resolved by lookup in Nxsys, not sent again', async () => {
    const body = sheet(5);
    const key = randomUUID();
    // The holder's claim, lapsed, and the sheet its call made in Nxsys just before it died.
    await lapsedClaim(key, 'timesheet.create', { ...body, confirmDuplicate: false }, body);
    company().timesheets.push(nxsysSheet(body, { id: 'TS-8800002' }));
    const retried = await postSheet(body, key);
    expect(retried).toMatchObject({ status: 201, data: { id: 'TS-8800002' } });
    expect(sheetsOf(body.subcontractorRef, body.startDate).map((t) => t.id)).toEqual(['TS-8800002']);
    // Its stored answer is what the next retry gets.
    expect(await postSheet(body, key)).toEqual(retried);
  });

  it('a key whose first holder died before Nxsys made anything is sent, once', async () => {
    const body = sheet(6);
    const key = randomUUID();
    await lapsedClaim(key, 'timesheet.create', { ...body, confirmDuplicate: false }, body);
    const [a, b] = await Promise.all([postSheet(body, key), postSheet(body, key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.data).toEqual(a.data);
    expect(sheetsOf(body.subcontractorRef, body.startDate).map((t) => t.id)).toEqual([a.data!.id]);
  });
});

describe('candidate create', () => {
  const candidate = (n: number) =>
    ukCandidateForm({ forename: 'Twice', surname: `Sent${n}`, email: `twice-${n}-${Date.now()}@example.test` });
  const named = (email: string) => company().candidates.filter((c) => c.generalSetting.email === email);

  it('sent twice at once with the same key: one candidate in Nxsys, the same answer twice', async () => {
    sb.control.setFaults({ latencyMs: 200, method: 'POST' });
    const body = candidate(1);
    const key = randomUUID();
    const [a, b] = await Promise.all([
      post('candidates/route.ts', '/api/candidates?country=uk', body, key),
      post('candidates/route.ts', '/api/candidates?country=uk', body, key),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.data).toEqual(a.data);
    expect(named(body.generalSetting.email)).toHaveLength(1);
    expect(a.data!.id).toBe(named(body.generalSetting.email)[0]!.id);
  });

  it('the same key with another body → 422', async () => {
    const key = randomUUID();
    const body = candidate(2);
    expect((await post('candidates/route.ts', '/api/candidates?country=uk', body, key)).status).toBe(201);
    const other = candidate(3);
    const reused = await post('candidates/route.ts', '/api/candidates?country=uk', other, key);
    expect(reused).toMatchObject({ status: 422, error: { code: 'idempotency_key_reused' } });
    expect(named(other.generalSetting.email)).toHaveLength(0);
  });

  it('a key whose holder died: the candidate is looked up by e-mail — found, it is the answer; not found, sent once', async () => {
    // Nxsys made it before the holder died: found, not sent again.
    const made = candidate(4);
    const madeKey = randomUUID();
    const id = sb.control.addLegacyCandidate({ companyId: 'COM-1', country: 'UK', generalSetting: made.generalSetting });
    await lapsedClaim(madeKey, 'candidate.create', { country: 'uk', body: made });
    const found = await post('candidates/route.ts', '/api/candidates?country=uk', made, madeKey);
    expect(found.status).toBe(201);
    expect(named(made.generalSetting.email)).toHaveLength(1);
    expect(found.data!.id).toBe(id);

    // It never reached Nxsys: sent again, once, however many retries at the same moment.
    const lost = candidate(5);
    const lostKey = randomUUID();
    await lapsedClaim(lostKey, 'candidate.create', { country: 'uk', body: lost });
    const [a, b] = await Promise.all([
      post('candidates/route.ts', '/api/candidates?country=uk', lost, lostKey),
      post('candidates/route.ts', '/api/candidates?country=uk', lost, lostKey),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.data).toEqual(a.data);
    expect(named(lost.generalSetting.email).map((c) => c.id)).toEqual([a.data!.id]);
  });
});

describe('payment rate create', () => {
  it('sent twice at once with the same key: one rate in Nxsys, the same answer twice', async () => {
    sb.control.setFaults({ latencyMs: 200, method: 'POST' });
    const body = paymentRateForm({ code: 'TWICE1', description: 'Sent twice' });
    const key = randomUUID();
    const [a, b] = await Promise.all([
      post('payment-rates/route.ts', '/api/payment-rates', body, key),
      post('payment-rates/route.ts', '/api/payment-rates', body, key),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.data).toEqual(a.data);
    expect(
      company()
        .paymentRates.filter((r) => r.code === 'TWICE1')
        .map((r) => r.id),
    ).toEqual([a.data!.id]);
  });

  it('the same key with another body → 422, nothing sent', async () => {
    const key = randomUUID();
    expect((await post('payment-rates/route.ts', '/api/payment-rates', paymentRateForm({ code: 'TWICE2' }), key)).status).toBe(201);
    const reused = await post('payment-rates/route.ts', '/api/payment-rates', paymentRateForm({ code: 'TWICE3' }), key);
    expect(reused).toMatchObject({ status: 422, error: { code: 'idempotency_key_reused' } });
    expect(company().paymentRates.filter((r) => r.code === 'TWICE3')).toHaveLength(0);
  });
});
