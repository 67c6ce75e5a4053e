import 'server-only';
import { EXPIRY_WINDOW_DAYS, rightToWorkState } from '@/lib/candidates/server';
import { db } from '@/lib/server/db';
import { addDays } from '@/lib/timesheets/week-days';

/** Imports looked at: those started in the last 30 days (older ones were dealt with or are history). */
const IMPORT_DAYS = 30;

export interface ImportAttention {
  id: string;
  fileName: string;
  kind: string;
  /** The import stopped (FAILED) rather than finished. */
  stopped: boolean;
  /** Rows whose outcome is unknown: "Check in Nxsys". */
  unknown: number;
}

/** Imports that stopped, or finished with rows nobody can say were created ("Check in Nxsys"). Newest first. */
export async function importsNeedingAttention(agencyId: string, now = new Date()): Promise<ImportAttention[]> {
  const jobs = await db.importJob.findMany({
    where: {
      agencyId,
      createdAt: { gte: new Date(now.getTime() - IMPORT_DAYS * 86_400_000) },
      OR: [{ status: 'FAILED' }, { unknown: { gt: 0 } }, { items: { some: { state: 'UNKNOWN' } } }],
    },
    select: { id: true, fileName: true, kind: true, status: true, _count: { select: { items: { where: { state: 'UNKNOWN' } } } } },
    orderBy: { createdAt: 'desc' },
    take: 10,
  });
  return jobs.map((j) => ({ id: j.id, fileName: j.fileName, kind: j.kind, stopped: j.status === 'FAILED', unknown: j._count.items }));
}

/** Right-to-work documents expired or expiring within 30 days, from the agency's last scan (never a fresh Nxsys read). */
export async function rightToWorkDue(agencyId: string, today: string) {
  const { scan } = await rightToWorkState(agencyId);
  if (!scan) return null;
  const until = addDays(today, EXPIRY_WINDOW_DAYS);
  return {
    expired: scan.documents.filter((d) => d.expiryDate < today).length,
    expiring: scan.documents.filter((d) => d.expiryDate >= today && d.expiryDate <= until).length,
    checkedAt: scan.checkedAt,
    complete: scan.complete && scan.unchecked === 0,
  };
}
