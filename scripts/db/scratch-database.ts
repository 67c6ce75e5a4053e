// A throw-away database for work that must not touch real data (creating a migration, checking drift):
// on the DATABASE_URL server when given, otherwise on an embedded PostgreSQL in .data/pg-tools.
import path from 'node:path';
import { startEmbeddedPostgres } from './embedded';
import { dropDatabase, ensureDatabase } from './migrations';

export async function withScratchDatabase<T>(work: (databaseUrl: string) => Promise<T>): Promise<T> {
  const given = process.env.DATABASE_URL;
  const embedded = given ? null : await startEmbeddedPostgres({ dataDir: path.resolve('.data/pg-tools') });
  const serverUrl = given ? given.replace(/\/[^/@]*$/, '') : embedded!.serverUrl;
  const name = `portal_scratch_${Date.now()}_${process.pid}`;
  await ensureDatabase(serverUrl, name);
  try {
    return await work(`${serverUrl}/${name}`);
  } finally {
    await dropDatabase(serverUrl, name).catch(() => undefined);
    await embedded?.stop();
  }
}
