import 'server-only';
import { z } from 'zod';
import { env } from '../env';
import { defineJob } from '../jobs/define';
import { nxsysDeps } from './index';
import { decryptToken, TokenDecryptionError } from '../crypto/token-encryption';
import { ApiError } from '../http/api-error';
import { CLIENT_FAULT_PAUSE_MS, clientCredentialsFault, getAccessToken, markTokensUndecryptable, type TokenDeps } from './token-manager';
import { log } from '../log';

/**
 * Refresh tokens can lapse when unused (Nxsys does not document how long they live). Connections that
 * have not been refreshed for `idleMs` are refreshed now, through the same lock as any other refresh, so
 * that an agency that was away for a while does not come back to "reconnect required".
 */
export async function refreshIdleConnections(
  deps: TokenDeps,
  idleMs: number,
): Promise<{ refreshed: number; failed: number; paused?: boolean }> {
  const now = deps.now?.() ?? new Date();
  // Our client credentials were refused: every agency would fail the same way, so wait instead of hammering.
  const fault = await clientCredentialsFault(deps);
  if (fault && now.getTime() - fault.at.getTime() < CLIENT_FAULT_PAUSE_MS) return { refreshed: 0, failed: 0, paused: true };
  const cutoff = new Date(now.getTime() - idleMs);
  const idle = await deps.db.nxsysConnection.findMany({
    where: {
      status: 'CONNECTED',
      NOT: { refreshTokenCiphertext: null },
      OR: [{ lastRefreshedAt: { lt: cutoff } }, { lastRefreshedAt: null, connectedAt: { lt: cutoff } }],
    },
    select: { agencyId: true, accessTokenCiphertext: true },
  });
  let refreshed = 0;
  let failed = 0;
  for (const row of idle) {
    try {
      // Presenting the current token as "rejected" forces a refresh unless someone refreshed meanwhile.
      const current = row.accessTokenCiphertext ? decryptToken(deps.keyring, row.accessTokenCiphertext, row.agencyId) : undefined;
      await getAccessToken(deps, row.agencyId, current);
      refreshed++;
    } catch (error) {
      if (error instanceof TokenDecryptionError) await markTokensUndecryptable(deps.db, row.agencyId);
      failed++; // recorded on the row (back-off or reconnect required) by the token layer
      if (error instanceof ApiError && error.code === 'nxsys_client_refused') return { refreshed, failed, paused: true };
    }
  }
  return { refreshed, failed };
}

/**
 * Every 15 minutes, once across all instances (pg-boss schedules one job per slot; the singleton policy
 * keeps a slow run from overlapping the next).
 */
export const idleRefreshJob = defineJob({
  name: 'nxsys-idle-refresh',
  payload: z.object({}).passthrough(),
  schedule: '*/15 * * * *',
  queue: { policy: 'singleton', retryLimit: 0, expireInSeconds: 15 * 60 },
  async handle() {
    const hours = env().NXSYS_IDLE_REFRESH_HOURS;
    if (hours <= 0) return;
    const result = await refreshIdleConnections(nxsysDeps(), hours * 3_600_000);
    if (result.refreshed || result.failed || result.paused) log.info({ result }, 'idle Nxsys refresh');
  },
});
