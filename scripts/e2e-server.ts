// The server the browser tests run against: a fresh database, then a production build of the portal
// (`next build` into .next-e2e, so a running `npm run dev` is not disturbed) served by `next start`.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runNext, spawnNext } from './next-bin';
import { startLocalStack } from './local-stack';

const port = Number(process.env.E2E_PORT ?? 3100);
const stack = await startLocalStack({ mode: 'e2e', appPort: port });
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...stack.env,
  NEXT_DIST_DIR: port === 3100 ? '.next-e2e' : `.next-e2e-${port}`,
  NODE_ENV: 'production',
  // `npm test` typechecks the whole project before the browser tests; the build need not do it again.
  NEXT_SKIP_TYPECHECK: '1',
  // One log line per API call would bury the test report; warnings and errors still show. LOG_LEVEL=info to see all.
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};

// E2E_SKIP_BUILD=1 reuses the build of an earlier run (e.g. `npm run test:e2e:variants` after `test:e2e`), if there is one.
if (process.env.E2E_SKIP_BUILD !== '1' || !existsSync(path.join(env.NEXT_DIST_DIR!, 'BUILD_ID'))) {
  // `next build` adds its build folder to tsconfig.json's include; a port's own folder (.next-e2e-3400) is not ours
  // to commit, so the file is put back as it was.
  const tsconfig = readFileSync('tsconfig.json', 'utf8');
  const build = runNext(['build'], { env, stdio: 'inherit' });
  if (readFileSync('tsconfig.json', 'utf8') !== tsconfig) writeFileSync('tsconfig.json', tsconfig);
  if (build.status !== 0) {
    await stack.stop();
    process.exit(build.status ?? 1);
  }
}
const server = spawnNext(['start', '--port', String(port)], { env, stdio: 'inherit' });
// Where this server's database is, for browser tests (tests/e2e/db.ts) that check what it stored or move a recorded
// time back instead of waiting (a session's step-up); owner-only.
const databaseFile = path.resolve('.data', `e2e-${port}-database.json`);
mkdirSync(path.dirname(databaseFile), { recursive: true });
writeFileSync(databaseFile, JSON.stringify({ url: stack.env.DATABASE_URL }), { mode: 0o600 });

async function shutdown() {
  server.kill('SIGTERM');
  rmSync(databaseFile, { force: true });
  await stack.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
server.on('exit', () => void shutdown());
