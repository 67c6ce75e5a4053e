import { describe, expect, it } from 'vitest';
import { devInboxEnabled } from '@/lib/mail/server/dev-inbox';
import { renderEmail } from '@/lib/mail/server/render';
import { hashLinkToken, isLinkTokenShape, newLinkToken } from '@/lib/server/auth/link-tokens';

describe('e-mail layout', () => {
  const email = renderEmail({
    agencyName: 'O’Brien & <Sons>',
    subject: 'Hello <there>',
    heading: 'A heading with "quotes"',
    paragraphs: ['First <b>paragraph</b>.', 'Second.'],
    items: ['Item <one>'],
    action: { label: 'Open it', url: 'http://localhost:3000/invitation?token=abc&x=<y>' },
    footer: 'Why you got this.',
  });

  it('has a plain-text part with every paragraph, the link as a plain address and the agency name', () => {
    expect(email.text).toContain('First <b>paragraph</b>.');
    expect(email.text).toContain('- Item <one>');
    expect(email.text).toContain('Open it: http://localhost:3000/invitation?token=abc&x=<y>');
    expect(email.text).toContain('O’Brien & <Sons> · Agency portal');
  });

  it('escapes everything in the HTML part and carries no tracking or remote content', () => {
    expect(email.html).toContain('O’Brien &amp; &lt;Sons&gt;');
    expect(email.html).toContain('First &lt;b&gt;paragraph&lt;/b&gt;.');
    expect(email.html).toContain('href="http://localhost:3000/invitation?token=abc&amp;x=&lt;y&gt;"');
    expect(email.html).not.toMatch(/<img|<script|src=|utm_/i);
    expect(email.subject).toBe('Hello <there>');
  });
});

describe('link tokens', () => {
  it('are 256 random bits, stored only as a SHA-256 hash, and checked for shape before any lookup', () => {
    const a = newLinkToken();
    const b = newLinkToken();
    expect(a.token).not.toBe(b.token);
    expect(a.token).toHaveLength(43);
    expect(a.hash).toBe(hashLinkToken(a.token));
    expect(a.hash).not.toContain(a.token);
    expect(isLinkTokenShape(a.token)).toBe(true);
    expect(isLinkTokenShape(a.token + 'x')).toBe(false);
    expect(isLinkTokenShape("' OR 1=1 --")).toBe(false);
    expect(isLinkTokenShape(undefined)).toBe(false);
  });
});

describe('the dev inbox', () => {
  it('is there only beside the local catcher, on a portal served locally over plain HTTP', () => {
    expect(devInboxEnabled({ DEV_MAIL_DIR: '/tmp/mail', NEXTAUTH_URL: 'http://localhost:3000' })).toBe(true);
    expect(devInboxEnabled({ DEV_MAIL_DIR: '/tmp/mail', NEXTAUTH_URL: 'http://127.0.0.1:3100' })).toBe(true);
    expect(devInboxEnabled({ DEV_MAIL_DIR: undefined, NEXTAUTH_URL: 'http://localhost:3000' })).toBe(false);
    expect(devInboxEnabled({ DEV_MAIL_DIR: '/tmp/mail', NEXTAUTH_URL: 'https://portal.example.com' })).toBe(false);
    expect(devInboxEnabled({ DEV_MAIL_DIR: '/tmp/mail', NEXTAUTH_URL: 'http://portal.example.com' })).toBe(false);
    expect(devInboxEnabled({ DEV_MAIL_DIR: '/tmp/mail', NEXTAUTH_URL: 'https://localhost:3000' })).toBe(false);
  });
});
