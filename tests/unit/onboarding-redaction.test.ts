import { describe, expect, it } from 'vitest';
import { redactSecrets } from '@/lib/log-redaction';
import { securityHeaderRules } from '@/lib/security-headers.mjs';

describe('onboarding links stay out of logs and Referer headers', () => {
  it('redacts the token of /onboard/<token> in a request line, and the token field of a body', () => {
    const token = 'Ab3_-xYz0123456789abcdefghijklmnopqrstuvwxy';
    expect(redactSecrets(` GET /onboard/${token} 200 in 40ms`)).toBe(' GET /onboard/[redacted] 200 in 40ms');
    expect(redactSecrets(`{"token":"${token}","values":{}}`)).not.toContain(token);
  });

  it('answers /onboard/<token> with Referrer-Policy: no-referrer (the later, more specific rule wins)', () => {
    const headers = new Map<string, string>();
    for (const rule of securityHeaderRules({ production: true })) {
      const pattern = new RegExp(`^${rule.source.replace('/:path*', '(?:/.*)?').replace('/:token*', '(?:/.*)?')}$`);
      if (pattern.test('/onboard/abc')) for (const h of rule.headers) headers.set(h.key.toLowerCase(), h.value);
    }
    expect(headers.get('referrer-policy')).toBe('no-referrer');
  });
});
