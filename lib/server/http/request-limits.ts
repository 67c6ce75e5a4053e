import 'server-only';
import { errorResponse } from './api-error';
import { oversizedRequest } from '@/lib/request-limits';

/**
 * For the few routes that go through neither wrapper (health, readiness, next-auth's own handler): the same URL
 * and header limits, so none of them is a way around them (e.g. next-auth storing a huge callback URL as a cookie).
 * Kept apart from route.ts so health and readiness load nothing of sign-in or sessions.
 */
export function withRequestLimits<R extends Request, A extends unknown[]>(
  handler: (request: R, ...rest: A) => Response | Promise<Response>,
) {
  return async (request: R, ...rest: A): Promise<Response> => {
    const tooBig = oversizedRequest(request.url, request.headers);
    return tooBig ? errorResponse(tooBig.code) : handler(request, ...rest);
  };
}
