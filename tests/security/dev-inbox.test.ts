// Security suite, the dev inbox (issue 25, item 4): `npm run dev` listens on this machine only unless told
// otherwise, and /dev/mail answers only a signed-in person, with only their own agency's mail.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import DevMailPage from '@/app/dev/mail/page';
import { queueMail, renderEmail } from '@/lib/mail/server';
import { devListenHost } from '../../scripts/next-bin';
import { testDb } from '../helpers/db';
import { configure, signedIn, withRequest, type Person } from './harness';

vi.mock('next/headers', () => import('./next-headers-stub'));

const db = testDb();
const envBefore = { ...process.env };
const dir = mkdtempSync(path.join(tmpdir(), 'portal-dev-inbox-'));
let a: Person;
let b: Person;

/** What the local catcher writes for a message the portal sent (its Message-ID names the outbox row). */
function caught(outboxId: string | undefined, to: string, subject: string) {
  const id = `${Date.now()}-${Math.random().toString(16).slice(2, 10)}`;
  const mail = {
    id,
    receivedAt: new Date().toISOString(),
    messageId: outboxId ? `<${outboxId}@agency-portal>` : '<x@elsewhere>',
    from: 'p',
    to: [to],
    subject,
    text: subject,
    html: '',
  };
  writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(mail));
}

async function sent(person: Person, to: string, subject: string) {
  const id = await queueMail(db, {
    agencyId: person.agency.id,
    to,
    kind: 'password_reset',
    email: renderEmail({ agencyName: person.agency.name, subject, heading: subject, paragraphs: [subject], footer: 'f' }),
  });
  caught(id, to, subject);
}

const inboxOf = (person: Person | undefined) =>
  withRequest('/dev/mail', person?.cookie, async () => renderToStaticMarkup(await DevMailPage({ searchParams: Promise.resolve({}) })));

beforeAll(async () => {
  configure({ DEV_MAIL_DIR: dir });
  [a, b] = await Promise.all([signedIn(db, 'STAFF'), signedIn(db, 'ADMIN')]);
  await sent(a, 'person.a@example.test', 'Reset link for agency A');
  await sent(b, 'person.b@example.test', 'Reset link for agency B');
  caught(undefined, 'person.a@example.test', 'Not sent by the portal');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  process.env = envBefore;
  await db.$disconnect();
});

describe('item 4: the dev inbox', () => {
  it('npm run dev listens on 127.0.0.1 unless DEV_HOST says otherwise', () => {
    expect(devListenHost({})).toBe('127.0.0.1');
    expect(devListenHost({ HOSTNAME: 'build-box-7' })).toBe('127.0.0.1'); // shells and containers set HOSTNAME: never used
    expect(devListenHost({ DEV_HOST: '0.0.0.0' })).toBe('0.0.0.0');
  });

  it('signed out: a redirect to sign-in, no mail', async () => {
    const thrown = await inboxOf(undefined).then(
      (html) => html,
      (error: unknown) => error,
    );
    expect(String((thrown as { digest?: string }).digest ?? '')).toMatch(/^NEXT_REDIRECT;.*;\/sign-in;/);
  });

  it("signed in: only the person's own agency's mail", async () => {
    const inboxA = await inboxOf(a);
    expect(inboxA).toContain('Reset link for agency A');
    expect(inboxA).not.toContain('Reset link for agency B');
    expect(inboxA).not.toContain('Not sent by the portal');
    const inboxB = await inboxOf(b);
    expect(inboxB).toContain('Reset link for agency B');
    expect(inboxB).not.toContain('Reset link for agency A');
  });
});
