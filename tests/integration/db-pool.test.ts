// lib/server/db.ts's pool: a pooled connection that PostgreSQL ends while it is idle (a restart, an admin's
// pg_terminate_backend) is reported as an 'error' on the pool. Unheard, that event would end the process.
import type pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { db, sqlRows } from '@/lib/server/db';
import { log } from '@/lib/server/log';
import { withAuthEnv } from '../helpers/auth-env';
import { testDb } from '../helpers/db';
import { until } from '../integrity/wait';

const other = testDb();
withAuthEnv(other);

const pool = () => (globalThis as unknown as { pgPool: pg.Pool }).pgPool;

describe('the database pool', () => {
  it('survives PostgreSQL ending an idle connection, and the next query works', async () => {
    // sqlRows before any Prisma query: the pool's own listener is all that hears the error (Prisma adds one later).
    const warned = vi.spyOn(log, 'warn').mockImplementation(() => {}); // heard (and kept out of the test output)
    const { pid } = (await sqlRows<{ pid: number }>(db, 'SELECT pg_backend_pid() AS pid', []))[0]!;
    expect(pool().idleCount).toBe(1);
    await other.$queryRaw`SELECT pg_terminate_backend(${pid}::int)`;
    await until(
      () => pool().totalCount,
      (count) => count === 0,
    );
    expect(warned).toHaveBeenCalledWith(
      expect.objectContaining({ err: expect.objectContaining({ code: '57P01' }) }),
      'an idle database connection ended',
    );
    warned.mockRestore();
    const { next } = (await sqlRows<{ next: number }>(db, 'SELECT pg_backend_pid() AS next', []))[0]!;
    expect(next).not.toBe(pid);
    expect(await db.agency.count()).toBeGreaterThanOrEqual(0);
    await db.$disconnect();
  });
});
