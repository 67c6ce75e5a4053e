import { afterAll, describe, expect, it } from 'vitest';
import { resolveSession, endAllSessionsOf } from '@/lib/server/auth/sessions';
import { signInWithPassword } from '@/lib/server/auth/sign-in';
import { FREE_ATTEMPTS } from '@/lib/server/auth/throttle';
import { createAgency, createUser, testDb } from '../helpers/db';

const db = testDb();
afterAll(() => db.$disconnect());

const policy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

describe('signInWithPassword', () => {
  it('signs in with the right password, any case of e-mail, and creates a server-side session', async () => {
    const agency = await createAgency(db);
    const user = await createUser(db, agency.id);
    const result = await signInWithPassword(db, { email: `  ${user.email.toUpperCase()} `, password: user.password }, policy);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const current = await resolveSession(db, result.sessionId, policy);
    expect(current).toMatchObject({ id: user.id, agency: { id: agency.id } });
    // Only a hash of the session id is stored.
    expect(await db.session.count({ where: { id: result.sessionId } })).toBe(0);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it('answers a wrong password, an unknown address and a deactivated account the same way', async () => {
    const agency = await createAgency(db);
    const user = await createUser(db, agency.id);
    const gone = await createUser(db, agency.id, { deactivated: true });
    const results = await Promise.all([
      signInWithPassword(db, { email: user.email, password: 'wrong password' }, policy),
      signInWithPassword(db, { email: 'nobody-here@example.test', password: 'whatever' }, policy),
      signInWithPassword(db, { email: gone.email, password: gone.password }, policy),
    ]);
    for (const result of results) expect(result).toEqual({ ok: false, reason: 'invalid_credentials' });
  });

  it('slows down repeated failures for an address, even with the right password afterwards', async () => {
    const agency = await createAgency(db);
    const user = await createUser(db, agency.id);
    const now = new Date();
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      const r = await signInWithPassword(db, { email: user.email, password: 'nope' }, policy, now);
      expect(r).toEqual({ ok: false, reason: 'invalid_credentials' });
    }
    const blocked = await signInWithPassword(db, { email: user.email, password: user.password }, policy, now);
    expect(blocked).toMatchObject({ ok: false, reason: 'too_many_attempts' });
    // Once the delay has passed, the right password works again and clears the counter.
    const later = new Date(now.getTime() + 60_000);
    const ok = await signInWithPassword(db, { email: user.email, password: user.password }, policy, later);
    expect(ok.ok).toBe(true);
  });

  it('also slows down one client guessing across many addresses', async () => {
    const agency = await createAgency(db);
    const user = await createUser(db, agency.id);
    const now = new Date();
    const clientKey = `203.0.113.${Math.floor(Math.random() * 200)}`;
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      await signInWithPassword(db, { email: `guess-${i}-${Date.now()}@example.test`, password: 'x', clientKey }, policy, now);
    }
    const r = await signInWithPassword(db, { email: user.email, password: user.password, clientKey }, policy, now);
    expect(r).toMatchObject({ ok: false, reason: 'too_many_attempts' });
  });
});

describe('resolveSession', () => {
  async function signedIn() {
    const agency = await createAgency(db);
    const user = await createUser(db, agency.id);
    const start = new Date('2026-11-24T09:00:00Z');
    const r = await signInWithPassword(db, { email: user.email, password: user.password }, policy, start);
    if (!r.ok) throw new Error('sign-in failed');
    return { user, sessionId: r.sessionId, start };
  }

  it('ends a session left idle longer than the idle timeout', async () => {
    const { sessionId, start } = await signedIn();
    expect(await resolveSession(db, sessionId, policy, new Date(start.getTime() + 29 * 60_000))).not.toBeNull();
    // Activity at +29 min moved the idle window on; +29+31 min is past it.
    expect(await resolveSession(db, sessionId, policy, new Date(start.getTime() + 60 * 60_000))).toBeNull();
    // Gone for good, even if checked "earlier" again.
    expect(await resolveSession(db, sessionId, policy, start)).toBeNull();
  });

  it('ends an active session at the absolute timeout', async () => {
    const { sessionId, start } = await signedIn();
    let t = start.getTime();
    while (t < start.getTime() + policy.absoluteMs - 20 * 60_000) {
      t += 20 * 60_000;
      expect(await resolveSession(db, sessionId, policy, new Date(t))).not.toBeNull();
    }
    expect(await resolveSession(db, sessionId, policy, new Date(start.getTime() + policy.absoluteMs + 1))).toBeNull();
  });

  it('ends the sessions of a deactivated user', async () => {
    const { user, sessionId, start } = await signedIn();
    await db.user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });
    expect(await resolveSession(db, sessionId, policy, start)).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it('endAllSessionsOf signs a user out everywhere', async () => {
    const { user, sessionId, start } = await signedIn();
    await endAllSessionsOf(db, user.id);
    expect(await resolveSession(db, sessionId, policy, start)).toBeNull();
  });
});
