import { securityHeaderRules } from './lib/security-headers.mjs';

const production = process.env.NODE_ENV === 'production';

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Browser tests build into their own folder so they never clobber a running `npm run dev`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ['@node-rs/argon2', 'pg', 'pg-boss', '@prisma/adapter-pg'],
  experimental: { authInterrupts: true },
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === '1' },
  async headers() {
    return securityHeaderRules({ production });
  },
};

export default nextConfig;
