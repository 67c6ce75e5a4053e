// `npm run bench`: the cost of going through the portal, and single-flight refresh across processes.
// (a) proxy overhead: the same list call through the portal's route and straight to the sandbox,
//     interleaved in one run; p50/p95 of each and their ratio.
// (b) 100 concurrent requests hitting an expired token, split over two app processes on one database:
//     refresh calls made (must be 1) and failed requests (must be 0).
// Speed is noisy on shared machines: compare the ratio, measured in the same run, not absolute times.
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { runNext, spawnNext } from '../scripts/next-bin';
import { startLocalStack } from '../scripts/local-stack';

const PORTS = [3200, 3201];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const CONCURRENT = 100;

const stack = await startLocalStack({ mode: 'bench', appPort: PORTS[0]! });
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...stack.env,
  NODE_ENV: 'production',
  NEXT_DIST_DIR: '.next-bench',
  NEXT_SKIP_TYPECHECK: '1',
};
const children: ChildProcess[] = [];

async function shutdown(code: number) {
  for (const child of children) child.kill('SIGTERM');
  await stack.stop();
  process.exit(code);
}

try {
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    const build = runNext(['build'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error('next build failed');
  }
  for (const port of PORTS) {
    children.push(
      spawnNext(['start', '--port', String(port)], {
        env: { ...env, NEXTAUTH_URL: `http://localhost:${port}` },
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    );
  }
  await Promise.all(PORTS.map(waitFor));

  const sessions = await Promise.all(PORTS.map((port) => signIn(port)));
  await connectAgency(PORTS[0]!, sessions[0]!);
  const direct = await directToken();

  // (a) interleaved: portal route vs sandbox, same query.
  const viaPortal: number[] = [];
  const straight: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    viaPortal.push(await timed(() => get(`http://localhost:${PORTS[0]}/api/nxsys/candidates?page=2&size=20`, { Cookie: sessions[0]! })));
    straight.push(
      await timed(() => get(`${stack.env.NXSYS_API_URL}/nxsys/candidates?page=2&size=20`, { Authorization: `Nxsys-oauthtoken ${direct}` })),
    );
  }
  const p = (list: number[], q: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))]!;
  console.log(`\n(a) proxy overhead, ${ROUNDS} interleaved rounds of GET candidates page 2 (20 rows)`);
  console.log(`    direct to sandbox   p50 ${p(straight, 0.5).toFixed(1)} ms   p95 ${p(straight, 0.95).toFixed(1)} ms`);
  console.log(`    through the portal  p50 ${p(viaPortal, 0.5).toFixed(1)} ms   p95 ${p(viaPortal, 0.95).toFixed(1)} ms`);
  console.log(
    `    ratio portal/direct p50 ${(p(viaPortal, 0.5) / p(straight, 0.5)).toFixed(2)}x   p95 ${(p(viaPortal, 0.95) / p(straight, 0.95)).toFixed(2)}x`,
  );

  // (b) expire the token everywhere, then 100 concurrent requests over both processes.
  await post(`${stack.env.NXSYS_API_URL}/__sandbox/expire-tokens`, {});
  const db = new pg.Client({ connectionString: stack.env.DATABASE_URL });
  await db.connect();
  await db.query(`UPDATE "NxsysConnection" SET "accessTokenExpiresAt" = to_timestamp(0)`);
  await db.end();
  const before = (await (await fetch(`${stack.env.NXSYS_API_URL}/__sandbox/stats`)).json()) as { refreshGrants: number };
  const results = await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) =>
      fetch(`http://localhost:${PORTS[i % 2]}/api/nxsys/vat-codes?size=5`, { headers: { Cookie: sessions[i % 2]! } }).then((r) => r.status),
    ),
  );
  const after = (await (await fetch(`${stack.env.NXSYS_API_URL}/__sandbox/stats`)).json()) as { refreshGrants: number };
  const refreshes = after.refreshGrants - before.refreshGrants;
  const failures = results.filter((s) => s !== 200).length;
  console.log(`\n(b) ${CONCURRENT} concurrent requests with an expired token over ${PORTS.length} app processes`);
  console.log(`    refresh calls made: ${refreshes} (must be 1)   failed requests: ${failures} (must be 0)\n`);
  await shutdown(refreshes === 1 && failures === 0 ? 0 : 1);
} catch (error) {
  console.error(error);
  await shutdown(1);
}

async function waitFor(port: number) {
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(`http://localhost:${port}/sign-in`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`portal on ${port} did not start`);
}

async function timed(fn: () => Promise<unknown>) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function get(url: string, headers: Record<string, string>) {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.arrayBuffer();
}

async function post(url: string, body: unknown) {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

function cookiesOf(response: Response) {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** next-auth's credentials sign-in, as a browser does it: CSRF token, then the callback. */
async function signIn(port: number) {
  const base = `http://localhost:${port}`;
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookiesOf(csrf) },
    body: new URLSearchParams({ csrfToken, email: 'admin@northwind.example', password: 'northwind-admin-demo', json: 'true' }),
  });
  const session = cookiesOf(response);
  if (!session.includes('session-token'))
    throw new Error(`sign-in on ${port} failed: ${response.status} ${await response.text()} ${csrf.status}`);
  return session;
}

/** Connect → sandbox consent (approve) → our callback, as the admin's browser would. */
async function connectAgency(port: number, cookie: string) {
  const base = `http://localhost:${port}`;
  const start = await fetch(`${base}/api/nxsys/connect`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: base } });
  const authorize = new URL(start.headers.get('location')!);
  const consent = await fetch(`${authorize.origin}/oauth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({
      ...Object.fromEntries(authorize.searchParams),
      email: 'payroll@brightwater.example',
      password: 'sandbox-demo',
      decision: 'approve',
    }),
  });
  const callback = await fetch(consent.headers.get('location')!, { redirect: 'manual', headers: { Cookie: cookie } });
  if (!callback.headers.get('location')?.includes('connected=1')) throw new Error('connect failed');
}

/** A token of our own for the direct calls (a second grant; the portal's stays untouched). */
async function directToken() {
  const {
    NXSYS_API_URL: api,
    NXSYS_PORTAL_URL: portal,
    NXSYS_CLIENT_ID: clientId,
    NXSYS_CLIENT_SECRET: clientSecret,
    NEXTAUTH_URL,
  } = stack.env;
  const redirectUri = `${NEXTAUTH_URL}/api/nxsys/callback`;
  const consent = await fetch(`${portal}/oauth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({
      clientId: clientId!,
      redirectUri,
      state: 'bench',
      email: 'payroll@brightwater.example',
      password: 'sandbox-demo',
      decision: 'approve',
    }),
  });
  const code = new URL(consent.headers.get('location')!).searchParams.get('code')!;
  const token = await fetch(`${api}/nxsys/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grantType: 'authorization_code', code, clientId: clientId!, clientSecret: clientSecret!, redirectUri }),
  });
  return ((await token.json()) as { accessToken: string }).accessToken;
}
