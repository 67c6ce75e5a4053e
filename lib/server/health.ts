import 'server-only';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from '@/lib/generated/prisma/client';

/**
 * Liveness, readiness and draining of one app instance. A load balancer sends traffic to an instance only while
 * `/api/ready` answers 200: the database answers, every committed migration is applied, and the instance is not
 * shutting down (lib/server/shutdown.ts flips `draining` on SIGTERM, before it stops accepting connections).
 */
const globalForHealth = globalThis as unknown as { nxsysLifecycle?: { draining: boolean } };
export const lifecycle = (globalForHealth.nxsysLifecycle ??= { draining: false });

export interface Readiness {
  ready: boolean;
  checks: { database: 'ok' | 'unreachable'; migrations: 'ok' | 'pending' | 'unknown'; accepting: boolean };
  pendingMigrations?: string[];
}

/** Migration folders shipped with this build (the standalone output traces prisma/migrations into the bundle). */
export async function shippedMigrations(root = process.cwd()): Promise<string[]> {
  const entries = await readdir(path.join(root, 'prisma', 'migrations'), { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export async function readiness(db: Pick<PrismaClient, '$queryRaw'>, root?: string): Promise<Readiness> {
  const accepting = !lifecycle.draining;
  let applied: string[];
  try {
    const rows = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    applied = rows.map((r) => r.migration_name);
  } catch {
    return { ready: false, checks: { database: 'unreachable', migrations: 'unknown', accepting } };
  }
  const shipped = await shippedMigrations(root).catch(() => null);
  if (!shipped) return { ready: false, checks: { database: 'ok', migrations: 'unknown', accepting } };
  const pending = shipped.filter((name) => !applied.includes(name));
  const migrations = pending.length ? 'pending' : 'ok';
  return {
    ready: accepting && !pending.length,
    checks: { database: 'ok', migrations, accepting },
    ...(pending.length ? { pendingMigrations: pending } : {}),
  };
}
