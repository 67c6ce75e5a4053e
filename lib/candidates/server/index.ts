import 'server-only';

/** The candidates domain's server surface: reads and writes through Nxsys, and its documented lists. */
export { countryOf, createCandidate, findCreatedCandidate, getCandidate, updateCandidate, type CandidateRead } from './candidates';
export { candidateCountries, candidateCountriesKey, countryOfPayee, type CandidateCountries } from './countries';
export { CANDIDATE_LISTS } from './lists';
export {
  documentExpiryOf,
  EXPIRY_WINDOW_DAYS,
  readExpiriesFromNxsys,
  requestRightToWorkScan,
  rightToWorkPage,
  rightToWorkScanAllJob,
  rightToWorkScanJob,
  rightToWorkState,
  scanRightToWork,
  RIGHT_TO_WORK_FILTERS,
  type ExpiringDocument,
  type ExpiryReader,
  type ExpiryScan,
  type RightToWorkPage,
  type RightToWorkStatus,
  type StoredScan,
} from './right-to-work';
