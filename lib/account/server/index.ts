import 'server-only';

/** The account domain's server surface: "forgot password" links (e-mailed, single use, 30 minutes). */
export {
  completePasswordReset,
  issuePasswordReset,
  passwordResetRequestJob,
  requestPasswordReset,
  resetLinkUsable,
  RESET_GLOBAL_RULE,
  RESET_KEY_RULE,
  RESET_TTL_MS,
} from './password-reset';
