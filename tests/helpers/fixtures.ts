// Form values that pass the portal's own schemas, for tests that need a valid write and care about one or two fields.
import { emptyCandidate } from '@/lib/candidates/schema';
import { emptyPaymentRate, type PaymentRateForm } from '@/lib/payment-rates/schema';

/** A UK candidate's form values (valid NI number, postcode and bank details), named as given. */
export function ukCandidateForm(name: { forename: string; surname: string; email: string }) {
  const v = emptyCandidate('uk');
  Object.assign(v.generalSetting, {
    ...name,
    DOB: '1990-05-15',
    NINumber: 'AB123456C',
    address: ['1 High Street', '', ''],
    city: 'London',
    postCode: 'SW1A 1AA',
    mobile: '07700 900123',
  });
  Object.assign(v.bankSetting, {
    bankName: 'Barclays',
    accountName: `${name.forename} ${name.surname}`,
    sortCode: '12-34-56',
    accountNumber: '12345678',
  });
  return v;
}

/** A payment rate's form values: the empty form with a code, a description and a VAT code. */
export function paymentRateForm(values: Partial<PaymentRateForm> & Pick<PaymentRateForm, 'code'>): PaymentRateForm {
  return { ...emptyPaymentRate, description: 'Test rate', defaultVATCode: 'VC-2', ...values };
}
