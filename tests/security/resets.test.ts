// Security suite, password resets under a spray (issue 25, item 3): a real person's request is never dropped by the
// portal-wide rule (it is delayed), reset and invitation mail go ahead of bulk mail, and in normal use a reset
// e-mail leaves from the job that wrote it, not from the send queue behind bulk mail (a real SMTP catcher and the
// real job workers).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordResetRequestJob, requestPasswordReset, RESET_GLOBAL_RULE } from '@/lib/account/server';
import { dispatchMail, mailSendJob, queueMail, renderEmail, type MailKind } from '@/lib/mail/server';
import { startWorkers, stopJobEngine } from '@/lib/server/jobs';
import { startMailCatcher, type CaughtMail, type MailCatcher } from '../../scripts/mail-catcher';
import { createAgency, createUser, testDb } from '../helpers/db';
import { configure } from './harness';

const db = testDb();
const envBefore = { ...process.env };
let catcher: MailCatcher;
beforeAll(async () => {
  catcher = await startMailCatcher({ port: 0, dir: mkdtempSync(path.join(tmpdir(), 'portal-mail-')) });
  configure({ SMTP_URL: catcher.smtpUrl, MAIL_FROM: 'Agency portal <no-reply@portal.test>' });
});
afterAll(async () => {
  await stopJobEngine({ graceful: false });
  await catcher.close();
  rmSync(catcher.dir, { recursive: true, force: true });
  process.env = envBefore;
  await db.$disconnect();
});

const caughtTo = (address: string): CaughtMail[] =>
  readdirSync(catcher.dir)
    .filter((n) => n.endsWith('.json'))
    .map((n) => JSON.parse(readFileSync(path.join(catcher.dir, n), 'utf8')) as CaughtMail)
    .filter((m) => m.to.includes(address));

describe('item 3: password resets behind a spray', () => {
  it("the portal-wide rule delays a real person's request (a later job), it never drops it", async () => {
    const globalKey = `reset-global-${randomUUID()}`;
    const queued: { email: string; startAfter: number }[] = [];
    const send = async (data: { email: string }, startAfter: number) => void queued.push({ email: data.email, startAfter });
    const now = new Date();
    for (let i = 0; i < RESET_GLOBAL_RULE.free + 10; i++) {
      await requestPasswordReset(db, { email: `spray-${i}-${globalKey}@example.test` }, { now, send, globalKey });
    }
    await requestPasswordReset(db, { email: 'real.person@example.test' }, { now, send, globalKey });
    const real = queued.find((q) => q.email === 'real.person@example.test');
    expect(real).toBeDefined();
    expect(real!.startAfter).toBeGreaterThan(0);
    expect(real!.startAfter).toBeLessThanOrEqual(RESET_GLOBAL_RULE.maxDelayMs / 1000);
  });

  it('reset and invitation mail go ahead of bulk mail in the send queue', async () => {
    const agency = await createAgency(db);
    const user = await createUser(db, agency.id);
    const queue = async (kind: MailKind, to: string) =>
      queueMail(db, {
        agencyId: agency.id,
        to,
        kind,
        email: renderEmail({ agencyName: agency.name, subject: kind, heading: kind, paragraphs: ['x'], footer: 'y' }),
      });
    const bulk: string[] = [];
    for (let i = 0; i < 12; i++) bulk.push(await queue('import_finished', `bulk-${i}-${user.email}`));
    const reset = await queue('password_reset', user.email);
    await dispatchMail([...bulk, reset]); // the reset is queued last…
    await startWorkers([mailSendJob]);
    await expect
      .poll(() => db.mailOutbox.count({ where: { id: { in: [...bulk, reset] }, status: 'SENT' } }), { timeout: 60_000, interval: 200 })
      .toBe(13);
    const order = await db.mailOutbox.findMany({
      where: { id: { in: [...bulk, reset] } },
      orderBy: { sentAt: 'asc' },
      select: { id: true },
    });
    // …and sent among the first (two send workers start at once: one takes the reset, the other a bulk message).
    expect(order.findIndex((m) => m.id === reset)).toBeLessThan(2);
  });

  it('a reset e-mail leaves from the job that wrote it, not from the send queue behind a batch of notifications', async () => {
    const agency = await createAgency(db);
    const user = await createUser(db, agency.id);
    // Normal use (workers polling every 2 s), but with no send worker in this process: the queued batch stays queued,
    // so the reset e-mail can reach the catcher only if its own job sent it. (Not a "within 5 s" bound, which a busy
    // machine can miss: how soon it leaves is then the job's polling interval.)
    await stopJobEngine({ graceful: false });
    await startWorkers([passwordResetRequestJob], { pollingIntervalSeconds: 2 });
    // A Monday: the weekly digests and import notices are being sent when the person asks for their link.
    const bulk: string[] = [];
    for (let i = 0; i < 20; i++) {
      bulk.push(
        await queueMail(db, {
          agencyId: agency.id,
          to: `digest-${i}-${user.email}`,
          kind: 'right_to_work_digest',
          email: renderEmail({ agencyName: agency.name, subject: 'Digest', heading: 'Digest', paragraphs: ['x'], footer: 'y' }),
        }),
      );
    }
    await dispatchMail(bulk);
    await requestPasswordReset(db, { email: user.email }, { globalKey: `reset-global-${randomUUID()}` });
    await expect.poll(() => caughtTo(user.email).length, { timeout: 30_000, interval: 50 }).toBe(1);
    expect(caughtTo(`-${user.email}`)).toEqual([]); // the batch is still queued (for this process's catcher)
  });
});
