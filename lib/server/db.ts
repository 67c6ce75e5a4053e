import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { env } from './env';

// One client per process; in development Next re-evaluates modules on change, so keep it on globalThis.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function client(): PrismaClient {
  const config = env();
  // An explicit pool per instance (DATABASE_POOL_SIZE): a waiting query fails after 10 s instead of hanging.
  globalForPrisma.prisma ??= new PrismaClient({
    adapter: new PrismaPg({
      connectionString: config.DATABASE_URL,
      max: config.DATABASE_POOL_SIZE,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      application_name: 'nxsys-portal',
    }),
  });
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
