import 'server-only';
import { toNxsysCandidate } from '@/lib/candidates/nxsys';
import { emptyCandidate } from '@/lib/candidates/empty-form';
import { candidateSchema } from '@/lib/candidates/schema';
import { normaliseNino } from '@/lib/validations/identifiers';
import { parseDay, type ImportRequest, type PreviewCandidate, type RowProblem } from '../schema';
import type { KnownCandidate } from './lookups';

/** Form path (as the onboarding schema names it) → our template's field, for per-cell errors. */
const FIELD_OF_PATH: Record<string, string> = {
  'generalSetting.address.0': 'address1',
  'generalSetting.address.1': 'address2',
  'payrollSetting.paymentModel': 'paymentModel',
  'bankSetting.sortCode': 'sortCode',
  'bankSetting.accountNumber': 'accountNumber',
  'bankSetting.accountName': 'accountName',
  'bankSetting.bankName': 'bankName',
};

export const candidateMatchKey = (email: string) => `CAND|${email.toLowerCase()}`;

/** What an invitation item sends through lib/onboarding instead of a create in Nxsys (see ./senders.ts). */
export interface InviteBody {
  invite: { name: string; email: string; country: 'uk' | 'ie' };
}
export const isInviteBody = (body: unknown): body is InviteBody => typeof body === 'object' && body !== null && 'invite' in body;

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['', 'no', 'n', 'false', '0']);
const COUNTRY: Record<string, 'uk' | 'ie'> = {
  uk: 'uk',
  gb: 'uk',
  unitedkingdom: 'uk',
  greatbritain: 'uk',
  ireland: 'ie',
  ie: 'ie',
  roi: 'ie',
  republicofireland: 'ie',
};
const countryOf = (value: string): 'uk' | 'ie' | undefined => COUNTRY[value.toLowerCase().replace(/[^a-z]/g, '')];
// The address check of the onboarding invite form (lib/onboarding/schema.ts), without loading zod per row.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A row marked "Send onboarding link": the candidate gets a link to fill in their own details (lib/onboarding),
 * so only their name, address and country are needed. One open invitation per address, as the invite form.
 */
function checkInviteRow(cell: (field: string) => string, invited: Set<string>) {
  const errors: Record<string, string> = {};
  const forename = cell('forename');
  const surname = cell('surname');
  const email = cell('email').toLowerCase();
  if (!forename) errors.forename = 'Enter the forename';
  if (!surname) errors.surname = 'Enter the surname';
  if (!email) errors.email = 'Enter the e-mail address the link is sent to';
  else if (!EMAIL.test(email) || email.length > 254) errors.email = 'Enter a valid e-mail address';
  else if (invited.has(email)) errors.email = 'This address already has an open onboarding link';
  const country = countryOf(cell('country'));
  if (!country) errors.country = cell('country') ? `${cell('country')} is not UK or Ireland` : 'Enter UK or Ireland';
  const name = `${forename} ${surname}`.slice(0, 120);
  return { errors, email, body: country ? ({ invite: { name, email, country } } satisfies InviteBody) : null };
}

/**
 * Checks each row of a candidate file with the onboarding form's own schema (NI number, postcode, bank details:
 * the same identifier checks), and refuses a candidate Nxsys already holds (same e-mail or NI number) or one
 * that appears twice in the file.
 */
export function checkCandidateRows(request: ImportRequest, existing: KnownCandidate[], invited: Set<string>) {
  const cell = (cells: string[], field: string) => {
    const index = request.mapping[field];
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  const emails = new Set(existing.map((c) => c.email).filter(Boolean));
  const ninos = new Set(existing.map((c) => c.nino).filter(Boolean));
  const seen = new Map<string, number>();
  const problems: RowProblem[] = [];
  const candidates: { preview: PreviewCandidate; body: unknown }[] = [];

  for (const { rowNumber, cells } of request.rows) {
    const link = cell(cells, 'sendOnboardingLink').toLowerCase();
    if (!YES.has(link) && !NO.has(link)) {
      problems.push({ rowNumber, errors: { sendOnboardingLink: `${cell(cells, 'sendOnboardingLink')} is not yes or no` } });
      continue;
    }
    if (YES.has(link)) {
      const invite = checkInviteRow((field) => cell(cells, field), invited);
      const { email } = invite;
      if (email && emails.has(email)) invite.errors.email ??= 'A candidate with this e-mail already exists in Nxsys';
      if (email && seen.has(email)) invite.errors.email ??= `Row ${seen.get(email)} has the same e-mail`;
      if (email) seen.set(email, rowNumber);
      if (Object.keys(invite.errors).length || !invite.body) {
        problems.push({ rowNumber, errors: invite.errors });
        continue;
      }
      candidates.push({
        preview: {
          key: candidateMatchKey(email),
          rowNumber,
          name: invite.body.invite.name,
          email,
          invite: true,
          alreadyImported: false,
          sentBefore: null,
          skipped: false,
        },
        body: invite.body,
      });
      continue;
    }
    const errors: Record<string, string> = {};
    const country = cell(cells, 'country');
    if (country && countryOf(country) !== 'uk')
      errors.country = 'The import creates UK candidates: send this candidate an onboarding link instead (Yes)';
    const form = emptyCandidate('uk');
    const g = form.generalSetting as Record<string, unknown>;
    const upper = (field: string) => cell(cells, field).toUpperCase().replace(/\s+/g, '_');
    for (const field of ['forename', 'surname', 'email', 'mobile', 'city', 'NINumber', 'postCode']) {
      const value = cell(cells, field);
      if (value) g[field] = value;
    }
    if (cell(cells, 'title')) g.title = upper('title');
    if (cell(cells, 'gender')) g.gender = upper('gender');
    if (cell(cells, 'payFrequency')) g.payFrequency = upper('payFrequency');
    for (const [field, target] of [
      ['DOB', 'DOB'],
      ['dateOfJoining', 'dateOfJoining'],
    ] as const) {
      const value = cell(cells, field);
      if (!value) continue;
      const day = parseDay(value);
      if (day) g[target] = day;
      else errors[field] = `${value} is not a date: use dd/mm/yyyy`;
    }
    g.address = [cell(cells, 'address1'), cell(cells, 'address2'), ''];
    if (cell(cells, 'paymentModel')) form.payrollSetting.paymentModel = upper('paymentModel');
    form.bankSetting = {
      ...form.bankSetting,
      accountName: cell(cells, 'accountName'),
      bankName: cell(cells, 'bankName'),
      sortCode: cell(cells, 'sortCode'),
      accountNumber: cell(cells, 'accountNumber'),
    };

    const parsed = candidateSchema('uk').safeParse(form);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.join('.');
        const field = FIELD_OF_PATH[path] ?? String(issue.path[1] ?? issue.path[0] ?? '_');
        if (!errors[field]) errors[field] = issue.message;
      }
    }
    const email = cell(cells, 'email').toLowerCase();
    const nino = normaliseNino(cell(cells, 'NINumber'));
    if (email && emails.has(email)) errors.email ??= 'A candidate with this e-mail already exists in Nxsys';
    if (nino && ninos.has(nino)) errors.NINumber ??= 'A candidate with this NI number already exists in Nxsys';
    if (email && seen.has(email)) errors.email ??= `Row ${seen.get(email)} has the same e-mail`;
    if (email) seen.set(email, rowNumber);

    if (Object.keys(errors).length || !parsed.success) {
      problems.push({ rowNumber, errors: Object.keys(errors).length ? errors : { _: 'This row cannot be read' } });
      continue;
    }
    candidates.push({
      preview: {
        key: candidateMatchKey(email),
        rowNumber,
        name: `${cell(cells, 'forename')} ${cell(cells, 'surname')}`,
        email,
        alreadyImported: false,
        sentBefore: null,
        skipped: false,
      },
      body: toNxsysCandidate('uk', parsed.data),
    });
  }
  return { problems, candidates };
}
