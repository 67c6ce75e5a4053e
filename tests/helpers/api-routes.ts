// The app's API route files, as the route tests walk them: every `route.ts` under app/api, and which of them are
// deliberately not behind authedRoute (each of those is tested on its own).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { TEST_APP_ORIGIN } from './nxsys';

export const API_DIR = path.resolve('app/api');
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

/** Route files whose handlers are not behind authedRoute. */
export const NOT_AUTHED = new Set([
  'auth/[...nextauth]/route.ts',
  'nxsys/callback/route.ts',
  // Reached from e-mailed links or the sign-in page, without a session (tests/integration/api-routes and email-*.test.ts).
  'invitations/accept/route.ts',
  'password-reset/route.ts',
  'password-reset/confirm/route.ts',
  // The passkey step of signing in: no session yet, only the pending sign-in cookie (tests/integration/passkeys.test.ts).
  'sign-in/passkey/route.ts',
  // A candidate's own onboarding link: no account, the token in the body (tests/integration/onboarding.test.ts).
  'onboard/route.ts',
  // health/ready: public liveness and readiness probes, carrying no data (tests/integration/instances.test.ts).
  'health/route.ts',
  'ready/route.ts',
]);

/** Files called `name` under `root`, as paths relative to it with forward slashes. */
export function filesNamed(root: string, name: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesNamed(root, name, full);
    return entry.name === name ? [path.relative(root, full).split(path.sep).join('/')] : [];
  });
}

export const routeFiles = () => filesNamed(API_DIR, 'route.ts');

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** `[id]` → `SR-101001`, `[resource]` → `candidates`: any value will do, the gates come before the handler reads it. */
function urlAndParams(file: string) {
  const params: Record<string, string> = {};
  const segments = path
    .dirname(file)
    .split('/')
    .map((segment) => {
      const name = /^\[(\w+)\]$/.exec(segment)?.[1];
      if (!name) return segment;
      params[name] = name === 'resource' ? 'candidates' : 'SR-101001';
      return params[name];
    });
  return { url: `${TEST_APP_ORIGIN}/api/${segments.join('/')}`, params };
}

/** Calls a route file's handler as our own pages would, with this session cookie (writes: an empty JSON body). */
export async function callRoute(cookie: string, file: string, method: Method) {
  const { url, params } = urlAndParams(file);
  const request = new Request(url, {
    method,
    headers: {
      Cookie: `next-auth.session-token=${cookie}`,
      'Sec-Fetch-Site': 'same-origin',
      ...(method !== 'GET' ? { Origin: TEST_APP_ORIGIN, 'Content-Type': 'application/json' } : {}),
    },
    body: method !== 'GET' ? JSON.stringify({}) : undefined,
  });
  const handler = ((await import(path.join(API_DIR, file))) as Record<string, Handler>)[method]!;
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    // not JSON (a CSV or a file): certainly not a refusal
  }
  return { status: response.status, code };
}

/** Every handler behind authedRoute: each route file (but NOT_AUTHED) with each method it exports. */
export async function authedHandlers() {
  const cases: { file: string; method: Method }[] = [];
  for (const file of routeFiles()) {
    if (NOT_AUTHED.has(file)) continue;
    const exported = (await import(path.join(API_DIR, file))) as Record<string, unknown>;
    for (const method of METHODS) if (typeof exported[method] === 'function') cases.push({ file, method });
  }
  return cases;
}
