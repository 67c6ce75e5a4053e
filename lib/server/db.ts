import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { env } from './env';
import { log } from './log';

// One client per process; in development Next re-evaluates modules on change, so keep it on globalThis.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; pgPool?: pg.Pool };

// An explicit pool per instance (DATABASE_POOL_SIZE): a waiting query fails after 10 s instead of hanging. Prisma
// runs on it, and so do the few hot-path statements that skip Prisma's query engine (sqlRows below).
function pool(): pg.Pool {
  const current = globalForPrisma.pgPool;
  if (current && !current.ending && !current.ended) return current;
  const config = env();
  const created = new pg.Pool({
    connectionString: config.DATABASE_URL,
    max: config.DATABASE_POOL_SIZE,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'nxsys-portal',
  });
  // An idle connection ended by PostgreSQL (a restart) is reported on the pool; unheard, that 'error' would end the
  // instance. Prisma listens only once it has connected, and sqlRows may use the pool before that.
  created.on('error', (err) => log.warn({ err }, 'an idle database connection ended'));
  return (globalForPrisma.pgPool = created);
}

function client(): PrismaClient {
  // The pool is closed with the client ($disconnect); a query after that (Prisma reconnects) gets a new one.
  globalForPrisma.prisma ??= new PrismaClient({ adapter: new PrismaPg(pool(), { disposeExternalPool: true }) });
  return globalForPrisma.prisma;
}

/**
 * The database client, created on first use rather than at import, so that `next build` (which imports
 * route modules) needs no database configuration.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const instance = client();
    const value = Reflect.get(instance, property, instance);
    return typeof value === 'function' ? value.bind(instance) : value;
  },
});

/**
 * Rows of one SQL statement ($1, $2… placeholders). On this process's own client it goes straight to the pg pool:
 * Prisma's query engine was a measured share of every proxied call (bench/profile-summary.ts), and the statements
 * run on every request (the session look-up) need none of it. Any other client (tests' own) runs it through
 * Prisma, with the same result. Timestamps must be selected as `timestamptz` (`x AT TIME ZONE 'UTC'`): both paths
 * then read them as the same instant whatever the process's time zone.
 */
export async function sqlRows<T>(database: PrismaClient, text: string, values: unknown[]): Promise<T[]> {
  if (database === db) return (await pool().query(text, values)).rows as T[];
  return database.$queryRawUnsafe<T[]>(text, ...values);
}
