import 'server-only';
import { Agent, request } from 'undici';

/** What the Nxsys client reads of an answer: a fetch Response has all of it (tests pass their own fetch). */
export interface NxsysHttpResponse {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  body?: { cancel(): Promise<void> } | null;
}

export type NxsysFetch = (
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal; redirect: 'error' },
) => Promise<NxsysHttpResponse>;

// Kept-alive connections to Nxsys, shared by every call of this instance: no TCP (or TLS) handshake per call.
const agent = new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connections: 64 });

/**
 * The production transport: undici's `request` on a keep-alive agent. Measured against the global fetch (which
 * Next also wraps for its cache in route handlers): fetch's WHATWG streams and Next's wrapper were a share of
 * every proxied call. Redirects are never followed (a 3xx is an answer like any other non-2xx).
 */
export const keepAliveFetch: NxsysFetch = async (url, init) => {
  const answer = await request(url, {
    method: init.method as 'GET',
    headers: init.headers,
    body: init.body,
    signal: init.signal,
    dispatcher: agent,
  });
  return {
    status: answer.statusCode,
    ok: answer.statusCode >= 200 && answer.statusCode < 300,
    headers: {
      get(name) {
        const value = answer.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: () => answer.body.text(),
    // Read to the end and dropped, so the connection goes back to the pool.
    body: { cancel: () => answer.body.dump().then(() => undefined) },
  };
};
