import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM encryption of OAuth tokens at rest.
 *
 * Keyring (`TOKEN_ENCRYPTION_KEY`): comma-separated `kid:base64key` entries, each key 32 bytes, e.g.
 * `k2:<new key>,k1:<old key>`. The FIRST entry is the current key and encrypts every new write; the others
 * only decrypt rows written before a rotation (`npm run tokens:reencrypt` moves them to the current key).
 *
 * Ciphertext: `v1.<kid>.<nonce>.<ciphertext>.<tag>` (base64url parts), with a fresh 96-bit nonce per
 * encryption and the owning agency's id as additional authenticated data, so a ciphertext copied into
 * another agency's row does not decrypt. Anything that does not decrypt is an error: there is no
 * plaintext fallback.
 */
export interface Keyring {
  currentKid: string;
  keys: ReadonlyMap<string, Buffer>;
}

export class KeyringError extends Error {
  override name = 'KeyringError';
}

export class TokenDecryptionError extends Error {
  override name = 'TokenDecryptionError';
}

const KID = /^[A-Za-z0-9_-]{1,32}$/;
const VERSION = 'v1';

export function parseKeyring(value: string | undefined, variable = 'TOKEN_ENCRYPTION_KEY'): Keyring {
  if (!value?.trim()) throw new KeyringError(`${variable} is not set: give one or more kid:base64key entries (32-byte keys).`);
  const keys = new Map<string, Buffer>();
  let currentKid: string | undefined;
  for (const [index, entry] of value
    .split(',')
    .map((e) => e.trim())
    .entries()) {
    const separator = entry.indexOf(':');
    const kid = entry.slice(0, separator);
    if (separator < 1 || !KID.test(kid)) {
      throw new KeyringError(`${variable}: entry ${index + 1} must look like kid:base64key (kid of letters, digits, - or _).`);
    }
    const key = Buffer.from(entry.slice(separator + 1), 'base64');
    if (key.length !== 32) throw new KeyringError(`${variable}: key "${kid}" must be 32 bytes of base64 (it is ${key.length}).`);
    if (keys.has(kid)) throw new KeyringError(`${variable}: key id "${kid}" appears twice.`);
    keys.set(kid, key);
    currentKid ??= kid;
  }
  return { currentKid: currentKid!, keys };
}

export function generateKeyringEntry(kid = `k${Date.now().toString(36)}`): string {
  return `${kid}:${randomBytes(32).toString('base64')}`;
}

export function encryptToken(keyring: Keyring, plaintext: string, agencyId: string): string {
  const key = keyring.keys.get(keyring.currentKid)!;
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(agencyId, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [nonce, body, cipher.getAuthTag()].map((b) => b.toString('base64url'));
  return [VERSION, keyring.currentKid, ...parts].join('.');
}

export function keyIdOf(stored: string): string {
  const [version, kid] = stored.split('.');
  if (version !== VERSION || !kid) throw new TokenDecryptionError('The stored token is not in a known encrypted format.');
  return kid;
}

export function decryptToken(keyring: Keyring, stored: string, agencyId: string): string {
  const parts = stored.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new TokenDecryptionError('The stored token is not in a known encrypted format.');
  }
  const [, kid, nonce, body, tag] = parts as [string, string, string, string, string];
  const key = keyring.keys.get(kid);
  if (!key) throw new TokenDecryptionError(`The stored token is encrypted with key "${kid}", which is not in TOKEN_ENCRYPTION_KEY.`);
  try {
    // A fixed 16-byte tag length: a shortened tag must not be accepted.
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(agencyId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new TokenDecryptionError('The stored token failed authentication: it was altered or belongs to another agency.');
  }
}

/** Re-encrypts under the current key (a no-op result when it already is). */
export function reencryptToken(keyring: Keyring, stored: string, agencyId: string): string {
  if (keyIdOf(stored) === keyring.currentKid) return stored;
  return encryptToken(keyring, decryptToken(keyring, stored, agencyId), agencyId);
}
