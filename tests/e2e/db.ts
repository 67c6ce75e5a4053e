// Direct SQL for browser tests, for what no page does and no product route may do (moving a session's step-up time
// back, instead of waiting 10 minutes). The e2e server writes its database's URL for this (scripts/e2e-server.ts).
import { readFileSync } from 'node:fs';
import pg from 'pg';

function databaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  return readFileSync(`.data/e2e-${Number(process.env.E2E_PORT ?? 3100)}.database-url`, 'utf8').trim();
}

/** Every session of this person last proved their factor `minutes` ago. */
export async function ageStepUpOf(email: string, minutes: number) {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    await client.query(
      `UPDATE "Session" SET "stepUpAt" = now() AT TIME ZONE 'UTC' - make_interval(mins => $2)
       WHERE "userId" = (SELECT id FROM "User" WHERE email = $1)`,
      [email, minutes],
    );
  } finally {
    await client.end();
  }
}
