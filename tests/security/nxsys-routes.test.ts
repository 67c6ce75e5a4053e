// Security suite, Nxsys-backed routes: the real route handlers on real PostgreSQL and the in-process sandbox.
// F3 (PDF names), F4 (resource names), F8 (negative payslip amounts), F9 (cross-site audited downloads),
// F11 (one time budget per read), F12 (tokens that do not decrypt), F13 (CSV formulas), and the checks that
// already held: CSRF variants, OAuth state attacks, XSS payloads kept as text in JSON, CSV and PDF.
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as candidatesRoute from '@/app/api/candidates/route';
import * as nxsysCallback from '@/app/api/nxsys/callback/route';
import * as resourceRecord from '@/app/api/nxsys/[resource]/[id]/route';
import * as resourceList from '@/app/api/nxsys/[resource]/route';
import * as payslipPdfRoute from '@/app/api/payslips/[id]/pdf/route';
import * as payslipExport from '@/app/api/payslips/export/route';
import * as runReviewCsv from '@/app/api/payslips/runs/[year]/[period]/export.csv/route';
import * as runReviewXlsx from '@/app/api/payslips/runs/[year]/[period]/export.xlsx/route';
import * as runPayslipsZip from '@/app/api/payslips/runs/[year]/[period]/payslips.zip/route';
import * as timesheetsRoute from '@/app/api/timesheets/route';
import type { Keyring } from '@/lib/server/crypto/token-encryption';
import { connectionSummary } from '@/lib/connection/server';
import { nxsysRequest, READ_BUDGET_MS } from '@/lib/server/nxsys/client';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { consent } from '../helpers/nxsys';
import { client } from '../sandbox/helpers';
import { APP, call, configure, connectedPerson, errorCode, SAME_ORIGIN, signedIn, startSandbox, type Person } from './harness';

vi.mock('next/headers', () => import('./next-headers-stub'));

const db = testDb();
let sb: Sandbox;
let keyring: Keyring;
let admin: Person; // connected to COM-1 (payroll@brightwater.example)
const envBefore = { ...process.env };

beforeAll(async () => {
  sb = await startSandbox();
  keyring = configure({}, sb);
  admin = await connectedPerson(db, sb, keyring);
});
afterAll(async () => {
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

const payslips = () => sb.store.company('COM-1').payslips;
const auditCount = (action: string, agencyId = admin.agency.id) => db.auditEvent.count({ where: { agencyId, action } });
const pdfText = async (response: Response) =>
  (await extractText(await getDocumentProxy(new Uint8Array(await response.arrayBuffer())), { mergePages: true })).text;

/** The payslip's PDF as the admin downloads it, with the request headers given (our own page by default). */
const downloadPdf = (payslip: { id: string }, headers: Record<string, string> = SAME_ORIGIN, query = '') =>
  call(payslipPdfRoute.GET, `/api/payslips/${payslip.id}/pdf${query}`, { id: payslip.id }, { cookie: admin.cookie, headers });

describe('F3 payslip PDF: names outside Latin-1', () => {
  it('prints Polish and Irish names as written, and neither emoji nor RTL marks make it fail', async () => {
    const payslip = payslips().at(-1)!;
    payslip.subcontractorName = 'Łukasz Wiśniewski Ó Súilleabháin \u200fשלום\u200e 😀';
    const response = await downloadPdf(payslip);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(response);
    expect(text).toContain('Łukasz Wiśniewski Ó Súilleabháin');
    expect(text).not.toContain('\u200f');
  });
});

describe('F4 resource names are own keys only', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    '/api/nxsys/%s is a 404, never a 500 or an upstream call',
    async (name) => {
      sb.control.setFaults({ failRate: 1, failStatus: 500, companyId: 'COM-1' }); // an upstream call would show as 503
      try {
        const list = await call(resourceList.GET, `/api/nxsys/${name}`, { resource: name }, { cookie: admin.cookie });
        expect(list.status).toBe(404);
        expect(await errorCode(list)).toBe('not_found');
        const record = await call(
          resourceRecord.GET,
          `/api/nxsys/${name}/undefined-1`,
          { resource: name, id: 'undefined-1' },
          { cookie: admin.cookie },
        );
        expect(record.status).toBe(404);
        expect(await errorCode(record)).toBe('not_found');
      } finally {
        sb.control.clearFaults('COM-1');
      }
    },
  );
});

describe('F8 negative payslip amounts', () => {
  it('are read and shown as negatives, not dropped to "—"', async () => {
    // Payslips have no read by id in the docs: the portal finds one in the list (the link carries its period).
    const listPage = () => call(resourceList.GET, '/api/nxsys/payslips?size=100', { resource: 'payslips' }, { cookie: admin.cookie });
    const shown = ((await (await listPage()).json()) as { data: { id: string }[] }).data[1]!;
    const payslip = payslips().find((p) => p.id === shown.id)!;
    payslip.net = '-20.00';
    const response = await listPage();
    expect(response.status).toBe(200);
    const { parsePayslip } = await import('@/lib/payslips/server');
    const { formatGbp } = await import('@/lib/money');
    const listed = ((await response.json()) as { data: { id: string }[] }).data.find((p) => p.id === payslip.id);
    const parsed = parsePayslip(listed);
    expect(parsed.figures.net).toBe('-20.00');
    expect(formatGbp(parsed.figures.net)).toBe('-£20.00');
    const pdf = await downloadPdf(payslip, SAME_ORIGIN, `?taxYear=${payslip.taxYear}&taxPeriod=${payslip.taxPeriod}`);
    expect(await pdfText(pdf)).toContain('Net pay -£20.00');
  });
});

describe('F9 audited downloads only from our own pages', () => {
  const variants: [string, Record<string, string>][] = [
    ['a cross-site navigation', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' }],
    ['a same-site (sibling subdomain) request', { 'sec-fetch-site': 'same-site' }],
    ['a request with a foreign Origin', { origin: 'https://evil.example' }],
    ['a request with a foreign Referer', { referer: 'https://evil.example/page' }],
    ['a request proving nothing (Referer suppressed)', {}],
  ];
  it.each(variants)('the payslip PDF refuses %s and writes no audit row', async (_label, headers) => {
    const payslip = payslips()[0]!;
    const before = await auditCount('payslip.downloaded');
    const response = await downloadPdf(payslip, headers);
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('cross_site_request');
    expect(await auditCount('payslip.downloaded')).toBe(before);
  });

  it('the payslip export refuses a cross-site navigation and writes no audit row; our own pages still download', async () => {
    const before = await auditCount('payslips.exported');
    const refused = await call(
      payslipExport.GET,
      '/api/payslips/export',
      {},
      { cookie: admin.cookie, headers: { 'sec-fetch-site': 'cross-site' } },
    );
    expect(refused.status).toBe(403);
    expect(await auditCount('payslips.exported')).toBe(before);
    const ok = await call(payslipExport.GET, '/api/payslips/export?taxYear=2026', {}, { cookie: admin.cookie, headers: SAME_ORIGIN });
    expect(ok.status).toBe(200);
    await ok.text();
    expect(await auditCount('payslips.exported')).toBe(before + 1);
    const payslip = payslips()[0]!;
    const pdf = await downloadPdf(payslip, { referer: `${APP}/payslips/${payslip.id}` });
    expect(pdf.status).toBe(200);
  });
});

describe('pay-run downloads (issue 32) only from our own pages', () => {
  const run = { year: '2026', period: '32' };
  it.each([
    ['the review as CSV', runReviewCsv.GET, 'export.csv', 'payslip_review.exported'],
    ['the review as XLSX', runReviewXlsx.GET, 'export.xlsx', 'payslip_review.exported'],
    ["the run's payslip PDFs as a ZIP", runPayslipsZip.GET, 'payslips.zip', 'payslip_run.downloaded'],
  ] as const)(
    '%s: a cross-site navigation is refused with no audit row; our own pages download, audited',
    async (_label, GET, file, action) => {
      const path = `/api/payslips/runs/2026/32/${file}`;
      const before = await auditCount(action);
      const refused = await call(GET, path, run, {
        cookie: admin.cookie,
        headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
      });
      expect(refused.status).toBe(403);
      expect(await errorCode(refused)).toBe('cross_site_request');
      expect(await auditCount(action)).toBe(before);
      const ok = await call(GET, path, run, { cookie: admin.cookie, headers: SAME_ORIGIN });
      expect(ok.status).toBe(200);
      const bytes = Buffer.from(await ok.arrayBuffer());
      expect(bytes.length).toBeGreaterThan(0);
      // The CSV starts with its BOM and header; the XLSX and the ZIP are ZIP archives.
      if (file === 'export.csv') expect(bytes.toString('utf8')).toMatch(/^\uFEFFPay run,Payslip ID,/);
      else expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
      expect(await auditCount(action)).toBe(before + 1);
    },
  );
});

describe('F11 one time budget per upstream read', () => {
  const deps = (extra: object = {}) => ({ db, keyring, client, ...extra });
  it('is at most 20 s, and a hanging Nxsys fails within the budget instead of 3 × the timeout', async () => {
    expect(READ_BUDGET_MS).toBeLessThanOrEqual(20_000);
    sb.control.setFaults({ hangNext: 5, companyId: 'COM-1' });
    let hangsLeft: number;
    try {
      // Scaled down (1 s per attempt, 1.5 s in all) so the test is quick. Counted, not timed: after the first attempt
      // the budget has no room for another (before the fix: 3 attempts of 1 s each, plus waits).
      await expect(
        nxsysRequest(deps({ timeoutMs: 1_000, readBudgetMs: 1_500 }), admin.agency.id, { method: 'GET', path: '/nxsys/vat-code' }),
      ).rejects.toMatchObject({ code: 'nxsys_timeout' });
      hangsLeft = sb.control.companyFaults()['COM-1']![0]!.hangNext;
    } finally {
      sb.control.clearFaults('COM-1');
    }
    expect(5 - hangsLeft).toBe(1); // one attempt reached Nxsys
  });

  it('answers a Retry-After beyond the budget at once, with the time to wait', async () => {
    sb.control.setFaults({ rateLimitNext: 3, retryAfterSeconds: 3600, companyId: 'COM-1' });
    let rateLimitsLeft: number;
    try {
      const response = await call(resourceList.GET, '/api/nxsys/vat-codes', { resource: 'vat-codes' }, { cookie: admin.cookie });
      expect(response.status).toBe(429);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('nxsys_rate_limited');
      expect(body.error.message).toContain('3600');
      rateLimitsLeft = sb.control.companyFaults()['COM-1']![0]!.rateLimitNext;
    } finally {
      sb.control.clearFaults('COM-1');
    }
    expect(3 - rateLimitsLeft).toBe(1); // one attempt: no wait for a retry the budget cannot hold
  });
});

describe('F12 tokens that no longer decrypt', () => {
  it('make the connection "reconnect required" (audited), never a 500 or "Connected, last error: none"', async () => {
    const victim = await connectedPerson(db, sb, keyring, 'payroll@harbour.example');
    const other = await db.nxsysConnection.findUniqueOrThrow({ where: { agencyId: admin.agency.id } });
    // Another agency's ciphertext copied into the victim's row: encrypted with the agency id as AAD, it cannot decrypt.
    await db.nxsysConnection.update({
      where: { agencyId: victim.agency.id },
      data: { accessTokenCiphertext: other.accessTokenCiphertext, refreshTokenCiphertext: other.refreshTokenCiphertext },
    });

    const response = await call(resourceList.GET, '/api/nxsys/vat-codes', { resource: 'vat-codes' }, { cookie: victim.cookie });
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe('nxsys_reconnect_required');
    const summary = await connectionSummary(db, victim.agency.id, keyring);
    expect(summary.status).toBe('RECONNECT_REQUIRED');
    expect(summary.lastError).toMatch(/could not be decrypted/);
    expect(await auditCount('nxsys.tokens_undecryptable', victim.agency.id)).toBe(1);
  });

  it('are found out by the connection page itself, before any read', async () => {
    const victim = await connectedPerson(db, sb, keyring, 'payroll@meridian.example');
    await db.nxsysConnection.update({ where: { agencyId: victim.agency.id }, data: { accessTokenCiphertext: 'v1.k1.AAAA.BBBB.CCCC' } });
    expect(await connectionSummary(db, victim.agency.id, keyring)).toMatchObject({
      status: 'RECONNECT_REQUIRED',
      lastError: expect.stringMatching(/could not be decrypted/),
    });
    expect(await auditCount('nxsys.tokens_undecryptable', victim.agency.id)).toBe(1);
  });
});

describe('F13 CSV export: formulas stay text', () => {
  it('neutralises leading whitespace/control + formula, ;-separated embedded formulas, and strips NUL bytes', async () => {
    const [a, b, c] = payslips().slice(0, 3);
    a!.subcontractorName = ' \t=HYPERLINK("https://evil.example","x")';
    b!.subcontractorName = 'Bob;=HYPERLINK("https://evil.example")';
    c!.subcontractorName = 'Nu\u0000ll <script>alert(1)</script>';
    // The whole list (no candidate filter: the documented payslip list item names the candidate, not their id).
    const response = await call(payslipExport.GET, '/api/payslips/export', {}, { cookie: admin.cookie, headers: SAME_ORIGIN });
    expect(response.status).toBe(200);
    const cells = [await response.text()];
    const csv = cells.join('\n');
    expect(csv).toContain(`"' \t=HYPERLINK(""https://evil.example"",""x"")"`);
    expect(csv).toContain(`"Bob;'=HYPERLINK(""https://evil.example"")"`);
    expect(csv).not.toContain('\u0000');
    expect(csv).toContain('Null <script>alert(1)</script>'); // XSS payload: plain text in a text/csv download
    // No cell, split at , or ; the way a spreadsheet in any locale would, starts a formula.
    for (const line of csv.split('\r\n'))
      for (const cell of line.split(/[,;]/)) expect(cell.replace(/^"/, '')).not.toMatch(/^[\s\u0000-\u001f]*[=+@]/);
  });
});

describe('already held: CSRF variants on state-changing routes', () => {
  const body = JSON.stringify({ subcontractorRef: 'SR-1' });
  const variants: [string, Record<string, string>][] = [
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin: null (sandboxed iframe, data: URL)', { origin: 'null' }],
    ['our host on another scheme', { origin: APP.replace('http:', 'https:') }],
  ];
  it.each(variants)('a POST with %s is refused before anything runs', async (_label, headers) => {
    const response = await call(
      timesheetsRoute.POST,
      '/api/timesheets',
      {},
      { method: 'POST', cookie: admin.cookie, headers: { 'content-type': 'application/json', ...headers }, body },
    );
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('cross_site_request');
  });

  it('a cross-site HTML form (text/plain, no preflight) cannot post JSON', async () => {
    const response = await call(
      candidatesRoute.POST,
      '/api/candidates',
      {},
      { method: 'POST', cookie: admin.cookie, headers: { 'content-type': 'text/plain' }, body: '{"forename":"x"}' },
    );
    expect(response.status).toBe(415);
  });
});

describe('already held: OAuth state attacks on the callback', () => {
  async function begin(person: Person) {
    const { beginConnect } = await import('@/lib/connection/server');
    const { nxsysSettings } = await import('@/lib/server/nxsys/settings');
    return beginConnect(db, keyring, nxsysSettings(), { id: person.id, sessionId: person.sessionId, agency: person.agency });
  }
  const callback = (person: Person | undefined, query: Record<string, string | null>) => {
    const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== null));
    return call(nxsysCallback.GET, `/api/nxsys/callback?${q}`, {}, { cookie: person?.cookie });
  };
  const target = (response: Response) =>
    new URL(response.headers.get('location')!).pathname + new URL(response.headers.get('location')!).search;

  it("a missing, unknown, replayed or other session's state stores nothing; the code never reaches a URL", async () => {
    const victim = await signedIn(db, 'ADMIN');
    const attacker = await signedIn(db, 'ADMIN');
    const attackerGrant = await consent(sb, await begin(attacker), 'payroll@harbour.example');
    // Login CSRF on the connection: the victim is made to complete the attacker's grant.
    expect(target(await callback(victim, { state: attackerGrant.state, code: attackerGrant.code }))).toBe(
      '/connection?error=state_other_session',
    );
    expect(target(await callback(victim, { state: null, code: attackerGrant.code }))).toBe('/connection?error=missing_state');
    expect(target(await callback(victim, { state: 'forged-state', code: 'x' }))).toBe('/connection?error=invalid_state');
    expect(await db.nxsysConnection.count({ where: { agencyId: victim.agency.id } })).toBe(0);

    const own = await consent(sb, await begin(victim));
    const ok = await callback(victim, { state: own.state, code: own.code });
    expect(target(ok)).toBe('/connection?connected=1');
    expect(ok.headers.get('location')).not.toContain(own.code!);
    const replay = await callback(victim, { state: own.state, code: own.code });
    expect(target(replay)).toBe('/connection?error=state_reused');
    expect(await callback(undefined, { state: own.state, code: own.code }).then(target)).toBe('/connection?error=signed_out');
  });
});

describe('already held: XSS payloads stay data', () => {
  it('a candidate named with markup comes back as JSON text, never as HTML', async () => {
    const payload = '<img src=x onerror=alert(document.cookie)>"\'><script>alert(1)</script>';
    const candidate = sb.store.company('COM-1').candidates[0]!;
    candidate.generalSetting = { ...candidate.generalSetting, forename: payload };
    const response = await call(
      resourceRecord.GET,
      `/api/nxsys/candidates/${candidate.id}`,
      { resource: 'candidates', id: candidate.id },
      { cookie: admin.cookie },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.stringify(await response.json())).toContain(JSON.stringify(payload).slice(1, -1));
  });

  it('a payslip for a name with markup prints it as text in the PDF', async () => {
    const payslip = payslips().at(-3)!;
    payslip.subcontractorName = '<script>alert(1)</script>';
    const response = await downloadPdf(payslip);
    expect(await pdfText(response)).toContain('<script>alert(1)</script>');
  });
});
