import { z } from 'zod';
import {
  isValidBic,
  isValidEircode,
  isValidIban,
  isValidMobile,
  isValidNino,
  isValidPps,
  isValidSortCode,
  isValidUkAccountNumber,
  isValidUkPostcode,
} from '@/lib/validations/identifiers';
import { isIsoDate } from '@/lib/dates';
import { OPTIONS, type Country, type Held } from './options';

/**
 * The candidate form, shared by the browser (the form checks against it through lazyCheck, so zod loads only once
 * the form is in use) and our API routes. Field names follow the Nxsys blocks (`generalSetting.NINumber`,
 * `bankSetting.sortCode`, …) so that errors Nxsys returns for a field land on the same input. The choices, steps,
 * empty form and held identifiers the form needs at render are in the zod-free options.ts, re-exported here; the
 * mapping to and from Nxsys's shapes is in nxsys.ts.
 */
export { OPTIONS, SECTIONS, heldIdentifiers, sectionOf, type Country, type Held } from './options';

const text = (max = 100) => z.string().trim().max(max, `Keep this under ${max} characters`);
const required = (message: string, max = 100) => text(max).min(1, message);
const optionalDate = z
  .string()
  .trim()
  .refine((v) => v === '' || isIsoDate(v), 'Enter the date as dd/mm/yyyy, e.g. 27/11/2026');
const oneOf = <T extends readonly [string, ...string[]]>(values: T, message = 'Choose one') => z.enum(values, { error: message });
/** A choice the person may leave unmade: then it is left out of the request, never a default (nothing invented). */
const optionalOneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(['', ...values] as unknown as readonly ['', ...T], { error: 'Choose one of the options, or leave it as not given' });

function ageOn(dob: string, today: Date) {
  const d = new Date(`${dob}T00:00:00Z`);
  const age = today.getUTCFullYear() - d.getUTCFullYear();
  const beforeBirthday =
    today.getUTCMonth() < d.getUTCMonth() || (today.getUTCMonth() === d.getUTCMonth() && today.getUTCDate() < d.getUTCDate());
  return beforeBirthday ? age - 1 : age;
}

const dateOfBirth = z
  .string()
  .trim()
  .min(1, 'Enter the date of birth')
  .refine((v) => isIsoDate(v), 'Enter the date of birth as dd/mm/yyyy, e.g. 15/05/1990')
  .refine((v) => ageOn(v, new Date()) >= 16, 'Candidates must be at least 16 years old')
  .refine((v) => ageOn(v, new Date()) <= 100, 'Check the year: that makes the candidate over 100');

const compact = (v: unknown) =>
  String(v ?? '')
    .replace(/\s+/g, '')
    .toUpperCase();
const heldOr = (check: (v: string) => boolean, held: string | undefined) => (v: string) =>
  check(v) || (!!held && compact(v) === compact(held));

function generalFields(country: Country, held: Held = {}) {
  return z.object({
    title: optionalOneOf(OPTIONS.title),
    gender: optionalOneOf(OPTIONS.gender),
    forename: required('Enter the first name'),
    surname: required('Enter the last name'),
    DOB: dateOfBirth,
    maritalStatus: optionalOneOf(OPTIONS.maritalStatus),
    nationality: text(2).regex(/^([A-Za-z]{2})?$/, 'Use the two-letter country code, e.g. GB'),
    address: z.tuple([required('Enter the first line of the address'), text(), text()]),
    city: required('Enter the town or city'),
    county: text(),
    country: z.enum(['GB', 'IE']),
    mobile: required('Enter a mobile number', 20).refine(
      heldOr(isValidMobile, held.mobile),
      country === 'uk' ? 'Enter a UK mobile, e.g. 07700 900123' : 'Enter an Irish mobile, e.g. 083 123 4567',
    ),
    email: z.string().trim().min(1, 'Enter an email address').pipe(z.email('Enter a valid email address')),
    dateOfJoining: optionalDate,
    // Pay frequency and payment model decide when and how the candidate is paid: chosen by a person, never defaulted.
    payFrequency: oneOf(OPTIONS.payFrequency, 'Choose the pay frequency'),
    payMethod: optionalOneOf(OPTIONS.payMethod),
    jobDescription: text(200),
    emergencyName: text(),
    emergencyMobile: text(20).refine((v) => v === '' || heldOr(isValidMobile, held.emergencyMobile)(v), 'Enter a valid mobile number'),
    rightToWorkStatus: optionalOneOf(OPTIONS.rightToWorkStatus),
    documentType: optionalOneOf(OPTIONS.documentType),
    documentExpiryDate: optionalDate,
    ...(country === 'uk'
      ? {
          // Nxsys's docs show NINumber in examples but never say it is required: a candidate whose number is not
          // issued yet is onboarded without one (the field is then left out of the request). A number Nxsys already
          // holds cannot be removed here: leaving it out of an update keeps it on Nxsys, so that would mislead.
          NINumber: text(13)
            .refine(
              (v) => v === '' || heldOr(isValidNino, held.NINumber)(v),
              'Enter a valid National Insurance number, e.g. QQ 12 34 56 C is not valid; AB 12 34 56 C is',
            )
            .refine(
              (v) => v !== '' || !held.NINumber,
              'Nxsys already holds an NI number for this candidate; it cannot be removed here, only corrected',
            ),
          postCode: required('Enter the postcode', 10).refine(
            heldOr(isValidUkPostcode, held.postCode),
            'Enter a valid UK postcode, e.g. SW1A 1AA',
          ),
        }
      : {
          eircode: required('Enter the Eircode', 8).refine(heldOr(isValidEircode, held.eircode), 'Enter a valid Eircode, e.g. D02 Y006'),
        }),
  });
}

const ukBank = (held: Held) =>
  z.object({
    bankName: required('Enter the bank name'),
    accountName: required('Enter the name on the account'),
    sortCode: required('Enter the sort code', 8).refine(
      (v) => heldOr(isValidSortCode, held.sortCode)(v.replace(/-/g, '')),
      'Enter a 6-digit sort code, e.g. 12-34-56',
    ),
    accountNumber: required('Enter the account number', 10).refine(
      heldOr(isValidUkAccountNumber, held.accountNumber),
      'Enter an 8-digit account number',
    ),
  });

const ieBank = (held: Held) =>
  z.object({
    bankName: required('Enter the bank name'),
    accountName: required('Enter the name on the account'),
    IBANReference: required('Enter the IBAN', 40).refine(
      heldOr(isValidIban, held.IBANReference),
      'Enter a valid IBAN (check the digits: the checksum does not match)',
    ),
    SWIFTNo: required('Enter the BIC', 11).refine(heldOr(isValidBic, held.SWIFTNo), 'Enter a valid BIC, e.g. AIBKIE2D'),
  });

function payrollFields(country: Country, held: Held = {}) {
  return z.object({
    paymentModel: oneOf(OPTIONS.paymentModel, 'Choose the payment model'),
    ...(country === 'ie'
      ? {
          PPSNumber: required('Enter the PPS number', 10).refine(
            heldOr(isValidPps, held.PPSNumber),
            'Enter a valid PPS number (7 digits and a check letter that matches them)',
          ),
        }
      : {}),
  });
}

const pensionFields = z.object({ scheme: optionalOneOf(OPTIONS.scheme), optState: optionalOneOf(OPTIONS.optState) });

/** The candidate form's schema; `held`: the identifiers the candidate already holds on Nxsys, when editing. */
export function candidateSchema(country: Country, held: Held = {}) {
  return z.object({
    generalSetting: generalFields(country, held),
    bankSetting: country === 'uk' ? ukBank(held) : ieBank(held),
    payrollSetting: payrollFields(country, held),
    pensionSetting: pensionFields,
  });
}

/** Form values once the schema accepted them (what lib/candidates/nxsys.ts turns into a request body). */
export type CandidateValues = z.output<ReturnType<typeof candidateSchema>>;

export type CandidateForm = {
  // Required choices start unmade (''): the schema refuses them until a person picks one.
  generalSetting: Omit<z.input<ReturnType<typeof generalFields>>, 'payFrequency'> & {
    payFrequency: string;
    NINumber?: string;
    postCode?: string;
    eircode?: string;
  };
  bankSetting: {
    bankName: string;
    accountName: string;
    sortCode?: string;
    accountNumber?: string;
    IBANReference?: string;
    SWIFTNo?: string;
  };
  payrollSetting: { paymentModel: string; PPSNumber?: string };
  pensionSetting: { scheme: string; optState: string };
};
