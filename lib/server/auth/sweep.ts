import 'server-only';
import { z } from 'zod';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { db } from '../db';
import { env } from '../env';
import { defineJob } from '../jobs/define';
import type { SessionPolicy } from './sessions';

/**
 * Deletes what can never be used again: sessions past their idle or absolute limit (a visit would end them
 * anyway, resolveSession), spent or expired OAuth states, expired shared cache entries and import uploads older
 * than a day. Idempotent.
 */
export async function sweepExpired(database: PrismaClient, policy: SessionPolicy, now = new Date()) {
  const sessions = await database.session.deleteMany({
    where: { OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lt: new Date(now.getTime() - policy.idleMs) } }] },
  });
  const states = await database.oAuthState.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 24 * 3_600_000) } } });
  const cached = await database.sharedCacheEntry.deleteMany({ where: { expiresAt: { lt: now } } });
  // Import uploads are previewed and started within minutes; a started import keeps its own copy of the file.
  const uploads = await database.importUpload.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - 24 * 3_600_000) } } });
  return { sessions: sessions.count, oauthStates: states.count, cacheEntries: cached.count, importUploads: uploads.count };
}

/** Every 10 minutes, once across all instances. */
export const sessionSweepJob = defineJob({
  name: 'session-sweep',
  payload: z.object({}).passthrough(),
  schedule: '*/10 * * * *',
  queue: { policy: 'singleton', retryLimit: 0, expireInSeconds: 10 * 60 },
  async handle() {
    const config = env();
    await sweepExpired(db, { idleMs: config.SESSION_IDLE_MINUTES * 60_000, absoluteMs: config.SESSION_MAX_HOURS * 3_600_000 });
  },
});
