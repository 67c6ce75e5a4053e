// Every /api route handler, called as Next calls it (a Request and its params), against real PostgreSQL and the
// in-process Nxsys sandbox: signed out → 401, staff on admin routes → 403, cross-site state changes → 403, and
// agency B never reads or writes agency A's records. The route files are enumerated from app/api, so a new route
// without an entry in ROUTES fails the first test.
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '@/lib/server/auth/sessions';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import type { Sandbox } from '../../sandbox/server';
import { createUser, testDb } from '../helpers/db';
import { paymentRateForm, ukCandidateForm } from '../helpers/fixtures';
import { API_DIR, METHODS, NOT_AUTHED, routeFiles, type Method } from '../helpers/api-routes';
import { connectedAdmin, productEnv, TEST_APP_ORIGIN, TEST_NEXTAUTH_SECRET } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';

const db = testDb();
const ORIGIN = TEST_APP_ORIGIN;
const SECRET = TEST_NEXTAUTH_SECRET;
const envBefore = { ...process.env };
const policy = { idleMs: 3_600_000, absoluteMs: 3_600_000 };

type Role = 'admin' | 'staff';
interface RouteSpec {
  /** Who may call it. */
  role: Role;
  /** A URL and params to call it with (ids of agency A's records, filled in once they exist). */
  call: () => { url: string; params?: Record<string, string>; body?: unknown };
}

// Agency A's records, found through A's own session in beforeAll.
const a = {
  candidateUk: '',
  candidateIe: '',
  paymentRate: '',
  timesheet: '',
  payslip: '',
  payslipCandidate: '',
  staffUserId: '',
  invitation: '',
  importId: '',
  onboarding: '',
};

const candidateBody = () => ukCandidateForm({ forename: 'Route', surname: 'Test', email: 'route.test@example.com' });
const rateBody = (code: string) => paymentRateForm({ code, description: 'Route test rate' });
const lines = () => [{ rateId: a.paymentRate, rate: '12.50', units: '8', vatID: 'VC-2' }];

const ROUTES: Record<string, Partial<Record<Method, RouteSpec>>> = {
  'account/notifications/route.ts': {
    GET: { role: 'staff', call: () => ({ url: '/api/account/notifications' }) },
    PUT: {
      role: 'staff',
      call: () => ({
        url: '/api/account/notifications',
        body: { connection: true, imports: false, right_to_work: true, timesheet_reminders: true },
      }),
    },
  },
  'invitations/route.ts': {
    GET: { role: 'admin', call: () => ({ url: '/api/invitations' }) },
    POST: {
      role: 'admin',
      call: () => ({
        url: '/api/invitations',
        body: { name: 'Invited Person', email: `invited-${Date.now()}@example.test`, role: 'STAFF' },
      }),
    },
  },
  'invitations/[id]/route.ts': {
    DELETE: { role: 'admin', call: () => ({ url: `/api/invitations/${a.invitation}`, params: { id: a.invitation } }) },
  },
  'invitations/[id]/resend/route.ts': {
    POST: { role: 'admin', call: () => ({ url: `/api/invitations/${a.invitation}/resend`, params: { id: a.invitation } }) },
  },
  'account/password/route.ts': {
    POST: {
      role: 'staff',
      // A wrong current password: the route is reached (400 at the field), nothing changes for the other tests.
      call: () => ({
        url: '/api/account/password',
        body: { currentPassword: 'not it', newPassword: 'a new long password 1', confirmPassword: 'a new long password 1' },
      }),
    },
  },
  // Second factors: wrong or absent codes reach the routes and change nothing; the policy is set to what it is.
  'account/totp/route.ts': {
    POST: { role: 'staff', call: () => ({ url: '/api/account/totp' }) },
    DELETE: { role: 'staff', call: () => ({ url: '/api/account/totp', body: { code: '000000' } }) },
  },
  'account/totp/confirm/route.ts': {
    POST: { role: 'staff', call: () => ({ url: '/api/account/totp/confirm', body: { code: '000000' } }) },
  },
  'account/recovery-codes/route.ts': {
    POST: { role: 'staff', call: () => ({ url: '/api/account/recovery-codes', body: { code: '000000' } }) },
  },
  'account/passkeys/route.ts': {
    // Not an answer to any challenge: the route is reached (400), nothing stored.
    POST: { role: 'staff', call: () => ({ url: '/api/account/passkeys', body: { name: 'Laptop', response: {} } }) },
  },
  'account/passkeys/options/route.ts': { POST: { role: 'staff', call: () => ({ url: '/api/account/passkeys/options' }) } },
  'account/passkeys/[id]/route.ts': {
    PATCH: { role: 'staff', call: () => ({ url: '/api/account/passkeys/none', params: { id: 'none' }, body: { name: 'Laptop' } }) },
    DELETE: { role: 'staff', call: () => ({ url: '/api/account/passkeys/none', params: { id: 'none' } }) },
  },
  'account/step-up/options/route.ts': { POST: { role: 'staff', call: () => ({ url: '/api/account/step-up/options' }) } },
  // A wrong password: the route is reached (422 at the field), the session's step-up time stays as it was.
  'account/step-up/route.ts': { POST: { role: 'staff', call: () => ({ url: '/api/account/step-up', body: { password: 'not it' } }) } },
  'account/sessions/route.ts': { DELETE: { role: 'staff', call: () => ({ url: '/api/account/sessions' }) } },
  'account/sessions/[id]/route.ts': {
    DELETE: { role: 'staff', call: () => ({ url: '/api/account/sessions/none', params: { id: 'none' } }) },
  },
  'staff/[id]/sessions/route.ts': {
    DELETE: { role: 'admin', call: () => ({ url: `/api/staff/${a.staffUserId}/sessions`, params: { id: a.staffUserId } }) },
  },
  'staff/mfa-policy/route.ts': { PUT: { role: 'admin', call: () => ({ url: '/api/staff/mfa-policy', body: { requireMfa: false } }) } },
  'staff/reminders/route.ts': {
    PUT: {
      role: 'admin',
      call: () => ({ url: '/api/staff/reminders', body: { enabled: false, day: 1, time: '08:00', timeZone: 'Europe/London' } }),
    },
  },
  'staff/[id]/second-factors/route.ts': {
    DELETE: { role: 'admin', call: () => ({ url: `/api/staff/${a.staffUserId}/second-factors`, params: { id: a.staffUserId } }) },
  },
  'activity/export/route.ts': { GET: { role: 'admin', call: () => ({ url: '/api/activity/export' }) } },
  'candidates/route.ts': { POST: { role: 'staff', call: () => ({ url: '/api/candidates?country=uk', body: candidateBody() }) } },
  'candidates/[id]/route.ts': {
    PUT: {
      role: 'staff',
      call: () => ({ url: `/api/candidates/${a.candidateUk}?country=uk`, params: { id: a.candidateUk }, body: candidateBody() }),
    },
  },
  'candidates/right-to-work/route.ts': { POST: { role: 'staff', call: () => ({ url: '/api/candidates/right-to-work' }) } },
  'candidates/export/route.ts': { GET: { role: 'staff', call: () => ({ url: '/api/candidates/export?country=uk' }) } },
  'dashboard/refresh/route.ts': { POST: { role: 'staff', call: () => ({ url: '/api/dashboard/refresh' }) } },
  'nxsys/[resource]/route.ts': {
    GET: { role: 'staff', call: () => ({ url: '/api/nxsys/candidates', params: { resource: 'candidates' } }) },
  },
  'nxsys/[resource]/[id]/route.ts': {
    GET: {
      role: 'staff',
      call: () => ({ url: `/api/nxsys/candidates/${a.candidateUk}`, params: { resource: 'candidates', id: a.candidateUk } }),
    },
  },
  'nxsys/connect/route.ts': { POST: { role: 'admin', call: () => ({ url: '/api/nxsys/connect' }) } },
  'nxsys/disconnect/route.ts': { POST: { role: 'admin', call: () => ({ url: '/api/nxsys/disconnect' }) } },
  'nxsys/test/route.ts': { POST: { role: 'staff', call: () => ({ url: '/api/nxsys/test' }) } },
  'payment-rates/route.ts': { POST: { role: 'staff', call: () => ({ url: '/api/payment-rates', body: rateBody('RTNEW') }) } },
  'payment-rates/[id]/route.ts': {
    PUT: {
      role: 'staff',
      call: () => ({ url: `/api/payment-rates/${a.paymentRate}`, params: { id: a.paymentRate }, body: rateBody('RTEDIT') }),
    },
  },
  'payslips/[id]/pdf/route.ts': {
    GET: {
      role: 'staff',
      call: () => ({ url: `/api/payslips/${a.payslip}/pdf?candidate=${a.payslipCandidate}`, params: { id: a.payslip } }),
    },
  },
  'onboarding/route.ts': {
    GET: { role: 'staff', call: () => ({ url: '/api/onboarding' }) },
    POST: {
      role: 'staff',
      call: () => ({ url: '/api/onboarding', body: { name: 'Route Onboard', email: 'route.onboard@example.com', country: 'uk' } }),
    },
  },
  'onboarding/[id]/route.ts': {
    DELETE: { role: 'staff', call: () => ({ url: `/api/onboarding/${a.onboarding}`, params: { id: a.onboarding } }) },
  },
  'onboarding/[id]/resend/route.ts': {
    POST: { role: 'staff', call: () => ({ url: `/api/onboarding/${a.onboarding}/resend`, params: { id: a.onboarding }, body: {} }) },
  },
  'onboarding/[id]/send/route.ts': {
    POST: { role: 'staff', call: () => ({ url: `/api/onboarding/${a.onboarding}/send`, params: { id: a.onboarding }, body: {} }) },
  },
  'payslips/export/route.ts': { GET: { role: 'staff', call: () => ({ url: '/api/payslips/export' }) } },
  'payslips/runs/[year]/[period]/checks/route.ts': {
    POST: {
      role: 'staff',
      call: () => ({
        url: '/api/payslips/runs/2026/32/checks',
        params: { year: '2026', period: '32' },
        body: { key: 'value:PL-1:1.00:2.00', note: 'x' },
      }),
    },
  },
  'payslips/runs/[year]/[period]/export.csv/route.ts': {
    GET: { role: 'staff', call: () => ({ url: '/api/payslips/runs/2026/32/export.csv', params: { year: '2026', period: '32' } }) },
  },
  'payslips/runs/[year]/[period]/export.xlsx/route.ts': {
    GET: { role: 'staff', call: () => ({ url: '/api/payslips/runs/2026/32/export.xlsx', params: { year: '2026', period: '32' } }) },
  },
  'payslips/runs/[year]/[period]/payslips.zip/route.ts': {
    GET: { role: 'staff', call: () => ({ url: '/api/payslips/runs/2026/32/payslips.zip', params: { year: '2026', period: '32' } }) },
  },
  'staff/route.ts': {
    GET: { role: 'admin', call: () => ({ url: '/api/staff' }) },
    POST: {
      role: 'admin',
      call: () => ({
        url: '/api/staff',
        body: { name: 'New Person', email: `new-${Date.now()}@example.test`, role: 'STAFF', password: 'a long enough password 123' },
      }),
    },
  },
  'staff/[id]/route.ts': {
    PATCH: { role: 'admin', call: () => ({ url: `/api/staff/${a.staffUserId}`, params: { id: a.staffUserId }, body: { active: false } }) },
  },
  'timesheets/route.ts': {
    POST: {
      role: 'staff',
      call: () => ({
        url: '/api/timesheets',
        body: {
          subcontractorRef: a.candidateUk,
          startDate: '2026-04-06',
          endDate: '2026-04-12',
          taxYear: 2026,
          taxPeriodConfig: 1,
          rates: lines(),
        },
      }),
    },
  },
  'timesheets/export/route.ts': { GET: { role: 'staff', call: () => ({ url: '/api/timesheets/export' }) } },
  'timesheets/existing/route.ts': {
    GET: { role: 'staff', call: () => ({ url: `/api/timesheets/existing?candidate=${a.candidateUk}&start=2026-04-06&end=2026-04-12` }) },
  },
  'timesheets/week/route.ts': {
    GET: { role: 'staff', call: () => ({ url: `/api/timesheets/week?candidate=${a.candidateUk}&start=2026-04-06` }) },
    POST: {
      role: 'staff',
      call: () => ({
        url: '/api/timesheets/week',
        body: {
          weekStart: '2026-04-06',
          workers: [
            {
              subcontractorRef: a.candidateUk,
              rows: [{ rateId: a.paymentRate, rate: '12.50', vatID: 'VC-2', hours: ['8', '', '', '', '', '', ''] }],
            },
          ],
        },
      }),
    },
  },
  'timesheets/[id]/route.ts': {
    PUT: { role: 'staff', call: () => ({ url: `/api/timesheets/${a.timesheet}`, params: { id: a.timesheet }, body: { rates: lines() } }) },
  },
  'vat-codes/route.ts': { GET: { role: 'staff', call: () => ({ url: '/api/vat-codes' }) } },
  'review/approve/route.ts': {
    POST: { role: 'admin', call: () => ({ url: '/api/review/approve', body: { drafts: [{ id: 'none', version: 1 }] } }) },
  },
  'review/return/route.ts': {
    POST: { role: 'admin', call: () => ({ url: '/api/review/return', body: { drafts: [{ id: 'none', version: 1 }], reason: 'Check' } }) },
  },
  'review/setting/route.ts': { PUT: { role: 'admin', call: () => ({ url: '/api/review/setting', body: { reviewTimesheets: false } }) } },
  'review/drafts/[id]/route.ts': {
    PUT: { role: 'staff', call: () => ({ url: '/api/review/drafts/none', params: { id: 'none' }, body: { version: 1, values: {} } }) },
  },
  'imports/route.ts': {
    GET: { role: 'staff', call: () => ({ url: '/api/imports' }) },
    POST: { role: 'staff', call: () => ({ url: '/api/imports', body: importBody() }) },
  },
  'imports/copy/route.ts': { POST: { role: 'staff', call: () => ({ url: '/api/imports/copy', body: { ids: [a.timesheet] } }) } },
  'imports/parse/route.ts': { POST: { role: 'staff', call: () => ({ url: '/api/imports/parse', body: {} }) } },
  'imports/preview/route.ts': { POST: { role: 'staff', call: () => ({ url: '/api/imports/preview', body: importBody() }) } },
  'imports/template/route.ts': { GET: { role: 'staff', call: () => ({ url: '/api/imports/template?kind=timesheets' }) } },
  'imports/[id]/route.ts': { GET: { role: 'staff', call: () => ({ url: `/api/imports/${a.importId}`, params: { id: a.importId } }) } },
  'imports/[id]/report/route.ts': {
    GET: { role: 'staff', call: () => ({ url: `/api/imports/${a.importId}/report`, params: { id: a.importId } }) },
  },
  'imports/[id]/resume/route.ts': {
    POST: { role: 'staff', call: () => ({ url: `/api/imports/${a.importId}/resume`, params: { id: a.importId } }) },
  },
  'imports/[id]/cancel/route.ts': {
    POST: { role: 'staff', call: () => ({ url: `/api/imports/${a.importId}/cancel`, params: { id: a.importId } }) },
  },
};

const importBody = () => ({
  kind: 'TIMESHEETS',
  payFrequency: 'WEEKLY',
  uploadId: 'no-such-upload',
  mapping: { employeeId: 0, taxPeriod: 1, startDate: 2, paymentCode: 3, rate: 4, unit: 5 },
  rows: [{ rowNumber: 2, cells: [a.candidateUk, '1', '06/04/2026', 'PR100', '12.50', '8'] }],
});

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const handlerOf = async (file: string, method: Method) => ((await import(path.join(API_DIR, file))) as Record<string, Handler>)[method]!;

interface Person {
  cookie: string;
  id: string;
  agencyId: string;
}

async function sessionCookie(userId: string) {
  const sid = await createSession(db, userId, policy);
  return `next-auth.session-token=${await encode({ token: { sub: userId, sid }, secret: SECRET })}`;
}

/** Calls a route handler the way Next does, as `who`, from our own pages unless `headers` say otherwise. */
async function call(file: string, method: Method, who: Person | null, headers: Record<string, string> = {}) {
  const { url, params = {}, body } = ROUTES[file]![method]!.call();
  const request = new Request(new URL(url, ORIGIN), {
    method,
    headers: {
      ...(who ? { Cookie: who.cookie } : {}),
      // As a browser on our pages sends them: Sec-Fetch-Site on every request (audited GET downloads need it), Origin on writes.
      'Sec-Fetch-Site': 'same-origin',
      ...(method !== 'GET' ? { Origin: ORIGIN } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const response = await (await handlerOf(file, method))(request, { params: Promise.resolve(params) });
  const text = await response.text();
  let json: { data?: unknown; error?: { code: string } } | null = null;
  try {
    json = JSON.parse(text);
  } catch {
    // CSV, PDF or a redirect
  }
  return { status: response.status, headers: response.headers, text, json };
}

let sb: Sandbox;
let adminA: Person, staffA: Person, adminB: Person, staffB: Person;

beforeAll(async () => {
  sb = await sandboxFor();
  const key = generateKeyringEntry('k1');
  Object.assign(process.env, productEnv(sb, key));
  const keyring = parseKeyring(key);
  const person = async (agencyId: string, role: 'ADMIN' | 'STAFF'): Promise<Person> => {
    const user = await createUser(db, agencyId, { role });
    return { id: user.id, agencyId, cookie: await sessionCookie(user.id) };
  };
  // A is the sandbox's company COM-1, B its company COM-2: each agency's token sees only its own company.
  const connectedA = await connectedAdmin(db, keyring, nxsysSettings(), sb, 'payroll@brightwater.example');
  const connectedB = await connectedAdmin(db, keyring, nxsysSettings(), sb, 'payroll@harbour.example');
  adminA = { id: connectedA.id, agencyId: connectedA.agency.id, cookie: await sessionCookie(connectedA.id) };
  adminB = { id: connectedB.id, agencyId: connectedB.agency.id, cookie: await sessionCookie(connectedB.id) };
  staffA = await person(adminA.agencyId, 'STAFF');
  staffB = await person(adminB.agencyId, 'STAFF');

  const company = sb.store.company('COM-1');
  a.candidateUk = company.candidates.find((c) => c.country === 'UK')!.id;
  a.candidateIe = company.candidates.find((c) => c.country === 'IE')!.id;
  a.paymentRate = company.paymentRates[0]!.id;
  a.timesheet = company.timesheets.find((t) => t.approveStatus === 'PENDING_AGENCY_APPROVAL')!.id;
  a.payslip = company.payslips[0]!.id;
  a.payslipCandidate = company.payslips[0]!.candidateId;
  a.staffUserId = staffA.id;
  a.invitation = (
    await db.invitation.create({
      data: {
        agencyId: adminA.agencyId,
        email: `pending-${Date.now()}@example.test`,
        name: 'Pending Person',
        tokenHash: `route-test-${Date.now()}`,
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    })
  ).id;
  const imported = await db.importJob.create({
    data: {
      agencyId: adminA.agencyId,
      kind: 'TIMESHEETS',
      fileName: 'a.csv',
      fileHash: 'b'.repeat(64),
      header: ['Employee ID'],
      rows: [{ rowNumber: 2, cells: [a.candidateUk] }],
      total: 1,
      status: 'FINISHED',
    },
  });
  a.importId = imported.id;
  a.onboarding = (
    await db.onboardingInvitation.create({
      data: {
        agencyId: adminA.agencyId,
        name: 'Onboarding Person',
        email: 'onboarding.person@example.test',
        country: 'uk',
        tokenHash: `route-test-onboarding-${Date.now()}`,
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    })
  ).id;
});

afterAll(async () => {
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

const cases = () =>
  Object.entries(ROUTES).flatMap(([file, methods]) =>
    Object.entries(methods).map(([method, spec]) => ({ file, method: method as Method, spec: spec! })),
  );

describe('every route file', () => {
  it('is listed here with each method it exports', async () => {
    for (const file of routeFiles()) {
      if (NOT_AUTHED.has(file)) continue;
      expect(Object.keys(ROUTES), `app/api/${file} needs an entry in ROUTES`).toContain(file);
      const exported = Object.keys(await import(path.join(API_DIR, file))).filter((k) => (METHODS as readonly string[]).includes(k));
      expect(exported.sort(), `methods of app/api/${file}`).toEqual(Object.keys(ROUTES[file]!).sort());
    }
  });
});

describe('signed out', () => {
  it.each(cases())('$method $file → 401', async ({ file, method }) => {
    const response = await call(file, method, null);
    expect(response.status).toBe(401);
    expect(response.json?.error?.code).toBe('unauthenticated');
  });

  it('the OAuth callback stores nothing and sends the browser to sign in again', async () => {
    const { GET } = (await import(path.join(API_DIR, 'nxsys/callback/route.ts'))) as { GET: (r: Request) => Promise<Response> };
    const response = await GET(new Request(`${ORIGIN}/api/nxsys/callback?code=x&state=y`));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${ORIGIN}/connection?error=signed_out`);
  });
});

describe('routes without a session', () => {
  const PUBLIC: Record<string, unknown> = {
    'invitations/accept/route.ts': { token: 'x'.repeat(43), password: 'a long enough password 123' },
    'password-reset/route.ts': { email: 'someone@example.test' },
    'password-reset/confirm/route.ts': { token: 'x'.repeat(43), password: 'a long enough password 123' },
    'sign-in/passkey/route.ts': {},
  };
  const post = async (file: string, headers: Record<string, string>) => {
    const { POST } = (await import(path.join(API_DIR, file))) as { POST: (r: Request) => Promise<Response> };
    return POST(
      new Request(`${ORIGIN}/api/${file.replace('/route.ts', '')}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(PUBLIC[file]),
      }),
    );
  };

  it.each(Object.keys(PUBLIC))('POST %s from another site → 403', async (file) => {
    const attempts: Record<string, string>[] = [
      { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' },
      { Origin: 'https://evil.example' },
      {},
    ];
    for (const headers of attempts) {
      const response = await post(file, headers);
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe('cross_site_request');
    }
  });

  it('an unknown link token is refused the same way for invitations and resets (410 link_invalid)', async () => {
    for (const file of ['invitations/accept/route.ts', 'password-reset/confirm/route.ts']) {
      const response = await post(file, { 'Sec-Fetch-Site': 'same-origin', Origin: ORIGIN });
      expect(response.status, file).toBe(410);
      expect((await response.json()).error.code).toBe('link_invalid');
    }
  });
});

describe('staff on admin routes', () => {
  it.each(cases().filter((c) => c.spec.role === 'admin'))('$method $file → 403', async ({ file, method }) => {
    const response = await call(file, method, staffA);
    expect(response.status).toBe(403);
    expect(response.json?.error?.code).toBe('forbidden');
  });

  it('cannot complete an OAuth callback', async () => {
    const { GET } = (await import(path.join(API_DIR, 'nxsys/callback/route.ts'))) as { GET: (r: Request) => Promise<Response> };
    const response = await GET(new Request(`${ORIGIN}/api/nxsys/callback?code=x&state=y`, { headers: { Cookie: staffA.cookie } }));
    expect(response.headers.get('location')).toBe(`${ORIGIN}/connection?error=state_other_session`);
  });
});

describe('cross-site state changes', () => {
  const changing = cases().filter((c) => c.method !== 'GET');
  it.each(changing)('$method $file from another site → 403 (Sec-Fetch-Site)', async ({ file, method, spec }) => {
    const who = spec.role === 'admin' ? adminA : staffA;
    const response = await call(file, method, who, { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(response.json?.error?.code).toBe('cross_site_request');
  });

  it.each(changing)('$method $file with a foreign Origin only → 403', async ({ file, method, spec }) => {
    const who = spec.role === 'admin' ? adminA : staffA;
    const response = await call(file, method, who, { 'Sec-Fetch-Site': '', Origin: 'https://evil.example' });
    expect(response.status).toBe(403);
  });

  it('leaves nothing changed: staff stays active, the connection stays', async () => {
    await call('staff/[id]/route.ts', 'PATCH', adminA, { 'Sec-Fetch-Site': 'same-site' });
    expect((await db.user.findUniqueOrThrow({ where: { id: staffA.id } })).deactivatedAt).toBeNull();
    expect((await db.nxsysConnection.findUnique({ where: { agencyId: adminA.agencyId } }))?.status).toBe('CONNECTED');
  });
});

describe('agency B, signed in, against agency A', () => {
  const idsIn = (text: string, prefix: string) => new Set(text.match(new RegExp(`${prefix}-\\d+`, 'g')) ?? []);
  const ofCompany = (companyId: string) => {
    const c = sb.store.company(companyId);
    return new Set([...c.candidates, ...c.paymentRates, ...c.timesheets, ...c.payslips].map((r) => r.id));
  };

  it('lists and exports only its own records, for every resource', async () => {
    const mineB = ofCompany('COM-2');
    const theirsA = ofCompany('COM-1');
    for (const resource of ['candidates', 'candidates-ireland', 'payment-rates', 'timesheets', 'payslips']) {
      const { GET } = (await import(path.join(API_DIR, 'nxsys/[resource]/route.ts'))) as { GET: Handler };
      const response = await GET(new Request(`${ORIGIN}/api/nxsys/${resource}?size=100`, { headers: { Cookie: staffB.cookie } }), {
        params: Promise.resolve({ resource }),
      });
      expect(response.status, resource).toBe(200);
      const ids = [...idsIn(await response.text(), '(?:SR|PR|TS|PL)')];
      expect(ids.length, `${resource} of B`).toBeGreaterThan(0);
      expect(
        ids.filter((id) => theirsA.has(id)),
        `${resource}: A's records in B's list`,
      ).toEqual([]);
      expect(ids.every((id) => mineB.has(id))).toBe(true);
    }
    for (const file of [
      'candidates/export/route.ts',
      'payslips/export/route.ts',
      'timesheets/export/route.ts',
      'payslips/runs/[year]/[period]/export.csv/route.ts',
    ]) {
      const { text, status } = await call(file, 'GET', staffB);
      expect(status).toBe(200);
      expect(
        [...idsIn(text, '(?:SR|PL|TS)')].filter((id) => theirsA.has(id)),
        file,
      ).toEqual([]);
    }
  });

  it('cannot read one of A’s records by id, nor download A’s payslip', async () => {
    for (const [resource, id] of [
      ['candidates', a.candidateUk],
      ['candidates-ireland', a.candidateIe],
      ['payment-rates', a.paymentRate],
      ['timesheets', a.timesheet],
    ]) {
      const { GET } = (await import(path.join(API_DIR, 'nxsys/[resource]/[id]/route.ts'))) as { GET: Handler };
      const response = await GET(new Request(`${ORIGIN}/api/nxsys/${resource}/${id}`, { headers: { Cookie: staffB.cookie } }), {
        params: Promise.resolve({ resource: resource!, id: id! }),
      });
      expect(response.status, `${resource} ${id}`).toBe(404);
    }
    const pdf = await call('payslips/[id]/pdf/route.ts', 'GET', staffB);
    expect(pdf.status).toBe(404);
    expect(await db.auditEvent.count({ where: { agencyId: adminB.agencyId, action: 'payslip.downloaded' } })).toBe(0);
  });

  it('cannot see A’s imports, their progress or their reports', async () => {
    for (const file of ['imports/[id]/route.ts', 'imports/[id]/report/route.ts']) {
      const response = await call(file, 'GET', staffB);
      expect(response.status, file).toBe(404);
      expect(response.text).not.toContain(a.candidateUk);
    }
    const list = await call('imports/route.ts', 'GET', staffB);
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(a.importId);
    // Nor resume or cancel them.
    const before = await db.importJob.findUniqueOrThrow({ where: { id: a.importId }, select: { status: true } });
    for (const file of ['imports/[id]/resume/route.ts', 'imports/[id]/cancel/route.ts']) {
      expect((await call(file, 'POST', staffB)).status, file).toBe(404);
    }
    expect(await db.importJob.findUniqueOrThrow({ where: { id: a.importId }, select: { status: true } })).toEqual(before);
    expect((await call('imports/[id]/route.ts', 'GET', staffA)).status).toBe(200);
  });

  it('cannot resend, revoke or send A’s onboarding link, nor see it listed', async () => {
    const before = JSON.stringify(await db.onboardingInvitation.findUniqueOrThrow({ where: { id: a.onboarding } }));
    for (const [file, method] of [
      ['onboarding/[id]/resend/route.ts', 'POST'],
      ['onboarding/[id]/route.ts', 'DELETE'],
      ['onboarding/[id]/send/route.ts', 'POST'],
    ] as const) {
      expect((await call(file, method, staffB)).status, file).toBe(404);
    }
    expect(JSON.stringify(await db.onboardingInvitation.findUniqueOrThrow({ where: { id: a.onboarding } }))).toBe(before);
    const list = await call('onboarding/route.ts', 'GET', staffB);
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(a.onboarding);
  });

  it('cannot copy A’s timesheets', async () => {
    const response = await call('imports/copy/route.ts', 'POST', staffB);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ data: { preview: { timesheets: [], skipped: [{ id: a.timesheet }] } } });
  });

  it('cannot change A’s candidate, payment rate or timesheet', async () => {
    const company = sb.store.company('COM-1');
    const snapshot = () => JSON.stringify([company.candidates, company.paymentRates, company.timesheets]);
    const before = snapshot();
    for (const file of ['candidates/[id]/route.ts', 'payment-rates/[id]/route.ts', 'timesheets/[id]/route.ts']) {
      const response = await call(file, 'PUT', staffB);
      expect(response.status, file).toBe(404);
    }
    expect(snapshot()).toBe(before);
  });

  it('creates records in its own company only', async () => {
    const counts = (companyId: string) => {
      const c = sb.store.company(companyId);
      return [c.candidates.length, c.paymentRates.length];
    };
    const beforeA = counts('COM-1');
    const beforeB = counts('COM-2');
    expect((await call('candidates/route.ts', 'POST', staffB)).status).toBe(201);
    expect((await call('payment-rates/route.ts', 'POST', staffB)).status).toBe(201);
    expect(counts('COM-1')).toEqual(beforeA);
    expect(counts('COM-2')).toEqual([beforeB[0]! + 1, beforeB[1]! + 1]);
    // A timesheet for A's candidate is refused: B's company has no such candidate.
    const sheet = await call('timesheets/route.ts', 'POST', staffB);
    expect(sheet.status).toBeGreaterThanOrEqual(400);
    expect(sb.store.company('COM-1').timesheets.some((t) => t.createdAt > new Date(Date.now() - 60_000).toISOString())).toBe(false);
  });

  it('sees, adds and deactivates only its own staff', async () => {
    const list = await call('staff/route.ts', 'GET', adminB);
    const ids = (list.json!.data as { id: string }[]).map((s) => s.id);
    expect(ids).toContain(staffB.id);
    expect(ids).not.toContain(staffA.id);
    expect(ids).not.toContain(adminA.id);

    const added = await call('staff/route.ts', 'POST', adminB);
    expect(added.status).toBe(201);
    const addedId = (added.json!.data as { id: string }).id;
    expect((await db.user.findUniqueOrThrow({ where: { id: addedId } })).agencyId).toBe(adminB.agencyId);

    const deactivate = await call('staff/[id]/route.ts', 'PATCH', adminB);
    expect(deactivate.status).toBe(404);
    expect((await db.user.findUniqueOrThrow({ where: { id: staffA.id } })).deactivatedAt).toBeNull();
  });

  it('cannot see, resend or revoke A’s invitations', async () => {
    const list = await call('invitations/route.ts', 'GET', adminB);
    expect((list.json!.data as { id: string }[]).map((i) => i.id)).not.toContain(a.invitation);
    expect((await call('invitations/[id]/resend/route.ts', 'POST', adminB)).status).toBe(404);
    expect((await call('invitations/[id]/route.ts', 'DELETE', adminB)).status).toBe(404);
    const invitation = await db.invitation.findUniqueOrThrow({ where: { id: a.invitation } });
    expect(invitation.revokedAt).toBeNull();
    expect(invitation.tokenHash).toMatch(/^route-test-/);
  });

  it('changes only its own e-mail settings', async () => {
    expect((await call('account/notifications/route.ts', 'PUT', staffB)).status).toBe(200);
    expect(await db.notificationOptOut.findMany({ where: { userId: staffB.id } })).toEqual([expect.objectContaining({ kind: 'imports' })]);
    expect(await db.notificationOptOut.count({ where: { userId: { in: [staffA.id, adminA.id] } } })).toBe(0);
  });

  it('connects, tests and disconnects only its own connection', async () => {
    const since = new Date();
    const connect = await call('nxsys/connect/route.ts', 'POST', adminB);
    expect(connect.status).toBe(303);
    expect(await db.oAuthState.count({ where: { agencyId: adminB.agencyId, createdAt: { gte: since } } })).toBe(1);
    expect(await db.oAuthState.count({ where: { agencyId: adminA.agencyId, createdAt: { gte: since } } })).toBe(0);

    const test = await call('nxsys/test/route.ts', 'POST', staffB);
    expect(test.status).toBe(200);

    const disconnect = await call('nxsys/disconnect/route.ts', 'POST', adminB);
    expect(disconnect.status).toBe(303);
    expect(await db.nxsysConnection.findUnique({ where: { agencyId: adminB.agencyId } })).toBeNull();
    expect((await db.nxsysConnection.findUnique({ where: { agencyId: adminA.agencyId } }))?.status).toBe('CONNECTED');
    // A still works after B left.
    expect((await call('vat-codes/route.ts', 'GET', staffA)).status).toBe(200);
  });
});
