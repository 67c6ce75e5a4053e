// Runs the Next CLI as a direct child (not through npx), so that stopping the child stops the server.
import { spawn, spawnSync, type SpawnOptions, type SpawnSyncOptions } from 'node:child_process';
import { createRequire } from 'node:module';

const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');

export const spawnNext = (args: string[], options: SpawnOptions) => spawn(process.execPath, [nextBin, ...args], options);
export const runNext = (args: string[], options: SpawnSyncOptions) => spawnSync(process.execPath, [nextBin, ...args], options);
