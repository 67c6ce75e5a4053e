import 'server-only';

/** The onboarding domain's server surface: candidates fill in their own details on an e-mailed link; staff review. */
export {
  draftSchema,
  inviteCandidate,
  listOnboarding,
  ONBOARDING_TTL_MS,
  openDraft,
  openInvitations,
  openOnboarding,
  resendOnboarding,
  revokeOnboarding,
  saveDraft,
  sealDraft,
  stateOf,
  submissionFor,
  submitOnboarding,
  SUBMISSION_TTL_MS,
  type OnboardingDraft,
} from './onboarding';
export { onboardingPurgeJob, purgeStaleSubmissions } from './purge';
export { sendOnboardingToNxsys } from './send';
export { ONBOARDING_LIMITS, ONBOARDING_WINDOW_MS, takeLinkAttempt, takeOnboardingAttempt } from './throttle';
