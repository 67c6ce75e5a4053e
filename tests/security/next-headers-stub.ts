// `next/headers` for route handlers called directly in tests: cookies() and headers() read the Request that
// tests/security/harness.ts is running the handler for (Next's own request scope exists only inside Next).
import { AsyncLocalStorage } from 'node:async_hooks';

export const requestScope = new AsyncLocalStorage<Request>();

function current(): Request {
  const request = requestScope.getStore();
  if (!request) throw new Error('next/headers used outside a request (call the handler through harness.call)');
  return request;
}

function parseCookies(header: string | null): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) jar.set(part.slice(0, at).trim(), decodeURIComponent(part.slice(at + 1).trim()));
  }
  return jar;
}

export async function cookies() {
  const jar = parseCookies(current().headers.get('cookie'));
  return {
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    has: (name: string) => jar.has(name),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
  };
}

export async function headers() {
  return current().headers;
}
