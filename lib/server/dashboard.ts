import 'server-only';
import { payslipSchema, type Payslip } from '@/lib/validations/payslip';
import type { CurrentUser } from './auth/current-user';
import { ApiError } from './http/api-error';
import { callNxsys } from './nxsys';
import { normalisePage } from './nxsys/normalise';

/**
 * What staff look at first thing: a few counts and recent items from Nxsys. Every card is read in parallel,
 * with one quick retry and a short timeout (the dashboard must not hang when Nxsys does), and kept briefly
 * per agency so that a morning of dashboard visits is not a morning of Nxsys calls.
 */
const FRESH_MS = 30_000;
const FAILED_MS = 5_000;
const READ = { maxAttempts: 2, timeoutMs: 5_000 } as const;

type AgencyUser = Pick<CurrentUser, 'agency'>;

async function page(user: AgencyUser, path: string, query: Record<string, string | number>) {
  const size = Number(query.size ?? 20);
  const { body } = await callNxsys(user, { method: 'GET', path, query, ...READ });
  return normalisePage(body, { page: 1, size });
}

export interface TimesheetSummary {
  id: string;
  candidateName: string | null;
  candidateId: string | null;
  startDate: string | null;
  endDate: string | null;
}

async function awaitingApproval(user: AgencyUser) {
  const result = await page(user, '/nxsys/time-sheets', { approveStatus: 'PENDING_AGENCY_APPROVAL', size: 5, sortField: 'startDate', sortType: 'desc' });
  const recent: TimesheetSummary[] = result.data.map((t) => {
    const ref = t.subcontractorRef as { id?: string; fullName?: string } | string | undefined;
    return {
      id: String(t.id),
      candidateId: typeof ref === 'string' ? ref : (ref?.id ?? null),
      candidateName: typeof ref === 'object' ? (ref.fullName ?? null) : null,
      startDate: typeof t.startDate === 'string' ? t.startDate : null,
      endDate: typeof t.endDate === 'string' ? t.endDate : null,
    };
  });
  return { count: result.meta.totalDocs, recent };
}

async function latestPayslips(user: AgencyUser): Promise<{ latest: Payslip | null; inRun: number; recent: Payslip[] }> {
  const result = await page(user, '/nxsys/payslips', { size: 5, sortField: 'payDate', sortType: 'desc' });
  const recent = result.data.flatMap((p) => {
    const parsed = payslipSchema.safeParse(p);
    return parsed.success ? [parsed.data] : [];
  });
  const latest = recent[0] ?? null;
  if (!latest || latest.taxYear === null || latest.taxPeriod === null) return { latest, inRun: recent.length, recent };
  const run = await page(user, '/nxsys/payslips', { taxYear: latest.taxYear, taxPeriod: latest.taxPeriod, size: 1 });
  return { latest, inRun: run.meta.totalDocs, recent };
}

/** Monday 00:00 (UTC) of the current week. */
export function startOfWeek(now: Date): Date {
  const day = (now.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day));
}

async function onboardedThisWeek(user: AgencyUser, now = new Date()) {
  // No list filter for a creation date is documented: read the newest 100 of each country and count.
  const since = startOfWeek(now).toISOString();
  const counts = await Promise.all(
    ['/nxsys/candidates', '/nxsys/candidates/ireland'].map(async (path) => {
      const result = await page(user, path, { size: 100, sortField: 'createdAt', sortType: 'desc' });
      const count = result.data.filter((c) => typeof c.createdAt === 'string' && c.createdAt >= since).length;
      return { count, more: count === result.data.length && result.meta.totalDocs > result.data.length };
    }),
  );
  return { count: counts.reduce((sum, c) => sum + c.count, 0), atLeast: counts.some((c) => c.more), since: since.slice(0, 10) };
}

const CARDS = { awaitingApproval, latestPayslips, onboardedThisWeek } as const;
type Cards = typeof CARDS;
export type CardName = keyof Cards;
export type CardData<K extends CardName> = Awaited<ReturnType<Cards[K]>>;

const cache = new Map<string, { at: number; ttl: number; value: Promise<unknown> }>();

/** One card's data, shared by concurrent visitors of the same agency and kept for FRESH_MS (failures for less). */
export function dashboardCard<K extends CardName>(user: AgencyUser, name: K): Promise<CardData<K>> {
  const key = `${user.agency.id}:${name}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < hit.ttl) return hit.value as Promise<CardData<K>>;
  const entry = { at: Date.now(), ttl: FRESH_MS, value: (CARDS[name] as (u: AgencyUser) => Promise<CardData<K>>)(user) };
  entry.value.catch(() => {
    entry.ttl = FAILED_MS;
  });
  cache.set(key, entry);
  return entry.value;
}

/** Forget an agency's cached cards (after a write the dashboard should show at once, and in tests). */
export function forgetDashboard(agencyId: string) {
  for (const key of cache.keys()) if (key.startsWith(`${agencyId}:`)) cache.delete(key);
}

/** A failed card's honest message. */
export function cardError(error: unknown): { code: string; message: string } {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  console.error('Dashboard card failed', error);
  return { code: 'internal_error', message: 'This could not be loaded.' };
}
