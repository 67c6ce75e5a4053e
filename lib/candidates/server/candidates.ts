import 'server-only';
import { ApiError } from '@/lib/errors/api-error';
import { recordAudit } from '@/lib/server/audit';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { recordChange } from '@/lib/server/changes';
import { db } from '@/lib/server/db';
import { callNxsys } from '@/lib/server/nxsys';
import { getRecord, upstreamPage } from '@/lib/server/nxsys/lists';
import { scanList, unwrapOne } from '@/lib/server/nxsys/normalise';
import { formPathOf, fromNxsysCandidate, toNxsysCandidate } from '../nxsys';
import { heldIdentifiers, type Country, type Held } from '../options';
import { candidateSchema } from '../schema';
import { confirmedDifferentFrom, identifierOf, withOwnIdentifier } from './identifiers';
import { CANDIDATE_LISTS } from './lists';
import { rescanAfterWrite } from './right-to-work';
import { isRecordId } from '@/lib/ids';

const LIST = { uk: CANDIDATE_LISTS.candidates, ie: CANDIDATE_LISTS['candidates-ireland'] } as const;

/**
 * Nxsys's refusal with its fields as the form's paths, so each lands at its input (the form keeps every value).
 * An NI number refused when none was sent says so plainly: this Nxsys needs one after all.
 */
const atFormFields =
  (country: Country, body: { generalSetting: Record<string, unknown> }) =>
  (error: unknown): never => {
    if (!(error instanceof ApiError) || !error.fieldErrors) throw error;
    const fields: Record<string, string> = {};
    for (const [field, message] of Object.entries(error.fieldErrors)) {
      const path = formPathOf(country, field);
      fields[path] =
        path === 'generalSetting.NINumber' && !body.generalSetting.NINumber
          ? `Nxsys needs a National Insurance number for this candidate (it answered: ${message})`
          : message;
    }
    throw new ApiError(error.code, error.message, fields, error.status);
  };

/** How a candidate reads in the activity log: "Priya Shah (SR-101011)". */
const candidateLabel = (values: { forename?: string; surname?: string }, id: string | null) => {
  const name = [values.forename, values.surname]
    .map((v) => v?.trim())
    .filter(Boolean)
    .join(' ');
  return name ? (id ? `${name} (${id})` : name) : null;
};

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
  // Refused when another candidate holds the NI/PPS number (unless confirmed); the lock covers the id look-up too,
  // so a second save of the number waits until the first can be seen in the list.
  const differentFrom = confirmedDifferentFrom(input);
  const id = await withOwnIdentifier(user, country, identifierOf(country, body), { differentFrom }, async () => {
    const created = await callNxsys(user, { method: 'POST', path: LIST[country].path, body }).catch(atFormFields(country, body));
    const sent = (unwrapOne<{ id?: string }>(created.body) ?? {}).id;
    if (sent) return sent;
    const email = String((body.generalSetting as Record<string, unknown>).email).toLowerCase();
    const match = await findInList(user, country, (c) => String(c.email ?? '').toLowerCase() === email).catch(() => null);
    return typeof match?.id === 'string' ? match.id : null;
  });
  await recordAudit(db, {
    agencyId: user.agency.id,
    actorId: user.id,
    action: 'candidate.created',
    targetType: 'candidate',
    targetId: id ?? undefined,
    targetLabel: candidateLabel(values.generalSetting, id),
    details: { country },
  });
  await recordChange(user.agency.id, 'candidates');
  await rescanAfterWrite(user.agency.id); // a new candidate's document may already be expiring
  return { id };
}

/**
 * For a create whose answer was lost (a 5xx, a timeout, a holder that died: `exactlyOnce`'s recover): the candidate
 * that form would have made, found by its e-mail (unique per company in Nxsys) in the whole list. Null when the list,
 * read to its end, holds none (the form may then be sent again); an incomplete read or several matches is no answer,
 * so the create stays unknown and the user is asked to check in Nxsys.
 */
export async function findCreatedCandidate(user: Pick<CurrentUser, 'agency'>, country: Country, input: unknown): Promise<string | null> {
  const body = toNxsysCandidate(country, candidateSchema(country).parse(input));
  const email = String((body.generalSetting as Record<string, unknown>).email ?? '').toLowerCase();
  const { matches, complete } = await scanList((page, size) => upstreamPage(user, LIST[country], {}, page, size), {
    keep: (c) => String(c.email ?? '').toLowerCase() === email,
    maxPages: 500,
  });
  if (email && matches.length === 1 && typeof matches[0]!.id === 'string') return matches[0]!.id;
  if (email && matches.length === 0 && complete) return null;
  throw new ApiError('write_outcome_unknown');
}

export async function updateCandidate(user: CurrentUser, country: Country, id: string, input: unknown): Promise<{ id: string }> {
  if (!isRecordId('candidate', id)) throw new ApiError('not_found', 'No such candidate.');
  // What Nxsys already holds is not judged again (a legacy NI number, say): only a changed identifier must pass.
  const held: Held = heldIdentifiers(fromNxsysCandidate(country, (await getCandidate(user, id, country)).raw));
  const values = candidateSchema(country, held).parse(input);
  const body = toNxsysCandidate(country, values, { forUpdate: true });
  // Only a changed NI/PPS number is checked against the other candidates (one they shared before stays as it is).
  const value = identifierOf(country, body);
  const changed = value !== (held[country === 'uk' ? 'NINumber' : 'PPSNumber'] ?? '').replace(/\s+/g, '').toUpperCase();
  await withOwnIdentifier(user, country, changed ? value : '', { except: id, differentFrom: confirmedDifferentFrom(input) }, () =>
    callNxsys(user, { method: 'PUT', path: `${LIST[country].path}/${id}`, body }).catch(atFormFields(country, body)),
  );
  await recordAudit(db, {
    agencyId: user.agency.id,
    actorId: user.id,
    action: 'candidate.updated',
    targetType: 'candidate',
    targetId: id,
    targetLabel: candidateLabel(values.generalSetting, id),
    details: { country },
  });
  await rescanAfterWrite(user.agency.id); // the expiry date may have changed
  return { id };
}
