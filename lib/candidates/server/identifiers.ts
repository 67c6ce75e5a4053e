import 'server-only';
import pg from 'pg';
import { z } from 'zod';
import { ApiError } from '@/lib/errors/api-error';
import { isRecordId } from '@/lib/ids';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { env } from '@/lib/server/env';
import { log } from '@/lib/server/log';
import { getRecord, upstreamPage } from '@/lib/server/nxsys/lists';
import { scanList } from '@/lib/server/nxsys/normalise';
import { candidateBlocks } from '../nxsys';
import type { Country } from '../options';
import { CANDIDATE_LISTS } from './lists';

/**
 * One NI (UK) or PPS (Irish) number per person: a candidate is not onboarded (or edited) with a number another
 * candidate holds unless the request names that candidate as a different person (`differentFrom`, never sent to
 * Nxsys). The candidate lists document no filter for these numbers, so every row is checked, all pages; the Irish
 * list carries no PPS number, so each Irish candidate is read by id (documented) unless its row already says.
 */

const LIST = { uk: CANDIDATE_LISTS.candidates, ie: CANDIDATE_LISTS['candidates-ireland'] } as const;
const FIELD = { uk: 'NINumber', ie: 'PPSNumber' } as const;
const WORDS = { uk: 'NI number', ie: 'PPS number' } as const;
/** Every page: the check must see every candidate (500 pages of 100 before the portal gives up and says so). */
const ALL_PAGES = 500;
const READS_AT_ONCE = 4;

export interface IdentifierHolder {
  id: string;
  name: string;
  country: Country;
  href: string;
}

const compact = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value).replace(/\s+/g, '').toUpperCase() : '';

/** The number that must be one person's, from a Nxsys request body (already normalised), or '' when none is sent. */
export function identifierOf(country: Country, body: { generalSetting: Record<string, unknown>; payrollSetting: Record<string, unknown> }) {
  return compact(country === 'uk' ? body.generalSetting.NINumber : body.payrollSetting.PPSNumber);
}

/** The candidates the person confirmed are someone else (SR ids), from the request; everything else is refused. */
export function confirmedDifferentFrom(input: unknown): Set<string> {
  const parsed = z.object({ differentFrom: z.array(z.string().refine((id) => isRecordId('candidate', id))).max(50) }).safeParse(input);
  return new Set(parsed.success ? parsed.data.differentFrom : []);
}

const nameOf = (c: Record<string, unknown>) =>
  String(c.fullName ?? '').trim() || `${String(c.forename ?? '').trim()} ${String(c.surname ?? '').trim()}`.trim();

async function everyCandidate(user: Pick<CurrentUser, 'agency'>, country: Country) {
  const { matches, complete } = await scanList((page, size) => upstreamPage(user, LIST[country], {}, page, size), { maxPages: ALL_PAGES });
  if (!complete)
    throw new ApiError(
      'nxsys_unavailable',
      `The candidate list could not be read to its end, so the portal cannot tell whether another candidate holds this ${WORDS[country]}.`,
    );
  return matches.filter((c) => typeof c.id === 'string');
}

/** The number a candidate holds: from its list row when the row carries it, else from its record (read by id). */
async function heldNumber(user: Pick<CurrentUser, 'agency'>, country: Country, row: Record<string, unknown>) {
  const inRow = country === 'uk' ? row.NINumber : (candidateBlocks(row).payroll.PPSNumber ?? row.PPSNumber);
  if (country === 'uk' || inRow !== undefined) return compact(inRow);
  const { payroll, general } = candidateBlocks(await getRecord(user, LIST.ie, String(row.id)));
  return compact(payroll.PPSNumber ?? general.PPSNumber);
}

/** The other candidates (not `except`) holding `value`, as the refusal names them. */
export async function holdersOf(user: Pick<CurrentUser, 'agency'>, country: Country, value: string, except?: string) {
  const rows = (await everyCandidate(user, country)).filter((c) => c.id !== except);
  const holders: IdentifierHolder[] = [];
  for (let i = 0; i < rows.length; i += READS_AT_ONCE) {
    const batch = rows.slice(i, i + READS_AT_ONCE);
    const numbers = await Promise.all(batch.map((row) => heldNumber(user, country, row)));
    batch.forEach((row, k) => {
      if (numbers[k] !== value) return;
      const id = String(row.id);
      holders.push({ id, name: nameOf(row), country, href: `/candidates/${id}?country=${country}` });
    });
  }
  return holders;
}

/**
 * Runs `work` (the check and the Nxsys write) while this agency's `value` is locked in PostgreSQL, so two saves of
 * one number at once (two tabs, two people, two instances) are checked one after the other: the second sees the
 * first in Nxsys. A session advisory lock on a connection of its own (not the pool's: waiters must not starve the
 * holder's Nxsys call of connections); it goes with that connection if the instance dies.
 */
async function withIdentifierLock<T>(agencyId: string, value: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL, application_name: 'nxsys-portal-identifier-lock' });
  // PostgreSQL may end this connection while the save runs (a restart, a failover): pg then emits 'error', which
  // unheard would be thrown out of the socket and end the instance. The save in flight goes on; the lock went with it.
  client.on('error', (err) => log.warn({ err }, 'the identifier lock connection ended while a save held it'));
  await client.connect();
  try {
    await client.query(`SET lock_timeout = '60s'`);
    const key = ['candidate-identifier', `${agencyId}:${value}`];
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1), hashtext($2))', key);
    } catch (error) {
      if ((error as { code?: string }).code === '55P03') throw new ApiError('candidate_identifier_busy');
      throw error;
    }
    return await work();
  } finally {
    await client.end().catch(() => undefined); // ending the session releases its lock
  }
}

/**
 * Saves a candidate whose request sends `value` (their NI or PPS number) only when no other candidate holds it,
 * or every one that does was confirmed as a different person; else 409 `candidate_identifier_taken` naming them.
 */
export async function withOwnIdentifier<T>(
  user: Pick<CurrentUser, 'agency'>,
  country: Country,
  value: string,
  { except, differentFrom }: { except?: string; differentFrom: Set<string> },
  save: () => Promise<T>,
): Promise<T> {
  if (!value) return save();
  return withIdentifierLock(user.agency.id, value, async () => {
    const holders = await holdersOf(user, country, value, except);
    if (holders.some((h) => !differentFrom.has(h.id))) {
      const named = holders.map((h) => `${h.name || 'A candidate'} (${h.id})`).join(', ');
      throw new ApiError(
        'candidate_identifier_taken',
        `${named} already ${holders.length === 1 ? 'holds' : 'hold'} the ${WORDS[country]} ${value}. Check it is not the same person; if it is a different person, confirm to save anyway.`,
        undefined,
        undefined,
        { field: FIELD[country], holders },
      );
    }
    return save();
  });
}
