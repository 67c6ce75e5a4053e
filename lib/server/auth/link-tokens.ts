import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

/**
 * Tokens of e-mailed links (invitations, password resets): 256 random bits, sent only in the e-mail; only their
 * SHA-256 is stored, so a copy of the database cannot be turned into working links.
 */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashLinkToken(token) };
}

export const hashLinkToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A token as our links carry it (43 base64url characters); anything else is refused without a lookup. */
export const isLinkTokenShape = (token: unknown): token is string => typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
