import { describe, expect, it } from 'vitest';
import { generateKeyringEntry } from '@/lib/server/crypto/token-encryption';
import { ConfigError, parseEnv, parseLogEnv } from '@/lib/server/env';
import { isCrossSiteRequest } from '@/lib/server/http/same-origin';
import { safeReturnPath } from '@/lib/validations/auth';
import { contentSecurityPolicy } from '@/lib/security-headers.mjs';

const APP = 'https://portal.example.com';
const req = (method: string, headers: Record<string, string>) => new Request(`${APP}/api/staff`, { method, headers });

describe('isCrossSiteRequest', () => {
  it('lets same-origin writes and all reads through', () => {
    expect(isCrossSiteRequest(req('POST', { origin: APP, 'sec-fetch-site': 'same-origin' }), APP)).toBe(false);
    expect(isCrossSiteRequest(req('GET', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }), APP)).toBe(false);
  });
  it('refuses writes from other sites, by Sec-Fetch-Site or by Origin', () => {
    expect(isCrossSiteRequest(req('POST', { 'sec-fetch-site': 'cross-site' }), APP)).toBe(true);
    expect(isCrossSiteRequest(req('PATCH', { 'sec-fetch-site': 'same-site' }), APP)).toBe(true);
    expect(isCrossSiteRequest(req('DELETE', { origin: 'https://evil.example' }), APP)).toBe(true);
    expect(isCrossSiteRequest(req('POST', { origin: 'null' }), APP)).toBe(true);
  });
});

describe('parseEnv', () => {
  const valid = {
    DATABASE_URL: 'postgresql://u:p@localhost/db',
    NEXTAUTH_URL: 'http://localhost:3000',
    NEXTAUTH_SECRET: 'x'.repeat(32),
    TOKEN_ENCRYPTION_KEY: generateKeyringEntry('k1'),
  };
  it('accepts a complete configuration, defaulting to the real Nxsys hosts', () => {
    expect(parseEnv(valid)).toMatchObject({
      SESSION_IDLE_MINUTES: 30,
      SESSION_MAX_HOURS: 12,
      NXSYS_API_URL: 'https://api.nxsys.tech',
      NXSYS_PORTAL_URL: 'https://portal.nxsys.tech',
      NXSYS_ENVIRONMENT: 'production',
    });
  });
  it('refuses a malformed encryption key without echoing it', () => {
    const key = 'k1:' + Buffer.alloc(8, 1).toString('base64');
    expect(() => parseEnv({ ...valid, TOKEN_ENCRYPTION_KEY: key })).toThrow(/TOKEN_ENCRYPTION_KEY: key "k1" must be 32 bytes/);
    expect(() => parseEnv({ ...valid, TOKEN_ENCRYPTION_KEY: key })).not.toThrow(new RegExp(key.split(':')[1]!.replace(/[+/=]/g, '.')));
  });
  it('names every missing or malformed variable, without echoing values', () => {
    const secret = 'short-secret-value';
    let message = '';
    try {
      parseEnv({ NEXTAUTH_SECRET: secret, NEXTAUTH_URL: 'not a url' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('NEXTAUTH_URL');
    expect(message).toContain('NEXTAUTH_SECRET');
    expect(message).toContain('TOKEN_ENCRYPTION_KEY');
    expect(message).not.toContain(secret);
  });
  it('checks the log settings: LOG_LEVEL defaults to info (warn under the tests), INSTANCE_NAME is a plain name', () => {
    expect(parseEnv(valid).LOG_LEVEL).toBe('info');
    expect(parseEnv(valid).INSTANCE_NAME).toBeUndefined();
    expect(parseEnv({ ...valid, NODE_ENV: 'test' }).LOG_LEVEL).toBe('warn');
    expect(parseEnv({ ...valid, LOG_LEVEL: 'debug', INSTANCE_NAME: 'bench-3171' })).toMatchObject({
      LOG_LEVEL: 'debug',
      INSTANCE_NAME: 'bench-3171',
    });
    expect(() => parseEnv({ ...valid, LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL: must be one of fatal, error, warn, info, debug/);
    expect(() => parseEnv({ ...valid, INSTANCE_NAME: 'a b' })).toThrow(/INSTANCE_NAME: must be 1 to 64 letters/);
    // The logger reads its two settings without needing the rest of the configuration.
    expect(parseLogEnv({ LOG_LEVEL: 'error', INSTANCE_NAME: 'a' })).toMatchObject({ LOG_LEVEL: 'error', INSTANCE_NAME: 'a' });
    expect(() => parseLogEnv({ LOG_LEVEL: 'loud' })).toThrow(ConfigError);
  });
});

describe('safeReturnPath', () => {
  it('keeps local paths and drops anything that leaves the site', () => {
    expect(safeReturnPath('/candidates?page=2')).toBe('/candidates?page=2');
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '', null]) {
      expect(safeReturnPath(bad)).toBe('/');
    }
  });
});

describe('contentSecurityPolicy', () => {
  it('allows only nonce’d scripts, no framing, and form posts to listed targets', () => {
    const csp = contentSecurityPolicy({ nonce: 'abc', production: true, formTargets: ['https://portal.nxsys.tech'] });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self' https://portal.nxsys.tech");
  });
});
