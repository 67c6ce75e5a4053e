import 'server-only';

/** The candidates domain's server surface: reads and writes through Nxsys, and its documented lists. */
export { countryOf, createCandidate, getCandidate, updateCandidate, type CandidateRead } from './candidates';
export { CANDIDATE_LISTS } from './lists';
