import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      '.next/**',
      '.next-*/**',
      '.data/**',
      'lib/generated/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Browser code must never import server modules (tokens, database): they are marked server-only, and
      // this makes the mistake visible in the editor before the build fails.
    },
  },
  {
    files: ['components/**', 'lib/api-client.ts', 'lib/validations/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@/lib/server/*', '**/lib/server/*'], message: 'Server-only code cannot be imported here.' }] },
      ],
    },
  },
  {
    // The sandbox stands in for Nxsys, a system we do not control: it follows the docs, never our client.
    files: ['sandbox/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/*', '**/lib/*', '**/components/*', '**/app/*'],
              message: 'The sandbox never imports product code (see sandbox/README.md).',
            },
          ],
        },
      ],
    },
  },
];

export default config;
