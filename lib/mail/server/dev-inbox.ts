import 'server-only';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { db } from '@/lib/server/db';
import { env, type Env } from '@/lib/server/env';
import type { DevMailMessage } from '../schema';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The dev inbox exists only where the local catcher runs (DEV_MAIL_DIR, set by npm run dev and the browser-test
 * server) and the portal is served on this machine over plain HTTP: never on a deployed portal, whatever its
 * environment says.
 */
export function devInboxEnabled(config: Pick<Env, 'DEV_MAIL_DIR' | 'NEXTAUTH_URL'> = env()): boolean {
  if (!config.DEV_MAIL_DIR) return false;
  const url = new URL(config.NEXTAUTH_URL);
  return url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
}

/** The outbox id in the Message-ID the portal gives every message (lib/mail/server/outbox.ts). */
const outboxIdOf = (messageId: string | undefined) => /^<([^@>]+)@agency-portal>$/.exec(messageId ?? '')?.[1];

/**
 * Caught messages of one agency (those its outbox sent: to its people and the people it invited), newest first,
 * optionally only those to one address. Another agency's mail, and mail the portal did not send, are never shown.
 */
export async function readDevInbox(agencyId: string, to?: string): Promise<DevMailMessage[]> {
  if (!devInboxEnabled() || !agencyId) return [];
  const dir = env().DEV_MAIL_DIR!;
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((n) => n.endsWith('.json'))
    .sort()
    .reverse();
  const wanted = to?.trim().toLowerCase();
  const messages: DevMailMessage[] = [];
  for (const name of names.slice(0, 500)) {
    try {
      const mail = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as DevMailMessage;
      if (!wanted || mail.to.includes(wanted)) messages.push(mail);
    } catch {
      // a file still being written
    }
  }
  const ids = messages.map((m) => outboxIdOf(m.messageId)).filter((id): id is string => !!id);
  const ours = new Set((await db.mailOutbox.findMany({ where: { id: { in: ids }, agencyId }, select: { id: true } })).map((row) => row.id));
  return messages.filter((m) => ours.has(outboxIdOf(m.messageId) ?? ''));
}
