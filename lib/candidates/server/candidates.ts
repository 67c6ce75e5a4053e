import 'server-only';
import { ApiError } from '@/lib/errors/catalogue';
import { recordAudit } from '@/lib/server/audit';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { recordChange } from '@/lib/server/changes';
import { db } from '@/lib/server/db';
import { callNxsys } from '@/lib/server/nxsys';
import { getRecord, upstreamPage } from '@/lib/server/nxsys/lists';
import { scanList, unwrapOne } from '@/lib/server/nxsys/normalise';
import { candidateSchema, toNxsysCandidate, type Country } from '../schema';
import { CANDIDATE_LISTS } from './lists';
import { isRecordId } from '@/lib/ids';

const LIST = { uk: CANDIDATE_LISTS.candidates, ie: CANDIDATE_LISTS['candidates-ireland'] } as const;

export function countryOf(value: string | null | undefined): Country {
  return value === 'ie' ? 'ie' : 'uk';
}

export interface CandidateRead {
  country: Country;
  raw: Record<string, unknown>;
  /** 'record': Nxsys's read by id; 'list': only the list item (no UK read by id on this Nxsys). */
  source: 'record' | 'list';
}

/** A candidate from the documented list (bounded read until a short page), or null. */
async function findInList(user: Pick<CurrentUser, 'agency'>, country: Country, keep: (c: Record<string, unknown>) => boolean) {
  const { matches } = await scanList((page, size) => upstreamPage(user, LIST[country], {}, page, size), { keep, enough: 1 });
  return matches[0] ?? null;
}

/**
 * One candidate, UK or Irish. A link that doesn't say which (from a payslip, say) looks in the UK list first,
 * then the Irish one. The UK read by id is in the latest docs only: where it is missing (404), the candidate is
 * found in the documented list instead, and only what the list holds is shown.
 */
export async function getCandidate(user: Pick<CurrentUser, 'agency'>, id: string, asked?: string | null): Promise<CandidateRead> {
  const country = countryOf(asked);
  const notFound = (error: unknown) => error instanceof ApiError && error.code === 'nxsys_not_found';
  try {
    return { country, raw: await getRecord(user, LIST[country], id), source: 'record' };
  } catch (error) {
    if (!notFound(error)) throw error;
    if (country === 'uk') {
      const listed = isRecordId('candidate', id) ? await findInList(user, 'uk', (c) => c.id === id) : null;
      if (listed) return { country, raw: listed, source: 'list' };
    }
    if (asked) throw error;
    return { country: 'ie', raw: await getRecord(user, LIST.ie, id), source: 'record' };
  }
}

/**
 * Onboards a candidate. Nxsys answers a UK create with 201 and no body, so the new id is looked up by the
 * (unique per company) e-mail address afterwards in the documented list (candidate lists document no search);
 * an Irish create returns the candidate.
 */
export async function createCandidate(user: CurrentUser, country: Country, input: unknown): Promise<{ id: string | null }> {
  const values = candidateSchema(country).parse(input);
  const body = toNxsysCandidate(country, values);
  const created = await callNxsys(user, { method: 'POST', path: LIST[country].path, body });
  let id = (unwrapOne<{ id?: string }>(created.body) ?? {}).id ?? null;
  if (!id) {
    const email = String((body.generalSetting as Record<string, unknown>).email).toLowerCase();
    const match = await findInList(user, country, (c) => String(c.email ?? '').toLowerCase() === email).catch(() => null);
    id = typeof match?.id === 'string' ? match.id : null;
  }
  await recordAudit(db, {
    agencyId: user.agency.id,
    actorId: user.id,
    action: 'candidate.created',
    targetType: 'candidate',
    targetId: id ?? undefined,
    details: { country },
  });
  await recordChange(user.agency.id, 'candidates');
  return { id };
}

export async function updateCandidate(user: CurrentUser, country: Country, id: string, input: unknown): Promise<{ id: string }> {
  if (!isRecordId('candidate', id)) throw new ApiError('not_found', 'No such candidate.');
  const values = candidateSchema(country).parse(input);
  await callNxsys(user, {
    method: 'PUT',
    path: `${LIST[country].path}/${id}`,
    body: toNxsysCandidate(country, values, { forUpdate: true }),
  });
  await recordAudit(db, {
    agencyId: user.agency.id,
    actorId: user.id,
    action: 'candidate.updated',
    targetType: 'candidate',
    targetId: id,
    details: { country },
  });
  return { id };
}
