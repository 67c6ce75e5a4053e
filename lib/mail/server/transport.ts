import 'server-only';
import nodemailer from 'nodemailer';
import { env } from '@/lib/server/env';

export interface OutgoingMessage {
  /** Stable per outbox row: a receiving server that sees it twice can tell it is the same message. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export type MailTransport = (message: OutgoingMessage) => Promise<void>;

export class MailNotConfiguredError extends Error {
  override name = 'MailNotConfiguredError';
}

let cached: { url: string; transporter: nodemailer.Transporter } | undefined;

/** Sends through SMTP_URL with nodemailer (one pooled transporter per process). */
export const smtpTransport: MailTransport = async (message) => {
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL) throw new MailNotConfiguredError('SMTP_URL is not set: e-mail cannot be sent.');
  if (cached?.url !== SMTP_URL) cached = { url: SMTP_URL, transporter: nodemailer.createTransport(SMTP_URL) };
  await cached.transporter.sendMail({
    from: MAIL_FROM,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    // No tracking of any kind; just say it was sent by a machine, so auto-responders stay quiet.
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
};

/** Tests swap the transport (e.g. to one that fails) without touching configuration. */
let override: MailTransport | undefined;
export function setMailTransportForTests(transport: MailTransport | undefined) {
  override = transport;
}
export const currentTransport = (): MailTransport => override ?? smtpTransport;
