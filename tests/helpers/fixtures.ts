// Form values that pass the portal's own schemas, for tests that need a valid write and care about one or two fields.
import { emptyCandidate } from '@/lib/candidates/empty-form';
import { emptyPaymentRate } from '@/lib/payment-rates/empty-form';
import type { PaymentRateForm } from '@/lib/payment-rates/schema';
import { isValidPps } from '@/lib/validations/identifiers';

// Onboarding refuses an NI or PPS number another candidate holds: each fixture gets its own (per process).
let issued = (process.pid % 1000) * 1000;

/** A valid NI number no other fixture of this process has (seeded candidates' numbers are random: a clash is ~1e-8). */
export function freshNi() {
  issued += 1;
  return `TW${String(issued % 1_000_000).padStart(6, '0')}A`;
}

/** A valid PPS number (7 digits and the check letter) no other fixture of this process has. */
export function freshPps() {
  issued += 1;
  const digits = String(issued % 10_000_000).padStart(7, '0');
  return [...'ABCDEFGHIJKLMNOPQRSTUVW'].map((letter) => digits + letter).find(isValidPps)!;
}

/** A UK candidate's form values (valid NI number, postcode and bank details), named as given. */
export function ukCandidateForm(name: { forename: string; surname: string; email: string }, ni = freshNi()) {
  const v = emptyCandidate('uk');
  Object.assign(v.generalSetting, {
    ...name,
    DOB: '1990-05-15',
    NINumber: ni,
    address: ['1 High Street', '', ''],
    city: 'London',
    postCode: 'SW1A 1AA',
    mobile: '07700 900123',
    payFrequency: 'WEEKLY',
  });
  Object.assign(v.bankSetting, {
    bankName: 'Barclays',
    accountName: `${name.forename} ${name.surname}`,
    sortCode: '12-34-56',
    accountNumber: '12345678',
  });
  v.payrollSetting.paymentModel = 'UMBRELLA';
  return v;
}

/** An Irish candidate's form values (valid Eircode, IBAN, BIC and PPS number), named as given. */
export function ieCandidateForm(name: { forename: string; surname: string; email: string }, pps = freshPps()) {
  const v = emptyCandidate('ie');
  Object.assign(v.generalSetting, {
    ...name,
    DOB: '1995-02-01',
    address: ['1 Main Street', '', ''],
    city: 'Dublin',
    eircode: 'D02 Y006',
    mobile: '083 123 4567',
    payFrequency: 'WEEKLY',
  });
  Object.assign(v.bankSetting, {
    bankName: 'AIB',
    accountName: `${name.forename} ${name.surname}`,
    IBANReference: 'IE29AIBK93115212345678',
    SWIFTNo: 'AIBKIE2D',
  });
  Object.assign(v.payrollSetting, { paymentModel: 'PAYEE', PPSNumber: pps });
  return v;
}

/** A payment rate's form values: the empty form with a code, a description and a VAT code. */
export function paymentRateForm(values: Partial<PaymentRateForm> & Pick<PaymentRateForm, 'code'>): PaymentRateForm {
  return { ...emptyPaymentRate, description: 'Test rate', defaultVATCode: 'VC-2', ...values };
}
