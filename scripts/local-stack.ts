// Everything `npm run dev` and the browser tests need besides Next itself, on the embedded defaults:
// a real PostgreSQL (embedded when DATABASE_URL is unset), migrations, demo data, and local secrets.
// Each piece steps aside when its configuration is given, so the same launcher works against real services.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from './db/embedded';
import { applyMigrations, ensureDatabase } from './db/migrate';
import { dropDatabase } from './db/migrations';
import { DEMO_USERS, seedDemoData } from './db/seed';
import { generateKeyringEntry } from '../lib/server/crypto/token-encryption';
import { profileFromEnv } from '../sandbox/profile';
import { startMailCatcher } from './mail-catcher';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_USERS as NXSYS_DEMO_USERS, startSandbox } from '../sandbox/server';

export interface LocalStackOptions {
  /** dev: persistent data in .data/pg; e2e and bench: a fresh database per run in .data/pg-<mode>. */
  mode: keyof typeof MODES;
  appPort: number;
}

export interface LocalStack {
  env: Record<string, string>;
  /** Lines to print once the app is up: where it is and how to sign in. */
  banner: string[];
  stop(): Promise<void>;
}

const DATA_DIR = path.resolve('.data');

/** Each mode has its own data folder and sandbox ports, so dev, browser tests and benchmarks can run side by side. */
const MODES = {
  dev: { dataDir: 'pg', sandboxPort: 4010, freshDatabase: false },
  e2e: { dataDir: 'pg-e2e', sandboxPort: 4110, freshDatabase: true },
  bench: { dataDir: 'pg-bench', sandboxPort: 4210, freshDatabase: true },
} as const;

/** Secrets generated once for the embedded default and kept (git-ignored) so sessions survive restarts. */
function localSecrets(mode: LocalStackOptions['mode']): { NEXTAUTH_SECRET: string; TOKEN_ENCRYPTION_KEY: string } {
  const file = path.join(DATA_DIR, `${mode}-secrets.json`);
  const existing = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (existing.NEXTAUTH_SECRET && existing.TOKEN_ENCRYPTION_KEY) return existing;
  const secrets = {
    NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
    TOKEN_ENCRYPTION_KEY: generateKeyringEntry('k1'),
    ...existing,
  };
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export async function startLocalStack({ mode, appPort }: LocalStackOptions): Promise<LocalStack> {
  const env: Record<string, string> = {};
  const banner: string[] = [];
  const stops: (() => Promise<void>)[] = [];

  let databaseUrl: string;
  const embedded = !process.env.DATABASE_URL;
  if (!process.env.DATABASE_URL) {
    // Per port, so that two browser-test runs (e.g. two developers' sessions on one machine) never share a cluster.
    const dataDir = path.join(DATA_DIR, mode === 'dev' ? MODES[mode].dataDir : `${MODES[mode].dataDir}-${appPort}`);
    const pg = await startEmbeddedPostgres({ dataDir });
    stops.push(() => pg.stop());
    const dbName = MODES[mode].freshDatabase ? `portal_${mode}_${Date.now()}` : 'portal';
    await ensureDatabase(pg.serverUrl, dbName);
    if (MODES[mode].freshDatabase) stops.push(() => dropDatabase(pg.serverUrl, dbName));
    databaseUrl = pg.urlFor(dbName);
    banner.push(`Database: embedded PostgreSQL (${path.relative(process.cwd(), dataDir)})`);
  } else {
    databaseUrl = process.env.DATABASE_URL;
    banner.push('Database: DATABASE_URL');
  }
  env.DATABASE_URL = databaseUrl;
  await applyMigrations(databaseUrl);
  if (embedded) {
    await seedDemoData(databaseUrl);
    banner.push('', 'Demo sign-in (agency "Northwind Recruitment"):');
    for (const user of DEMO_USERS.filter((u) => u.agency === 'Northwind Recruitment')) {
      banner.push(`  ${user.role === 'ADMIN' ? 'admin' : 'staff'}  ${user.email} / ${user.password}`);
    }
  }

  // Next's telemetry would try to reach the internet on every start.
  env.NEXT_TELEMETRY_DISABLED = '1';
  env.NEXTAUTH_URL = process.env.NEXTAUTH_URL ?? `http://localhost:${appPort}`;
  env.NEXTAUTH_SECRET = process.env.NEXTAUTH_SECRET ?? localSecrets(mode).NEXTAUTH_SECRET;
  env.TOKEN_ENCRYPTION_KEY = process.env.TOKEN_ENCRYPTION_KEY ?? localSecrets(mode).TOKEN_ENCRYPTION_KEY;
  banner.unshift(`Agency portal: ${env.NEXTAUTH_URL}`);

  // No Nxsys configured: run the sandbox in this process and point the portal at it.
  if (!process.env.NXSYS_API_URL) {
    const basePort = Number(process.env.SANDBOX_API_PORT ?? MODES[mode].sandboxPort);
    const stateFile = mode === 'dev' && process.env.SANDBOX_PERSIST !== 'off' ? path.join(DATA_DIR, 'sandbox-state.json') : undefined;
    const sandbox = await startSandbox({
      apiPort: basePort,
      portalPort: basePort + 1,
      redirectUris: [new URL('/api/nxsys/callback', env.NEXTAUTH_URL).toString()],
      tokenTtlSeconds: Number(process.env.SANDBOX_TOKEN_TTL_SECONDS ?? 3600),
      // The docs profile unless SANDBOX_PROFILE=extended / SANDBOX_UK_READ_BY_ID=off (browser tests run all three).
      profile: profileFromEnv(),
      // dev: kept across restarts like the portal's database, so the connection and Nxsys's records survive them.
      ...(stateFile ? { stateFile } : {}),
    });
    stops.push(() => sandbox.close());
    Object.assign(env, {
      NXSYS_ENVIRONMENT: 'sandbox',
      NXSYS_API_URL: sandbox.apiUrl,
      NXSYS_PORTAL_URL: sandbox.portalUrl,
      NXSYS_CLIENT_ID: DEMO_CLIENT_ID,
      NXSYS_CLIENT_SECRET: DEMO_CLIENT_SECRET,
    });
    banner.push(
      '',
      `Nxsys sandbox: API ${sandbox.apiUrl}, login portal ${sandbox.portalUrl} (${sandbox.control.profile.name} profile${sandbox.control.profile.ukReadById ? '' : ', no UK read by id'})`,
      `  Connect as ${NXSYS_DEMO_USERS[0].email} / ${NXSYS_DEMO_USERS[0].password} on its consent page.`,
      // So that a newcomer can tell a sandbox reset from a portal fault.
      stateFile
        ? `  Its data is kept across restarts in ${path.relative(process.cwd(), stateFile)} (POST ${sandbox.apiUrl}/__sandbox/reset starts afresh).`
        : '  Its data is in memory only: a restart starts it afresh, and a connection to it must be made again.',
    );
  }

  // No SMTP configured: catch every e-mail locally; the portal shows them at /dev/mail (never on a deployed portal).
  if (!process.env.SMTP_URL) {
    // dev: a fixed port (MAIL_CATCHER_PORT, default 2525); browser tests and benchmarks: any free port.
    const catcherPort = mode === 'dev' ? Number(process.env.MAIL_CATCHER_PORT ?? 2525) : 0;
    const dir = path.join(DATA_DIR, mode === 'dev' ? 'mail' : `mail-${mode}-${appPort}-${Date.now()}`);
    const catcher = await startMailCatcher({ port: catcherPort, dir });
    stops.push(async () => {
      await catcher.close();
      if (mode !== 'dev') rmSync(dir, { recursive: true, force: true });
    });
    env.SMTP_URL = catcher.smtpUrl;
    env.DEV_MAIL_DIR = catcher.dir;
    banner.push('', `E-mail: caught locally (SMTP ${catcher.smtpUrl}); read it at ${new URL('/dev/mail', env.NEXTAUTH_URL)}`);
  }

  return {
    env,
    banner,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}
