// The local SMTP catcher of `npm run dev` and the browser tests (when no SMTP_URL is given): an SMTP server on
// 127.0.0.1 that accepts every message and keeps it as a JSON file in a folder, where the portal's dev-only inbox
// page (/dev/mail) and the tests read it. Nothing is ever relayed anywhere.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  id: string;
  receivedAt: string;
  /** The Message-ID the sender gave (the portal's is `<outbox id@agency-portal>`; the dev inbox scopes by it). */
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface MailCatcher {
  port: number;
  smtpUrl: string;
  dir: string;
  close(): Promise<void>;
}

const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase())).filter(Boolean);

export async function startMailCatcher({ port = 0, dir }: { port?: number; dir: string }): Promise<MailCatcher> {
  mkdirSync(dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'Agency portal dev mail catcher',
    size: 5 * 1024 * 1024,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const receivedAt = new Date();
          const id = `${receivedAt.getTime()}-${randomBytes(4).toString('hex')}`;
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          const mail: CaughtMail = {
            id,
            receivedAt: receivedAt.toISOString(),
            messageId: parsed.messageId ?? '',
            from: parsed.from?.text ?? '',
            to: envelopeTo.length ? envelopeTo : addresses(parsed.to),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          };
          writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(mail, null, 2));
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  return {
    port: actual,
    smtpUrl: `smtp://127.0.0.1:${actual}`,
    dir,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
