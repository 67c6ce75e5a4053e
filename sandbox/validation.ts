// Request validation for the sandbox, answering the documented error body: the first failing field in
// `details.field` (the docs show nothing more, e.g. no list of every error).
import { HttpError } from './http';
import {
  validAccountNumber as isValidUkAccountNumber,
  validBic as isValidBic,
  validEircode as isValidEircode,
  validEmail as isValidEmail,
  validIban as isValidIban,
  validNino as isValidNino,
  validPps as isValidPps,
  validSortCode as isValidSortCode,
  validUkPostcode as isValidUkPostcode,
} from './rules';

export class Problems {
  private list: { field: string; message: string }[] = [];
  add(field: string, message: string) {
    this.list.push({ field, message });
  }
  throwIfAny(message = 'Validation failed') {
    if (!this.list.length) return;
    const [first] = this.list;
    throw new HttpError(422, 'invalid_request', `${message}: ${first!.message}`, { field: first!.field });
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));

export function requireBody(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw new HttpError(400, 'invalid_request', 'The body must be a JSON object');
  return body;
}

/** The candidate blocks, UK or Irish, after a create or a merge with an update. */
export function validateCandidate(
  blocks: Record<string, Record<string, unknown>>,
  country: 'UK' | 'IE',
  today: string,
  held?: Record<string, Record<string, unknown>>,
) {
  const all = new Problems();
  // On an update, a value the record already holds is not judged again (Nxsys keeps records from before today's
  // rules, e.g. an NI number HMRC's pattern now refuses): only a changed field is checked.
  const valueAt = (source: Record<string, Record<string, unknown>>, path: string) =>
    path.split('.').reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), source);
  const p = {
    add: (field: string, message: string) => {
      if (held && JSON.stringify(valueAt(blocks, field) ?? null) === JSON.stringify(valueAt(held, field) ?? null)) return;
      all.add(field, message);
    },
    throwIfAny: () => all.throwIfAny(),
  };
  const g = blocks.generalSetting ?? {};
  const pension = isObject(g.pensionSetting) ? g.pensionSetting : {};
  const bank = blocks.bankSetting ?? {};
  const payroll = blocks.payrollSetting ?? {};
  for (const field of ['forename', 'surname']) {
    if (!str(g[field])) p.add(`generalSetting.${field}`, `${field} is required`);
  }
  const dob = str(g.DOB);
  if (!dob) p.add('generalSetting.DOB', 'DOB is required');
  else if (!isDate(dob)) p.add('generalSetting.DOB', 'DOB must be a date (YYYY-MM-DD)');
  else {
    const age = (Date.parse(today) - Date.parse(dob)) / (365.25 * 86_400_000);
    if (age < 16 || age > 100) p.add('generalSetting.DOB', 'The candidate must be between 16 and 100 years old');
  }
  if (!str(g.email)) p.add('generalSetting.email', 'email is required');
  else if (!isValidEmail(str(g.email))) p.add('generalSetting.email', 'email is not a valid email address');
  if (g.address !== undefined && (!Array.isArray(g.address) || g.address.length > 3))
    p.add('generalSetting.address', 'address must be an array of up to 3 lines');
  if (country === 'UK') {
    // The docs never mark NINumber required (a number not issued yet may be left out); SANDBOX_NI_REQUIRED=on refuses
    // that in the create handler. A value that is sent must be a valid one.
    if (g.NINumber !== undefined && g.NINumber !== null && !isValidNino(str(g.NINumber)))
      p.add('generalSetting.NINumber', 'NINumber is not a valid National Insurance number');
    if (str(g.postCode) && !isValidUkPostcode(str(g.postCode))) p.add('generalSetting.postCode', 'postCode is not a valid UK postcode');
    if (str(bank.sortCode) && !isValidSortCode(str(bank.sortCode))) p.add('bankSetting.sortCode', 'sortCode must be 6 digits');
    if (str(bank.accountNumber) && !isValidUkAccountNumber(str(bank.accountNumber)))
      p.add('bankSetting.accountNumber', 'accountNumber must be 8 digits');
  } else {
    if (str(g.eircode) && !isValidEircode(str(g.eircode))) p.add('generalSetting.eircode', 'eircode is not a valid Eircode');
    if (str(bank.IBANReference) && !isValidIban(str(bank.IBANReference)))
      p.add('bankSetting.IBANReference', 'IBANReference is not a valid IBAN');
    if (str(bank.SWIFTNo) && !isValidBic(str(bank.SWIFTNo))) p.add('bankSetting.SWIFTNo', 'SWIFTNo is not a valid BIC');
    if (str(payroll.PPSNumber) && !isValidPps(str(payroll.PPSNumber)))
      p.add('payrollSetting.PPSNumber', 'PPSNumber is not a valid PPS number');
  }
  if (g.pensionSetting !== undefined && !isObject(g.pensionSetting))
    p.add('generalSetting.pensionSetting', 'pensionSetting must be an object');
  if (pension.optState !== undefined && typeof pension.optState !== 'string')
    p.add('generalSetting.pensionSetting.optState', 'optState must be a string');
  if (str(g.documentExpiryDate) && !isDate(str(g.documentExpiryDate)))
    p.add('generalSetting.documentExpiryDate', 'documentExpiryDate must be a date (YYYY-MM-DD)');
  p.throwIfAny();
}

export { isDate, str };
