// Authenticator-app codes, recovery codes and the second step of sign-in: each code is accepted once (replay, two at
// once), wrong codes are refused and throttled, and no session exists until the second factor passes.
import { describe, expect, it } from 'vitest';
import {
  confirmTotpEnrolment,
  regenerateRecoveryCodes,
  removeTotp,
  startTotpEnrolment,
  verifySecondFactor,
} from '@/lib/server/auth/factors';
import { completePendingSignIn, PENDING_SIGN_IN_MS } from '@/lib/server/auth/pending-sign-in';
import { resolveSession } from '@/lib/server/auth/sessions';
import { signInWithPassword } from '@/lib/server/auth/sign-in';
import { FREE_ATTEMPTS } from '@/lib/server/auth/throttle';
import { withAuthEnv } from '../helpers/auth-env';
import { createAgency, createUser, testDb } from '../helpers/db';
import { totpCode, totpStep } from '../helpers/totp';

const db = testDb();
const policy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

withAuthEnv(db);

/** A staff member with a confirmed app; `step` is the time step its confirmation code used. */
async function enrolled(now = new Date()) {
  const agency = await createAgency(db);
  const user = await createUser(db, agency.id);
  const person = { id: user.id, email: user.email, agency: { id: agency.id } };
  const { secret } = await startTotpEnrolment(db, person);
  const { recoveryCodes } = await confirmTotpEnrolment(db, person, totpCode(secret, totpStep(now)), now);
  return { user, person, secret, recoveryCodes, step: totpStep(now), who: { id: user.id, agencyId: agency.id } };
}

describe('authenticator app enrolment', () => {
  it('gives a QR code and the secret, confirms with a code from the app, and answers 10 recovery codes stored hashed', async () => {
    const agency = await createAgency(db);
    const user = await createUser(db, agency.id);
    const person = { id: user.id, email: user.email, agency: { id: agency.id } };
    const started = await startTotpEnrolment(db, person);
    expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.uri).toContain(`secret=${started.secret}`);
    expect(started.qrSvg).toMatch(/^<svg/);
    const stored = await db.totpFactor.findUniqueOrThrow({ where: { userId: user.id } });
    expect(stored.secretCiphertext).not.toContain(started.secret);

    const now = new Date();
    const wrong = totpCode(started.secret, totpStep(now) + 5);
    await expect(confirmTotpEnrolment(db, person, wrong, now)).rejects.toMatchObject({ code: 'mfa_code_invalid' });
    const { recoveryCodes } = await confirmTotpEnrolment(db, person, totpCode(started.secret, totpStep(now)), now);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
    const rows = await db.recoveryCode.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(10);
    for (const row of rows) expect(recoveryCodes.map((c) => c.replace('-', ''))).not.toContain(row.codeHash);
    // A confirmed app is not replaced by starting again.
    await expect(startTotpEnrolment(db, person)).rejects.toMatchObject({ code: 'mfa_already_enrolled' });
  });

  it('confirms once when the same code is sent twice at once', async () => {
    const agency = await createAgency(db);
    const user = await createUser(db, agency.id);
    const person = { id: user.id, email: user.email, agency: { id: agency.id } };
    const { secret } = await startTotpEnrolment(db, person);
    const now = new Date();
    const code = totpCode(secret, totpStep(now));
    const results = await Promise.allSettled([confirmTotpEnrolment(db, person, code, now), confirmTotpEnrolment(db, person, code, now)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(10);
    expect(await db.auditEvent.count({ where: { actorId: user.id, action: 'mfa.totp_enrolled' } })).toBe(1);
  });
});

describe('verifySecondFactor', () => {
  it('accepts an app code once: the same code, or one of an earlier step, is refused afterwards', async () => {
    const now = new Date();
    const { secret, who, step } = await enrolled(now);
    // The confirmation used this step's code already.
    expect(await verifySecondFactor(db, who, totpCode(secret, step), now)).toBeNull();
    const later = new Date(now.getTime() + 30_000);
    const next = totpCode(secret, step + 1);
    expect(await verifySecondFactor(db, who, next, later)).toBe('totp');
    expect(await verifySecondFactor(db, who, next, later)).toBeNull();
    expect(await verifySecondFactor(db, who, totpCode(secret, step), later)).toBeNull();
  });

  it('accepts one of two uses of the same code at once', async () => {
    const now = new Date();
    const { secret, who, step } = await enrolled(now);
    const later = new Date(now.getTime() + 60_000);
    const code = totpCode(secret, step + 2);
    const results = await Promise.all([verifySecondFactor(db, who, code, later), verifySecondFactor(db, who, code, later)]);
    expect(results.sort()).toEqual(['totp', null].sort());
  });

  it('refuses a wrong code and a code from far off in time', async () => {
    const now = new Date();
    const { secret, who, step } = await enrolled(now);
    expect(await verifySecondFactor(db, who, '000000' === totpCode(secret, step + 1) ? '111111' : '000000', now)).toBeNull();
    expect(await verifySecondFactor(db, who, totpCode(secret, step + 3), now)).toBeNull();
    expect(await db.auditEvent.count({ where: { actorId: who.id, action: 'sign_in.second_factor_failed' } })).toBe(2);
  });

  it('accepts each recovery code once, and one of two uses at once', async () => {
    const { recoveryCodes, who } = await enrolled();
    const first = recoveryCodes[0]!.replace('-', '');
    expect(await verifySecondFactor(db, who, first)).toBe('recovery_code');
    expect(await verifySecondFactor(db, who, first)).toBeNull();
    const second = recoveryCodes[1]!.replace('-', '');
    const both = await Promise.all([verifySecondFactor(db, who, second), verifySecondFactor(db, who, second)]);
    expect(both.filter((r) => r === 'recovery_code')).toHaveLength(1);
    expect(await db.recoveryCode.count({ where: { userId: who.id, usedAt: null } })).toBe(8);
    const audit = await db.auditEvent.findMany({ where: { actorId: who.id, action: 'mfa.recovery_code_used' } });
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(first);
  });

  it('refuses even the right code after 5 wrong ones (throttled per user)', async () => {
    const now = new Date();
    const { secret, who, step } = await enrolled(now);
    const right = totpCode(secret, step + 1);
    const wrong = right === '123456' ? '654321' : '123456';
    for (let i = 0; i < FREE_ATTEMPTS; i++) expect(await verifySecondFactor(db, who, wrong, now)).toBeNull();
    await expect(verifySecondFactor(db, who, right, now)).rejects.toMatchObject({ code: 'too_many_attempts' });
  });
});

describe('changing the factors', () => {
  it('makes new recovery codes (the old ones stop working) and removes the app, each only with a current code', async () => {
    const now = new Date();
    const { secret, person, who, step, recoveryCodes } = await enrolled(now);
    await expect(regenerateRecoveryCodes(db, person, '000000', now)).rejects.toMatchObject({ code: 'mfa_code_invalid' });
    const later = new Date(now.getTime() + 30_000);
    const fresh = await regenerateRecoveryCodes(db, person, totpCode(secret, step + 1), later);
    expect(fresh.recoveryCodes).toHaveLength(10);
    expect(await db.auditEvent.count({ where: { actorId: person.id, action: 'mfa.recovery_codes_regenerated' } })).toBe(1);
    expect(await verifySecondFactor(db, who, recoveryCodes[2]!.replace('-', ''))).toBeNull();
    await removeTotp(db, person, fresh.recoveryCodes[0]!.replace('-', ''));
    expect(await db.totpFactor.count({ where: { userId: person.id } })).toBe(0);
    expect(await db.recoveryCode.count({ where: { userId: person.id } })).toBe(0);
  });
});

describe('sign-in with a second factor', () => {
  it('makes no session until the second factor passes', async () => {
    const now = new Date();
    const { user, secret, step } = await enrolled(now);
    const first = await signInWithPassword(db, { email: user.email, password: user.password }, policy, now);
    expect(first).toMatchObject({ ok: false, reason: 'second_factor_required' });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    if (first.ok || first.reason !== 'second_factor_required') return;

    const later = new Date(now.getTime() + 30_000);
    const wrong = await completePendingSignIn(db, { token: first.pendingToken, code: totpCode(secret, step + 4) }, policy, later);
    expect(wrong).toEqual({ ok: false, reason: 'invalid_code' });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    const nobody = await completePendingSignIn(db, { token: 'x'.repeat(43), code: totpCode(secret, step + 1) }, policy, later);
    expect(nobody).toEqual({ ok: false, reason: 'expired' });

    const done = await completePendingSignIn(db, { token: first.pendingToken, code: totpCode(secret, step + 1) }, policy, later);
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    expect(await resolveSession(db, done.sessionId, policy, later)).toMatchObject({ id: user.id });
    // The pending step is spent.
    const again = await completePendingSignIn(db, { token: first.pendingToken, code: totpCode(secret, step + 2) }, policy, later);
    expect(again).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a pending step older than 5 minutes', async () => {
    const now = new Date();
    const { user, secret } = await enrolled(now);
    const first = await signInWithPassword(db, { email: user.email, password: user.password }, policy, now);
    if (first.ok || first.reason !== 'second_factor_required') throw new Error('expected a pending step');
    const late = new Date(now.getTime() + PENDING_SIGN_IN_MS + 1_000);
    const result = await completePendingSignIn(db, { token: first.pendingToken, code: totpCode(secret, totpStep(late)) }, policy, late);
    expect(result).toEqual({ ok: false, reason: 'expired' });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it('makes one session when the step is finished twice at once (an app code and a recovery code)', async () => {
    const now = new Date();
    const { user, secret, step, recoveryCodes } = await enrolled(now);
    const first = await signInWithPassword(db, { email: user.email, password: user.password }, policy, now);
    if (first.ok || first.reason !== 'second_factor_required') throw new Error('expected a pending step');
    const later = new Date(now.getTime() + 30_000);
    const results = await Promise.all([
      completePendingSignIn(db, { token: first.pendingToken, code: totpCode(secret, step + 1) }, policy, later),
      completePendingSignIn(db, { token: first.pendingToken, code: recoveryCodes[0]!.replace('-', '') }, policy, later),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it('signs in with a password alone someone who has no second factor', async () => {
    const agency = await createAgency(db);
    const user = await createUser(db, agency.id);
    const result = await signInWithPassword(db, { email: user.email, password: user.password }, policy);
    expect(result.ok).toBe(true);
  });
});
