/**
 * Candidates between our form and Nxsys: the request body a form sends, the field an Nxsys error names, and a
 * candidate Nxsys answered (any documented shape) as a page or as form values. Zod-free and client-safe: the
 * form's review shows the body exactly as it will be sent.
 */
import {
  formatSortCode,
  normaliseEircode,
  normaliseIban,
  normaliseNino,
  normalisePps,
  normaliseSortCode,
  normaliseUkPostcode,
} from '@/lib/validations/identifiers';
import { emptyCandidate } from './empty-form';
import type { Country } from './options';
import type { CandidateForm, CandidateValues } from './schema';

const PENSION_FIELDS = ['scheme', 'optState'];

/**
 * A field Nxsys names in an error (`details.field`) → the form's path for it. Nxsys may name the bare field
 * (`"NINumber"`, as the docs' error example does with `"id"`) or its block path (`"generalSetting.NINumber"`).
 */
export function formPathOf(country: Country, field: string): string {
  if (field.includes('.')) return field.replace(/^generalSetting\.pensionSetting\./, 'pensionSetting.');
  if (PENSION_FIELDS.includes(field)) return `pensionSetting.${field}`;
  const empty = emptyCandidate(country);
  for (const block of ['generalSetting', 'bankSetting', 'payrollSetting'] as const) {
    if (Object.hasOwn(empty[block], field)) return `${block}.${field}`;
  }
  return field;
}

/** Validated form values → the Nxsys request body (identifiers in their canonical form, empty values left out). */
export function toNxsysCandidate(country: Country, values: CandidateValues, { forUpdate = false } = {}) {
  const strip = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== '' && v !== undefined));
  const g = values.generalSetting as Record<string, unknown> & { address: string[] };
  const general = strip({
    ...g,
    address: g.address.filter((line) => line !== ''),
    ...(country === 'uk'
      ? // An empty NI number is left out (strip), never sent as "" or null: the docs only ever show a string there.
        { NINumber: g.NINumber ? normaliseNino(String(g.NINumber)) : '', postCode: normaliseUkPostcode(String(g.postCode)) }
      : { eircode: normaliseEircode(String(g.eircode)) }),
    nationality: String(g.nationality ?? '').toUpperCase(),
  });
  const b = values.bankSetting as Record<string, string>;
  const bank = strip(
    country === 'uk'
      ? // Nxsys shows `123456` on create and `12-34-56` on update; we send what each example shows.
        {
          ...b,
          sortCode: forUpdate ? formatSortCode(b.sortCode!) : normaliseSortCode(b.sortCode!),
          accountNumber: b.accountNumber!.replace(/\s+/g, ''),
        }
      : { ...b, IBANReference: normaliseIban(b.IBANReference!), SWIFTNo: b.SWIFTNo!.replace(/\s+/g, '').toUpperCase(), country: 'IE' },
  );
  const p = values.payrollSetting as Record<string, string>;
  const payroll = strip(country === 'ie' ? { ...p, PPSNumber: normalisePps(p.PPSNumber!) } : p);
  // Every published example (UK and Ireland, create and update) carries pensionSetting inside generalSetting; with
  // no pension chosen there is no pensionSetting at all (not an empty one).
  const pension = strip(values.pensionSetting);
  return {
    generalSetting: { ...general, ...(Object.keys(pension).length ? { pensionSetting: pension } : {}) },
    bankSetting: bank,
    payrollSetting: payroll,
  };
}

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});
/** A value Nxsys sent as text, or null: never a default. */
const sent = (v: unknown): string | null => (v === null || v === undefined || v === '' || typeof v === 'object' ? null : String(v));

/**
 * The blocks of a candidate in every documented shape: the general fields under `generalSetting` (requests,
 * older answers) or on the candidate itself (the documented read by id, `{"data":{"candidate":{…}}}`); bank as
 * `bankSetting` or `bank`; payroll as `payrollSetting` or `setting`; pension inside the general fields or beside.
 */
export function candidateBlocks(candidate: Raw) {
  const general = { ...candidate, ...obj(candidate.generalSetting) };
  return {
    general,
    bank: { ...obj(candidate.bank), ...obj(candidate.bankSetting) },
    payroll: { ...obj(candidate.setting), ...obj(candidate.payrollSetting) },
    pension: { ...obj(candidate.pensionSetting), ...obj(general.pensionSetting) },
  };
}

/** What a candidate page shows: exactly what Nxsys sent, null where it sent nothing. */
export function candidateView(candidate: Raw) {
  const { general: g, bank, payroll, pension } = candidateBlocks(candidate);
  const address = Array.isArray(g.address)
    ? g.address.map(sent).filter((l): l is string => !!l)
    : [sent(g.address)].filter((l): l is string => !!l);
  const pick = <K extends string>(source: Raw, keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, sent(source[k])])) as Record<K, string | null>;
  return {
    id: sent(candidate.id),
    status: sent(candidate.status ?? g.status),
    registrationStatus: sent(candidate.registrationStatus ?? g.registrationStatus),
    general: {
      ...pick(g, [
        'title',
        'gender',
        'forename',
        'surname',
        'fullName',
        'DOB',
        'maritalStatus',
        'nationality',
        'NINumber',
        'city',
        'county',
        'postCode',
        'eircode',
        'country',
        'mobile',
        'email',
        'dateOfJoining',
        'payFrequency',
        'payMethod',
        'jobDescription',
        'emergencyName',
        'emergencyMobile',
        'rightToWorkStatus',
        'documentType',
        'documentExpiryDate',
      ]),
      address,
    },
    bank: pick(bank, ['bankName', 'accountName', 'sortCode', 'accountNumber', 'IBANReference', 'SWIFTNo']),
    payroll: pick(payroll, ['paymentModel', 'PPSNumber', 'taxBasis', 'holidayPayMethod']),
    pension: pick(pension, ['scheme', 'optState']),
  };
}

/**
 * A candidate as Nxsys returns it (any documented shape) → form values for editing. Anything Nxsys did not send
 * stays empty (a choice left unmade, which the form asks for), never a default that would look like data.
 */
export function fromNxsysCandidate(country: Country, candidate: Raw): CandidateForm {
  const empty = emptyCandidate(country);
  const { general, bank, payroll, pension } = candidateBlocks(candidate);
  const pick = <T extends Record<string, unknown>>(shape: T, source: Raw): T => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) out[key] = sent(source[key]) ?? '';
    return out as T;
  };
  const address = Array.isArray(general.address) ? general.address.map((l) => sent(l) ?? '') : [];
  const sortCode = sent(bank.sortCode) ?? '';
  const values: CandidateForm = {
    generalSetting: { ...pick(empty.generalSetting, general), address: [address[0] ?? '', address[1] ?? '', address[2] ?? ''] },
    bankSetting: { ...pick(empty.bankSetting, bank), ...(country === 'uk' && sortCode ? { sortCode: formatSortCode(sortCode) } : {}) },
    payrollSetting: pick(empty.payrollSetting, payroll),
    pensionSetting: pick(empty.pensionSetting, pension),
  };
  // The country is the tab the candidate lives in, not a guess.
  values.generalSetting.country = (sent(general.country) ?? (country === 'uk' ? 'GB' : 'IE')) as 'GB' | 'IE';
  return values;
}
