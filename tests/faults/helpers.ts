// The fault suite's own PostgreSQL (an embedded server in .data/pg-faults, apart from the rest of the suite's, so
// stopping it disturbs no other test) and app instances in child processes whose JSON lines the tests wait on.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../scripts/db/embedded';
import { applyMigrations, dropDatabase, ensureDatabase } from '../../scripts/db/migrations';

export interface FaultDatabase {
  url: string;
  port: number;
  /** Stops the server (as an outage would: every connection drops). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function faultDatabase(): Promise<FaultDatabase> {
  const dataDir = path.resolve('.data/pg-faults');
  let server: EmbeddedServer | undefined = await startEmbeddedPostgres({ dataDir });
  const serverUrl = server.serverUrl;
  const port = Number(new URL(serverUrl).port);
  const database = `portal_faults_${Date.now()}_${process.pid}`;
  await ensureDatabase(serverUrl, database);
  const url = `${serverUrl}/${database}`;
  await applyMigrations(url);
  return {
    url,
    port,
    stop: async () => {
      await server?.stop();
      server = undefined;
    },
    start: async () => {
      server = await startEmbeddedPostgres({ dataDir, port });
      if (Number(new URL(server.serverUrl).port) !== port) throw new Error(`port ${port} was taken while the database was down`);
    },
    close: async () => {
      server ??= await startEmbeddedPostgres({ dataDir, port });
      await dropDatabase(serverUrl, database).catch(() => undefined);
      await server.stop();
    },
  };
}

export interface Child {
  child: ChildProcessWithoutNullStreams;
  lines: Record<string, unknown>[];
  waitFor(check: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Runs a TypeScript entry point as the app does (react-server condition, production mode). */
export function startChild(entry: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', entry], {
    env: { ...process.env, NODE_ENV: 'production', ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const lines: Record<string, unknown>[] = [];
  const listeners = new Set<() => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      return;
    }
    for (const listener of listeners) listener();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    waitFor: (check, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`${entry}: line not seen; last lines: ${JSON.stringify(lines.slice(-5))}; stderr: ${stderr.slice(-2000)}`)),
          timeoutMs,
        );
        const listener = () => {
          const line = lines.find(check);
          if (!line) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(line);
        };
        listeners.add(listener);
        listener();
      }),
  };
}

/** Polls `read` until `ok` (each poll waits for the previous answer; no fixed sleep decides the outcome). */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
