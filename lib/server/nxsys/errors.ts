import 'server-only';
import { ApiError } from '@/lib/errors/api-error';

/** Errors between us and Nxsys that need more than the catalogue's default message. */
export const nxsysErrors = {
  notConnected: () => new ApiError('nxsys_not_connected'),
  reconnectRequired: () => new ApiError('nxsys_reconnect_required'),
  clientRefused: () => new ApiError('nxsys_client_refused'),
  notConfigured: () => new ApiError('nxsys_not_configured'),
  unavailable: (detail = '') =>
    new ApiError('nxsys_unavailable', `Nxsys is not responding properly right now${detail}. Please try again in a moment.`),
  timeout: () => new ApiError('nxsys_timeout'),
  rateLimited: (retryAfter?: number) =>
    new ApiError('nxsys_rate_limited', `Nxsys is busy${retryAfter ? `; try again in ${retryAfter} s` : ''}.`),
};
