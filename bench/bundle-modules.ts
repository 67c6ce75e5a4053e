// What a route's first-load JS is made of: each chunk's gzip size shared out among the modules in it by their share
// of the minified bytes (from the browser source maps), summed per package / source file. Needs a build with source
// maps: `ANALYZE_BUNDLE=1 NEXT_DIST_DIR=.next-analyze npx next build`, then
// `tsx bench/bundle-modules.ts .next-analyze /candidates /timesheets/new` (routes as bench/bundle-size.ts prints them).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer } from 'source-map-js';
import { routeFiles } from './bundle-size';

const [distDir = '.next-analyze', ...wanted] = process.argv.slice(2);
const byFile = new Map<string, Map<string, number>>();

/** The chunk's gzip bytes shared out by module, in proportion to each module's minified bytes. */
function modulesOf(file: string): Map<string, number> {
  const known = byFile.get(file);
  if (known) return known;
  const code = readFileSync(path.join(distDir, file), 'utf8');
  const gzipped = gzipSync(code).length;
  const mapName = /sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
  const mapFile = mapName ? path.join(distDir, path.dirname(file), mapName) : '';
  const bytes = new Map<string, number>();
  if (mapFile && existsSync(mapFile)) {
    const lines = code.split('\n');
    let previous: { line: number; column: number; source: string } | undefined;
    new SourceMapConsumer(JSON.parse(readFileSync(mapFile, 'utf8'))).eachMapping((m) => {
      if (previous) {
        const end = previous.line === m.generatedLine ? m.generatedColumn : (lines[previous.line - 1]?.length ?? 0);
        bytes.set(previous.source, (bytes.get(previous.source) ?? 0) + Math.max(0, end - previous.column));
      }
      previous = { line: m.generatedLine, column: m.generatedColumn, source: m.source ?? '(unmapped)' };
    });
  }
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  const shares = new Map<string, number>();
  if (!total) shares.set(`(no source map) ${file}`, gzipped);
  for (const [source, size] of bytes) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];
    const key = pkg ?? source.replace(/^.*\[project\]\//, '');
    shares.set(key, (shares.get(key) ?? 0) + (size / total) * gzipped);
  }
  byFile.set(file, shares);
  return shares;
}

const build = JSON.parse(readFileSync(path.join(distDir, 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[] };
const root = new Set(build.rootMainFiles);
for (const { route, files } of routeFiles(distDir)) {
  if (wanted.length && !wanted.includes(route)) continue;
  const sum = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const gz = gzipSync(readFileSync(path.join(distDir, file))).length;
    total += gz;
    if (root.has(file)) sum.set('(framework: root chunks of every route)', (sum.get('(framework: root chunks of every route)') ?? 0) + gz);
    else for (const [key, share] of modulesOf(file)) sum.set(key, (sum.get(key) ?? 0) + share);
  }
  console.log(`\n${route}  ${(total / 1024).toFixed(1)} kB gzip`);
  for (const [key, size] of [...sum].sort((a, b) => b[1] - a[1]).filter(([, size]) => size >= 100))
    console.log(`  ${(size / 1024).toFixed(1).padStart(6)} kB  ${key}`);
}
