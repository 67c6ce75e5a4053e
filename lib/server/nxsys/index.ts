import 'server-only';
import type { CurrentUser } from '../auth/current-user';
import { connectionSnapshotOf } from '../connection-snapshot';
import { db } from '../db';
import { nxsysRequest, type NxsysRequest } from './client';
import { nxsysSettings, tokenKeyring } from './settings';
import type { TokenDeps } from './token-manager';

let deps: TokenDeps | undefined;

/** The production wiring of the token layer (one per process): our database, the configured key and client. */
export function nxsysDeps(): TokenDeps {
  if (!deps) {
    const settings = nxsysSettings();
    deps = { db, keyring: tokenKeyring(), client: settings.client, timeoutMs: settings.timeoutMs };
  }
  return deps;
}

/** Calls Nxsys as the signed-in user's agency (never any other). */
export function callNxsys(user: Pick<CurrentUser, 'agency'>, request: NxsysRequest) {
  return nxsysRequest(nxsysDeps(), user.agency.id, request, connectionSnapshotOf(user, user.agency.id));
}
