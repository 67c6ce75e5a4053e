import 'server-only';
import { z } from 'zod';
import { getRequestUser, type CurrentUser } from '../auth/current-user';
import { stepUpAnswer } from '../auth/step-up';
import { env } from '../env';
import { log, requestIdOf } from '../log';
import { ApiError, errorResponse } from './api-error';
import { isCrossSiteRequest, isSameOriginRequest } from './same-origin';
import { Prisma } from '@/lib/generated/prisma/client';
import { oversizedRequest } from '@/lib/request-limits';
import { fieldErrorsOf } from '@/lib/validations/field-errors';

type RouteContext<P> = { params: Promise<P> };

export interface AuthedContext<P> {
  user: CurrentUser;
  params: P;
}

interface RouteOptions {
  /** Only admins may call this route. */
  admin?: boolean;
  /** Even a GET must come from our own pages: it has side effects (an audited download). */
  sameOriginOnly?: boolean;
  /** Callable by a user who must change their temporary password first (only the password change itself). */
  allowDuringPasswordChange?: boolean;
  /** Callable by a member whose agency requires a second factor they have not set up yet (setting it up). */
  allowDuringMfaEnrolment?: boolean;
}

/**
 * The one wrapper every authenticated route handler goes through: session (401), role (403), cross-site
 * check on state-changing methods (403), and errors turned into JSON bodies with stable codes. The proxy's
 * redirect is a convenience for pages; this is the gate.
 */
export function authedRoute<P = Record<string, never>>(
  handler: (request: Request, context: AuthedContext<P>) => Promise<Response>,
  options: RouteOptions = {},
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdOf(request);
    const response = await handle(request, context, requestId);
    log.info(
      {
        requestId,
        method: request.method,
        path: new URL(request.url).pathname,
        status: response.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'api request',
    );
    return withRequestId(response, requestId);
  };

  async function handle(request: Request, context: RouteContext<P>, requestId: string): Promise<Response> {
    try {
      const tooBig = oversizedRequest(request.url, request.headers);
      if (tooBig) return errorResponse(tooBig.code);
      const appOrigin = new URL(env().NEXTAUTH_URL).origin;
      if (isCrossSiteRequest(request, appOrigin) || (options.sameOriginOnly && !isSameOriginRequest(request, appOrigin))) {
        return errorResponse('cross_site_request');
      }
      const user = await getRequestUser(request);
      if (!user) return errorResponse('unauthenticated');
      if (user.mustChangePassword && !options.allowDuringPasswordChange) return errorResponse('password_change_required');
      if (user.mustEnrolMfa && !options.allowDuringMfaEnrolment) return errorResponse('mfa_enrolment_required');
      if (options.admin && user.role !== 'ADMIN') {
        return errorResponse('forbidden');
      }
      const params = (await context.params) ?? ({} as P);
      return await handler(request, { user, params });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'step_up_required') return stepUpAnswer(request, error);
      return toErrorResponse(error, requestId);
    }
  }
}

/**
 * A route anyone may call without a session (accepting an invitation, asking for or using a reset link): the
 * same cross-site refusal for state-changing methods and the same error bodies as authedRoute, no session.
 */
export function publicRoute(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const requestId = requestIdOf(request);
    try {
      const tooBig = oversizedRequest(request.url, request.headers);
      if (tooBig) return withRequestId(errorResponse(tooBig.code), requestId);
      const appOrigin = new URL(env().NEXTAUTH_URL).origin;
      if (request.method !== 'GET' && request.method !== 'HEAD' && !isSameOriginRequest(request, appOrigin)) {
        return withRequestId(errorResponse('cross_site_request'), requestId);
      }
      return withRequestId(await handler(request), requestId);
    } catch (error) {
      return withRequestId(toErrorResponse(error, requestId), requestId);
    }
  };
}

/** The request id on the answer (joins the caller's logs with ours); an answer with immutable headers is copied. */
function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set('x-request-id', requestId);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set('x-request-id', requestId);
    return copy;
  }
}

/** Prisma's "unique key taken" (a lost race: two requests made the same row) and "no such row" (gone meanwhile). */
const PRISMA_ERRORS: Record<string, 'conflict' | 'not_found'> = { P2002: 'conflict', P2025: 'not_found' };

export function toErrorResponse(error: unknown, requestId?: string): Response {
  if (error instanceof ApiError) return errorResponse(error.code, error.message, error.fieldErrors, error.details);
  if (error instanceof Prisma.PrismaClientKnownRequestError && Object.hasOwn(PRISMA_ERRORS, error.code)) {
    log.warn({ requestId, code: error.code }, 'database refused a write (lost race)');
    return errorResponse(PRISMA_ERRORS[error.code]!);
  }
  if (error instanceof z.ZodError) {
    return errorResponse('validation_failed', undefined, fieldErrorsOf(error));
  }
  log.error({ requestId, err: error }, 'unhandled error in route handler');
  return errorResponse('internal_error');
}

/** Largest JSON body a route accepts: the biggest real form (a candidate) is a few KB. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** `application/json` or `application/<x>+json`, any parameters (charset) allowed. */
const isJsonType = (contentType: string | null) => /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(contentType?.trim() ?? '');

/**
 * The request's JSON body (validated later, by the domain function). Only `application/json` is read (415
 * otherwise: a `text/plain` body is what a cross-site form could send), at most MAX_JSON_BODY_BYTES (413,
 * checked on the declared length and again while reading, so a chunked body cannot slip past), and a body
 * that is not JSON is a 400.
 */
export async function readJsonBody(request: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  if (!isJsonType(request.headers.get('content-type'))) {
    throw new ApiError('unsupported_media_type');
  }
  const body = await readLimitedBody(
    request,
    maxBytes,
    () => new ApiError('payload_too_large', `The request body is larger than ${maxBytes / 1024} KB.`),
  );
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError('invalid_json');
  }
}

/**
 * The request's body, at most `maxBytes`: refused on the declared length and again while reading (a chunked body
 * cannot slip past), with the stream cancelled so nothing more is read.
 */
export async function readLimitedBody(request: Request, maxBytes: number, tooLarge: () => ApiError): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON body against a schema; a body that is not JSON is a 400 too. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  return schema.parse(await readJsonBody(request));
}
