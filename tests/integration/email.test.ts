// E-mail (issue 18), on real PostgreSQL, the in-process Nxsys sandbox and a real SMTP server (the local catcher):
// delivery through the outbox (sent once, retried, given up), invitation and reset links (single use, expiry),
// the reset answer that does not reveal whether an account exists, and admin notifications (once per incident).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { completePasswordReset, issuePasswordReset, requestPasswordReset, resetLinkUsable, RESET_TTL_MS } from '@/lib/account/server';
import {
  acceptInvitation,
  createInvitation,
  INVITATION_TTL_MS,
  openInvitation,
  resendInvitation,
  revokeInvitation,
} from '@/lib/invitations/server';
import { deliverOutboxMessage, mailSendJob, MAX_ATTEMPTS, requeueStalledMail, smtpTransport } from '@/lib/mail/server';
import {
  documentExpiryOf,
  readExpiriesFromNxsys,
  notifyConnectionProblem,
  notifyImportFinished,
  sendRightToWorkDigest,
  updateNotificationPreferences,
} from '@/lib/notifications/server';
import { createSession, resolveSession } from '@/lib/server/auth/sessions';
import { signInWithPassword } from '@/lib/server/auth/sign-in';
import { decryptToken, encryptToken, generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { startWorkers, stopJobEngine } from '@/lib/server/jobs';
import { getAccessToken, type TokenDeps } from '@/lib/server/nxsys/token-manager';
// The composition root: the token layer's connection problems e-mail the admins, as in the app.
import '@/lib/registry';
import { startMailCatcher, type CaughtMail, type MailCatcher } from '../../scripts/mail-catcher';
import type { Sandbox } from '../../sandbox/server';
import { POST as requestResetRoute } from '@/app/api/password-reset/route';
import { createAgency, createUser, testDb } from '../helpers/db';
import { connectedAdmin, productEnv, sandboxSettings, TEST_APP_ORIGIN, TEST_NEXTAUTH_SECRET } from '../helpers/nxsys';
import { client, sandboxFor } from '../sandbox/helpers';

const db = testDb();
const keyEntry = generateKeyringEntry('k1');
const keyring = parseKeyring(keyEntry);
const policy = { idleMs: 3_600_000, absoluteMs: 3_600_000 };
const envBefore = { ...process.env };
let catcher: MailCatcher;
let sb: Sandbox;

beforeAll(async () => {
  catcher = await startMailCatcher({ port: 0, dir: mkdtempSync(path.join(tmpdir(), 'portal-mail-')) });
  Object.assign(process.env, {
    NEXTAUTH_URL: TEST_APP_ORIGIN,
    NEXTAUTH_SECRET: TEST_NEXTAUTH_SECRET,
    TOKEN_ENCRYPTION_KEY: keyEntry,
    SMTP_URL: catcher.smtpUrl,
    MAIL_FROM: 'Agency portal <no-reply@portal.test>',
    DEV_MAIL_DIR: catcher.dir,
    JOBS_POLL_SECONDS: '0.5',
  });
  sb = await sandboxFor();
  Object.assign(process.env, productEnv(sb, keyEntry));
});
afterAll(async () => {
  await stopJobEngine({ graceful: false });
  await catcher.close();
  rmSync(catcher.dir, { recursive: true, force: true });
  await sb.close();
  process.env = envBefore;
  await db.$disconnect();
});
beforeEach(() => {
  sb.control.clearFaults();
});

const caught = (): CaughtMail[] =>
  readdirSync(catcher.dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => JSON.parse(readFileSync(path.join(catcher.dir, n), 'utf8')) as CaughtMail);
const caughtTo = (address: string) => caught().filter((m) => m.to.includes(address));
const linkIn = (mail: CaughtMail, pathname: string) => {
  const match = new RegExp(`${TEST_APP_ORIGIN}${pathname}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match) throw new Error(`no ${pathname} link in: ${mail.text}`);
  return match[1]!;
};

/** What the mail-send job does, for every pending message of this file (other test files share the database), synchronously. */
async function deliverPending() {
  for (const { id, bodyCiphertext } of await db.mailOutbox.findMany({ where: { status: 'PENDING' } })) {
    try {
      decryptToken(keyring, bodyCiphertext!, `mail:${id}`);
    } catch {
      continue; // written by another test file, under its own key
    }
    await deliverOutboxMessage({ db, keyring, transport: smtpTransport }, id);
  }
}

async function adminOfNewAgency(name?: string) {
  const agency = await createAgency(db, name);
  const user = await createUser(db, agency.id, { role: 'ADMIN' });
  return { id: user.id, name: user.name, email: user.email, agency: { id: agency.id, name: agency.name } };
}

describe('delivery', () => {
  it('sends an outbox message once over SMTP, with plain-text and HTML parts, then erases its body', async () => {
    const admin = await adminOfNewAgency('Brightline & <Partners>');
    await createInvitation(db, admin, { name: 'Ivy Invitee', email: 'ivy.delivery@example.test', role: 'STAFF' });
    const row = await db.mailOutbox.findFirstOrThrow({ where: { toAddress: 'ivy.delivery@example.test' } });
    expect(row.status).toBe('PENDING');
    expect(row.bodyCiphertext).not.toContain('token'); // encrypted at rest

    expect(await deliverOutboxMessage({ db, keyring, transport: smtpTransport }, row.id)).toBe('sent');
    expect(await deliverOutboxMessage({ db, keyring, transport: smtpTransport }, row.id)).toBe('already_done');
    const mails = caughtTo('ivy.delivery@example.test');
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail!.subject).toBe("You are invited to Brightline & <Partners>'s agency portal");
    expect(mail!.from).toContain('no-reply@portal.test');
    expect(mail!.text).toContain('Brightline & <Partners>');
    expect(mail!.html).toContain('Brightline &amp; &lt;Partners&gt;'); // the agency's name, escaped in the HTML part
    expect(mail!.html).not.toMatch(/<img|<script|utm_|pixel/i); // no tracking
    const sent = await db.mailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(sent).toMatchObject({ status: 'SENT', bodyCiphertext: null, attempts: 1 });
    const audit = await db.auditEvent.findMany({ where: { agencyId: admin.agency.id } });
    expect(audit.map((a) => a.action).sort()).toEqual(['invitation.created', 'mail.sent']);
    expect(JSON.stringify(audit)).not.toContain(linkIn(mail!, '/invitation')); // no tokens, no bodies
    expect(JSON.stringify(audit)).not.toContain('Ivy Invitee');
  });

  it('counts failed sends for retry with back-off, and gives up after MAX_ATTEMPTS (audited)', async () => {
    const admin = await adminOfNewAgency();
    await createInvitation(db, admin, { name: 'Fay Fail', email: 'fay.fail@example.test', role: 'STAFF' });
    const row = await db.mailOutbox.findFirstOrThrow({ where: { toAddress: 'fay.fail@example.test' } });
    const failing = async () => {
      throw new Error('421 service not available');
    };
    for (let i = 1; i < MAX_ATTEMPTS; i++) expect(await deliverOutboxMessage({ db, keyring, transport: failing }, row.id)).toBe('retry');
    expect(await db.mailOutbox.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'PENDING',
      attempts: MAX_ATTEMPTS - 1,
      lastError: '421 service not available',
    });
    expect(await deliverOutboxMessage({ db, keyring, transport: failing }, row.id)).toBe('failed');
    expect(await db.mailOutbox.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'FAILED', bodyCiphertext: null });
    expect(await db.auditEvent.count({ where: { agencyId: admin.agency.id, action: 'mail.failed' } })).toBe(1);
  });

  it('a message that no longer decrypts (the key changed) is marked failed, never retried', async () => {
    const otherKeyring = parseKeyring(generateKeyringEntry('k9'));
    await db.mailOutbox.create({
      data: {
        id: 'foreign-key-1',
        toAddress: 'foreign@example.test',
        kind: 'invitation',
        subject: 'Foreign',
        bodyCiphertext: encryptToken(otherKeyring, JSON.stringify({ text: 'x', html: 'x' }), 'mail:foreign-key-1'),
      },
    });
    expect(await deliverOutboxMessage({ db, keyring, transport: smtpTransport }, 'foreign-key-1')).toBe('failed');
    expect(await db.mailOutbox.findUniqueOrThrow({ where: { id: 'foreign-key-1' } })).toMatchObject({
      status: 'FAILED',
      bodyCiphertext: null,
    });
    expect(caughtTo('foreign@example.test')).toHaveLength(0);
  });

  it('goes through the job engine: the mail-send job delivers, the sweeper re-queues a message whose job was lost', async () => {
    await startWorkers([mailSendJob]);
    const admin = await adminOfNewAgency();
    await createInvitation(db, admin, { name: 'Jo Job', email: 'jo.job@example.test', role: 'STAFF' });
    await expect.poll(() => caughtTo('jo.job@example.test').length, { timeout: 20_000 }).toBe(1);

    // A message written but never queued (e.g. the process died between the commit and sendJob).
    const lost = await db.mailOutbox.create({
      data: { id: 'lost-message-1', toAddress: 'lost@example.test', kind: 'invitation', subject: 'Lost', queuedAt: new Date(0) },
    });
    await db.mailOutbox.update({
      where: { id: lost.id },
      data: {
        bodyCiphertext: encryptToken(keyring, JSON.stringify({ text: 'hello', html: '<p>hello</p>' }), 'mail:lost-message-1'),
      },
    });
    expect(await requeueStalledMail(db)).toBeGreaterThanOrEqual(1);
    await expect.poll(() => caughtTo('lost@example.test').length, { timeout: 20_000 }).toBe(1);
    await stopJobEngine({ graceful: false });
  });
});

describe('invitations', () => {
  it('a link works once: accepting creates the account and the password signs in; a second use is refused', async () => {
    const admin = await adminOfNewAgency();
    await createInvitation(db, admin, { name: 'Olu Once', email: 'olu.once@example.test', role: 'ADMIN' });
    await deliverPending();
    const token = linkIn(caughtTo('olu.once@example.test')[0]!, '/invitation');
    expect(await openInvitation(db, token)).toMatchObject({ email: 'olu.once@example.test', agencyName: admin.agency.name });

    expect(await acceptInvitation(db, { token, password: 'a brand new password 1' })).toEqual({ email: 'olu.once@example.test' });
    const user = await db.user.findUniqueOrThrow({ where: { email: 'olu.once@example.test' } });
    expect(user).toMatchObject({ agencyId: admin.agency.id, role: 'ADMIN', name: 'Olu Once' });
    const signedIn = await signInWithPassword(db, { email: user.email, password: 'a brand new password 1' }, policy, new Date(), 'g-inv');
    expect(signedIn.ok).toBe(true);

    await expect(acceptInvitation(db, { token, password: 'another password 123' })).rejects.toMatchObject({ code: 'link_invalid' });
    expect(await openInvitation(db, token)).toBeNull();
    expect(await db.invitation.findFirst({ where: { email: 'olu.once@example.test' } })).toMatchObject({ userId: user.id });
    // Only the hash is stored.
    expect(JSON.stringify(await db.invitation.findMany())).not.toContain(token);
  });

  it('expires after 72 hours', async () => {
    const admin = await adminOfNewAgency();
    const sentAt = new Date(Date.now() - INVITATION_TTL_MS - 60_000);
    await createInvitation(db, admin, { name: 'Ed Expired', email: 'ed.expired@example.test', role: 'STAFF' }, sentAt);
    await deliverPending();
    const token = linkIn(caughtTo('ed.expired@example.test')[0]!, '/invitation');
    expect(await openInvitation(db, token)).toBeNull();
    await expect(acceptInvitation(db, { token, password: 'a brand new password 1' })).rejects.toMatchObject({ code: 'link_invalid' });
    // Just inside the 72 hours it works.
    await expect(
      acceptInvitation(db, { token, password: 'a brand new password 1' }, new Date(sentAt.getTime() + INVITATION_TTL_MS - 1000)),
    ).resolves.toEqual({ email: 'ed.expired@example.test' });
  });

  it('resending replaces the link (the old one stops working); revoking stops the link', async () => {
    const admin = await adminOfNewAgency();
    const invitation = await createInvitation(db, admin, { name: 'Rae Resend', email: 'rae.resend@example.test', role: 'STAFF' });
    await expect(createInvitation(db, admin, { name: 'Rae Again', email: 'rae.resend@example.test', role: 'STAFF' })).rejects.toMatchObject(
      {
        code: 'invitation_pending',
      },
    );
    // The first link is read before the resend: mail may reach the catcher in any order once several are sent at once.
    await deliverPending();
    const [first] = caughtTo('rae.resend@example.test');
    const oldToken = linkIn(first!, '/invitation');
    await resendInvitation(db, admin, invitation.id);
    await deliverPending();
    const tokens = caughtTo('rae.resend@example.test').map((m) => linkIn(m, '/invitation'));
    expect(tokens).toHaveLength(2);
    const newToken = tokens.find((t) => t !== oldToken)!;
    expect(newToken).not.toBe(oldToken);
    expect(await openInvitation(db, oldToken)).toBeNull();
    expect(await openInvitation(db, newToken)).not.toBeNull();

    await revokeInvitation(db, admin, invitation.id);
    await expect(acceptInvitation(db, { token: newToken, password: 'a brand new password 1' })).rejects.toMatchObject({
      code: 'link_invalid',
    });
    expect(await db.user.findUnique({ where: { email: 'rae.resend@example.test' } })).toBeNull();
    const actions = (await db.auditEvent.findMany({ where: { agencyId: admin.agency.id }, orderBy: { createdAt: 'asc' } })).map(
      (a) => a.action,
    );
    expect(actions.filter((a) => a.startsWith('invitation.'))).toEqual(['invitation.created', 'invitation.resent', 'invitation.revoked']);
  });

  it('refuses an address that already has an account in the agency (another agency: tests/security/admin-races.test.ts)', async () => {
    const admin = await adminOfNewAgency();
    const colleague = await createUser(db, admin.agency.id);
    await expect(createInvitation(db, admin, { name: 'Taken', email: colleague.email, role: 'STAFF' })).rejects.toMatchObject({
      code: 'email_taken',
      fieldErrors: { email: expect.any(String) },
    });
  });
});

describe('password reset', () => {
  it('a link works once, within 30 minutes; using it sets the password and ends every session', async () => {
    const agency = await createAgency(db);
    const user = await createUser(db, agency.id, { email: 'pat.reset@example.test' });
    const sessions = [await createSession(db, user.id, policy), await createSession(db, user.id, policy)];
    expect(await issuePasswordReset(db, user.email, crypto.randomUUID())).toBe(true);
    await deliverPending();
    const [mail] = caughtTo('pat.reset@example.test');
    expect(mail!.subject).toBe('Choose a new password for the agency portal');
    expect(mail!.text).toContain(agency.name);
    const token = linkIn(mail!, '/reset-password');
    expect(await resetLinkUsable(db, token)).toBe(true);

    await completePasswordReset(db, { token, password: 'my new password 456' });
    for (const sid of sessions) expect(await resolveSession(db, sid, policy)).toBeNull();
    expect((await signInWithPassword(db, { email: user.email, password: 'my new password 456' }, policy, new Date(), 'g-r1')).ok).toBe(
      true,
    );
    expect((await signInWithPassword(db, { email: user.email, password: user.password }, policy, new Date(), 'g-r2')).ok).toBe(false);

    expect(await resetLinkUsable(db, token)).toBe(false);
    await expect(completePasswordReset(db, { token, password: 'someone elses 789' })).rejects.toMatchObject({ code: 'link_invalid' });
    // Sign-ins (audited as sign_in.*) aside.
    const actions = (await db.auditEvent.findMany({ where: { agencyId: agency.id, NOT: { action: { startsWith: 'sign_in.' } } } }))
      .map((a) => a.action)
      .sort();
    expect(actions).toEqual(['mail.sent', 'password_reset.completed', 'password_reset.requested']);
    expect(JSON.stringify(await db.passwordReset.findMany())).not.toContain(token);
  });

  it('expires after 30 minutes, and a newer reset voids older links', async () => {
    const agency = await createAgency(db);
    const user = await createUser(db, agency.id, { email: 'exp.reset@example.test' });
    const issuedAt = new Date(Date.now() - RESET_TTL_MS - 1000);
    await issuePasswordReset(db, user.email, crypto.randomUUID(), issuedAt);
    await issuePasswordReset(db, user.email, crypto.randomUUID());
    await issuePasswordReset(db, user.email, crypto.randomUUID());
    await deliverPending();
    const [expired, older, newer] = caughtTo('exp.reset@example.test').map((m) => linkIn(m, '/reset-password'));
    await expect(completePasswordReset(db, { token: expired!, password: 'my new password 456' })).rejects.toMatchObject({
      code: 'link_invalid',
    });
    await completePasswordReset(db, { token: newer!, password: 'my new password 456' });
    await expect(completePasswordReset(db, { token: older!, password: 'my new password 789' })).rejects.toMatchObject({
      code: 'link_invalid',
    });
  });

  it('a job run twice for one request writes one link and one e-mail; unknown and deactivated addresses get nothing', async () => {
    const agency = await createAgency(db);
    const user = await createUser(db, agency.id, { email: 'twice.reset@example.test' });
    const requestId = crypto.randomUUID();
    await issuePasswordReset(db, user.email, requestId);
    await issuePasswordReset(db, user.email, requestId);
    expect(await db.passwordReset.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.mailOutbox.count({ where: { toAddress: user.email } })).toBe(1);

    const gone = await createUser(db, agency.id, { email: 'gone.reset@example.test', deactivated: true });
    expect(await issuePasswordReset(db, gone.email, crypto.randomUUID())).toBe(false);
    expect(await issuePasswordReset(db, 'nobody.reset@example.test', crypto.randomUUID())).toBe(false);
    expect(await db.mailOutbox.count({ where: { toAddress: { in: [gone.email, 'nobody.reset@example.test'] } } })).toBe(0);
  });

  it('the answer does not reveal whether an account exists: same status, body and work (no account read)', async () => {
    const agency = await createAgency(db);
    // An account whose password is never used here (createUser's deliberately slow hash took seconds under load).
    const user = await db.user.create({
      data: { agencyId: agency.id, email: 'known.reset@example.test', name: 'Known Person', role: 'STAFF', passwordHash: 'unused' },
    });
    const ask = async (email: string) => {
      const response = await requestResetRoute(
        new Request(`${TEST_APP_ORIGIN}/api/password-reset`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-origin', Origin: TEST_APP_ORIGIN },
          body: JSON.stringify({ email }),
        }),
      );
      // The date and the request id (new for every request) differ between any two answers.
      const perRequest = new Set(['date', 'x-request-id']);
      return { status: response.status, body: await response.text(), headers: [...response.headers].filter(([k]) => !perRequest.has(k)) };
    };
    await ask('warm-up@example.test'); // opens the portal's own database pool (lib/server/db.ts)
    // The connections the request uses: a wait of theirs on a lock is the request reaching for a locked table.
    const pool = (globalThis as { pgPool?: pg.Pool }).pgPool!;
    const requestPids = new Set<number>();
    const onAcquire = (connection: pg.PoolClient) => void requestPids.add((connection as pg.PoolClient & { processID: number }).processID);
    pool.on('acquire', onAcquire);
    // Instead of timing the answers (a busy machine makes any bound flaky): the request never reads an account, a
    // reset link or the outbox, whatever the address, so it cannot take longer for a real one. Those tables are
    // locked while it runs; a request that read one would wait, and pg_locks shows the wait.
    const answerWithoutWaiting = async <T>(holderPid: number, request: Promise<T>): Promise<T> => {
      let answered = false;
      const watch = async (): Promise<never> => {
        while (!answered) {
          const [waiting] = await db.$queryRaw<{ n: number }[]>`
            SELECT count(*)::int AS n FROM pg_locks
            WHERE NOT granted AND pid = ANY(${[...requestPids]}::int[]) AND ${holderPid}::int = ANY(pg_blocking_pids(pid))`;
          if (waiting!.n > 0) throw new Error('the reset request read an account table (it waited for the lock held on it)');
          await new Promise((resolve) => setTimeout(resolve, 20)); // the next look at pg_locks
        }
        return new Promise<never>(() => undefined); // the request answered first
      };
      try {
        return await Promise.race([request, watch()]);
      } finally {
        answered = true;
      }
    };
    try {
      await db.$transaction(
        async (tx) => {
          const [holder] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
          await tx.$executeRaw`LOCK TABLE "User", "PasswordReset", "MailOutbox" IN ACCESS EXCLUSIVE MODE`;
          const answer = (email: string) => answerWithoutWaiting(holder!.pid, ask(email));
          for (let i = 0; i < 3; i++) {
            const a = await answer(user.email);
            const b = await answer(`nobody-${i}@example.test`);
            expect(b.status).toBe(202);
            expect({ status: a.status, body: a.body, headers: a.headers }).toEqual({ status: b.status, body: b.body, headers: b.headers });
          }
        },
        { timeout: 30_000 },
      );
    } finally {
      pool.off('acquire', onAcquire);
    }
    expect(requestPids.size).toBeGreaterThan(0); // the watch above did watch the request's connections
    // The request only counts the attempt and queues a job: the lookup, the link and the e-mail happen in the job.
    expect(await db.passwordReset.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.mailOutbox.count({ where: { toAddress: user.email } })).toBe(0);
  });

  it('is throttled per address and per client: past 3 requests in 15 minutes nothing more is sent, with the same answer', async () => {
    const sent: string[] = [];
    const send = async (data: { email: string }) => sent.push(data.email);
    const now = new Date();
    for (let i = 0; i < 5; i++) await requestPasswordReset(db, { email: 'throttled@example.test' }, { now, send, globalKey: 'rg-1' });
    expect(sent).toHaveLength(3);
    // Per client: many addresses from one client address.
    for (let i = 0; i < 5; i++)
      await requestPasswordReset(db, { email: `spray-${i}@example.test`, clientKey: '203.0.113.9' }, { now, send, globalKey: 'rg-2' });
    expect(sent).toHaveLength(6);
  });
});

describe('notifications to admins', () => {
  const deps = (): TokenDeps => ({ db, keyring, client, timeoutMs: 3000 });

  it('a revoked grant e-mails each admin exactly once, however many calls fail; a later incident e-mails again', async () => {
    const admin = await connectedAdmin(db, keyring, sandboxSettings(sb), sb, 'payroll@meridian.example');
    const agencyId = admin.agency.id;
    const second = await createUser(db, agencyId, { role: 'ADMIN' });
    const optedOut = await createUser(db, agencyId, { role: 'ADMIN' });
    const staff = await createUser(db, agencyId, { role: 'STAFF' });
    await updateNotificationPreferences(
      db,
      { id: optedOut.id, agency: { id: agencyId } },
      { connection: false, imports: true, right_to_work: true, timesheet_reminders: true },
    );
    const adminEmail = (await db.user.findUniqueOrThrow({ where: { id: admin.id } })).email;

    sb.control.revokeGrants('COM-3');
    await db.nxsysConnection.update({ where: { agencyId }, data: { accessTokenExpiresAt: new Date(0) } });
    for (let i = 0; i < 4; i++) await expect(getAccessToken(deps(), agencyId)).rejects.toMatchObject({ code: 'nxsys_reconnect_required' });
    await notifyConnectionProblem(db, { agencyId, problem: 'reconnect_required' }); // reported again: same incident
    await deliverPending();

    for (const email of [adminEmail, second.email]) {
      const mails = caughtTo(email);
      expect(mails, email).toHaveLength(1);
      expect(mails[0]!.subject).toBe(`Action needed: reconnect ${admin.agency.name} to Nxsys`);
      expect(mails[0]!.text).toContain(`${TEST_APP_ORIGIN}/connection`);
    }
    expect(caughtTo(optedOut.email)).toHaveLength(0);
    expect(caughtTo(staff.email)).toHaveLength(0);
    expect(await db.auditEvent.count({ where: { agencyId, action: 'notification.queued' } })).toBe(2);

    // Reconnected, then the grant dies again: a new incident.
    await db.nxsysConnection.update({ where: { agencyId }, data: { status: 'CONNECTED', connectedAt: new Date() } });
    await db.nxsysConnection.update({ where: { agencyId }, data: { status: 'RECONNECT_REQUIRED' } });
    expect(await notifyConnectionProblem(db, { agencyId, problem: 'reconnect_required' })).toBe(2);
  });

  it('refused client credentials e-mail each admin once per incident, not per refused refresh', async () => {
    const admin = await connectedAdmin(db, keyring, sandboxSettings(sb), sb, 'payroll@keystone.example');
    const agencyId = admin.agency.id;
    await db.nxsysConnection.update({ where: { agencyId }, data: { accessTokenExpiresAt: new Date(0) } });
    // A wrong secret of its own: the refusal is shared by every instance (in PostgreSQL) under the credentials' hash.
    const wrongSecret = `a-wrong-secret-${Date.now()}-email`;
    for (let i = 0; i < 3; i++) {
      // A fresh token layer each time (as after a restart), so the 5-minute pause does not hide the refusals.
      const wrong: TokenDeps = { ...deps(), client: { clientId: client.clientId, clientSecret: wrongSecret } };
      await expect(getAccessToken(wrong, agencyId)).rejects.toMatchObject({ code: 'nxsys_client_refused' });
    }
    expect(await db.mailOutbox.count({ where: { agencyId, kind: 'connection_alert' } })).toBe(1);
    expect((await db.mailOutbox.findFirstOrThrow({ where: { agencyId } })).subject).toBe("Nxsys refused the portal's client credentials");
    // Fixed, refreshed successfully, then refused again: a new incident.
    await getAccessToken(deps(), agencyId);
    await db.nxsysConnection.update({ where: { agencyId }, data: { accessTokenExpiresAt: new Date(0) } });
    const wrong: TokenDeps = { ...deps(), client: { clientId: client.clientId, clientSecret: wrongSecret } };
    await expect(getAccessToken(wrong, agencyId)).rejects.toMatchObject({ code: 'nxsys_client_refused' });
    expect(await db.mailOutbox.count({ where: { agencyId, kind: 'connection_alert' } })).toBe(2);
  });

  it('notifyImportFinished e-mails the person who started the import, once, unless they switched imports off', async () => {
    const admin = await adminOfNewAgency();
    const starter = await createUser(db, admin.agency.id);
    const input = {
      agencyId: admin.agency.id,
      userId: starter.id,
      importId: 'IMP-1',
      outcome: 'failed' as const,
      summary: 'Row 4: unknown candidate SR-9.',
    };
    expect(await notifyImportFinished(input, db)).toBe(true);
    expect(await notifyImportFinished(input, db)).toBe(false);
    await deliverPending();
    const mails = caughtTo(starter.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Your import failed');
    expect(mails[0]!.text).toContain('Row 4: unknown candidate SR-9.');
    expect(caughtTo(admin.email)).toHaveLength(0);

    // Another agency's user id is never e-mailed; a person who switched imports off is not either.
    expect(await notifyImportFinished({ ...input, importId: 'IMP-2', agencyId: (await createAgency(db)).id }, db)).toBe(false);
    await updateNotificationPreferences(
      db,
      { id: starter.id, agency: { id: admin.agency.id } },
      { connection: true, imports: false, right_to_work: true, timesheet_reminders: true },
    );
    expect(await notifyImportFinished({ ...input, importId: 'IMP-3', outcome: 'succeeded' }, db)).toBe(false);
  });

  it('the weekly right-to-work digest lists documents expiring within 30 days, once per agency and week', async () => {
    const admin = await adminOfNewAgency();
    const now = new Date('2026-11-23T07:00:00Z');
    const read = async () => ({
      documents: [
        { candidateId: 'SR-2', country: 'uk' as const, name: 'Zoe Later', expiryDate: '2026-12-20' },
        { candidateId: 'SR-1', country: 'uk' as const, name: 'Adam Soon', expiryDate: '2026-11-30' },
        { candidateId: 'SR-3', country: 'ie' as const, name: 'Far Future', expiryDate: '2027-06-01' },
      ],
      unchecked: 2,
      uncheckedByCountry: { uk: 2, ie: 0 },
      candidates: 5,
      complete: true,
    });
    expect(await sendRightToWorkDigest(db, admin.agency.id, { now, read })).toBe(1);
    expect(await sendRightToWorkDigest(db, admin.agency.id, { now: new Date('2026-11-26T07:00:00Z'), read })).toBe(0); // same week
    await deliverPending();
    const [mail] = caughtTo(admin.email);
    expect(mail!.subject).toBe('Right-to-work documents expiring: 2 candidates');
    expect(mail!.text).toMatch(/Adam Soon \(SR-1\): expires 30\/11\/2026[\s\S]*Zoe Later \(SR-2\): expires 20\/12\/2026/);
    expect(mail!.text).not.toContain('Far Future');
    expect(mail!.text).toContain('2 candidates could not be checked');
    expect(await sendRightToWorkDigest(db, admin.agency.id, { now: new Date('2026-11-30T07:00:00Z'), read })).toBe(1); // next week
  });

  it('reads expiry dates from Nxsys (each candidate by id: the lists carry none), UK and Irish', async () => {
    const admin = await connectedAdmin(db, keyring, sandboxSettings(sb), sb, 'payroll@harbour.example');
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const candidates = sb.store.company('COM-2').candidates;
    const uk = candidates.find((c) => c.country === 'UK')!;
    const ie = candidates.find((c) => c.country === 'IE')!;
    (uk.generalSetting as Record<string, unknown>).documentExpiryDate = day(10);
    (ie.generalSetting as Record<string, unknown>).documentExpiryDate = day(-2);
    const { documents, unchecked } = await readExpiriesFromNxsys(admin.agency.id, day(0), day(30));
    expect(unchecked).toBe(0);
    expect(documents.map((d) => [d.candidateId, d.expiryDate]).sort()).toEqual(
      [
        [uk.id, day(10)],
        [ie.id, day(-2)],
      ].sort(),
    );
    expect(documents.every((d) => d.name.length > 0)).toBe(true);
  });

  it('reads the expiry date wherever Nxsys puts it', () => {
    expect(documentExpiryOf({ documentExpiryDate: '2026-12-01' })).toBe('2026-12-01');
    expect(documentExpiryOf({ generalSetting: { documentExpiryDate: '2026-12-01T00:00:00.000Z' } })).toBe('2026-12-01');
    expect(documentExpiryOf({ candidate: { general: { documentExpiryDate: '2027-01-02' } } })).toBe('2027-01-02');
    expect(documentExpiryOf({ documentExpiryDate: '' })).toBeNull();
    expect(documentExpiryOf({ fullName: 'No Date' })).toBeNull();
  });
});
