// Runs once when the server starts: refuse to start on invalid configuration, with a message naming what
// is missing, instead of failing inside the first request; then start the background token refresher.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { env } = await import('./lib/server/env');
  const hours = env().NXSYS_IDLE_REFRESH_HOURS;
  if (hours > 0) {
    const { nxsysDeps } = await import('./lib/server/nxsys');
    const { startIdleRefresh } = await import('./lib/server/nxsys/idle-refresh');
    startIdleRefresh(nxsysDeps, { everyMs: Math.min(hours * 3_600_000, 3_600_000) / 4, idleMs: hours * 3_600_000 });
  }
}
