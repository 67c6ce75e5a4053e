// Runs the Next CLI as a direct child (not through npx), so that stopping the child stops the server.
import { spawn, spawnSync, type SpawnOptions, type SpawnSyncOptions } from 'node:child_process';
import { createRequire } from 'node:module';

const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');

export const spawnNext = (args: string[], options: SpawnOptions) => spawn(process.execPath, [nextBin, ...args], options);
export const runNext = (args: string[], options: SpawnSyncOptions) => spawnSync(process.execPath, [nextBin, ...args], options);

/**
 * Where `npm run dev` listens: this machine only (127.0.0.1) unless DEV_HOST says otherwise — a dev server holds
 * demo accounts and a dev inbox of reset links, which no one else on the network should reach.
 */
export const devListenHost = (env: Record<string, string | undefined> = process.env) => env.DEV_HOST?.trim() || '127.0.0.1';
