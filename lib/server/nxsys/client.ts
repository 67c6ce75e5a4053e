import 'server-only';
import { ApiError } from '../http/api-error';
import { authorizationHeader, nxsysProfile } from '../oauth/dialects';
import { nxsysErrors } from './errors';
import { getAccessToken, type TokenDeps } from './token-manager';
import { retryAfterSeconds } from '../http/retry-after';
import type { ConnectionSnapshot } from '../connection-snapshot';
import { keepAliveFetch, type NxsysFetch, type NxsysHttpResponse } from './transport';

export type QueryValue = string | number | boolean | undefined | null | readonly string[];

export interface NxsysRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** For reads a page can do without (the dashboard): fewer attempts and a shorter timeout than the defaults. */
  maxAttempts?: number;
  timeoutMs?: number;
}

export interface NxsysResponse {
  status: number;
  body: unknown;
}

const MAX_READ_ATTEMPTS = 3;
const MAX_RETRY_DELAY_MS = 8_000;
/**
 * Everything one read may take, attempts and waits included: a person is waiting for the page. Each attempt
 * gets what is left of it, and a Retry-After beyond it fails at once, saying how long to wait.
 */
export const READ_BUDGET_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function buildUrl(base: string, path: string, query: NxsysRequest['query'] = {}) {
  const url = new URL(path, base);
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return url;
}

/** `{"error":{"code","message","details":{"field",…}}}` → a message and field errors for our forms. */
function upstreamError(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : undefined;
  const message = typeof error?.message === 'string' ? error.message : `Nxsys answered ${status}.`;
  const fieldErrors: Record<string, string> = {};
  const collect = (detail: unknown) => {
    if (!detail || typeof detail !== 'object') return;
    const d = detail as { field?: unknown; message?: unknown; errors?: unknown; fields?: unknown };
    if (typeof d.field === 'string') fieldErrors[d.field] = typeof d.message === 'string' ? d.message : message;
    for (const nested of [d.errors, d.fields]) if (Array.isArray(nested)) nested.forEach(collect);
  };
  collect(error?.details);
  const fields = Object.keys(fieldErrors).length ? fieldErrors : undefined;
  if (status === 404 || code === 'resource_not_found') return new ApiError('nxsys_not_found', message, fields);
  if (status === 403 || code === 'insufficient_permissions') return new ApiError('nxsys_forbidden', message, fields);
  if (status === 400 || status === 409 || status === 422) return new ApiError('nxsys_rejected', message, fields);
  return new ApiError('nxsys_error', message, fields);
}

function retryDelayMs(response: NxsysHttpResponse | undefined, attempt: number): number {
  const fromHeader = retryAfterSeconds(response);
  const exponential = 250 * 2 ** attempt + Math.floor(Math.random() * 100);
  return fromHeader !== undefined ? fromHeader * 1000 : Math.min(exponential, MAX_RETRY_DELAY_MS);
}

async function parseBody(response: NxsysHttpResponse): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * One call to the Nxsys API for an agency: sends `Authorization: <tokenType> <accessToken>`, refreshes and
 * retries once on 401, retries reads (never writes) on 429/5xx/network faults with back-off honouring
 * Retry-After, all within one time budget per read (READ_BUDGET_MS), bounds every attempt with a timeout,
 * and turns failures into ApiErrors with stable codes.
 */
/** Shortest attempt worth making once a wait is over. */
const MIN_ATTEMPT_MS = 1_000;

export async function nxsysRequest(
  deps: TokenDeps,
  agencyId: string,
  request: NxsysRequest,
  snapshot?: ConnectionSnapshot | null,
): Promise<NxsysResponse> {
  const doFetch: NxsysFetch = deps.fetch ?? keepAliveFetch;
  const isRead = request.method === 'GET';
  const maxAttempts = Math.min(request.maxAttempts ?? MAX_READ_ATTEMPTS, MAX_READ_ATTEMPTS);
  const attemptTimeoutMs = request.timeoutMs ?? deps.timeoutMs ?? 15_000;
  const deadline = Date.now() + (deps.readBudgetMs ?? READ_BUDGET_MS);
  const budgetLeft = () => deadline - Date.now();
  let token = await getAccessToken(deps, agencyId, undefined, snapshot);
  let refreshedAfter401 = false;

  for (let attempt = 0; ; attempt++) {
    const url = buildUrl(token.apiBaseUrl, request.path, request.query);
    const profile = nxsysProfile(token.apiBaseUrl, token.apiBaseUrl);
    let response: NxsysHttpResponse | undefined;
    try {
      response = await doFetch(url, {
        method: request.method,
        headers: {
          Authorization: authorizationHeader(token, profile),
          Accept: 'application/json',
          ...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
        // A read never outlives its budget; a write keeps its full timeout (cutting it short helps no one).
        signal: AbortSignal.timeout(isRead ? Math.max(1, Math.min(attemptTimeoutMs, budgetLeft())) : attemptTimeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const delay = retryDelayMs(undefined, attempt);
      // Another attempt only if it would still have a useful share of the budget after the wait.
      if (isRead && attempt + 1 < maxAttempts && budgetLeft() - delay >= MIN_ATTEMPT_MS) {
        await sleep(delay);
        continue;
      }
      // A write that timed out may or may not have happened upstream: say so rather than retry.
      if (timedOut)
        throw isRead
          ? nxsysErrors.timeout()
          : new ApiError(
              'nxsys_timeout',
              'Nxsys did not answer in time. The change may or may not have been saved: check before trying again.',
            );
      throw nxsysErrors.unavailable();
    }

    if (response.status === 401 && !refreshedAfter401) {
      await response.body?.cancel();
      refreshedAfter401 = true;
      token = await getAccessToken(deps, agencyId, token.accessToken);
      attempt--;
      continue;
    }
    if ((response.status === 429 || response.status >= 500) && isRead && attempt + 1 < maxAttempts) {
      const delay = retryDelayMs(response, attempt);
      if (budgetLeft() - delay >= MIN_ATTEMPT_MS) {
        await response.body?.cancel();
        await sleep(delay);
        continue;
      }
    }

    const body = await parseBody(response);
    if (response.ok) {
      await markVerified(deps, agencyId);
      return { status: response.status, body };
    }
    if (response.status === 429) throw nxsysErrors.rateLimited(retryAfterSeconds(response) || undefined);
    if (response.status >= 500) {
      throw isRead
        ? nxsysErrors.unavailable()
        : new ApiError('nxsys_unavailable', 'Nxsys failed to process the change. Nothing you typed is lost: try saving again in a moment.');
    }
    if (response.status === 401) {
      throw new ApiError('nxsys_unauthorized');
    }
    throw upstreamError(response.status, body);
  }
}

const lastMarked = new Map<string, number>();

/** "Last verified" on the connection page: written at most once a minute (checked in memory first). */
async function markVerified(deps: TokenDeps, agencyId: string) {
  const now = deps.now?.() ?? new Date();
  if (now.getTime() - (lastMarked.get(agencyId) ?? 0) < 60_000) return;
  lastMarked.set(agencyId, now.getTime());
  await deps.db.nxsysConnection.updateMany({
    where: { agencyId, OR: [{ lastVerifiedAt: null }, { lastVerifiedAt: { lt: new Date(now.getTime() - 60_000) } }] },
    data: { lastVerifiedAt: now },
  });
}
