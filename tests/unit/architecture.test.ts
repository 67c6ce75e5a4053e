import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The code map's two rules, checked on every source file:
 * 1. From outside a domain (lib/<domain>/), only its public surface is imported: its top-level files
 *    (schema.ts, hooks.ts…) and its server entry (server/index.ts). Everything else in it is internal.
 * 2. Browser code (`'use client'` files, components/**, lib/<domain>/hooks.ts) never imports server code:
 *    lib/server/**, lib/<domain>/server/**, *.server.ts, or anything that (even indirectly) imports 'server-only'.
 */
const ROOT = path.resolve(__dirname, '../..');
const DOMAINS = [
  'candidates',
  'payment-rates',
  'timesheets',
  'payslips',
  'dashboard',
  'activity',
  'staff',
  'connection',
  'mail',
  'invitations',
  'account',
  'notifications',
  'imports',
];
const SOURCE_DIRS = ['app', 'components', 'lib', 'scripts', 'bench', 'sandbox'];
const SOURCE_FILES = ['proxy.ts', 'instrumentation.ts'];
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.mjs'];

type Sources = Map<string, string>; // repo-relative path → text

interface Import {
  specifier: string;
  typeOnly: boolean;
}

function importsOf(source: string): Import[] {
  const found: Import[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(statement)) found.push({ specifier: m[3]!, typeOnly: !!m[2] });
  for (const m of source.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ specifier: m[1]!, typeOnly: false });
  return found;
}

/** A repo-relative file for a specifier, or null for a package. */
function resolve(from: string, specifier: string, sources: Sources): string | null {
  let base: string;
  if (specifier.startsWith('@/')) base = specifier.slice(2);
  else if (specifier.startsWith('.')) base = path.posix.join(path.posix.dirname(from), specifier);
  else return null;
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => `${base}/index${e}`)];
  return candidates.find((c) => sources.has(c)) ?? base;
}

const domainOf = (file: string) => /^lib\/([^/]+)\//.exec(file)?.[1] ?? null;
const isDomain = (name: string | null): name is string => !!name && DOMAINS.includes(name);

function isPublic(file: string): boolean {
  const inside = file.split('/').slice(2).join('/');
  return !inside.includes('/') || /^server\/index\.tsx?$/.test(inside);
}

const isServerPath = (file: string) => file.startsWith('lib/server/') || /^lib\/[^/]+\/server\//.test(file) || /\.server\.tsx?$/.test(file);

const isClientFile = (file: string, source: string) =>
  /^\s*['"]use client['"]/.test(source) || file.startsWith('components/') || /^lib\/[^/]+\/hooks\.tsx?$/.test(file);

export function findViolations(sources: Sources): string[] {
  const violations: string[] = [];
  const serverMemo = new Map<string, boolean>();
  /** Whether loading this file loads server-only code. */
  const isServer = (file: string): boolean => {
    if (serverMemo.has(file)) return serverMemo.get(file)!;
    serverMemo.set(file, false); // cycles: decided by the other members
    const source = sources.get(file) ?? '';
    const result =
      isServerPath(file) ||
      importsOf(source).some(({ specifier, typeOnly }) => {
        if (typeOnly) return false;
        if (specifier === 'server-only') return true;
        const target = resolve(file, specifier, sources);
        return !!target && isServer(target);
      });
    serverMemo.set(file, result);
    return result;
  };

  for (const [file, source] of sources) {
    const client = isClientFile(file, source);
    for (const { specifier, typeOnly } of importsOf(source)) {
      const target = resolve(file, specifier, sources);
      const targetDomain = target ? domainOf(target) : null;
      if (target && isDomain(targetDomain) && domainOf(file) !== targetDomain && !isPublic(target)) {
        violations.push(`${file} imports ${specifier}: an internal of the ${targetDomain} domain (use its public surface)`);
      }
      if (client && !typeOnly && (specifier === 'server-only' || (target && isServer(target)))) {
        violations.push(`${file} is browser code and imports ${specifier}: server code`);
      }
    }
  }
  return violations;
}

function readSources(): Sources {
  const sources: Sources = new Map();
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(ROOT, dir))) {
      const rel = `${dir}/${name}`;
      if (name === 'node_modules' || name === 'generated' || name.startsWith('.')) continue;
      if (statSync(path.join(ROOT, rel)).isDirectory()) walk(rel);
      else if (EXTENSIONS.some((e) => name.endsWith(e)) && !name.endsWith('.d.mts'))
        sources.set(rel, readFileSync(path.join(ROOT, rel), 'utf8'));
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  for (const file of SOURCE_FILES) if (existsSync(path.join(ROOT, file))) sources.set(file, readFileSync(path.join(ROOT, file), 'utf8'));
  return sources;
}

describe('architecture', () => {
  it('has every domain folder the code map names', () => {
    for (const domain of DOMAINS) expect(existsSync(path.join(ROOT, 'lib', domain)), domain).toBe(true);
  });

  it('keeps domains behind their public surface and server code out of the browser', () => {
    expect(findViolations(readSources())).toEqual([]);
  });

  it('catches both kinds of wrong import', () => {
    const sources: Sources = new Map([
      ['lib/server/db.ts', "import 'server-only';\nexport const db = {};"],
      ['lib/candidates/server/index.ts', "import 'server-only';\nexport * from './candidates';"],
      ['lib/candidates/server/candidates.ts', "import { db } from '@/lib/server/db';\nexport const x = db;"],
      ['lib/candidates/schema.ts', 'export const s = 1;'],
      ['lib/timesheets/helper.ts', "import { db } from '@/lib/server/db';\nexport const y = db;"],
      [
        'lib/dashboard/server/cards.ts',
        "import { x } from '@/lib/candidates/server/candidates';\nimport { s } from '@/lib/candidates/schema';",
      ],
      [
        'components/timesheets/list.tsx',
        "'use client';\nimport { y } from '@/lib/timesheets/helper';\nimport type { x } from '@/lib/candidates/server';",
      ],
    ]);
    expect(findViolations(sources)).toEqual([
      'lib/dashboard/server/cards.ts imports @/lib/candidates/server/candidates: an internal of the candidates domain (use its public surface)',
      'components/timesheets/list.tsx is browser code and imports @/lib/timesheets/helper: server code',
    ]);
  });
});
