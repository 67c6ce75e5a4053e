// Passkeys as a second factor: several per person, named, renamed, removed; signing in with one after the password;
// challenges single use, of one purpose, expiring; a counter going back (a cloned authenticator) refused; step-up.
import { describe, expect, it } from 'vitest';
import { hasSecondFactor } from '@/lib/server/auth/factors';
import {
  CHALLENGE_MS,
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
  passkeysOf,
  registerPasskey,
  removePasskey,
  renamePasskey,
} from '@/lib/server/auth/passkeys';
import { completePendingSignIn } from '@/lib/server/auth/pending-sign-in';
import { createSession, resolveSession } from '@/lib/server/auth/sessions';
import { signInWithPassword } from '@/lib/server/auth/sign-in';
import { requireRecentSecondFactor, STEP_UP_MS, stepUp } from '@/lib/server/auth/step-up';
import type { RegistrationResponseJSON, AuthenticationResponseJSON } from '@simplewebauthn/server';
import { withAuthEnv } from '../helpers/auth-env';
import { createAgency, createUser, testDb } from '../helpers/db';
import { TEST_APP_ORIGIN } from '../helpers/nxsys';
import { ageStepUp } from '../helpers/step-up';
import { softPasskey, type SoftPasskey } from '../helpers/webauthn';

const db = testDb();
const policy = { idleMs: 3_600_000, absoluteMs: 12 * 3_600_000 };
const PASSWORD = 'correct horse battery staple';
const ORIGIN = TEST_APP_ORIGIN;

withAuthEnv(db);

async function member() {
  const agency = await createAgency(db);
  const user = await createUser(db, agency.id);
  return { user, person: { id: user.id, email: user.email, name: user.name, agency: { id: agency.id } } };
}

const asRegistration = (a: unknown) => a as RegistrationResponseJSON;
const asAssertion = (a: unknown) => a as AuthenticationResponseJSON;

async function withPasskey(name = 'Work laptop') {
  const m = await member();
  const key = softPasskey();
  const options = await passkeyRegistrationOptions(db, m.person);
  await registerPasskey(db, m.person, { name, response: asRegistration(key.register(options, ORIGIN)) });
  return { ...m, key };
}

async function pendingToken(email: string) {
  const result = await signInWithPassword(
    db,
    { email, password: PASSWORD },
    policy,
    new Date(),
    `global-passkeys-${Date.now()}`,
    async () => {},
  );
  expect(result).toMatchObject({ ok: false, reason: 'second_factor_required' });
  return (result as { pendingToken: string }).pendingToken;
}

describe('registering passkeys', () => {
  it('registers several, named; lists, renames and removes them (audited, no key material in the log)', async () => {
    const { user, person } = await member();
    expect(await hasSecondFactor(db, user.id)).toBe(false);
    const laptop = softPasskey();
    const phone = softPasskey();
    const first = await passkeyRegistrationOptions(db, person);
    expect(first.rp.id).toBe('localhost');
    await registerPasskey(db, person, { name: 'Work laptop', response: asRegistration(laptop.register(first, ORIGIN)) });
    const second = await passkeyRegistrationOptions(db, person);
    // The laptop's passkey is excluded: the browser does not make a second one on the same authenticator.
    expect(second.excludeCredentials?.map((c) => c.id)).toEqual([laptop.credentialId.toString('base64url')]);
    await registerPasskey(db, person, { name: 'Phone', response: asRegistration(phone.register(second, ORIGIN)) });
    expect(await hasSecondFactor(db, user.id)).toBe(true);

    const listed = await passkeysOf(db, user.id);
    expect(listed.map((p) => p.name)).toEqual(['Work laptop', 'Phone']);
    await renamePasskey(db, user.id, listed[1]!.id, 'Personal phone');
    const other = await member();
    await expect(renamePasskey(db, other.user.id, listed[1]!.id, 'Mine now')).rejects.toMatchObject({ code: 'not_found' });
    await expect(removePasskey(db, other.person, listed[0]!.id)).rejects.toMatchObject({ code: 'not_found' });
    await removePasskey(db, person, listed[0]!.id);
    expect((await passkeysOf(db, user.id)).map((p) => p.name)).toEqual(['Personal phone']);

    const audits = await db.auditEvent.findMany({
      where: { actorId: user.id, action: { startsWith: 'mfa.passkey' } },
      orderBy: { createdAt: 'asc' },
    });
    expect(audits.map((a) => a.action)).toEqual(['mfa.passkey_added', 'mfa.passkey_added', 'mfa.passkey_removed']);
    const stored = await db.passkey.findFirstOrThrow({ where: { userId: user.id } });
    expect(JSON.stringify(audits)).not.toContain(stored.credentialId);
  });

  it('refuses an answer to a spent, expired or other origin challenge, and makes one passkey of two submissions at once', async () => {
    const { user, person } = await member();
    const key = softPasskey();
    const options = await passkeyRegistrationOptions(db, person);
    await expect(
      registerPasskey(db, person, { name: 'Evil', response: asRegistration(key.register(options, 'https://evil.example')) }),
    ).rejects.toMatchObject({ code: 'passkey_invalid' });
    // That answer spent the challenge: a right answer to it now is refused too.
    await expect(
      registerPasskey(db, person, { name: 'Late', response: asRegistration(key.register(options, ORIGIN)) }),
    ).rejects.toMatchObject({
      code: 'passkey_invalid',
    });

    const expiring = await passkeyRegistrationOptions(db, person);
    const later = new Date(Date.now() + CHALLENGE_MS + 1_000);
    await expect(
      registerPasskey(db, person, { name: 'Expired', response: asRegistration(key.register(expiring, ORIGIN)) }, later),
    ).rejects.toMatchObject({ code: 'passkey_invalid' });

    const fresh = await passkeyRegistrationOptions(db, person);
    const answer = asRegistration(key.register(fresh, ORIGIN));
    const results = await Promise.allSettled([
      registerPasskey(db, person, { name: 'Laptop', response: answer }),
      registerPasskey(db, person, { name: 'Laptop', response: answer }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await db.passkey.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe('signing in with a passkey as the second factor', () => {
  it('makes no session with the password alone, one with the passkey (sent twice at once: one session)', async () => {
    const { user, key } = await withPasskey();
    const token = await pendingToken(user.email);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);

    const options = await passkeyAuthenticationOptions(db, user.id, 'sign_in');
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([key.credentialId.toString('base64url')]);
    const answer = asAssertion(key.answer(options, ORIGIN));
    const results = await Promise.all([
      completePendingSignIn(db, { token, passkey: answer }, policy),
      completePendingSignIn(db, { token, passkey: answer }, policy),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { actorId: user.id, action: 'sign_in.succeeded' } });
    expect(audit.details).toEqual({ secondFactor: 'passkey' });
  });

  it("refuses another person's passkey, a step-up challenge, a wrong origin and a counter that went back", async () => {
    const a = await withPasskey();
    const b = await withPasskey();
    const token = await pendingToken(a.user.email);

    // B's passkey answering A's challenge.
    const forA = await passkeyAuthenticationOptions(db, a.user.id, 'sign_in');
    expect(await completePendingSignIn(db, { token, passkey: asAssertion(b.key.answer(forA, ORIGIN)) }, policy)).toMatchObject({
      ok: false,
    });
    // A challenge for a step-up is not one for signing in.
    const stepUpChallenge = await passkeyAuthenticationOptions(db, a.user.id, 'step_up');
    expect(await completePendingSignIn(db, { token, passkey: asAssertion(a.key.answer(stepUpChallenge, ORIGIN)) }, policy)).toMatchObject({
      ok: false,
    });
    const wrongOrigin = await passkeyAuthenticationOptions(db, a.user.id, 'sign_in');
    expect(
      await completePendingSignIn(db, { token, passkey: asAssertion(a.key.answer(wrongOrigin, 'https://evil.example')) }, policy),
    ).toMatchObject({ ok: false });

    // A clone of the authenticator with an older counter.
    const clone: SoftPasskey = { ...a.key, counter: 0 };
    clone.answer = (o, origin) => softAnswerWith(a.key, 0, o.challenge, origin);
    const cloned = await passkeyAuthenticationOptions(db, a.user.id, 'sign_in');
    const good = await passkeyAuthenticationOptions(db, a.user.id, 'sign_in');
    expect(await completePendingSignIn(db, { token, passkey: asAssertion(a.key.answer(good, ORIGIN)) }, policy)).toMatchObject({
      ok: true,
    });
    const token2 = await pendingToken(a.user.email);
    expect(await completePendingSignIn(db, { token: token2, passkey: asAssertion(clone.answer(cloned, ORIGIN)) }, policy)).toMatchObject({
      ok: false,
    });
    expect(await db.session.count({ where: { userId: a.user.id } })).toBe(1);
  });
});

/** The same key answering with a given counter (what a copy of the authenticator would send). */
function softAnswerWith(key: SoftPasskey, counter: number, challenge: string, origin: string) {
  const saved = key.counter;
  key.counter = counter - 1;
  const answer = key.answer({ challenge }, origin);
  key.counter = saved;
  return answer;
}

describe('passkeys and the rest', () => {
  it('a passkey satisfies the agency policy and is asked for at step-up; an admin reset removes it', async () => {
    const { user, person, key } = await withPasskey();
    await db.agency.update({ where: { id: person.agency.id }, data: { requireMfa: true } });
    const sessionId = await createSession(db, user.id, policy);
    const current = async () => (await resolveSession(db, sessionId, policy))!;
    expect((await current()).mustEnrolMfa).toBe(false);

    await ageStepUp(db, user.email, STEP_UP_MS + 1_000);
    await expect(requireRecentSecondFactor(await current())).rejects.toMatchObject({ details: { ask: 'passkey', passkey: true } });
    const options = await passkeyAuthenticationOptions(db, user.id, 'step_up');
    await expect(stepUp(db, await current(), { passkey: key.answer(options, 'https://evil.example') })).rejects.toMatchObject({
      code: 'passkey_invalid',
    });
    const again = await passkeyAuthenticationOptions(db, user.id, 'step_up');
    await stepUp(db, await current(), { passkey: key.answer(again, ORIGIN) });
    await requireRecentSecondFactor(await current());

    const admin = await createUser(db, person.agency.id, { role: 'ADMIN' });
    const { resetMemberSecondFactors } = await import('@/lib/staff/server');
    await resetMemberSecondFactors(db, { id: admin.id, agency: { id: person.agency.id } }, user.id);
    expect(await db.passkey.count({ where: { userId: user.id } })).toBe(0);
  });
});
