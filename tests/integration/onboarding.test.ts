import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as onboardRoute from '@/app/api/onboard/route';
import { log } from '@/lib/server/log';
import {
  inviteCandidate,
  listOnboarding,
  ONBOARDING_LIMITS,
  ONBOARDING_TTL_MS,
  openOnboarding,
  purgeStaleSubmissions,
  resendOnboarding,
  revokeOnboarding,
  saveDraft,
  submissionFor,
  submitOnboarding,
  SUBMISSION_TTL_MS,
  takeOnboardingAttempt,
} from '@/lib/onboarding/server';
import { hashLinkToken } from '@/lib/server/auth/link-tokens';
import { decryptToken, generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { stopJobEngine } from '@/lib/server/jobs';
import { createAgency, createUser, testDb } from '../helpers/db';
import { ieCandidateForm, ukCandidateForm } from '../helpers/fixtures';
import { TEST_APP_ORIGIN, TEST_NEXTAUTH_SECRET } from '../helpers/nxsys';

const db = testDb();
const keyEntry = generateKeyringEntry('k1');
const keyring = parseKeyring(keyEntry);
const envBefore = { ...process.env };

beforeAll(() => {
  Object.assign(process.env, {
    NEXTAUTH_URL: TEST_APP_ORIGIN,
    NEXTAUTH_SECRET: TEST_NEXTAUTH_SECRET,
    TOKEN_ENCRYPTION_KEY: keyEntry,
    JOBS_WORKERS: 'off',
  });
});
afterAll(async () => {
  await stopJobEngine({ graceful: false });
  process.env = envBefore;
  await db.$disconnect();
});

async function staffOfNewAgency() {
  const agency = await createAgency(db);
  const user = await createUser(db, agency.id);
  return { id: user.id, name: user.name, agency: { id: agency.id, name: agency.name } };
}

const unique = () => Math.random().toString(36).slice(2, 10);
const opts = (now = new Date()) => ({ now, keyring });

/** The texts of the e-mails queued to an address (the outbox stores them encrypted until sent). */
async function mailsTo(address: string) {
  const rows = await db.mailOutbox.findMany({ where: { toAddress: address }, orderBy: { createdAt: 'asc' } });
  return rows.map((r) => ({
    subject: r.subject,
    ...(JSON.parse(decryptToken(keyring, r.bodyCiphertext!, `mail:${r.id}`)) as { text: string; html: string }),
  }));
}

async function invite(country: 'uk' | 'ie' = 'uk', now = new Date()) {
  const actor = await staffOfNewAgency();
  const email = `cand-${unique()}@example.test`;
  const { summary, token } = await inviteCandidate(
    db,
    actor,
    { name: 'Cara Candidate', email, country, agencySettings: { payFrequency: 'MONTHLY' } },
    { now },
  );
  return { actor, email, summary, token };
}

describe('onboarding links', () => {
  it('e-mails a 256-bit link whose token is stored only as its hash', async () => {
    const { email, summary, token } = await invite();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    const row = await db.onboardingInvitation.findUniqueOrThrow({ where: { id: summary.id } });
    expect(row.tokenHash).toBe(hashLinkToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const [mail] = await mailsTo(email);
    expect(mail!.text).toContain(`${TEST_APP_ORIGIN}/onboard/${token}`);
    expect(summary.state).toBe('Invited');
    expect(await openOnboarding(db, token, opts())).toMatchObject({
      country: 'uk',
      agencySettings: { payFrequency: 'MONTHLY' },
      draft: {},
    });
    expect(await openOnboarding(db, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), opts())).toBeNull();
    expect(await openOnboarding(db, 'short', opts())).toBeNull();
  });

  it('a link works for 7 days, not after; a resend gives a new link and the old one stops', async () => {
    const start = new Date('2026-12-01T09:00:00Z');
    const { actor, summary, token } = await invite('uk', start);
    expect(await openOnboarding(db, token, opts(new Date(start.getTime() + ONBOARDING_TTL_MS - 1000)))).not.toBeNull();
    const late = new Date(start.getTime() + ONBOARDING_TTL_MS);
    expect(await openOnboarding(db, token, opts(late))).toBeNull();
    await expect(saveDraft(db, token, {}, opts(late))).rejects.toMatchObject({ code: 'link_invalid' });
    expect((await listOnboarding(db, actor.agency.id, late))[0]!.state).toBe('Expired');

    const { token: fresh } = await resendOnboarding(db, actor, summary.id, undefined, opts(late));
    expect(await openOnboarding(db, token, opts(late))).toBeNull();
    expect(await openOnboarding(db, fresh, opts(late))).not.toBeNull();
    await revokeOnboarding(db, actor, summary.id, opts(late));
    expect(await openOnboarding(db, fresh, opts(late))).toBeNull();
    expect((await listOnboarding(db, actor.agency.id, late))[0]!.state).toBe('Revoked');
  });

  it('saves what the candidate typed encrypted, keeps the agency’s settings, and gives it back on the same link', async () => {
    const { actor, summary, token } = await invite();
    const half = {
      generalSetting: { forename: 'Cara', NINumber: 'AB123456C', address: ['1 High Street', '', ''], payFrequency: 'WEEKLY' },
    };
    await saveDraft(db, token, half, opts());
    const row = await db.onboardingInvitation.findUniqueOrThrow({ where: { id: summary.id } });
    expect(row.submission).toMatch(/^v1\.k1\./);
    expect(row.submission).not.toContain('AB123456C');
    const reopened = await openOnboarding(db, token, opts());
    expect(reopened!.draft.generalSetting).toEqual({ ...half.generalSetting, payFrequency: 'MONTHLY' }); // the agency chose
    expect((await listOnboarding(db, actor.agency.id))[0]!.state).toBe('Started');
    // A ciphertext copied into another invitation, even of the same agency, does not decrypt there.
    const other = await inviteCandidate(db, actor, {
      name: 'Other',
      email: `o-${unique()}@example.test`,
      country: 'uk',
      agencySettings: {},
    });
    await db.onboardingInvitation.update({ where: { id: other.summary.id }, data: { submission: row.submission } });
    await expect(openOnboarding(db, other.token, opts())).rejects.toThrow(/failed authentication/);
    await expect(saveDraft(db, token, { generalSetting: { forename: 'x'.repeat(501) } }, opts())).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('submit checks the staff form’s rules at the field, then the link stops working; two submits at once store one', async () => {
    const { actor, summary, token } = await invite('ie');
    const values = ieCandidateForm({ forename: 'Aoife', surname: 'Byrne', email: 'aoife@example.test' });
    await expect(
      submitOnboarding(db, token, { ...values, bankSetting: { ...values.bankSetting, IBANReference: 'IE29AIBK93115212345679' } }, opts()),
    ).rejects.toMatchObject({ code: 'validation_failed', fieldErrors: { 'bankSetting.IBANReference': expect.any(String) } });
    const results = await Promise.allSettled([submitOnboarding(db, token, values, opts()), submitOnboarding(db, token, values, opts())]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'link_invalid' } });
    expect(await openOnboarding(db, token, opts())).toBeNull();
    await expect(saveDraft(db, token, values, opts())).rejects.toMatchObject({ code: 'link_invalid' });
    expect((await listOnboarding(db, actor.agency.id))[0]!.state).toBe('Submitted');
    const review = await submissionFor(db, actor, summary.id, opts());
    expect(review.values.payrollSetting).toMatchObject({ PPSNumber: values.payrollSetting.PPSNumber });
    expect(review.values.generalSetting!.payFrequency).toBe('MONTHLY');
    expect(await db.auditEvent.count({ where: { agencyId: actor.agency.id, action: 'onboarding.submitted' } })).toBe(1);
  });

  it('"Ask for changes" e-mails a new link with the note; the candidate finds their answers there', async () => {
    const { actor, email, summary, token } = await invite();
    const values = ukCandidateForm({ forename: 'Tom', surname: 'Baker', email: 'tom@example.test' });
    await submitOnboarding(db, token, values, opts());
    const { token: again } = await resendOnboarding(db, actor, summary.id, 'Please check your sort code.', opts());
    expect((await mailsTo(email)).at(-1)!.text).toContain('Please check your sort code.');
    expect((await openOnboarding(db, again, opts()))!.draft.bankSetting).toMatchObject({ sortCode: '12-34-56' });
    // Without a note, a submitted form is not resent (nothing to change).
    await submitOnboarding(db, again, values, opts());
    await expect(resendOnboarding(db, actor, summary.id, undefined, opts())).rejects.toMatchObject({ code: 'link_invalid' });
  });

  it('never writes a submitted detail to the audit log or an e-mail', async () => {
    const { actor, email, summary, token } = await invite();
    const values = ukCandidateForm({ forename: 'Secretia', surname: 'Hiddenfield', email: 'secret@example.test' });
    await saveDraft(db, token, values, opts());
    await submitOnboarding(db, token, values, opts());
    await resendOnboarding(db, actor, summary.id, 'One more look, please.', opts());
    const secrets = [values.generalSetting.NINumber!, '12345678', '12-34-56', 'Secretia', 'Hiddenfield', 'SW1A 1AA', '1990-05-15'];
    const audit = JSON.stringify(await db.auditEvent.findMany({ where: { agencyId: actor.agency.id } }));
    const mails = JSON.stringify(await mailsTo(email));
    for (const secret of secrets) {
      expect(audit).not.toContain(secret);
      expect(mails).not.toContain(secret);
    }
  });
});

describe('logs', () => {
  it('the candidate’s save and submit routes log no submitted detail, also when they fail', async () => {
    const lines: string[] = [];
    const spies = (['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const).map((level) =>
      vi
        .spyOn(log, level)
        .mockImplementation(((...args: unknown[]) => void lines.push(JSON.stringify(args, Object.getOwnPropertyNames))) as never),
    );
    try {
      const { token } = await invite();
      const values = ukCandidateForm({ forename: 'Logless', surname: 'Quietperson', email: 'logless@example.test' });
      const call = (method: 'PUT' | 'POST', json: unknown) =>
        onboardRoute[method](
          new Request(`${TEST_APP_ORIGIN}/api/onboard`, {
            method,
            headers: { 'content-type': 'application/json', origin: TEST_APP_ORIGIN },
            body: JSON.stringify(json),
          }),
        );
      expect((await call('PUT', { token, values })).status).toBe(204);
      const bad = { ...values, bankSetting: { ...values.bankSetting, sortCode: '99-99-9' } };
      expect((await call('POST', { token, values: bad })).status).toBe(400);
      expect((await call('PUT', { token, values: { generalSetting: { forename: 'Logless'.repeat(100) } } })).status).toBe(400);
      expect((await call('POST', { token, values })).status).toBe(204);
      expect((await call('POST', { token, values })).status).toBe(410);
      const logged = lines.join('\n');
      for (const secret of [token, values.generalSetting.NINumber!, 'Logless', 'Quietperson', '12345678', '99-99-9'])
        expect(logged).not.toContain(secret);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe('throttling', () => {
  it('refuses past the per-link limit, across clients, and counts parallel attempts exactly', async () => {
    const link = `h-${unique()}`;
    const now = new Date();
    for (let i = 0; i < ONBOARDING_LIMITS.link - 3; i += 1) await takeOnboardingAttempt(db, { link, address: `a-${unique()}` }, now);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => takeOnboardingAttempt(db, { link, address: `b-${unique()}` }, now)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    await expect(takeOnboardingAttempt(db, { link }, now)).rejects.toMatchObject({ code: 'too_many_attempts' });
    // The window slides: ten minutes on, the link works again.
    await expect(takeOnboardingAttempt(db, { link }, new Date(now.getTime() + 10 * 60_000 + 1))).resolves.toBeUndefined();
  });

  it('refuses one address that tries many links', async () => {
    const address = `addr-${unique()}`;
    const now = new Date();
    for (let i = 0; i < ONBOARDING_LIMITS.address; i += 1) await takeOnboardingAttempt(db, { link: `l-${unique()}`, address }, now);
    await expect(takeOnboardingAttempt(db, { link: `l-${unique()}`, address }, now)).rejects.toMatchObject({ code: 'too_many_attempts' });
    await expect(takeOnboardingAttempt(db, { link: `l-${unique()}`, address: `other-${unique()}` }, now)).resolves.toBeUndefined();
  });
});

describe('purge of unsent submissions', () => {
  it('deletes submissions 30 days old that nobody sent, once, with an audit entry and no details', async () => {
    const { actor, summary, token } = await invite();
    const submittedAt = new Date(Date.now() - SUBMISSION_TTL_MS - 60_000);
    await submitOnboarding(db, token, ukCandidateForm({ forename: 'Old', surname: 'Form', email: 'old@example.test' }), opts());
    await db.onboardingInvitation.update({ where: { id: summary.id }, data: { submittedAt } });
    const fresh = await invite();
    await submitOnboarding(db, fresh.token, ukCandidateForm({ forename: 'New', surname: 'Form', email: 'new@example.test' }), opts());

    const counts = await Promise.all([purgeStaleSubmissions(db), purgeStaleSubmissions(db)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    await purgeStaleSubmissions(db); // a later run finds nothing more to delete or audit
    expect((await db.onboardingInvitation.findUniqueOrThrow({ where: { id: summary.id } })).submission).toBeNull();
    expect((await db.onboardingInvitation.findUniqueOrThrow({ where: { id: fresh.summary.id } })).submission).not.toBeNull();
    const events = await db.auditEvent.findMany({ where: { agencyId: actor.agency.id, action: 'onboarding.purged' } });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain('Form');
  });
});
