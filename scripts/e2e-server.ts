// The server the browser tests run against: a fresh database, then a production build of the portal
// (`next build` into .next-e2e, so a running `npm run dev` is not disturbed) served by `next start`.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runNext, spawnNext } from './next-bin';
import { startLocalStack } from './local-stack';

const port = Number(process.env.E2E_PORT ?? 3100);
const stack = await startLocalStack({ mode: 'e2e', appPort: port });
// For browser tests that must set up what no page can (tests/e2e/db.ts: a session's step-up time moved back), never the app.
mkdirSync('.data', { recursive: true });
writeFileSync(path.join('.data', `e2e-${port}.database-url`), stack.env.DATABASE_URL ?? '', { mode: 0o600 });
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
  const build = runNext(['build'], { env, stdio: 'inherit' });
  if (build.status !== 0) {
    await stack.stop();
    process.exit(build.status ?? 1);
  }
}
const server = spawnNext(['start', '--port', String(port)], { env, stdio: 'inherit' });

async function shutdown() {
  server.kill('SIGTERM');
  await stack.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
server.on('exit', () => void shutdown());
