import { ApiFailure, type ApiErrorBody } from '@/lib/errors/api-failure';
import { BROWSER_ERRORS } from '@/lib/errors/browser-errors';

/**
 * Browser-side calls to our own API routes. Errors come back as `{ error: { code, message, fieldErrors } }`
 * with a code from the shared catalogue (lib/errors/catalogue.ts); they become ApiFailures (lib/errors/api-failure.ts,
 * the server ApiError's base), which leave the catalogue's messages out of the browser's bundle.
 */
export function apiFetch<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  return withStepUp(() => fetchJson<T>(url, init));
}

async function fetchJson<T>(url: string, init: RequestInit & { json?: unknown }): Promise<T> {
  const { json, headers, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(url, {
      ...rest,
      headers: { Accept: 'application/json', ...(json !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  } catch {
    throw unreachable();
  }
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw failure(response, body);
  return body as T;
}

/** Asks the person to confirm it is them (a code, a passkey, or the password without either); true once they have. */
export type StepUpPrompt = (ask: 'code' | 'passkey' | 'password', passkey: boolean) => Promise<boolean>;
let stepUpPrompt: StepUpPrompt | null = null;

/** The page's step-up prompt (components/account/step-up-prompt.tsx) registers itself here while it is mounted. */
export function setStepUpPrompt(prompt: StepUpPrompt | null) {
  stepUpPrompt = prompt;
}

/**
 * A sensitive action refused because the session has not proved the factor in the last 10 minutes
 * (`step_up_required`): the page's prompt asks for it, and the action is sent once more.
 */
async function withStepUp<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof ApiFailure) || error.code !== 'step_up_required' || !stepUpPrompt) throw error;
    const ask = error.details?.ask === 'password' || error.details?.ask === 'passkey' ? error.details.ask : 'code';
    if (!(await stepUpPrompt(ask, error.details?.passkey === true))) throw error;
    return attempt();
  }
}

const unreachable = () => new ApiFailure('network_error', BROWSER_ERRORS.network_error.message, BROWSER_ERRORS.network_error.status);

/** Our route's error body as an ApiFailure; a 401 (the session ended) sends the browser to sign-in. */
function failure(response: Response, body: unknown): ApiFailure {
  const error = (body as Partial<ApiErrorBody> | null)?.error;
  if (response.status === 401 && typeof window !== 'undefined') {
    // A full load of sign-in drops every cached page of the old session.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign(`/sign-in?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
  // Our routes only answer with catalogue codes (authedRoute); anything without a code is a plain HTTP failure.
  const code = typeof error?.code === 'string' && error.code ? error.code : 'http_error';
  return new ApiFailure(
    code,
    error?.message ?? `The request failed (${response.status}).`,
    response.status,
    error?.fieldErrors,
    error?.details,
  );
}

/** A file from one of our routes (PDF, CSV) with the name the route gave it; failures as for apiFetch. */
export function apiDownload(url: string, init?: RequestInit): Promise<{ blob: Blob; filename: string | null }> {
  return withStepUp(() => download(url, init));
}

async function download(url: string, init?: RequestInit): Promise<{ blob: Blob; filename: string | null }> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw unreachable();
  }
  if (!response.ok) throw failure(response, await response.json().catch(() => null));
  const filename = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? null;
  return { blob: await response.blob(), filename };
}
