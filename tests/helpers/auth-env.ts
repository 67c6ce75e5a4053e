import { afterAll, beforeAll } from 'vitest';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { generateKeyringEntry } from '@/lib/server/crypto/token-encryption';
import { TEST_APP_ORIGIN, TEST_NEXTAUTH_SECRET } from './nxsys';

/**
 * For a test file of sign-in, sessions and second factors: the env that code reads (the portal's origin, the JWT
 * secret, a fresh key for the stored factor secrets) set before its tests and restored after them, when the file's
 * database client (if any) also disconnects. `extra`: more env for the file. Call it once, at the top level of the
 * file, before its own afterAll hooks (Vitest runs those in reverse: theirs first, then this one).
 */
export function withAuthEnv(db: PrismaClient | null, extra: Record<string, string> = {}) {
  const envBefore = { ...process.env };
  beforeAll(() => {
    Object.assign(process.env, {
      NEXTAUTH_URL: TEST_APP_ORIGIN,
      NEXTAUTH_SECRET: TEST_NEXTAUTH_SECRET,
      TOKEN_ENCRYPTION_KEY: generateKeyringEntry('k1'),
      ...extra,
    });
  });
  afterAll(async () => {
    process.env = envBefore;
    await db?.$disconnect();
  });
}
