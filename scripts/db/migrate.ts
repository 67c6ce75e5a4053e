// `npm run db:migrate`: applies pending migrations in prisma/migrations to DATABASE_URL.
import { pathToFileURL } from 'node:url';
import { applyMigrations } from './migrations';

export { applyMigrations, ensureDatabase } from './migrations';

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set. (npm run dev migrates its embedded database by itself.)');
    process.exit(1);
  }
  const applied = await applyMigrations(url);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
}
