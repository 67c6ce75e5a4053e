import 'server-only';
import QRCode from 'qrcode';
import { generateSecret, generateURI, verify } from 'otplib';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { decryptToken, encryptToken, reencryptToken, TokenDecryptionError, type Keyring } from '@/lib/server/crypto/token-encryption';
import { tokenKeyring } from '@/lib/server/nxsys/settings';

export const TOTP_PERIOD_SECONDS = 30;
/** One step either side: a phone clock a little off, or a code typed as it changed. */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;

// The user id is the encryption's associated data: a secret copied into another person's row does not decrypt.
const aad = (userId: string) => `totp:${userId}`;
export const encryptTotpSecret = (userId: string, secret: string) => encryptToken(tokenKeyring(), secret, aad(userId));
export const decryptTotpSecret = (userId: string, stored: string) => decryptToken(tokenKeyring(), stored, aad(userId));

export const newTotpSecret = () => generateSecret();

/** The `otpauth://` URI an app scans, and the same as an SVG QR code (rendered here: no QR code in the browser's bundle). */
export async function totpProvisioning(secret: string, email: string) {
  const uri = generateURI({ issuer: 'Nxsys agency portal', label: email, secret, period: TOTP_PERIOD_SECONDS });
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { uri, qrSvg };
}

/** The time step the code belongs to (the one that makes it single-use), or null when it matches none in the window. */
export async function totpStepOf(secret: string, code: string, now: Date): Promise<number | null> {
  const result = await verify({
    secret,
    token: code,
    period: TOTP_PERIOD_SECONDS,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/**
 * `npm run tokens:reencrypt`: moves every authenticator-app secret onto the current key. Compare-and-set on the old
 * ciphertext, so a secret replaced meanwhile (a new enrolment) is left alone; a secret that does not decrypt is left as
 * it is and reported (never "fixed"), as for the Nxsys tokens.
 */
export async function reencryptTotpSecrets(db: PrismaClient, keyring: Keyring): Promise<{ changed: number; failed: string[] }> {
  const rows = await db.totpFactor.findMany({ select: { userId: true, secretCiphertext: true } });
  let changed = 0;
  const failed: string[] = [];
  for (const { userId, secretCiphertext } of rows) {
    let moved: string;
    try {
      moved = reencryptToken(keyring, secretCiphertext, aad(userId));
    } catch (error) {
      if (!(error instanceof TokenDecryptionError)) throw error;
      failed.push(userId);
      continue;
    }
    if (moved === secretCiphertext) continue; // already under the current key
    changed += (await db.totpFactor.updateMany({ where: { userId, secretCiphertext }, data: { secretCiphertext: moved } })).count;
  }
  return { changed, failed };
}
