import 'server-only';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { upstreamPage } from '@/lib/server/nxsys/lists';
import { scanList } from '@/lib/server/nxsys/normalise';
import { sharedCached } from '@/lib/server/shared-cache';
import type { Country } from '../schema';
import { CANDIDATE_LISTS } from './lists';

const LIST = { uk: CANDIDATE_LISTS.candidates, ie: CANDIDATE_LISTS['candidates-ireland'] } as const;

/** Where each candidate of an agency lives (the UK or the Irish list): by id, and by name (a name may be in both). */
export interface CandidateCountries {
  byId: Map<string, Country>;
  byName: Map<string, Set<Country>>;
  /** Each candidate's name as the list sent it (for labels, and names beside ids on timesheet screens). */
  nameById: Map<string, string>;
  /** Both lists were read to their end (else a missing id or name says nothing). */
  complete: boolean;
}

/** CandidateCountries as JSON, the way the shared cache keeps it. */
interface StoredCountries {
  byId: [string, Country][];
  byName: [string, Country[]][];
  nameById: [string, string][];
  complete: boolean;
}

const nameKey = (name: unknown) =>
  String(name ?? '')
    .normalize('NFC')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();

const COUNTRIES_TTL_MS = 60_000;
export const candidateCountriesKey = (agencyId: string) => `candidate-countries:${agencyId}`;

async function readCountries(user: Pick<CurrentUser, 'agency'>): Promise<StoredCountries> {
  const byId = new Map<string, Country>();
  const byName = new Map<string, Set<Country>>();
  const nameById = new Map<string, string>();
  let complete = true;
  await Promise.all(
    (['uk', 'ie'] as const).map(async (country) => {
      const { matches, complete: read } = await scanList((page, size) => upstreamPage(user, LIST[country], {}, page, size));
      if (!read) complete = false;
      for (const c of matches) {
        if (typeof c.id === 'string') byId.set(c.id, country);
        const shown = String(c.fullName ?? '').trim() || `${String(c.forename ?? '')} ${String(c.surname ?? '')}`.trim();
        if (typeof c.id === 'string' && shown) nameById.set(c.id, shown);
        const names = [c.fullName, `${String(c.forename ?? '')} ${String(c.surname ?? '')}`].map(nameKey).filter(Boolean);
        for (const name of new Set(names)) byName.set(name, (byName.get(name) ?? new Set()).add(country));
      }
    }),
  );
  return { byId: [...byId], byName: [...byName].map(([name, countries]) => [name, [...countries]]), nameById: [...nameById], complete };
}

/**
 * The country and name of every candidate, from the two documented lists (read to their end, bounded). Kept 60 s
 * per agency in PostgreSQL, so every app instance uses what one of them read. Payslips carry no country: this is
 * how the portal knows a payslip's candidate is Irish (and its money in euro) without guessing; timesheets carry
 * only the candidate's id: this is where the name shown beside it comes from.
 */
export async function candidateCountries(user: Pick<CurrentUser, 'agency'>): Promise<CandidateCountries> {
  const stored = await sharedCached(candidateCountriesKey(user.agency.id), COUNTRIES_TTL_MS, () => readCountries(user));
  return {
    byId: new Map(stored.byId),
    byName: new Map(stored.byName.map(([name, countries]) => [name, new Set(countries)])),
    nameById: new Map(stored.nameById),
    complete: stored.complete,
  };
}

/**
 * A payslip's candidate's country, from its candidate id when Nxsys sent one, else from its name when that name
 * is found in one list only; null when it cannot be told (never a guess).
 */
export function countryOfPayee(countries: CandidateCountries, payee: { candidateId: string | null; candidateName: string | null }) {
  if (payee.candidateId) {
    const byId = countries.byId.get(payee.candidateId);
    if (byId) return byId;
  }
  const found = countries.byName.get(nameKey(payee.candidateName));
  if (!found || found.size !== 1) return null;
  // A name found only in one list says where it lives only if the other list was read to its end.
  return countries.complete ? [...found][0]! : null;
}
