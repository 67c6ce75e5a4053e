// `npm start`: one production instance from Next's standalone output (`npm run build` first). The standalone
// server serves .next/static only when it is copied beside it, so this copies it (once per build), then runs
// .next/standalone/server.js in this process: PORT and HOSTNAME choose where it listens, and SIGTERM drains it
// (lib/server/shutdown.ts). Configuration comes from the environment (README "Configuration").
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const distDir = process.env.NEXT_DIST_DIR || '.next';
const standalone = path.resolve(distDir, 'standalone');
const server = path.join(standalone, 'server.js');
if (!existsSync(server)) {
  console.error(`No standalone build in ${standalone}: run \`npm run build\` first.`);
  process.exit(1);
}
const buildId = readFileSync(path.join(distDir, 'BUILD_ID'), 'utf8');
const copiedMarker = path.join(standalone, distDir, 'static', '.build-id');
if (!existsSync(copiedMarker) || readFileSync(copiedMarker, 'utf8') !== buildId) {
  cpSync(path.join(distDir, 'static'), path.join(standalone, distDir, 'static'), { recursive: true });
  cpSync(path.join(distDir, 'BUILD_ID'), copiedMarker);
}
process.env.HOSTNAME ??= '0.0.0.0';
await import(pathToFileURL(server).href);
