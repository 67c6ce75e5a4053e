import 'server-only';
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { cookies } from 'next/headers';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { passkeyAssertionSchema, secondFactorCodeSchema } from '@/lib/validations/mfa';
import { db } from '../db';
import { env, usesHttps } from '../env';
import { completePendingSignIn, PENDING_SIGN_IN_MS } from './pending-sign-in';
import { endSession, type SessionPolicy } from './sessions';
import { signInWithPassword } from './sign-in';

export function sessionPolicy(): SessionPolicy {
  const { SESSION_IDLE_MINUTES, SESSION_MAX_HOURS } = env();
  return { idleMs: SESSION_IDLE_MINUTES * 60_000, absoluteMs: SESSION_MAX_HOURS * 3_600_000 };
}

/** Name of the next-auth session cookie; `__Secure-` prefixed (and Secure) whenever served over HTTPS. */
export const sessionCookieName = () => (usesHttps() ? '__Secure-next-auth.session-token' : 'next-auth.session-token');

/** The pending sign-in's cookie (./pending-sign-in.ts): httpOnly, this site only, gone after 5 minutes. */
export const pendingSignInCookieName = () => (usesHttps() ? '__Host-nxsys.pending-sign-in' : 'nxsys.pending-sign-in');

/** The browser's User-Agent, for the list of sessions. */
function userAgentOf(headers: Record<string, unknown> | Headers | undefined): string | undefined {
  const value = headers instanceof Headers ? headers.get('user-agent') : headers?.['user-agent'];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The client's address, for throttling, from `X-Forwarded-For` as far as it can be trusted: with N trusted
 * proxies in front of the portal (`TRUSTED_PROXY_HOPS`), the Nth entry from the right is the address the
 * outermost of them saw; everything left of it is whatever the client chose to send. With 0 (the default)
 * the header is ignored: sign-in is throttled per address and portal-wide only.
 */
export function clientAddress(headers: Record<string, unknown> | Headers | undefined, trustedHops: number): string | undefined {
  if (trustedHops < 1 || !headers) return undefined;
  const raw = headers instanceof Headers ? headers.get('x-forwarded-for') : headers['x-forwarded-for'];
  const value = Array.isArray(raw) ? raw.join(',') : raw;
  if (typeof value !== 'string') return undefined;
  const hops = value
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  const address = hops[hops.length - trustedHops];
  return address && /^[0-9A-Fa-f:.]{2,45}$/.test(address) ? address : undefined;
}

/** The second step's proof: a passkey's answer (JSON in the `passkey` field) or a typed code; null when neither parses. */
function secondFactorProof(
  credentials: Record<string, string> | undefined,
): { code: string } | { passkey: AuthenticationResponseJSON } | null {
  if (credentials?.passkey) {
    let json: unknown;
    try {
      json = JSON.parse(credentials.passkey);
    } catch {
      return null;
    }
    const parsed = passkeyAssertionSchema.safeParse(json);
    return parsed.success ? { passkey: parsed.data as unknown as AuthenticationResponseJSON } : null;
  }
  const parsed = secondFactorCodeSchema.safeParse({ code: credentials?.code ?? '' });
  return parsed.success ? { code: parsed.data.code } : null;
}

/**
 * next-auth carries only our server-side session id (`sid`) in its encrypted JWT cookie. Whether that
 * session is still valid (idle/absolute timeouts, deactivated user, signed out) is decided by the Session
 * table on every request: see ./current-user.ts.
 */
export function authOptions(): AuthOptions {
  const policy = sessionPolicy();
  return {
    secret: env().NEXTAUTH_SECRET,
    useSecureCookies: usesHttps(),
    session: { strategy: 'jwt', maxAge: Math.floor(policy.absoluteMs / 1000) },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          if (!credentials?.email || !credentials.password) return null;
          const result = await signInWithPassword(
            db,
            {
              email: credentials.email,
              password: credentials.password,
              clientKey: clientAddress(req?.headers, env().TRUSTED_PROXY_HOPS),
              userAgent: userAgentOf(req?.headers),
            },
            policy,
          );
          if (!result.ok) {
            if (result.reason === 'too_many_attempts') throw new Error('TooManyAttempts');
            if (result.reason === 'second_factor_required') {
              // Set on next-auth's own answer (Next merges cookies set during a route handler into its response).
              (await cookies()).set(pendingSignInCookieName(), result.pendingToken, {
                httpOnly: true,
                sameSite: 'strict',
                secure: usesHttps(),
                path: '/',
                maxAge: PENDING_SIGN_IN_MS / 1000,
              });
              throw new Error('SecondFactorRequired');
            }
            return null;
          }
          return { id: result.userId, sid: result.sessionId };
        },
      }),
      CredentialsProvider({
        id: 'second-factor',
        name: 'Second factor',
        credentials: { code: { label: 'Code', type: 'text' }, passkey: { label: 'Passkey', type: 'text' } },
        async authorize(credentials, req) {
          const proof = secondFactorProof(credentials);
          if (!proof) throw new Error('SecondFactorInvalid');
          const jar = await cookies();
          const result = await completePendingSignIn(
            db,
            { token: jar.get(pendingSignInCookieName())?.value, ...proof, userAgent: userAgentOf(req?.headers) },
            policy,
          );
          if (!result.ok) {
            if (result.reason === 'too_many_attempts') throw new Error('TooManyAttempts');
            if (result.reason === 'expired') throw new Error('SecondFactorExpired');
            throw new Error('SecondFactorInvalid');
          }
          jar.delete(pendingSignInCookieName());
          return { id: result.userId, sid: result.sessionId };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user && 'sid' in user && typeof user.sid === 'string') {
          // Keep the cookie minimal: no name or e-mail in it, just who and which session.
          return { sub: user.id, sid: user.sid };
        }
        return token;
      },
      session({ session }) {
        return { expires: session.expires };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === 'string') await endSession(db, token.sid);
      },
    },
  };
}
