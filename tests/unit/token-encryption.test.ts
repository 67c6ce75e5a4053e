import { describe, expect, it } from 'vitest';
import {
  decryptToken,
  encryptToken,
  generateKeyringEntry,
  keyIdOf,
  KeyringError,
  parseKeyring,
  reencryptToken,
  TokenDecryptionError,
} from '@/lib/server/crypto/token-encryption';

const oldEntry = generateKeyringEntry('k1');
const newEntry = generateKeyringEntry('k2');
const keyring = parseKeyring(oldEntry);
const TOKEN = 'access-token-value-123';

/** Flips one base64url character of the given part (2 nonce, 3 body, 4 tag). */
function tamper(stored: string, part: number) {
  const parts = stored.split('.');
  const s = parts[part]!;
  parts[part] = (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
  return parts.join('.');
}

describe('token encryption', () => {
  it('round-trips, with a fresh nonce every time and no plaintext in the ciphertext', () => {
    const a = encryptToken(keyring, TOKEN, 'agency-a');
    const b = encryptToken(keyring, TOKEN, 'agency-a');
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    expect(Buffer.from(a.split('.')[2]!, 'base64url')).toHaveLength(12);
    expect(a).not.toContain(TOKEN);
    expect(decryptToken(keyring, a, 'agency-a')).toBe(TOKEN);
    expect(keyIdOf(a)).toBe('k1');
  });

  it('fails loudly on a changed nonce, body or tag', () => {
    const stored = encryptToken(keyring, TOKEN, 'agency-a');
    for (const part of [2, 3, 4]) {
      expect(() => decryptToken(keyring, tamper(stored, part), 'agency-a')).toThrow(TokenDecryptionError);
    }
  });

  it('accepts only the full 16-byte tag: a truncated one, though a true prefix of it, is refused', () => {
    const stored = encryptToken(keyring, TOKEN, 'agency-a');
    const parts = stored.split('.');
    const tag = Buffer.from(parts[4]!, 'base64url');
    expect(tag).toHaveLength(16);
    // GCM would verify any prefix of the right tag if the decipher accepted shorter tags (Node allows 4, 8, 12–16).
    for (const length of [4, 8, 12, 13, 14, 15]) {
      parts[4] = tag.subarray(0, length).toString('base64url');
      expect(() => decryptToken(keyring, parts.join('.'), 'agency-a'), `${length}-byte tag`).toThrow(TokenDecryptionError);
    }
  });

  it('does not decrypt a ciphertext moved to another agency', () => {
    const stored = encryptToken(keyring, TOKEN, 'agency-a');
    expect(() => decryptToken(keyring, stored, 'agency-b')).toThrow(/altered or belongs to another agency/);
  });

  it('binds the agency id as authenticated data: the same agency decrypts, any other (even a prefix) does not', () => {
    const stored = encryptToken(keyring, TOKEN, 'agency-a1');
    expect(decryptToken(keyring, stored, 'agency-a1')).toBe(TOKEN);
    for (const other of ['agency-a', 'agency-a12', '', 'AGENCY-A1']) {
      expect(() => decryptToken(keyring, stored, other), other).toThrow(TokenDecryptionError);
    }
  });

  it('decrypts with the key its key id names, and only that one', () => {
    const both = parseKeyring(`${newEntry},${oldEntry}`);
    const underNew = encryptToken(both, TOKEN, 'agency-a');
    expect(keyIdOf(underNew)).toBe('k2');
    // The key id is part of the record: relabelled to the other key, it does not decrypt.
    const relabelled = underNew.replace('.k2.', '.k1.');
    expect(() => decryptToken(both, relabelled, 'agency-a')).toThrow(TokenDecryptionError);
    // A keyring without k2 cannot read it, even though it has another key.
    expect(() => decryptToken(parseKeyring(oldEntry), underNew, 'agency-a')).toThrow(/key "k2"/);
  });

  it('never treats plaintext or garbage as a token', () => {
    for (const value of [TOKEN, '', 'v1.k1.x', 'v2.k1.a.b.c']) {
      expect(() => decryptToken(keyring, value, 'agency-a')).toThrow(TokenDecryptionError);
    }
  });

  it('keeps old rows readable after a key rotation and re-encrypts them under the current key', () => {
    const stored = encryptToken(keyring, TOKEN, 'agency-a');
    const rotated = parseKeyring(`${newEntry},${oldEntry}`);
    expect(decryptToken(rotated, stored, 'agency-a')).toBe(TOKEN);
    const moved = reencryptToken(rotated, stored, 'agency-a');
    expect(keyIdOf(moved)).toBe('k2');
    expect(decryptToken(rotated, moved, 'agency-a')).toBe(TOKEN);
    // Once the old key is dropped, only the re-encrypted value still decrypts.
    const onlyNew = parseKeyring(newEntry);
    expect(decryptToken(onlyNew, moved, 'agency-a')).toBe(TOKEN);
    expect(() => decryptToken(onlyNew, stored, 'agency-a')).toThrow(/key "k1", which is not in TOKEN_ENCRYPTION_KEY/);
  });

  it('explains a bad keyring without echoing key material', () => {
    const short = 'k1:' + Buffer.alloc(16, 7).toString('base64');
    const cases: [string | undefined, RegExp][] = [
      [undefined, /TOKEN_ENCRYPTION_KEY is not set/],
      [short, /key "k1" must be 32 bytes/],
      ['no-colon-here', /must look like kid:base64key/],
      [`${oldEntry},${oldEntry}`, /appears twice/],
    ];
    for (const [value, message] of cases) {
      let error: unknown;
      try {
        parseKeyring(value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(KeyringError);
      expect((error as Error).message).toMatch(message);
      if (value) expect((error as Error).message).not.toContain(value.split(':')[1] ?? value);
    }
  });
});
