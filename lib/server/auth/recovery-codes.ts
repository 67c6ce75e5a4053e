import 'server-only';
import { randomInt } from 'node:crypto';
import type { Prisma } from '@/lib/generated/prisma/client';
import { hashPassword, verifyPassword } from './password';

export const RECOVERY_CODE_COUNT = 10;
// No 0/o, 1/l/i: read off paper and typed in.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** `abcde-fghij`: 10 random characters (~49 bits), shown once; only their argon2 hash is kept. */
function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Replaces the user's recovery codes with a new set (within the caller's transaction); returns them, to show once. */
export async function replaceRecoveryCodes(tx: Prisma.TransactionClient, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const hashes = await Promise.all(codes.map((code) => hashPassword(code.replace('-', ''))));
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: hashes.map((codeHash) => ({ userId, codeHash })) });
  return codes;
}

/**
 * Uses one recovery code (already normalised: 10 characters, no hyphen). Compare-and-set on `usedAt`: of two uses
 * of the same code at once, one wins.
 */
export async function useRecoveryCode(db: Prisma.TransactionClient, userId: string, code: string, now: Date): Promise<boolean> {
  const unused = await db.recoveryCode.findMany({ where: { userId, usedAt: null }, select: { id: true, codeHash: true } });
  for (const row of unused) {
    if (!(await verifyPassword(row.codeHash, code))) continue;
    const taken = await db.recoveryCode.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    return taken.count === 1;
  }
  return false;
}
