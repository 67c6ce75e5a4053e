import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import { db as productDb } from './db';

/**
 * Small values shared by every app instance (SharedCacheEntry in PostgreSQL), each with an expiry: what one
 * instance learnt (the VAT codes, "Nxsys refused our client credentials") the others see at once.
 */
type Db = Pick<typeof productDb, 'sharedCacheEntry'>;

export async function readShared<T>(key: string, database: Db = productDb, now = new Date()): Promise<T | null> {
  const entry = await database.sharedCacheEntry.findUnique({ where: { key } });
  return entry && entry.expiresAt > now ? (entry.value as T) : null;
}

export async function writeShared(key: string, value: unknown, ttlMs: number, database: Db = productDb, now = new Date()): Promise<void> {
  const data = { value: value as Prisma.InputJsonValue, expiresAt: new Date(now.getTime() + ttlMs) };
  await database.sharedCacheEntry.upsert({ where: { key }, create: { key, ...data }, update: data });
}

export async function deleteShared(key: string, database: Db = productDb): Promise<void> {
  await database.sharedCacheEntry.deleteMany({ where: { key } });
}

/** The shared value under `key`, loaded (by whichever instance asks first after expiry) when missing. */
export async function sharedCached<T>(key: string, ttlMs: number, load: () => Promise<T>, database: Db = productDb): Promise<T> {
  const hit = await readShared<T>(key, database);
  if (hit !== null) return hit;
  const value = await load();
  await writeShared(key, value, ttlMs, database);
  return value;
}
