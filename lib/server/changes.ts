import 'server-only';

/**
 * The one way a write in one domain tells others that what they keep is stale: a per-agency version per
 * topic, bumped by the write and checked by whoever caches (the dashboard). Domains record changes here and
 * never import another domain's cache.
 */
export type ChangeTopic = 'candidates' | 'payment-rates' | 'timesheets' | 'payslips';

const versions = new Map<string, number>();
let counter = 0;

/** After a write that others may have cached (in this process). */
export function recordChange(agencyId: string, topic: ChangeTopic) {
  versions.set(`${agencyId}:${topic}`, ++counter);
}

/** A value that differs after any recordChange of one of these topics for this agency. */
export function changeVersion(agencyId: string, topics: readonly ChangeTopic[]): string {
  return topics.map((topic) => versions.get(`${agencyId}:${topic}`) ?? 0).join('.');
}
