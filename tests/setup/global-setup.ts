// Vitest global setup: a real PostgreSQL for the integration tests, never a mock. Uses TEST_DATABASE_URL or
// DATABASE_URL's server when given, otherwise an embedded PostgreSQL in .data/pg-test; either way a fresh
// database per run, with the committed migrations applied.
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../scripts/db/embedded';
import { applyMigrations, dropDatabase, ensureDatabase } from '../../scripts/db/migrations';

const serverOf = (url: string) => url.replace(/\/[^/@]*$/, '');

/** Databases of earlier runs that were killed before their teardown. */
async function dropStaleTestDatabases(serverUrl: string) {
  const client = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'portal\\_test\\_%'");
    const hourAgo = Date.now() - 3_600_000;
    for (const { datname } of rows) {
      const stamp = Number(datname.split('_')[2]);
      if (stamp && stamp < hourAgo) await dropDatabase(serverUrl, datname).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

export default async function setup() {
  const given = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let embedded: EmbeddedServer | undefined;
  const serverUrl = given
    ? serverOf(given)
    : (embedded = await startEmbeddedPostgres({ dataDir: path.resolve('.data/pg-test') })).serverUrl;

  await dropStaleTestDatabases(serverUrl);
  const database = `portal_test_${Date.now()}_${process.pid}`;
  await ensureDatabase(serverUrl, database);
  const databaseUrl = `${serverUrl}/${database}`;
  await applyMigrations(databaseUrl);

  // Test workers are forked after this returns and inherit the environment.
  process.env.DATABASE_URL = databaseUrl;
  process.env.TEST_SERVER_URL = serverUrl;

  return async () => {
    await dropDatabase(serverUrl, database).catch(() => undefined);
    await embedded?.stop();
  };
}
