import 'server-only';
import { ApiError } from '@/lib/errors/api-error';
import { payslipSchema, type Payslip } from '@/lib/payslips/schema';
import { payslipsPage } from '@/lib/payslips/server';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { changeVersion, recordChange, type ChangeTopic } from '@/lib/server/changes';
import { db } from '@/lib/server/db';
import { scanList } from '@/lib/server/nxsys/normalise';
import { timesheetsPage } from '@/lib/timesheets/server';
import { log } from '@/lib/server/log';

/**
 * What staff look at first thing: a few counts and recent items from Nxsys. Every card is read in parallel,
 * with one quick retry and a short timeout (the dashboard must not hang when Nxsys does), and kept briefly
 * per agency so that a morning of dashboard visits is not a morning of Nxsys calls.
 */
const FRESH_MS = 30_000;
const FAILED_MS = 5_000;
const READ = { maxAttempts: 2, timeoutMs: 5_000 } as const;
/** Pages of 100 read for a card at most; beyond that the card says "at least". */
const MAX_PAGES = 10;

type AgencyUser = Pick<CurrentUser, 'agency'>;

export interface TimesheetSummary {
  id: string;
  candidateName: string | null;
  candidateId: string | null;
  startDate: string | null;
  endDate: string | null;
}

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);

/**
 * Timesheets whose documented `approveStatus` is anything but APPROVED (the only documented value), counted
 * by the portal over the newest timesheets: the `approveStatus` filter is not documented, so it is not used.
 */
async function notApproved(user: AgencyUser) {
  const { matches, complete } = await scanList(
    (page, size) => timesheetsPage(user, { sortField: 'startDate', sortType: 'desc' }, page, size, READ),
    { keep: (t) => typeof t.approveStatus === 'string' && t.approveStatus !== 'APPROVED', maxPages: MAX_PAGES },
  );
  const recent: TimesheetSummary[] = matches.slice(0, 5).map((t) => {
    const ref = t.subcontractorRef as { id?: string; fullName?: string } | string | undefined;
    return {
      id: String(t.id),
      candidateId: typeof ref === 'string' ? ref : (ref?.id ?? null),
      candidateName: typeof ref === 'object' ? (ref.fullName ?? null) : null,
      startDate: text(t.startDate),
      endDate: text(t.endDate),
    };
  });
  return { count: matches.length, atLeast: !complete, recent };
}

/**
 * The latest payslip run: the highest tax year and period in the payslip list (which documents no sorting
 * or filters), and how many payslips it holds.
 */
async function latestPayslips(
  user: AgencyUser,
): Promise<{ latest: Payslip | null; inRun: number; atLeast: boolean; run: Payslip[]; recent: Payslip[] }> {
  const { matches, complete } = await scanList((page, size) => payslipsPage(user, {}, page, size, READ), { maxPages: MAX_PAGES });
  const payslips = matches.flatMap((p) => {
    const parsed = payslipSchema.safeParse(p);
    return parsed.success && parsed.data.taxYear !== null && parsed.data.taxPeriod !== null ? [parsed.data] : [];
  });
  const key = (p: Payslip) => p.taxYear! * 100 + p.taxPeriod!;
  const newest = payslips.reduce<Payslip | null>((best, p) => (!best || key(p) > key(best) ? p : best), null);
  if (!newest) return { latest: null, inRun: 0, atLeast: !complete, run: [], recent: [] };
  const run = payslips.filter((p) => key(p) === key(newest));
  return { latest: newest, inRun: run.length, atLeast: !complete, run, recent: run.slice(0, 3) };
}

/** Monday 00:00 (UTC) of the current week. */
export function startOfWeek(now: Date): Date {
  const day = (now.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day));
}

/**
 * Candidates onboarded through this portal since Monday, from our own audit log: Nxsys's documented
 * candidate lists carry no creation date, so Nxsys cannot tell us this.
 */
async function onboardedThisWeek(user: AgencyUser, now = new Date()) {
  const since = startOfWeek(now);
  const count = await db.auditEvent.count({ where: { agencyId: user.agency.id, action: 'candidate.created', createdAt: { gte: since } } });
  return { count, since: since.toISOString().slice(0, 10) };
}

const CARDS = { notApproved, latestPayslips, onboardedThisWeek } as const;
type Cards = typeof CARDS;
export type CardName = keyof Cards;
export type CardData<K extends CardName> = Awaited<ReturnType<Cards[K]>>;

/** What each card shows, so that a write elsewhere (lib/server/changes.ts) makes it stale at once. */
const SOURCES: Record<CardName, readonly ChangeTopic[]> = {
  notApproved: ['timesheets', 'dashboard'],
  latestPayslips: ['payslips', 'dashboard'],
  onboardedThisWeek: ['candidates', 'dashboard'],
};

const cache = new Map<string, { at: number; ttl: number; version: string; value: Promise<unknown> }>();

/**
 * One card's data, shared by concurrent visitors of the same agency and kept for FRESH_MS (failures for less) in
 * this instance, unless a write in any instance changed what it shows (the change versions are in PostgreSQL).
 */
export async function dashboardCard<K extends CardName>(user: AgencyUser, name: K): Promise<CardData<K>> {
  const key = `${user.agency.id}:${name}`;
  const version = await changeVersion(user.agency.id, SOURCES[name]);
  const hit = cache.get(key);
  if (hit && hit.version === version && Date.now() - hit.at < hit.ttl) return hit.value as Promise<CardData<K>>;
  const entry = { at: Date.now(), ttl: FRESH_MS, version, value: (CARDS[name] as (u: AgencyUser) => Promise<CardData<K>>)(user) };
  entry.value.catch(() => {
    entry.ttl = FAILED_MS;
  });
  cache.set(key, entry);
  return entry.value;
}

/** Forget an agency's cached cards in every instance (the refresh button, and tests). */
export async function forgetDashboard(agencyId: string) {
  for (const key of cache.keys()) if (key.startsWith(`${agencyId}:`)) cache.delete(key);
  await recordChange(agencyId, 'dashboard');
}

/** A failed card's honest message. */
export function cardError(error: unknown): { code: string; message: string } {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  log.error({ err: error }, 'dashboard card failed');
  return { code: 'internal_error', message: 'This could not be loaded.' };
}
