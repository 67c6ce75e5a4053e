import 'server-only';

/** The invitations domain's server surface: admins invite colleagues by e-mail; the link sets a password. */
export {
  acceptInvitation,
  createInvitation,
  INVITATION_TTL_MS,
  listPendingInvitations,
  openInvitation,
  resendInvitation,
  revokeInvitation,
} from './invitations';
