import 'server-only';
import { lifecycle } from './health';
import { log } from './log';

/**
 * Graceful shutdown of one instance on SIGTERM/SIGINT. Next's own handler (start-server) stops accepting
 * connections, lets in-flight requests finish, then calls process.exit. Before that exit we also:
 *  - mark the instance draining at once (/api/ready answers 503, so a load balancer stops sending to it);
 *  - stop the job engine gracefully (running jobs finish, bounded by `jobTimeoutMs`; pg-boss gives a job that
 *    did not finish to another instance once it expires);
 *  - close the database pool.
 * process.exit is held back until that is done, so the exit Next asks for does not cut a job short.
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
  let stopped: Promise<void> | undefined;
  const realExit = process.exit.bind(process);

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopped) return;
    lifecycle.draining = true;
    log.info({ signal }, 'shutting down: draining, finishing in-flight requests and jobs');
    stopped = stopJobs({ graceful: true, timeoutMs: jobTimeoutMs })
      .catch((error: unknown) => log.error({ err: error }, 'job engine did not stop cleanly'))
      .then(() => closeDatabase().catch(() => undefined))
      .then(() => log.info('jobs stopped, database closed'));
    process.exit = ((code?: number) => {
      void stopped!.finally(() => realExit(code));
    }) as typeof process.exit;
    // Without Next's handler (NEXT_MANUAL_SIG_HANDLE), exit ourselves once done.
    if (process.listenerCount(signal) <= 1) void stopped.finally(() => realExit(signal === 'SIGINT' ? 130 : 143));
  };
  process.prependListener('SIGTERM', onSignal);
  process.prependListener('SIGINT', onSignal);
}
