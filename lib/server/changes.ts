import 'server-only';
import { db as productDb } from './db';

/**
 * The one way a write in one domain tells others that what they keep is stale: a per-agency version per
 * topic, bumped by the write and checked by whoever caches (the dashboard). Domains record changes here and
 * never import another domain's cache. The versions live in PostgreSQL (ChangeVersion), so a write handled by
 * one app instance makes every instance's cache stale at once: the check is one indexed read.
 */
export type ChangeTopic = 'candidates' | 'payment-rates' | 'timesheets' | 'payslips' | 'dashboard';

type Db = Pick<typeof productDb, 'changeVersion'>;

/** After a write that others may have cached (in any instance). */
export async function recordChange(agencyId: string, topic: ChangeTopic, database: Db = productDb): Promise<void> {
  await database.changeVersion.upsert({
    where: { agencyId_topic: { agencyId, topic } },
    create: { agencyId, topic, version: 1 },
    update: { version: { increment: 1 } },
  });
}

/** A value that differs after any recordChange of one of these topics for this agency (in any instance). */
export async function changeVersion(agencyId: string, topics: readonly ChangeTopic[], database: Db = productDb): Promise<string> {
  const rows = await database.changeVersion.findMany({ where: { agencyId, topic: { in: [...topics] } } });
  const byTopic = new Map(rows.map((row) => [row.topic, row.version]));
  return topics.map((topic) => byTopic.get(topic) ?? 0).join('.');
}
