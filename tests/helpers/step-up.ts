import type { PrismaClient } from '@/lib/generated/prisma/client';

/**
 * Moves back by $2 seconds the last step-up of every session of the person whose e-mail is $1 (test-only, straight
 * in the database: no product path does this), so that "10 minutes later" needs no waiting. One statement for the
 * integration tests (Prisma) and the browser tests (tests/e2e/db.ts's e2eQuery).
 */
export const AGE_STEP_UP_SQL = `UPDATE "Session" SET "stepUpAt" = "stepUpAt" - make_interval(secs => $2)
  WHERE "userId" = (SELECT id FROM "User" WHERE email = $1)`;

export async function ageStepUp(db: PrismaClient, email: string, ms: number) {
  await db.$executeRawUnsafe(AGE_STEP_UP_SQL, email, ms / 1000);
}
