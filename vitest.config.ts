import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./', import.meta.url)),
      // `server-only` throws outside Next's react-server build; tests run server code directly.
      'server-only': fileURLToPath(new URL('./tests/setup/server-only-stub.ts', import.meta.url)),
    },
  },
  test: {
    // HARNESS_SELF_TEST runs only the deliberately failing fixture (scripts/harness-self-test.sh).
    include: process.env.HARNESS_SELF_TEST
      ? ['tests/harness/**/*.test.ts']
      : ['tests/{unit,integration,integrity,sandbox,contract,security}/**/*.test.ts'],
    // Starts an embedded PostgreSQL (or uses DATABASE_URL), creates a fresh database, applies the migrations.
    globalSetup: ['tests/setup/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
