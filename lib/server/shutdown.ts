import 'server-only';
import { lifecycle } from './health';
import { log } from './log';
import { settleRefreshes } from './nxsys/token-manager';

/**
 * Graceful shutdown of one instance on SIGTERM/SIGINT. Next's own handler (start-server) stops accepting
 * connections, lets in-flight requests finish, then calls process.exit. Around that:
 *  - the instance is marked draining at once (/api/ready answers 503, so a load balancer stops sending to it, and
 *    no new Nxsys token refresh starts: the token manager refuses one while draining);
 *  - the job engine stops gracefully at once (running jobs finish, bounded by `jobTimeoutMs`; pg-boss gives a job
 *    that did not finish to another instance once it expires);
 *  - process.exit is held back until the jobs have stopped, every Nxsys token refresh under way has stored its
 *    result (with rotating refresh tokens an answer not stored is a lost grant: settleRefreshes), and only then is
 *    the database pool closed. Requests still in flight keep their database until Next asks to exit.
 */
export function installGracefulShutdown({
  stopJobs,
  closeDatabase,
  jobTimeoutMs = 30_000,
}: {
  stopJobs: (options: { graceful: boolean; timeoutMs: number }) => Promise<void>;
  closeDatabase: () => Promise<void>;
  jobTimeoutMs?: number;
}) {
  const state = globalThis as unknown as { nxsysShutdownInstalled?: boolean };
  if (state.nxsysShutdownInstalled) return;
  state.nxsysShutdownInstalled = true;
  let jobsStopped: Promise<void> | undefined;
  let finished: Promise<void> | undefined;
  const realExit = process.exit.bind(process);

  const finish = () =>
    (finished ??= jobsStopped!
      // Until none is left, including one a job or request began while the others settled.
      .then(() => settleRefreshes(jobTimeoutMs))
      .then(() => closeDatabase().catch(() => undefined))
      .then(() => log.info('jobs stopped, refreshes stored, database closed')));

  const onSignal = (signal: NodeJS.Signals) => {
    if (jobsStopped) return;
    lifecycle.draining = true;
    log.info({ signal }, 'shutting down: draining, finishing in-flight requests, jobs and token refreshes');
    jobsStopped = stopJobs({ graceful: true, timeoutMs: jobTimeoutMs }).catch((error: unknown) =>
      log.error({ err: error }, 'job engine did not stop cleanly'),
    );
    process.exit = ((code?: number) => {
      void finish().finally(() => realExit(code));
    }) as typeof process.exit;
    // Without Next's handler (NEXT_MANUAL_SIG_HANDLE), exit ourselves once done.
    if (process.listenerCount(signal) <= 1) void finish().finally(() => realExit(signal === 'SIGINT' ? 130 : 143));
  };
  process.prependListener('SIGTERM', onSignal);
  process.prependListener('SIGINT', onSignal);
}
