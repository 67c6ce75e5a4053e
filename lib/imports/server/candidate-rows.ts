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

/**
 * Checks each row of a candidate file with the onboarding form's own schema (NI number, postcode, bank details:
 * the same identifier checks), and refuses a candidate Nxsys already holds (same e-mail or NI number) or one
 * that appears twice in the file.
 */
export function checkCandidateRows(request: ImportRequest, existing: KnownCandidate[]) {
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
    const errors: Record<string, string> = {};
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
