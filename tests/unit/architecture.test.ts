import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The code map's rules, checked on every source file:
 * 1. From outside a domain (lib/<domain>/), only its public surface is imported: its top-level files
 *    (schema.ts, hooks.ts…) and its server entry (server/index.ts). Everything else in it is internal.
 * 2. Browser code (`'use client'` files, components/**, lib/<domain>/hooks.ts) never imports server code:
 *    lib/server/**, lib/<domain>/server/**, *.server.ts, or anything that (even indirectly) imports 'server-only'.
 * 3. The kernel knows no domain: nothing in lib/ outside the domains (lib/server/**, lib/errors/, lib/*.ts…) imports
 *    lib/<domain>/**, not even a type. Only the composition root, lib/registry.ts, puts the two together.
 * 4. No zod at first load: no `'use client'` file loads zod, itself or through what it imports (`import type` and
 *    `import()` load nothing at first; a schema is loaded on first use).
 * 5. Server code takes no logic or types from components/: lib/**, proxy.ts, instrumentation.ts and every app/ file
 *    without 'use client' import nothing from it, except server pages and layouts (app/**\/*.tsx), which import the
 *    React components (components/**\/*.tsx) they render, with their props' types.
 * 6. No error catalogue at first load: browser code holds errors as ApiFailure, not the server's ApiError.
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
  'onboarding',
];
const SOURCE_DIRS = ['app', 'components', 'lib', 'scripts', 'bench', 'sandbox'];
const SOURCE_FILES = ['proxy.ts', 'instrumentation.ts'];
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.mjs'];

type Sources = Map<string, string>; // repo-relative path → text

interface Import {
  specifier: string;
  typeOnly: boolean;
  /** `import('…')`: loaded when first used, not with the file. */
  dynamic: boolean;
}

/** `{ type A, type B }`: every name a type, so the compiler drops the import. */
const onlyTypes = (names: string | undefined) =>
  !!names &&
  /^\{[^}]*\}$/.test(names.trim()) &&
  names
    .trim()
    .slice(1, -1)
    .split(',')
    .filter((n) => n.trim())
    .every((n) => /^\s*type\s/.test(n));

function importsOf(source: string): Import[] {
  const found: Import[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?(?:([^'";]*?)\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(statement)) found.push({ specifier: m[4]!, typeOnly: !!m[2] || onlyTypes(m[3]), dynamic: false });
  for (const m of source.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ specifier: m[1]!, typeOnly: false, dynamic: true });
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

/** Rule 3: lib/ outside the domains (and the composition root) imports no domain. */
export function kernelViolations(sources: Sources): string[] {
  const violations: string[] = [];
  for (const [file, source] of sources) {
    if (!file.startsWith('lib/') || isDomain(domainOf(file)) || file === 'lib/registry.ts') continue;
    for (const { specifier } of importsOf(source)) {
      const target = resolve(file, specifier, sources);
      const targetDomain = target ? domainOf(target) : null;
      if (isDomain(targetDomain)) violations.push(`${file} imports ${specifier}: the kernel knows no domain (compose in lib/registry.ts)`);
    }
  }
  return violations;
}

const isZod = (specifier: string) => /^zod(\/|$)/.test(specifier);
const CATALOGUE = 'lib/errors/catalogue.ts';

/**
 * Each `'use client'` file whose first load (what it imports, however far down; not `import type` or `import()`)
 * reaches what `reached` accepts (a package specifier, or a repo file), with the chain of files that leads there.
 */
function loadedAtFirst(sources: Sources, reached: (specifier: string, target: string | null) => boolean) {
  const memo = new Map<string, string[] | null>();
  const chainFrom = (file: string): string[] | null => {
    if (memo.has(file)) return memo.get(file)!;
    memo.set(file, null); // cycles: decided by the other members
    let chain: string[] | null = null;
    for (const { specifier, typeOnly, dynamic } of importsOf(sources.get(file) ?? '')) {
      if (typeOnly || dynamic) continue;
      const target = resolve(file, specifier, sources);
      if (reached(specifier, target)) chain = [file, target ?? specifier];
      else {
        const further = target && sources.has(target) ? chainFrom(target) : null;
        if (further) chain = [file, ...further];
      }
      if (chain) break;
    }
    memo.set(file, chain);
    return chain;
  };
  const found: { file: string; chain: string[] }[] = [];
  for (const [file, source] of sources) {
    if (!/^\s*['"]use client['"]/.test(source)) continue;
    const chain = chainFrom(file);
    if (chain) found.push({ file, chain });
  }
  return found;
}

/** Rule 4: every `'use client'` file, and what it loads with it, is free of zod; each violation names the chain. */
export function zodAtFirstLoad(sources: Sources): string[] {
  return loadedAtFirst(sources, (specifier) => isZod(specifier)).map(
    ({ file, chain }) => `${file} loads zod at first: ${chain.join(' → ')}`,
  );
}

/**
 * Rule 6: no `'use client'` file loads the error catalogue (every code's message, ~1.8 kB gzip on every route) at
 * first: the browser holds errors as ApiFailure (lib/errors/api-failure.ts), never the server's ApiError.
 */
export function catalogueAtFirstLoad(sources: Sources): string[] {
  return loadedAtFirst(sources, (_, target) => target === CATALOGUE).map(
    ({ file, chain }) => `${file} loads the error catalogue at first: ${chain.join(' → ')}`,
  );
}

/** Rule 5: server code imports nothing from components/ but, in server pages and layouts, the components they render. */
export function serverComponentImports(sources: Sources, allowed: ReadonlySet<string> = new Set()): string[] {
  const violations: string[] = [];
  for (const [file, source] of sources) {
    const server =
      file.startsWith('lib/') || SOURCE_FILES.includes(file) || (file.startsWith('app/') && !/^\s*['"]use client['"]/.test(source));
    if (!server) continue;
    const rendersComponents = file.startsWith('app/') && file.endsWith('.tsx');
    for (const { specifier } of importsOf(source)) {
      const target = resolve(file, specifier, sources);
      if (!target?.startsWith('components/') || allowed.has(target)) continue;
      if (rendersComponents && target.endsWith('.tsx')) continue;
      violations.push(
        `${file} is server code and imports ${specifier}: ${rendersComponents ? 'logic from components/ (move it to lib/)' : 'from components/'}`,
      );
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

  it('keeps the kernel free of domains', () => {
    expect(kernelViolations(readSources())).toEqual([]);
  });

  it('loads no zod at first in any browser entry point', () => {
    expect(zodAtFirstLoad(readSources())).toEqual([]);
  });

  it('keeps server code from taking logic or types from components/', () => {
    expect(serverComponentImports(readSources())).toEqual([]);
  });

  it('loads no error catalogue at first in any browser entry point', () => {
    expect(catalogueAtFirstLoad(readSources())).toEqual([]);
  });

  it('catches the error catalogue loaded at first by a browser entry point, through ApiError', () => {
    const sources: Sources = new Map([
      ['lib/errors/catalogue.ts', "import { BROWSER_ERRORS } from './browser-errors';\nexport const ERRORS = {};"],
      ['lib/errors/browser-errors.ts', 'export const BROWSER_ERRORS = {};'],
      ['lib/errors/api-failure.ts', "import type { ErrorCode } from './catalogue';\nexport class ApiFailure {}"],
      ['lib/errors/api-error.ts', "import { ApiFailure } from './api-failure';\nimport { ERRORS } from './catalogue';"],
      ['components/forms/use-form.ts', "'use client';\nimport { ApiError } from '@/lib/errors/api-error';"],
      [
        'components/forms/fine.ts',
        "'use client';\nimport { ApiFailure } from '@/lib/errors/api-failure';\nimport { BROWSER_ERRORS } from '@/lib/errors/browser-errors';",
      ],
      ['app/api/x/route.ts', "import { ApiError } from '@/lib/errors/api-error';"],
    ]);
    expect(catalogueAtFirstLoad(sources)).toEqual([
      'components/forms/use-form.ts loads the error catalogue at first: components/forms/use-form.ts → lib/errors/api-error.ts → lib/errors/catalogue.ts',
    ]);
  });

  it('catches a kernel file that imports a domain, even a type or on first use', () => {
    const sources: Sources = new Map([
      ['lib/server/nxsys/token-manager.ts', "const n = await import('@/lib/notifications/server');"],
      ['lib/server/jobs/list.ts', "import type { X } from '@/lib/candidates/schema';\nimport { db } from '../db';"],
      ['lib/errors/catalogue.ts', 'export const ERRORS = {};'],
      ['lib/registry.ts', "import { allJobs } from '@/lib/mail/server';"],
      ['lib/candidates/server/index.ts', "import { callNxsys } from '@/lib/server/nxsys';"],
      ['lib/notifications/server/index.ts', "export { x } from '@/lib/candidates/server';"],
    ]);
    expect(kernelViolations(sources)).toEqual([
      'lib/server/nxsys/token-manager.ts imports @/lib/notifications/server: the kernel knows no domain (compose in lib/registry.ts)',
      'lib/server/jobs/list.ts imports @/lib/candidates/schema: the kernel knows no domain (compose in lib/registry.ts)',
    ]);
  });

  it('catches zod loaded at first by a browser entry point, however far down', () => {
    const sources: Sources = new Map([
      ['lib/staff/schema.ts', "import { z } from 'zod';\nexport const s = z.string();"],
      ['lib/staff/options.ts', 'export const ROLES = [];'],
      ['components/ui/helper.ts', "export { s } from '@/lib/staff/schema';"],
      ['components/staff/invitations.tsx', "'use client';\nimport { helper } from '../ui/helper';"],
      [
        'components/staff/types-only.tsx',
        "'use client';\nimport type { S } from '@/lib/staff/schema';\nimport { type T } from '@/lib/staff/schema';",
      ],
      [
        'components/staff/lazy.tsx',
        "'use client';\nconst load = () => import('@/lib/staff/schema');\nimport { ROLES } from '@/lib/staff/options';",
      ],
      ['app/(app)/staff/page.tsx', "import { s } from '@/lib/staff/schema';"],
    ]);
    expect(zodAtFirstLoad(sources)).toEqual([
      'components/staff/invitations.tsx loads zod at first: components/staff/invitations.tsx → components/ui/helper.ts → lib/staff/schema.ts → zod',
    ]);
  });

  it('catches server code that takes logic or types from components/', () => {
    const sources: Sources = new Map([
      ['components/list/list-query.ts', 'export const q = 1;'],
      ['components/list/list-parts.tsx', "'use client';\nexport type PageMeta = {};"],
      ['components/list/data-list.tsx', "'use client';\nexport function DataList() {}"],
      [
        'app/(app)/candidates/page.tsx',
        "import { DataList } from '@/components/list/data-list';\nimport { q } from '@/components/list/list-query';",
      ],
      ['app/(app)/read-list-page.ts', "import type { PageMeta } from '@/components/list/list-parts';"],
      ['app/api/candidates/route.ts', "import { q } from '@/components/list/list-query';"],
      ['lib/server/nxsys/normalise.ts', "import type { PageMeta } from '@/components/list/list-parts';"],
      ['app/(app)/candidates/error.tsx', "'use client';\nimport { q } from '@/components/list/list-query';"],
    ]);
    expect(serverComponentImports(sources)).toEqual([
      'app/(app)/candidates/page.tsx is server code and imports @/components/list/list-query: logic from components/ (move it to lib/)',
      'app/(app)/read-list-page.ts is server code and imports @/components/list/list-parts: from components/',
      'app/api/candidates/route.ts is server code and imports @/components/list/list-query: from components/',
      'lib/server/nxsys/normalise.ts is server code and imports @/components/list/list-parts: from components/',
    ]);
    expect(serverComponentImports(sources, new Set(['components/list/list-query.ts', 'components/list/list-parts.tsx']))).toEqual([]);
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
