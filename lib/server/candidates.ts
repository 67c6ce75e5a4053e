import 'server-only';
import { candidateSchema, toNxsysCandidate, type Country } from '@/lib/validations/candidate';
import { recordAudit } from './audit';
import { forgetDashboard } from './dashboard';
import type { CurrentUser } from './auth/current-user';
import { db } from './db';
import { ApiError } from './http/api-error';
import { callNxsys } from './nxsys';
import { normalisePage, unwrapOne } from './nxsys/normalise';
import { getResource } from './nxsys/resources';

const PATHS: Record<Country, string> = { uk: '/nxsys/candidates', ie: '/nxsys/candidates/ireland' };

export function countryOf(value: string | null | undefined): Country {
  return value === 'ie' ? 'ie' : 'uk';
}

/**
 * One candidate, UK or Irish. A link that doesn't say which (from a payslip, say) looks in the UK list first,
 * then the Irish one.
 */
export async function getCandidate(user: Pick<CurrentUser, 'agency'>, id: string, asked?: string | null): Promise<{ country: Country; raw: Record<string, unknown> }> {
  const country = countryOf(asked);
  try {
    return { country, raw: await getResource(user, country === 'ie' ? 'candidates-ireland' : 'candidates', id) };
  } catch (error) {
    if (asked || !(error instanceof ApiError && error.code === 'nxsys_not_found')) throw error;
    return { country: 'ie', raw: await getResource(user, 'candidates-ireland', id) };
  }
}

/**
 * Onboards a candidate. Nxsys answers a UK create with 201 and no body, so the new id is looked up by the
 * (unique per company) e-mail address afterwards; an Irish create returns the candidate.
 */
export async function createCandidate(user: CurrentUser, country: Country, input: unknown): Promise<{ id: string | null }> {
  const values = candidateSchema(country).parse(input);
  const body = toNxsysCandidate(country, values);
  const created = await callNxsys(user, { method: 'POST', path: PATHS[country], body });
  let id = (unwrapOne<{ id?: string }>(created.body) ?? {}).id ?? null;
  if (!id) {
    const email = String(body.generalSetting.email).toLowerCase();
    const found = await callNxsys(user, { method: 'GET', path: PATHS[country], query: { search: email, size: 10 } }).catch(() => null);
    const match = found && normalisePage<{ id: string; email?: string }>(found.body, { page: 1, size: 10 }).data.find((c) => c.email?.toLowerCase() === email);
    id = match?.id ?? null;
  }
  await recordAudit(db, { agencyId: user.agency.id, actorId: user.id, action: 'candidate.created', targetType: 'candidate', targetId: id ?? undefined, details: { country } });
  forgetDashboard(user.agency.id);
  return { id };
}

export async function updateCandidate(user: CurrentUser, country: Country, id: string, input: unknown): Promise<{ id: string }> {
  if (!/^SR-\d{1,12}$/.test(id)) throw new ApiError(404, 'not_found', 'No such candidate.');
  const values = candidateSchema(country).parse(input);
  await callNxsys(user, { method: 'PUT', path: `${PATHS[country]}/${id}`, body: toNxsysCandidate(country, values, { forUpdate: true }) });
  await recordAudit(db, { agencyId: user.agency.id, actorId: user.id, action: 'candidate.updated', targetType: 'candidate', targetId: id, details: { country } });
  return { id };
}
