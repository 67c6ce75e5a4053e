import 'server-only';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { ApiError } from '@/lib/errors/api-error';
import { recordAudit } from '../audit';
import { env } from '../env';

/** How long a browser has to answer a WebAuthn challenge. */
export const CHALLENGE_MS = 5 * 60_000;

export type ChallengePurpose = 'register' | 'sign_in' | 'step_up';

/** Where passkeys are valid: WEBAUTHN_RP_ID / WEBAUTHN_ORIGIN, or the host and origin of the portal's own URL. */
export function relyingParty() {
  const e = env();
  const url = new URL(e.NEXTAUTH_URL);
  return { rpID: e.WEBAUTHN_RP_ID ?? url.hostname, origin: e.WEBAUTHN_ORIGIN ?? url.origin, rpName: 'Nxsys agency portal' };
}

interface Person {
  id: string;
  email: string;
  name: string;
  agency: { id: string };
}

/** A challenge of one purpose for one user, kept in PostgreSQL (any instance can check it), single use, 5 minutes. */
async function storeChallenge(db: PrismaClient, userId: string, challenge: string, purpose: ChallengePurpose, now: Date) {
  await db.webAuthnChallenge.deleteMany({ where: { userId, expiresAt: { lt: now } } });
  await db.webAuthnChallenge.create({ data: { id: challenge, userId, purpose, expiresAt: new Date(now.getTime() + CHALLENGE_MS) } });
}

/**
 * Claims the challenge the browser signed (compare-and-set: deleted where it is still there, this user's, this
 * purpose's and unexpired), so an answer replayed, or sent twice at once, passes once.
 */
async function claimChallenge(db: PrismaClient, userId: string, clientDataJSON: string, purpose: ChallengePurpose, now: Date) {
  let challenge: unknown;
  try {
    challenge = (JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown }).challenge;
  } catch {
    return null;
  }
  if (typeof challenge !== 'string' || challenge.length > 200) return null;
  const claimed = await db.webAuthnChallenge.deleteMany({ where: { id: challenge, userId, purpose, expiresAt: { gt: now } } });
  return claimed.count === 1 ? challenge : null;
}

export const passkeysOf = (db: PrismaClient, userId: string) =>
  db.passkey.findMany({
    where: { userId },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true },
    orderBy: { createdAt: 'asc' },
  });

/** Options for the browser to create a new passkey (its existing ones excluded: the same authenticator twice is refused). */
export async function passkeyRegistrationOptions(db: PrismaClient, user: Person, now = new Date()) {
  const { rpID, rpName } = relyingParty();
  const existing = await db.passkey.findMany({ where: { userId: user.id }, select: { credentialId: true, transports: true } });
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userName: user.email,
    userDisplayName: user.name,
    // The user id (opaque, no personal data) as the WebAuthn user handle.
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await storeChallenge(db, user.id, options.challenge, 'register', now);
  return options;
}

/** Stores the new passkey under the name the person chose; audited (its name, never a key). */
export async function registerPasskey(
  db: PrismaClient,
  user: Person,
  input: { name: string; response: RegistrationResponseJSON },
  now = new Date(),
) {
  const challenge = await claimChallenge(db, user.id, input.response.response.clientDataJSON, 'register', now);
  if (!challenge) throw new ApiError('passkey_invalid');
  const { rpID, origin } = relyingParty();
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      // The password came first: presence is the second factor; a PIN or fingerprint is welcome, not required.
      requireUserVerification: false,
    });
  } catch {
    throw new ApiError('passkey_invalid');
  }
  if (!verified.verified) throw new ApiError('passkey_invalid');
  const { credential } = verified.registrationInfo;
  return db.$transaction(async (tx) => {
    const passkey = await tx.passkey.create({
      data: {
        userId: user.id,
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey),
        counter: BigInt(credential.counter),
        transports: credential.transports ?? [],
        name: input.name,
        createdAt: now,
      },
      select: { id: true, name: true, createdAt: true, lastUsedAt: true },
    });
    await recordAudit(tx, {
      agencyId: user.agency.id,
      actorId: user.id,
      action: 'mfa.passkey_added',
      targetType: 'user',
      targetId: user.id,
      details: { name: input.name },
    });
    return passkey;
  });
}

export async function renamePasskey(db: PrismaClient, userId: string, id: string, name: string) {
  const renamed = await db.passkey.updateMany({ where: { id, userId }, data: { name } });
  if (renamed.count === 0) throw new ApiError('not_found', 'No such passkey.');
  return { id, name };
}

export async function removePasskey(db: PrismaClient, user: Person, id: string) {
  await db.$transaction(async (tx) => {
    const removed = await tx.passkey.deleteMany({ where: { id, userId: user.id } });
    if (removed.count === 0) throw new ApiError('not_found', 'No such passkey.');
    await recordAudit(tx, {
      agencyId: user.agency.id,
      actorId: user.id,
      action: 'mfa.passkey_removed',
      targetType: 'user',
      targetId: user.id,
    });
  });
}

/** Options for the browser to sign with one of the user's passkeys (signing in, or a step-up). */
export async function passkeyAuthenticationOptions(db: PrismaClient, userId: string, purpose: 'sign_in' | 'step_up', now = new Date()) {
  const passkeys = await db.passkey.findMany({ where: { userId }, select: { credentialId: true, transports: true } });
  if (passkeys.length === 0) throw new ApiError('passkey_invalid', 'You have no passkey here. Use your code instead.');
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: p.transports })),
    userVerification: 'preferred',
  });
  await storeChallenge(db, userId, options.challenge, purpose, now);
  return options;
}

/**
 * Checks a passkey's answer to a challenge of this user and purpose: the challenge is single use, the credential must
 * be theirs, and its counter moves forward by compare-and-set (a counter that does not is a cloned authenticator).
 */
export async function verifyPasskey(
  db: PrismaClient,
  userId: string,
  response: AuthenticationResponseJSON,
  purpose: 'sign_in' | 'step_up',
  now = new Date(),
): Promise<boolean> {
  const passkey = await db.passkey.findFirst({ where: { credentialId: response.id, userId } });
  if (!passkey) return false;
  const challenge = await claimChallenge(db, userId, response.response.clientDataJSON, purpose, now);
  if (!challenge) return false;
  const { rpID, origin } = relyingParty();
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: Number(passkey.counter),
        transports: passkey.transports,
      },
      requireUserVerification: false,
    });
  } catch {
    return false;
  }
  if (!result.verified) return false;
  const moved = await db.passkey.updateMany({
    where: { id: passkey.id, counter: passkey.counter },
    data: { counter: BigInt(result.authenticationInfo.newCounter), lastUsedAt: now },
  });
  return moved.count === 1;
}
