import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { recordAudit } from '@/lib/server/audit';
import { decryptToken, encryptToken, TokenDecryptionError, type Keyring } from '@/lib/server/crypto/token-encryption';
import { db } from '@/lib/server/db';
import { defineJob, sendJob } from '@/lib/server/jobs';
import { tokenKeyring } from '@/lib/server/nxsys/settings';
import type { RenderedEmail } from './render';
import { currentTransport, type MailTransport } from './transport';
import { log } from '@/lib/server/log';

/** The kinds of message the portal sends (the outbox and the audit log say which). */
export type MailKind =
  | 'invitation'
  | 'password_reset'
  | 'connection_alert'
  | 'import_finished'
  | 'right_to_work_digest'
  | 'security_notice'
  | 'onboarding_link'
  | 'timesheet_reminder';

export interface QueuedMail {
  /** Given when the caller needs the message to be written at most once (e.g. a job that may run again). */
  id?: string;
  agencyId?: string | null;
  userId?: string | null;
  to: string;
  kind: MailKind;
  email: RenderedEmail;
}

type Writer = Pick<PrismaClient, 'mailOutbox'>;

/** Attempts before a message is given up (marked FAILED, audited); pg-boss retries with back-off between them. */
export const MAX_ATTEMPTS = 8;
/** A pending message whose job was queued this long ago and has not been sent is queued again (a lost job). */
const REQUEUE_AFTER_MS = 10 * 60_000;

const bodySchema = z.object({ text: z.string(), html: z.string() });

/**
 * Writes a message to the outbox, in the caller's transaction (so it exists exactly when what caused it does).
 * Its body may hold a one-time link: it is stored encrypted (the outbox id as associated data) and erased once
 * sent. Call `dispatchMail` with the ids after the transaction commits.
 */
export async function queueMail(tx: Writer, mail: QueuedMail, keyring: Keyring = tokenKeyring()): Promise<string> {
  const id = mail.id ?? randomUUID();
  await tx.mailOutbox.create({
    data: {
      id,
      agencyId: mail.agencyId ?? null,
      userId: mail.userId ?? null,
      toAddress: mail.to,
      kind: mail.kind,
      subject: mail.email.subject,
      bodyCiphertext: encryptToken(keyring, JSON.stringify({ text: mail.email.text, html: mail.email.html }), `mail:${id}`),
    },
  });
  return id;
}

/** Mail a person is waiting for (a reset link, an invitation) goes ahead of bulk mail in the send queue. */
const PRIORITY: Record<MailKind, number> = {
  password_reset: 10,
  security_notice: 10,
  invitation: 10,
  connection_alert: 5,
  import_finished: 0,
  right_to_work_digest: 0,
  timesheet_reminder: 0,
  onboarding_link: 10,
};

/**
 * Queues a send job per message, waited-for kinds first (pg-boss priority). Never throws: a message whose job
 * could not be queued stays PENDING in the outbox and the sweeper queues it again, so a request never fails (or
 * waits) because mail is slow.
 */
export async function dispatchMail(ids: readonly string[]): Promise<void> {
  const kinds = await db.mailOutbox
    .findMany({ where: { id: { in: [...ids] } }, select: { id: true, kind: true } })
    .then((rows) => new Map(rows.map((r) => [r.id, r.kind as MailKind])))
    .catch(() => new Map<string, MailKind>());
  for (const outboxId of ids) {
    try {
      const kind = kinds.get(outboxId);
      await sendJob(mailSendJob, { outboxId }, { priority: kind ? PRIORITY[kind] : 0 });
    } catch (error) {
      log.error({ err: error }, 'could not queue an e-mail (the outbox sweeper will retry)');
    }
  }
}

/**
 * Sends messages now, from the job that wrote them (a reset link should leave within seconds, not wait for the
 * send queue's next poll); anything not sent at once goes to the send queue, retried with back-off as usual.
 */
export async function sendMailNow(ids: readonly string[]): Promise<void> {
  const later: string[] = [];
  for (const outboxId of ids) {
    const outcome = await deliverOutboxMessage(deliveryDeps(), outboxId).catch(() => 'retry' as const);
    if (outcome === 'retry') later.push(outboxId);
  }
  if (later.length) await dispatchMail(later);
}

export interface DeliveryDeps {
  db: PrismaClient;
  keyring: Keyring;
  transport: MailTransport;
}

export type DeliveryOutcome = 'sent' | 'already_done' | 'missing' | 'retry' | 'failed';

/**
 * Sends one outbox message, if it is still pending. The row is locked for the send (a second job for the same
 * message waits, then finds it SENT), and marked SENT with its body erased in the same transaction. A failed
 * send is counted; the caller (the job) throws on 'retry' so pg-boss tries again later with back-off.
 */
export async function deliverOutboxMessage(deps: DeliveryDeps, outboxId: string): Promise<DeliveryOutcome> {
  let failure: string | undefined;
  const outcome = await deps.db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "MailOutbox" WHERE id = ${outboxId} FOR UPDATE`;
      if (rows.length === 0) return 'missing' as const;
      const row = await tx.mailOutbox.findUniqueOrThrow({ where: { id: outboxId } });
      if (row.status !== 'PENDING' || !row.bodyCiphertext) return 'already_done' as const;
      let body: z.infer<typeof bodySchema>;
      try {
        body = bodySchema.parse(JSON.parse(decryptToken(deps.keyring, row.bodyCiphertext, `mail:${row.id}`)));
      } catch (error) {
        if (!(error instanceof TokenDecryptionError)) throw error;
        // Written under a key this portal no longer has: it can never be sent, so it is not retried.
        await tx.mailOutbox.update({
          where: { id: row.id },
          data: { status: 'FAILED', bodyCiphertext: null, lastError: 'The message could not be decrypted (the encryption key changed).' },
        });
        return 'failed' as const;
      }
      try {
        await deps.transport({ messageId: `<${row.id}@agency-portal>`, to: row.toAddress, subject: row.subject, ...body });
      } catch (error) {
        failure = error instanceof Error ? error.message.slice(0, 500) : 'send failed';
        return 'retry' as const;
      }
      await tx.mailOutbox.update({
        where: { id: row.id },
        data: { status: 'SENT', sentAt: new Date(), bodyCiphertext: null, attempts: { increment: 1 }, lastError: null },
      });
      if (row.agencyId) {
        await recordAudit(tx, {
          agencyId: row.agencyId,
          actorId: null,
          action: 'mail.sent',
          targetType: row.userId ? 'user' : undefined,
          targetId: row.userId ?? undefined,
          details: { kind: row.kind, message: row.id },
        });
      }
      return 'sent' as const;
    },
    { maxWait: 30_000, timeout: 90_000 },
  );
  if (outcome !== 'retry') return outcome;

  // The failure is recorded outside the rolled-back send transaction.
  const updated = await deps.db.mailOutbox.update({
    where: { id: outboxId },
    data: { attempts: { increment: 1 }, lastError: failure ?? 'send failed' },
  });
  if (updated.attempts < MAX_ATTEMPTS) return 'retry';
  const gaveUp = await deps.db.mailOutbox.updateMany({
    where: { id: outboxId, status: 'PENDING' },
    data: { status: 'FAILED', bodyCiphertext: null },
  });
  if (gaveUp.count > 0 && updated.agencyId) {
    await recordAudit(deps.db, {
      agencyId: updated.agencyId,
      actorId: null,
      action: 'mail.failed',
      targetType: updated.userId ? 'user' : undefined,
      targetId: updated.userId ?? undefined,
      details: { kind: updated.kind, message: updated.id, attempts: updated.attempts },
    });
  }
  return 'failed';
}

export class MailRetryError extends Error {
  override name = 'MailRetryError';
}

const deliveryDeps = (): DeliveryDeps => ({ db, keyring: tokenKeyring(), transport: currentTransport() });

/** One job per message: retried with exponential back-off (30 s, 1 min, 2 min…) until sent or MAX_ATTEMPTS. */
export const mailSendJob = defineJob({
  name: 'mail-send',
  payload: z.object({ outboxId: z.string().min(1).max(100) }),
  queue: { retryLimit: MAX_ATTEMPTS, retryDelay: 30, retryBackoff: true, expireInSeconds: 5 * 60 },
  concurrency: 2,
  async handle({ outboxId }) {
    const outcome = await deliverOutboxMessage(deliveryDeps(), outboxId);
    if (outcome === 'retry') throw new MailRetryError(`E-mail ${outboxId} could not be sent yet; pg-boss will retry.`);
  },
});

/** Pending messages whose job was lost (e.g. queuing failed after the commit) are queued again. */
export async function requeueStalledMail(database: PrismaClient, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - REQUEUE_AFTER_MS);
  const stalled = await database.mailOutbox.findMany({
    where: { status: 'PENDING', queuedAt: { lt: cutoff } },
    select: { id: true },
    take: 500,
  });
  if (stalled.length === 0) return 0;
  await database.mailOutbox.updateMany({ where: { id: { in: stalled.map((s) => s.id) } }, data: { queuedAt: now } });
  await dispatchMail(stalled.map((s) => s.id));
  return stalled.length;
}

/** Every minute, once across instances. */
export const mailSweepJob = defineJob({
  name: 'mail-sweep',
  payload: z.object({}).passthrough(),
  schedule: '* * * * *',
  queue: { policy: 'singleton', retryLimit: 0, expireInSeconds: 60 },
  async handle() {
    const count = await requeueStalledMail(db);
    if (count) log.info({ count }, 'mail sweeper queued pending e-mails again');
  },
});
