import 'server-only';
import { ApiError } from '../http/api-error';

/** Stable codes for everything that can go wrong between us and Nxsys; the UI switches on these. */
export const nxsysErrors = {
  notConnected: () => new ApiError(409, 'nxsys_not_connected', 'Your agency is not connected to Nxsys yet. An admin can connect it on the Nxsys connection page.'),
  reconnectRequired: () =>
    new ApiError(409, 'nxsys_reconnect_required', 'The Nxsys connection needs to be renewed. An admin can reconnect it on the Nxsys connection page.'),
  clientRefused: () =>
    new ApiError(
      503,
      'nxsys_client_refused',
      "The portal's Nxsys client credentials were refused. This is the portal's configuration, not your agency's connection: the portal's administrator must check NXSYS_CLIENT_ID and NXSYS_CLIENT_SECRET.",
    ),
  notConfigured: () => new ApiError(503, 'nxsys_not_configured', 'This portal has no Nxsys client application configured.'),
  unavailable: (detail = '') => new ApiError(503, 'nxsys_unavailable', `Nxsys is not responding properly right now${detail}. Please try again in a moment.`),
  timeout: () => new ApiError(504, 'nxsys_timeout', 'Nxsys did not answer in time. Please try again.'),
  rateLimited: (retryAfter?: number) =>
    new ApiError(429, 'nxsys_rate_limited', `Nxsys is busy${retryAfter ? `; try again in ${retryAfter} s` : ''}.`),
};
