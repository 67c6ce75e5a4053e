// The app's API route files, as the route tests walk them: every `route.ts` under app/api, and which of them are
// deliberately not behind authedRoute (each of those is tested on its own).
import { readdirSync } from 'node:fs';
import path from 'node:path';

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
