import { createHmac } from 'node:crypto';

/**
 * RFC 6238 codes computed here, not by the portal's library: a test that asked otplib for the code would agree with
 * the portal whatever both got wrong.
 */
function base32Decode(secret: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((b) => parseInt(b, 2)));
}

export const totpStep = (at: Date) => Math.floor(at.getTime() / 1000 / 30);

/** The 6-digit code of `step` (30-second steps since 1970, SHA-1). */
export function totpCode(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hmac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = hmac[hmac.length - 1]! & 0x0f;
  const value = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}

/** The code an app shows at `at`. */
export const totpCodeAt = (secret: string, at: Date) => totpCode(secret, totpStep(at));

/**
 * A code of the first step after `used` that the portal takes now: the current step's once that is later, else the
 * next step's (the portal accepts one step either side: a code typed as it changed). A test needing a fresh code
 * thus waits for no clock: waiting for the next 30-second step cost 0–30 s and sat tests near their time limit.
 */
export const totpCodeAfter = (secret: string, used: number, at = new Date()) => totpCode(secret, Math.max(totpStep(at), used + 1));
