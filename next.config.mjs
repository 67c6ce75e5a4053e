import { securityHeaderRules } from './lib/security-headers.mjs';

const production = process.env.NODE_ENV === 'production';

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Browser tests build into their own folder so they never clobber a running `npm run dev`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // `ANALYZE_BUNDLE=1`: browser source maps, for bench/bundle-modules.ts (what each route's first-load JS is made of).
  productionBrowserSourceMaps: process.env.ANALYZE_BUNDLE === '1',
  // Gzip in the app process was a measured share of every API call (bench/profile-summary.ts): compression is the
  // reverse proxy's job in production (README "Running in production").
  compress: false,
  // A self-contained server (.next/standalone/server.js with only the node_modules it needs): what `npm start`
  // runs, one process per instance (README "Running in production").
  output: 'standalone',
  // Readiness compares the applied migrations with the ones shipped (lib/server/health.ts).
  // Uploaded .xlsx files are read by a worker thread from this file, run as is (lib/imports/server/parse.ts).
  outputFileTracingIncludes: {
    '/api/ready': ['./prisma/migrations/**/*'],
    '/api/imports/parse': ['./lib/imports/server/xlsx-worker.mjs'],
  },
  reactStrictMode: true,
  serverExternalPackages: ['@foliojs-fork/fontkit', 'exceljs', '@node-rs/argon2', 'pg', 'pg-boss', '@prisma/adapter-pg', 'pino'],
  experimental: { authInterrupts: true },
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === '1' },
  async headers() {
    return securityHeaderRules({ production });
  },
};

export default nextConfig;
