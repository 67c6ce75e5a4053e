import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/**
 * A query on the browser-test server's own database (scripts/e2e-server.ts writes where it is), for tests that
 * check what the portal stored, or move a recorded time back instead of waiting — never for what a page can do.
 */
export async function e2eQuery<Row extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row[]> {
  const port = Number(process.env.E2E_PORT ?? 3100);
  const file = path.resolve('.data', `e2e-${port}-database.json`);
  const { url } = JSON.parse(readFileSync(file, 'utf8')) as { url: string };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Every session of this person last proved their second factor `minutes` ago (instead of waiting 10 minutes). */
export async function ageStepUpOf(email: string, minutes: number) {
  await e2eQuery(
    `UPDATE "Session" SET "stepUpAt" = now() AT TIME ZONE 'UTC' - make_interval(mins => $2)
     WHERE "userId" = (SELECT id FROM "User" WHERE email = $1)`,
    [email, minutes],
  );
}
