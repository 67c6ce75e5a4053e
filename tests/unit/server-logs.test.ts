import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every server log line goes through pino (lib/server/log.ts): JSON with level, time, instance and request id. */
const ROOT = path.resolve(__dirname, '../..');
const SERVER_CODE = ['app', 'lib', 'instrumentation.ts', 'proxy.ts'];
const SKIP = ['lib/generated'];
const CONSOLE = /\bconsole\.(log|info|warn|error|debug|trace)\s*\(/;

function filesUnder(relative: string): string[] {
  if (SKIP.includes(relative)) return [];
  const full = path.join(ROOT, relative);
  if (!statSync(full).isDirectory()) return /\.(ts|tsx|mts|mjs)$/.test(relative) ? [relative] : [];
  return readdirSync(full).flatMap((name) => filesUnder(path.posix.join(relative, name)));
}

export function consoleCalls(files: Map<string, string>): string[] {
  return [...files].flatMap(([file, source]) =>
    source.split('\n').flatMap((line, index) => (CONSOLE.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
  );
}

describe('server logs', () => {
  it('no console.* call in app/, lib/, instrumentation.ts or proxy.ts (scripts/ may print to a terminal)', () => {
    const files = new Map(SERVER_CODE.flatMap(filesUnder).map((file) => [file, readFileSync(path.join(ROOT, file), 'utf8')]));
    expect(files.size).toBeGreaterThan(100);
    expect(consoleCalls(files)).toEqual([]);
  });

  it('finds a console call', () => {
    const files = new Map([['lib/x.ts', "import { log } from './log';\n  console.error('Failed', error);\nlog.error('fine');"]]);
    expect(consoleCalls(files)).toEqual(["lib/x.ts:2: console.error('Failed', error);"]);
  });
});
