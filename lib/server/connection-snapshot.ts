import 'server-only';
import type { ConnectionStatus } from '@/lib/generated/prisma/enums';

/**
 * The agency's Nxsys connection row as the session look-up read it (lib/server/auth/sessions.ts joins it in), kept
 * with the signed-in user of this request so that the request's Nxsys call needs no second database round trip
 * (lib/server/nxsys/token-manager.ts). Only what a call with a still-fresh token needs; anything else (a refresh,
 * a token Nxsys refused) reads the row again.
 */
export interface ConnectionSnapshot {
  agencyId: string;
  status: ConnectionStatus;
  apiBaseUrl: string;
  accessTokenCiphertext: string | null;
  tokenType: string | null;
  accessTokenExpiresAt: Date | null;
  lastRefreshedAt: Date | null;
  connectedAt: Date;
}

/** A snapshot older than this is read again: it serves the request that read it, not the ones after. */
export const SNAPSHOT_MAX_AGE_MS = 2_000;

// Keyed by the request's user object: it lives as long as the request does, and a copy of the user (other code
// building `{ agency }`) simply has none and reads the row.
const snapshots = new WeakMap<object, { agencyId: string; readAt: number; row: ConnectionSnapshot | null }>();

/** `row` null: the agency had no connection row when read. */
export function attachConnectionSnapshot(user: object, agencyId: string, row: ConnectionSnapshot | null, readAt = Date.now()) {
  snapshots.set(user, { agencyId, readAt, row });
}

/**
 * The user's snapshot of this agency's row when fresh enough (`null`: there was no row); `undefined` when there is
 * none to use, and the row must be read.
 */
export function connectionSnapshotOf(user: object, agencyId: string, now = Date.now()): ConnectionSnapshot | null | undefined {
  const entry = snapshots.get(user);
  if (!entry || entry.agencyId !== agencyId || now - entry.readAt > SNAPSHOT_MAX_AGE_MS) return undefined;
  return entry.row;
}
