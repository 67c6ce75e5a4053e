import { createHash } from 'node:crypto';
import type { PrismaClient } from '@/lib/generated/prisma/client';

/**
 * Moves a session's last step-up back by `ms` (test-only, straight in the database: no product path does this), so
 * that "10 minutes later" needs no waiting. `sessionId` is the cookie's id; the row is keyed by its SHA-256.
 */
export async function ageStepUp(db: PrismaClient, sessionId: string, ms: number) {
  const id = createHash('sha256').update(sessionId).digest('hex');
  await db.$executeRaw`UPDATE "Session" SET "stepUpAt" = "stepUpAt" - make_interval(secs => ${ms / 1000}) WHERE id = ${id}`;
}
