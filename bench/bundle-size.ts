// First-load JS per route, measured from a production build: the root chunks every page loads (build-manifest
// rootMainFiles) plus, for each page, the chunks of its layouts and page (entryJSFiles of its client reference
// manifest), each gzipped (zlib default level, as Next's own report) and counted once. Part of `npm run bench`
// (which fails when a route is over BUNDLE_LIMIT_KB); alone: `tsx bench/bundle-size.ts [distDir]`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

export const BUNDLE_LIMIT_KB = 150;

function pageManifests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...pageManifests(full));
    else if (entry === 'page_client-reference-manifest.js') found.push(full);
  }
  return found;
}

/** Each route (as a person types it) with the JS files its first load fetches. */
export function routeFiles(distDir: string): { route: string; files: string[] }[] {
  const require = createRequire(import.meta.url);
  const build = JSON.parse(readFileSync(path.join(distDir, 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[] };
  const found: { route: string; files: string[] }[] = [];
  for (const manifestFile of pageManifests(path.join(distDir, 'server', 'app'))) {
    const holder = globalThis as unknown as { __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> };
    holder.__RSC_MANIFEST = {};
    require(path.resolve(manifestFile));
    const [entry] = Object.entries(holder.__RSC_MANIFEST);
    if (!entry) continue;
    const [name, manifest] = entry;
    const route = name.replace(/\/page$/, '').replace(/\/\([^)]*\)/g, '') || '/';
    if (route.startsWith('/_')) continue; // Next's own not-found and error pages
    const files = new Set(build.rootMainFiles);
    for (const segment of Object.keys(manifest.entryJSFiles)) for (const file of manifest.entryJSFiles[segment]!) files.add(file);
    found.push({ route, files: [...files].filter((f) => f.endsWith('.js') && existsSync(path.join(distDir, f))) });
  }
  return found;
}

export async function measureBundles(distDir = '.next') {
  const gz = new Map<string, number>();
  const gzipped = (file: string) => {
    if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(path.join(distDir, file))).length);
    return gz.get(file)!;
  };
  const routes = routeFiles(distDir).map(({ route, files }) => ({ route, kb: files.reduce((sum, f) => sum + gzipped(f), 0) / 1024 }));
  routes.sort((a, b) => a.route.localeCompare(b.route));
  const over = routes.filter((r) => r.kb > BUNDLE_LIMIT_KB);
  const lines = routes.map((r) => `${r.route.padEnd(28)} ${r.kb.toFixed(1).padStart(6)} kB${r.kb > BUNDLE_LIMIT_KB ? '   OVER' : ''}`);
  const largest = Math.max(...routes.map((r) => r.kb));
  lines.push(
    `largest ${largest.toFixed(1)} kB; ${over.length} of ${routes.length} routes over ${BUNDLE_LIMIT_KB} kB (196–249 kB before issue 17)`,
  );
  return { routes, lines, ok: routes.length > 0 && over.length === 0 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await measureBundles(process.argv[2] ?? '.next');
  for (const line of result.lines) console.log(line);
  process.exit(result.ok ? 0 : 1);
}
