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
