import 'server-only';
import { z } from 'zod';
import { ApiError } from '@/lib/errors/api-error';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { db as appDb } from '@/lib/server/db';
import { defineJob, sendJob } from '@/lib/server/jobs';
import { getRecord, listPage, upstreamPage, type Item, type ListDef, type ReadOptions } from '@/lib/server/nxsys/lists';
import { scanList, type Page } from '@/lib/server/nxsys/normalise';
import { readShared, writeShared } from '@/lib/server/shared-cache';
import type { Country } from '../schema';
import { CANDIDATE_LISTS } from './lists';

/**
 * Right-to-work document expiry for a whole agency. Nxsys's candidate lists carry no expiry date (only reads by
 * id do, and the UK read by id is missing on older deployments), so finding the candidates whose document expires
 * soon means reading each candidate: the weekly digest and the candidate list's filter share this one scan.
 */

/** At most this many candidates are read by id per scan; the rest are counted as unchecked. */
export const MAX_EXPIRY_READS = 500;
/** Documents expiring this many days ahead are "expiring soon" (the digest and the list filter). */
export const EXPIRY_WINDOW_DAYS = 30;

export interface ExpiringDocument {
  candidateId: string;
  country: Country;
  name: string;
  /** YYYY-MM-DD, exactly as Nxsys sent it. */
  expiryDate: string;
}

export interface ExpiryScan {
  documents: ExpiringDocument[];
  /** Candidates whose expiry date could not be read (no read by id, or over the bound). */
  unchecked: number;
  /** The same, per list (a UK Nxsys without the read by id leaves the UK candidates unchecked, not the Irish). */
  uncheckedByCountry: Record<Country, number>;
  /** Candidates looked at (in the lists as far as they were read). */
  candidates: number;
  /** Both lists were read to their end (else candidates beyond the bound were not looked at). */
  complete: boolean;
}

export type ExpiryReader = (agencyId: string, today: string, until: string) => Promise<ExpiryScan>;

const DATE = /^(\d{4}-\d{2}-\d{2})/;

/** The document expiry date wherever the candidate's shape puts it (flat, generalSetting, candidate…), or null. */
export function documentExpiryOf(raw: unknown, depth = 0): string | null {
  if (!raw || typeof raw !== 'object' || depth > 3) return null;
  const record = raw as Record<string, unknown>;
  const own = record.documentExpiryDate;
  if (typeof own === 'string' && DATE.test(own)) return DATE.exec(own)![1]!;
  for (const value of Object.values(record)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const found = documentExpiryOf(value, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

const nameOf = (raw: Record<string, unknown>) => {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const general = (raw.generalSetting ?? {}) as Record<string, unknown>;
  return (
    text(raw.fullName) || [text(raw.forename || general.forename), text(raw.surname || general.surname)].filter(Boolean).join(' ') || ''
  );
};

const COUNTRY_OF_LIST: Record<keyof typeof CANDIDATE_LISTS, Country> = { candidates: 'uk', 'candidates-ireland': 'ie' };

/** Reads both candidate lists and each candidate by id (the lists carry no expiry date), bounded. */
export const readExpiriesFromNxsys: ExpiryReader = async (agencyId, _today, until) => {
  const agency = { agency: { id: agencyId, name: '' } };
  const documents: ExpiringDocument[] = [];
  let unchecked = 0;
  const uncheckedByCountry: Record<Country, number> = { uk: 0, ie: 0 };
  let reads = 0;
  let candidates = 0;
  let complete = true;
  for (const [name, list] of Object.entries(CANDIDATE_LISTS) as [keyof typeof CANDIDATE_LISTS, ListDef][]) {
    const scanned = await scanList((page, size) => upstreamPage(agency, list, {}, page, size));
    if (!scanned.complete) complete = false;
    for (const item of scanned.matches) {
      candidates++;
      const id = typeof item.id === 'string' ? item.id : '';
      let expiry = documentExpiryOf(item);
      let raw: Record<string, unknown> = item;
      if (!expiry && id && reads < MAX_EXPIRY_READS) {
        reads++;
        try {
          raw = await getRecord(agency, list, id);
          expiry = documentExpiryOf(raw);
        } catch (error) {
          if (!(error instanceof ApiError) || error.code !== 'nxsys_not_found') throw error;
          unchecked++;
          uncheckedByCountry[COUNTRY_OF_LIST[name]]++;
          continue;
        }
      } else if (!expiry && reads >= MAX_EXPIRY_READS) {
        unchecked++;
        uncheckedByCountry[COUNTRY_OF_LIST[name]]++;
        continue;
      }
      if (expiry && expiry <= until) {
        documents.push({ candidateId: id, country: COUNTRY_OF_LIST[name], name: nameOf(raw) || nameOf(item) || id, expiryDate: expiry });
      }
    }
  }
  return { documents, unchecked, uncheckedByCountry, candidates, complete };
};

/** Today in the UK (Europe/London) as YYYY-MM-DD: "expired" and "within 30 days" are counted in UK days. */
export function ukToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export const addDays = (isoDay: string, days: number) =>
  new Date(Date.parse(`${isoDay}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------------------------
// The agency's last scan, shared by every instance (SharedCacheEntry in PostgreSQL), refreshed by a job.

/** What the candidate list's filter reads: the last scan's dates (ids and dates only, no names). */
export interface StoredScan {
  /** When the scan started (ISO): a write or a re-check asked for after this is not in it yet. */
  startedAt: string;
  /** When it finished (ISO): what "checked 27 Nov 2026, 08:32" says. */
  checkedAt: string;
  documents: { candidateId: string; country: Country; expiryDate: string }[];
  unchecked: number;
  uncheckedByCountry: Record<Country, number>;
  candidates: number;
  complete: boolean;
}

/** Kept two weeks: the daily scan replaces it long before; an agency that disconnected stops being scanned. */
const KEPT_MS = 14 * 86_400_000;
const scanKey = (agencyId: string) => `right-to-work-scan:${agencyId}`;
const requestKey = (agencyId: string) => `right-to-work-request:${agencyId}`;

type SharedDb = Parameters<typeof readShared>[1];

/** Scans one agency's candidates and stores the result for every instance. Safe to run twice (it only replaces). */
export async function scanRightToWork(
  agencyId: string,
  {
    read = readExpiriesFromNxsys,
    database = appDb as SharedDb,
    now = () => new Date(),
  }: { read?: ExpiryReader; database?: SharedDb; now?: () => Date } = {},
): Promise<StoredScan> {
  const startedAt = now();
  // Every date Nxsys sends is kept (not only the next 30 days), so the filter stays right on the days after the scan.
  const scan = await read(agencyId, ukToday(startedAt), '9999-12-31');
  const stored: StoredScan = {
    startedAt: startedAt.toISOString(),
    checkedAt: now().toISOString(),
    documents: scan.documents.map(({ candidateId, country, expiryDate }) => ({ candidateId, country, expiryDate })),
    unchecked: scan.unchecked,
    uncheckedByCountry: scan.uncheckedByCountry,
    candidates: scan.candidates,
    complete: scan.complete,
  };
  await writeShared(scanKey(agencyId), stored, KEPT_MS, database);
  return stored;
}

export const rightToWorkScanJob = defineJob({
  name: 'right-to-work-scan',
  payload: z.object({ agencyId: z.string().min(1) }),
  // One queued and one running per agency (singletonKey = agency): a burst of writes or re-checks makes one more scan.
  queue: { policy: 'stately', retryLimit: 2, retryDelay: 60, retryBackoff: true, expireInSeconds: 30 * 60 },
  async handle({ agencyId }) {
    const connection = await appDb.nxsysConnection.findUnique({ where: { agencyId }, select: { status: true } });
    if (connection?.status !== 'CONNECTED') return;
    await scanRightToWork(agencyId);
  },
});

/** Every day 05:15 UTC, once across instances: one scan per connected agency. */
export const rightToWorkScanAllJob = defineJob({
  name: 'right-to-work-scan-all',
  payload: z.object({}).passthrough(),
  schedule: '15 5 * * *',
  queue: { policy: 'singleton', retryLimit: 1, expireInSeconds: 15 * 60 },
  async handle() {
    const connected = await appDb.nxsysConnection.findMany({ where: { status: 'CONNECTED' }, select: { agencyId: true } });
    for (const { agencyId } of connected) await requestRightToWorkScan(agencyId);
  },
});

/**
 * Asks for a fresh scan of the agency (after a candidate write, or "Check again now"): recorded for every
 * instance (the filter says "checking…" until a scan that started after it has finished), then queued.
 */
export async function requestRightToWorkScan(agencyId: string, database: SharedDb = appDb as SharedDb, now = new Date()): Promise<void> {
  await writeShared(requestKey(agencyId), { requestedAt: now.toISOString() }, KEPT_MS, database);
  await sendJob(rightToWorkScanJob, { agencyId }, { singletonKey: agencyId });
}

/** A candidate write's follow-up: never fails the write it follows. */
export const rescanAfterWrite = (agencyId: string) => requestRightToWorkScan(agencyId).catch(() => undefined);

// ---------------------------------------------------------------------------------------------------------------
// The candidate list's filter.

export const RIGHT_TO_WORK_FILTERS = ['expiring', 'expired'] as const;
export type RightToWorkFilter = (typeof RIGHT_TO_WORK_FILTERS)[number];

/** What the list shows beside a filtered view: when it was checked and what could not be. */
export interface RightToWorkStatus {
  filter: RightToWorkFilter;
  /** 'checking': no scan yet (the list is empty until it ends); 'ready'; 'rechecking': a newer scan is on its way. */
  state: 'checking' | 'ready' | 'rechecking';
  checkedAt: string | null;
  /** Candidates of this list whose expiry date could not be read: they may belong in this view. */
  unchecked: number;
  /** The lists were not read to their end: candidates beyond were not looked at. */
  incomplete: boolean;
  /** The expiry date of each row on this page, as Nxsys sent it. */
  expiries: Record<string, string>;
}

export type RightToWorkPage = Page<Item> & { rightToWork: RightToWorkStatus };

const matchesFilter = (filter: RightToWorkFilter, expiry: string, today: string) =>
  filter === 'expired' ? expiry < today : expiry >= today && expiry <= addDays(today, EXPIRY_WINDOW_DAYS);

/** The agency's stored scan and whether a newer one was asked for. */
export async function rightToWorkState(agencyId: string, database: SharedDb = appDb as SharedDb) {
  const [scan, request] = await Promise.all([
    readShared<StoredScan>(scanKey(agencyId), database),
    readShared<{ requestedAt: string }>(requestKey(agencyId), database),
  ]);
  const pending = !!request && (!scan || request.requestedAt > scan.startedAt);
  return { scan, pending };
}

/**
 * A page of a candidate list filtered on right-to-work expiry, from the agency's last scan (the rows themselves
 * come from Nxsys's list, checked row by row as every portal-side filter is). With no scan yet, one is asked
 * for and the page is empty with state "checking": never a list that looks complete while it is not.
 */
export async function rightToWorkPage(
  user: Pick<CurrentUser, 'agency'>,
  resource: keyof typeof CANDIDATE_LISTS,
  params: URLSearchParams,
  options: ReadOptions = {},
  { database = appDb as SharedDb, now = new Date() }: { database?: SharedDb; now?: Date } = {},
): Promise<RightToWorkPage> {
  const filter = z.enum(RIGHT_TO_WORK_FILTERS).catch('expiring').parse(params.get('rightToWork'));
  const country = COUNTRY_OF_LIST[resource];
  const { scan, pending } = await rightToWorkState(user.agency.id, database);
  const size = Math.min(100, Math.max(1, Number(params.get('size')) || 20));
  const page = Math.max(1, Number(params.get('page')) || 1);
  if (!scan) {
    if (!pending) await requestRightToWorkScan(user.agency.id, database, now);
    return {
      data: [],
      meta: { page, size, totalDocs: null, totalPages: null, hasMore: false },
      rightToWork: { filter, state: 'checking', checkedAt: null, unchecked: 0, incomplete: false, expiries: {} },
    };
  }
  const today = ukToday(now);
  const wanted = new Map(
    scan.documents
      .filter((d) => d.country === country && matchesFilter(filter, d.expiryDate, today))
      .map((d) => [d.candidateId, d.expiryDate]),
  );
  const base: ListDef = CANDIDATE_LISTS[resource];
  const list: ListDef = {
    ...base,
    checked: { ...base.checked, rightToWork: (item) => typeof item.id === 'string' && wanted.has(item.id) },
    localOnly: [...(base.localOnly ?? []), 'rightToWork'],
  };
  const rows: Page<Item> =
    wanted.size === 0
      ? { data: [], meta: { page, size, totalDocs: 0, totalPages: 1, hasMore: false } }
      : await listPage(user, list, params, options);
  return {
    ...rows,
    rightToWork: {
      filter,
      state: pending ? 'rechecking' : 'ready',
      checkedAt: scan.checkedAt,
      unchecked: scan.uncheckedByCountry?.[country] ?? scan.unchecked,
      incomplete: !scan.complete,
      expiries: Object.fromEntries(
        rows.data.flatMap((row) => (typeof row.id === 'string' && wanted.has(row.id) ? [[row.id, wanted.get(row.id)!]] : [])),
      ),
    },
  };
}
