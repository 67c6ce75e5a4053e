// Calling the product's real route handlers and pages in-process, as Next would: a Request with our session
// cookie (a next-auth JWT carrying a real Session row's id), on the run's real PostgreSQL and the in-process
// Nxsys sandbox. Route handlers read the session from their Request; pages (the sign-in page) use next/headers,
// so each test file sets `vi.mock('next/headers', () => import('./next-headers-stub'))`.
import { encode } from 'next-auth/jwt';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { createSession } from '@/lib/server/auth/sessions';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import type { Sandbox } from '../../sandbox/server';
import { createAgency, createUser } from '../helpers/db';
import { connectedAdmin, productEnv, TEST_APP_ORIGIN, TEST_NEXTAUTH_SECRET } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';
import { requestScope } from './next-headers-stub';

export const APP = TEST_APP_ORIGIN;
export const SECRET = TEST_NEXTAUTH_SECRET;
const policy = { idleMs: 3_600_000, absoluteMs: 3_600_000 };

/** The portal's configuration for this test file (env() is read once per process); with a sandbox, wired to it. */
export function configure(extra: Record<string, string> = {}, sb?: Sandbox) {
  const key = generateKeyringEntry('k1');
  Object.assign(process.env, sb ? productEnv(sb, key) : { NEXTAUTH_URL: APP, NEXTAUTH_SECRET: SECRET, TOKEN_ENCRYPTION_KEY: key }, extra);
  return parseKeyring(key);
}

export async function startSandbox() {
  return sandboxFor();
}

/** The next-auth session cookie for a Session row id, as the browser would hold it. */
export async function sessionCookie(userId: string, sessionId: string, secret = SECRET) {
  const token = await encode({ token: { sub: userId, sid: sessionId }, secret });
  return `next-auth.session-token=${token}`;
}

export interface Person {
  id: string;
  sessionId: string;
  agency: { id: string; name: string };
  cookie: string;
}

/** A signed-in user (a real Session row and cookie) of a new agency, or of the given one. */
export async function signedIn(db: PrismaClient, role: 'ADMIN' | 'STAFF' = 'ADMIN', agencyId?: string): Promise<Person> {
  const agency = agencyId ? await db.agency.findUniqueOrThrow({ where: { id: agencyId } }) : await createAgency(db);
  const user = await createUser(db, agency.id, { role });
  const sessionId = await createSession(db, user.id, policy);
  return { id: user.id, sessionId, agency: { id: agency.id, name: agency.name }, cookie: await sessionCookie(user.id, sessionId) };
}

/** An admin whose agency went through the whole Connect flow with the sandbox. */
export async function connectedPerson(
  db: PrismaClient,
  sb: Sandbox,
  keyring: ReturnType<typeof parseKeyring>,
  nxsysUser?: string,
): Promise<Person> {
  const admin = await connectedAdmin(db, keyring, nxsysSettings(), sb, nxsysUser);
  return { ...admin, cookie: await sessionCookie(admin.id, admin.sessionId) };
}

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  cookie?: string;
  headers?: Record<string, string>;
  body?: BodyInit;
}

/** Runs a route handler for `path` as Next would (params as a promise), inside our request scope. */
export function call<P>(handler: Handler<P>, path: string, params: P, options: CallOptions = {}): Promise<Response> {
  const request = new Request(new URL(path, APP), {
    method: options.method ?? 'GET',
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
    body: options.body,
    ...(options.body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  return requestScope.run(request, () => handler(request, { params: Promise.resolve(params) }));
}

/** Runs any function (a page component) inside a request scope carrying this cookie. */
export function withRequest<T>(path: string, cookie: string | undefined, work: () => Promise<T>): Promise<T> {
  const request = new Request(new URL(path, APP), { headers: cookie ? { cookie } : {} });
  return requestScope.run(request, work);
}

/** Same-origin fetch headers, as our own pages send them. */
export const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin', origin: APP, referer: `${APP}/` };

export const errorCode = async (response: Response) => ((await response.clone().json()) as { error?: { code?: string } }).error?.code;
