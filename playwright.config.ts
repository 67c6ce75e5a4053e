import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://localhost:${port}`;

// HARNESS_SELF_TEST runs only the deliberately failing fixture (scripts/harness-self-test.sh); it needs no app, so
// no server is built for it. The runner and its exit code are the same as for the real suite.
const harness = !!process.env.HARNESS_SELF_TEST;

export default defineConfig({
  testDir: harness ? 'tests/harness' : 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  workers: 2,
  // A test that passes only on a retry is a flake to fix, not a pass (npm run test:flaky finds them).
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium; no browser is ever downloaded (see README).
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: harness
    ? undefined
    : {
        command: 'npm run e2e:server',
        url: `${baseURL}/sign-in`,
        timeout: 300_000,
        reuseExistingServer: !process.env.CI,
        stdout: 'pipe',
        stderr: 'pipe',
      },
});
