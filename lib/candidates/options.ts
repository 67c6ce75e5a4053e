/**
 * What the candidate form needs at render — choices, steps, the identifiers Nxsys already holds — zod-free and
 * client-safe, so the form's first load carries no schema. schema.ts builds its rules from these same constants
 * (and re-exports them), so the form and the route cannot drift apart.
 */
import { PAYMENT_MODEL_VALUES } from '@/lib/labels';

export type Country = 'uk' | 'ie';

export const OPTIONS = {
  title: ['NONE', 'MR', 'MRS', 'MS', 'MISS', 'DR'],
  gender: ['MALE', 'FEMALE', 'OTHER'],
  maritalStatus: ['NONE', 'SINGLE', 'MARRIED', 'CIVIL_PARTNERSHIP', 'DIVORCED', 'WIDOWED'],
  payFrequency: ['WEEKLY', 'FORTNIGHTLY', 'FOUR_WEEKLY', 'MONTHLY'],
  payMethod: ['BACS', 'CHEQUE', 'CASH'],
  rightToWorkStatus: ['VERIFIED', 'PENDING', 'NOT_REQUIRED'],
  documentType: ['PASSPORT', 'BIOMETRIC_RESIDENCE_PERMIT', 'SHARE_CODE', 'BIRTH_CERTIFICATE', 'VISA'],
  paymentModel: PAYMENT_MODEL_VALUES,
  scheme: ['NEST', 'OTHER', 'NONE'],
  optState: ['OPTED_IN', 'OPTED_OUT', 'POSTPONED'],
} as const;

/**
 * The choices a person must make (no pre-selection: "Choose…"): when and how the candidate is paid. Every other
 * choice may be left as not given, and is then left out of what is sent to Nxsys (nothing invented).
 */
export const REQUIRED_CHOICES = ['payFrequency', 'paymentModel'] as const;

/**
 * Values the candidate already holds on Nxsys (when editing). A held value is not judged again by our rules
 * (Nxsys keeps records from before them, e.g. the NI number ZZ810407C): it blocks only when it is changed.
 */
export type Held = Partial<Record<string, string>>;

type Maybe<Keys extends string> = Partial<Record<Keys, string>>;

/** The form values heldIdentifiers reads (a CandidateForm of ./schema.ts is one: this file imports nothing of it). */
type IdentifierValues = {
  generalSetting: Maybe<'NINumber' | 'postCode' | 'eircode' | 'mobile' | 'emergencyMobile'>;
  bankSetting: Maybe<'sortCode' | 'accountNumber' | 'IBANReference' | 'SWIFTNo'>;
  payrollSetting: Maybe<'PPSNumber'>;
};

/** The identifiers a candidate holds on Nxsys (form values), for `candidateSchema(country, held)`. */
export function heldIdentifiers(values: IdentifierValues): Held {
  const g = values.generalSetting;
  const b = values.bankSetting;
  const entries = {
    NINumber: g.NINumber,
    postCode: g.postCode,
    eircode: g.eircode,
    mobile: g.mobile,
    emergencyMobile: g.emergencyMobile,
    sortCode: b.sortCode?.replace(/-/g, ''),
    accountNumber: b.accountNumber,
    IBANReference: b.IBANReference,
    SWIFTNo: b.SWIFTNo,
    PPSNumber: values.payrollSetting.PPSNumber,
  };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => !!v)) as Held;
}

/** The guided form's steps, and which fields each one validates before moving on. */
export const SECTIONS = [
  {
    id: 'personal',
    title: 'Personal details',
    fields: ['title', 'gender', 'forename', 'surname', 'DOB', 'maritalStatus', 'nationality', 'NINumber'],
  },
  {
    id: 'contact',
    title: 'Address and contact',
    fields: ['address', 'city', 'county', 'postCode', 'eircode', 'country', 'mobile', 'email', 'emergencyName', 'emergencyMobile'],
  },
  { id: 'employment', title: 'Employment', fields: ['dateOfJoining', 'payFrequency', 'payMethod', 'jobDescription'] },
  { id: 'right-to-work', title: 'Right to work', fields: ['rightToWorkStatus', 'documentType', 'documentExpiryDate'] },
  { id: 'bank', title: 'Bank', fields: ['bankName', 'accountName', 'sortCode', 'accountNumber', 'IBANReference', 'SWIFTNo'] },
  { id: 'payroll', title: 'Payroll and pension', fields: ['paymentModel', 'PPSNumber', 'scheme', 'optState'] },
  { id: 'review', title: 'Review', fields: [] },
] as const;

/** The step a field path (ours or Nxsys's, e.g. `generalSetting.address.0`) belongs to. */
export function sectionOf(path: string): number {
  const field = path.split('.')[1] ?? path;
  const index = SECTIONS.findIndex((s) => (s.fields as readonly string[]).includes(field));
  return index === -1 ? 0 : index;
}
