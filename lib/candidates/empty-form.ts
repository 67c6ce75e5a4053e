// Zod-free (a type import only), so the server page and the Nxsys mappers can build an empty form without the schema.
import type { Country } from './options';
import type { CandidateForm } from './schema';

/**
 * The onboarding form before anyone touched it: every choice unmade and nothing pre-filled (a pre-selected
 * "Male" or "Nest, opted in" would be sent to Nxsys as if someone had chosen it). The country is the tab's.
 */
export function emptyCandidate(country: Country): CandidateForm {
  return {
    generalSetting: {
      title: '',
      gender: '',
      forename: '',
      surname: '',
      DOB: '',
      maritalStatus: '',
      nationality: '',
      address: ['', '', ''],
      city: '',
      county: '',
      country: country === 'uk' ? 'GB' : 'IE',
      mobile: '',
      email: '',
      dateOfJoining: '',
      payFrequency: '',
      payMethod: '',
      jobDescription: '',
      emergencyName: '',
      emergencyMobile: '',
      rightToWorkStatus: '',
      documentType: '',
      documentExpiryDate: '',
      ...(country === 'uk' ? { NINumber: '', postCode: '' } : { eircode: '' }),
    },
    bankSetting:
      country === 'uk'
        ? { bankName: '', accountName: '', sortCode: '', accountNumber: '' }
        : { bankName: '', accountName: '', IBANReference: '', SWIFTNo: '' },
    payrollSetting: country === 'uk' ? { paymentModel: '' } : { paymentModel: '', PPSNumber: '' },
    pensionSetting: { scheme: '', optState: '' },
  };
}
