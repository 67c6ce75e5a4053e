import 'server-only';

/** The candidates domain's server surface: reads and writes through Nxsys, and its documented lists. */
export {
  candidateCountries,
  countryOf,
  countryOfPayee,
  createCandidate,
  getCandidate,
  updateCandidate,
  type CandidateCountries,
  type CandidateRead,
} from './candidates';
export { CANDIDATE_LISTS } from './lists';
