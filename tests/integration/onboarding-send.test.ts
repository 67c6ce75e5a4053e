import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as onboardRoute from '@/app/api/onboard/route';
import {
  inviteCandidate,
  listOnboarding,
  openOnboarding,
  resendOnboarding,
  sendOnboardingToNxsys,
  submissionFor,
  submitOnboarding,
} from '@/lib/onboarding/server';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { decryptToken, generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { log } from '@/lib/server/log';
import { stopJobEngine } from '@/lib/server/jobs';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { ieCandidateForm, ukCandidateForm } from '../helpers/fixtures';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';

const db = testDb();
let sb: Sandbox;
let admin: CurrentUser;
const envBefore = { ...process.env };
const stamp = Date.now();
const key = generateKeyringEntry('k1');
const keyring = parseKeyring(key);

beforeAll(async () => {
  sb = await sandboxFor();
  Object.assign(process.env, productEnv(sb, key), { JOBS_WORKERS: 'off' });
  admin = (await connectedAdmin(db, keyring, nxsysSettings(), sb)) as unknown as CurrentUser;
});
afterAll(async () => {
  await stopJobEngine({ graceful: false });
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

const createsSent = () => sb.control.requests().filter((r) => r.path.startsWith('/nxsys/candidates') && r.method === 'POST').length;

describe('sending a submission to Nxsys', () => {
  for (const country of ['uk', 'ie'] as const) {
    it(`${country}: two sends at once make one candidate; the SR id is kept and the submission deleted`, async () => {
      const email = `self-${country}-${stamp}@example.test`;
      const { summary, token } = await inviteCandidate(db, admin, { name: 'Sam Self', email, country, agencySettings: {} });
      const name = { forename: 'Sam', surname: `Self${country}${stamp}`, email };
      await submitOnboarding(db, token, country === 'uk' ? ukCandidateForm(name) : ieCandidateForm(name), { keyring });
      const { values, version } = await submissionFor(db, admin, summary.id, { keyring });

      const before = createsSent();
      const [a, b] = await Promise.all([
        sendOnboardingToNxsys(admin, summary.id, values, version),
        sendOnboardingToNxsys(admin, summary.id, values, version),
      ]);
      expect(createsSent() - before).toBe(1);
      expect(a.id).toMatch(/\S/);
      expect(b.id).toBe(a.id);

      const row = await db.onboardingInvitation.findUniqueOrThrow({ where: { id: summary.id } });
      expect(row).toMatchObject({ srId: a.id, submission: null, tokenHash: null });
      expect((await listOnboarding(db, admin.agency.id)).find((s) => s.id === summary.id)).toMatchObject({ state: 'Sent', srId: a.id });
      expect(await openOnboarding(db, token, { keyring })).toBeNull();
      await expect(submissionFor(db, admin, summary.id, { keyring })).rejects.toMatchObject({ code: 'not_found' });
      expect(await db.auditEvent.count({ where: { agencyId: admin.agency.id, action: 'onboarding.sent', targetId: summary.id } })).toBe(1);
      // Once more later: answered from the invitation, nothing sent.
      expect(await sendOnboardingToNxsys(admin, summary.id, values, version)).toEqual({ id: a.id });
      expect(createsSent() - before).toBe(1);
    });
  }
});

describe('a review opened before the candidate changed their details', () => {
  it('is refused (nothing sent to Nxsys); the review of the corrected details is sent', async () => {
    const email = `stale-${stamp}@example.test`;
    const { summary, token } = await inviteCandidate(db, admin, { name: 'Stella Stale', email, country: 'uk', agencySettings: {} });
    const name = { forename: 'Stella', surname: `Stale${stamp}`, email };
    await submitOnboarding(db, token, ukCandidateForm(name), { keyring });
    const first = await submissionFor(db, admin, summary.id, { keyring }); // a tab left open on this review
    const { token: again } = await resendOnboarding(db, admin, summary.id, 'Please check your bank details.', { keyring });
    const corrected = ukCandidateForm(name);
    corrected.bankSetting.accountNumber = '87654321';
    // A second later: the new submission's time differs from the first's.
    await submitOnboarding(db, again, corrected, { keyring, now: new Date(Date.now() + 1000) });

    const before = createsSent();
    await expect(sendOnboardingToNxsys(admin, summary.id, first.values, first.version)).rejects.toMatchObject({
      code: 'submission_changed',
    });
    await expect(sendOnboardingToNxsys(admin, summary.id, first.values, null)).rejects.toMatchObject({ code: 'submission_changed' });
    expect(createsSent() - before).toBe(0);
    const second = await submissionFor(db, admin, summary.id, { keyring });
    expect(second.values.bankSetting!.accountNumber).toBe('87654321');
    expect((await sendOnboardingToNxsys(admin, summary.id, second.values, second.version)).id).toMatch(/\S/);
    expect(createsSent() - before).toBe(1);
    const sentBody = sb.control
      .requests()
      .filter((r) => r.path.startsWith('/nxsys/candidates') && r.method === 'POST')
      .at(-1);
    expect(JSON.stringify(sentBody)).toContain('87654321');
  });
});

describe('no submitted detail in logs, audit rows or e-mails', () => {
  for (const country of ['uk', 'ie'] as const) {
    it(`${country}: from the invitation through a refused submit, changes asked for, to the send to Nxsys`, async () => {
      const lines: string[] = [];
      const spies = (['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const).map((level) =>
        vi
          .spyOn(log, level)
          .mockImplementation(((...args: unknown[]) => void lines.push(JSON.stringify(args, Object.getOwnPropertyNames))) as never),
      );
      try {
        const email = `quiet-${country}-${stamp}@example.test`;
        const { summary, token } = await inviteCandidate(db, admin, { name: 'Quinn Quiet', email, country, agencySettings: {} });
        const name = { forename: 'Quinn', surname: `Quiet${country}${stamp}`, email };
        const values = country === 'uk' ? ukCandidateForm(name) : ieCandidateForm(name);
        const call = (method: 'PUT' | 'POST', json: unknown) =>
          onboardRoute[method](
            new Request(`${process.env.NEXTAUTH_URL}/api/onboard`, {
              method,
              headers: { 'content-type': 'application/json', origin: process.env.NEXTAUTH_URL! },
              body: JSON.stringify(json),
            }),
          );
        expect((await call('PUT', { token, values })).status).toBe(204);
        // A wrong IBAN / sort code is refused at the field: the refusal names the field, not the value.
        const bad =
          country === 'uk'
            ? { ...values, bankSetting: { ...values.bankSetting, sortCode: '99-99-9' } }
            : { ...values, bankSetting: { ...values.bankSetting, IBANReference: 'IE29AIBK93115212345679' } };
        expect((await call('POST', { token, values: bad })).status).toBe(400);
        expect((await call('POST', { token, values })).status).toBe(204);
        const { token: again } = await resendOnboarding(db, admin, summary.id, 'Please check your bank details.', { keyring });
        expect((await call('POST', { token: again, values })).status).toBe(204);
        const { values: reviewed, version } = await submissionFor(db, admin, summary.id, { keyring });
        expect((await sendOnboardingToNxsys(admin, summary.id, reviewed, version)).id).toMatch(/\S/);

        const g = values.generalSetting;
        const b = values.bankSetting;
        const secrets =
          country === 'uk'
            ? [
                g.NINumber!,
                g.NINumber!.replace(/(..)(..)(..)(..)(.)/, '$1 $2 $3 $4 $5'),
                b.accountNumber!,
                b.sortCode!,
                b.sortCode!.replace(/-/g, ''),
                '99-99-9',
              ]
            : [values.payrollSetting.PPSNumber!, b.IBANReference!, 'IE29 AIBK 9311 5212 3456 78', 'IE29AIBK93115212345679', b.SWIFTNo!];
        const audit = JSON.stringify(await db.auditEvent.findMany({ where: { agencyId: admin.agency.id } }));
        const outbox = await db.mailOutbox.findMany({ where: { toAddress: email } });
        expect(outbox).toHaveLength(2); // the invitation and the request for changes
        const mails = JSON.stringify(
          outbox.map((m) => [m.subject, m.bodyCiphertext ? decryptToken(keyring, m.bodyCiphertext, `mail:${m.id}`) : null]),
        );
        const logged = lines.join('\n');
        for (const secret of secrets) {
          expect(audit, 'audit rows').not.toContain(secret);
          expect(mails, 'e-mails').not.toContain(secret);
          expect(logged, 'logs').not.toContain(secret);
        }
        expect(mails).toContain('Please check your bank details.'); // the e-mails were read
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
    });
  }
});
