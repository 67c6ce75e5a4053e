// npm run test:flaky -- [--runs N] [--load CORES] [--grep PATTERN] [--workers N] <spec or test files…>
// Runs the chosen Playwright specs (tests/e2e/…spec.ts) and/or Vitest files (…test.ts) N times while CORES busy
// loops keep the CPU loaded (a busy machine is where hydration and timing races show), then prints each test's
// failure count and exits 1 if any run of any test failed. Playwright runs once with --repeat-each=N (retries are
// 0 in playwright.config.ts, so a pass on a retry cannot hide a failure); Vitest runs N times in a row. The JSON
// reports are kept in .data/flaky/. Pass E2E_PORT / SANDBOX_API_PORT as for `npm run test:e2e`. --grep runs only the
// tests whose title matches (Playwright's --grep, Vitest's --testNamePattern); --workers 1 for a serial spec on one
// shared record (e.g. connection.spec.ts), whose repeats must not run side by side. It also names the browser tests that
// used most of their time limit: one that passes at 85% of it under load is a timeout waiting to happen.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '10' },
    load: { type: 'string', default: '1' },
    grep: { type: 'string' },
    workers: { type: 'string' },
  },
});
const runs = Number(values.runs);
const loadCores = Number(values.load);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(loadCores) || loadCores < 0 || !positionals.length) {
  console.error(
    'usage: npm run test:flaky -- [--runs N (10)] [--load CORES (1)] [--grep PATTERN] [--workers N] <tests/e2e/x.spec.ts | tests/…/y.test.ts>…',
  );
  process.exit(2);
}
const specs = positionals.filter((file) => file.endsWith('.spec.ts'));
const vitestFiles = positionals.filter((file) => file.endsWith('.test.ts'));
const unknown = positionals.filter((file) => !file.endsWith('.spec.ts') && !file.endsWith('.test.ts'));
if (unknown.length) {
  console.error(`not a .spec.ts (Playwright) or .test.ts (Vitest) file: ${unknown.join(', ')}`);
  process.exit(2);
}

const outDir = path.join('.data', 'flaky');
mkdirSync(outDir, { recursive: true });

/** Per test: how many times it ran and how many of those failed. */
const tally = new Map<string, { runs: number; failures: number }>();
/** Per Playwright test: the largest share of its time limit one run took (duration / timeout). */
const limitUsed = new Map<string, number>();
function record(name: string, failed: boolean) {
  const entry = tally.get(name) ?? { runs: 0, failures: 0 };
  entry.runs += 1;
  if (failed) entry.failures += 1;
  tally.set(name, entry);
}

// The load: one busy loop per core asked for, each a separate process so it takes a core of its own. Bounded: the
// machine keeps its other cores, and the loops end with this script, or by themselves once it is gone (a busy loop
// runs no event loop, so each checks its parent every few million turns).
const BUSY_LOOP = 'const parent = process.ppid; for (let i = 1; ; i++) if (i % 5e6 === 0 && process.ppid !== parent) process.exit(0);';
const loaders: ChildProcess[] = [];
for (let i = 0; i < loadCores; i++) loaders.push(spawn(process.execPath, ['-e', BUSY_LOOP], { stdio: 'ignore' }));
const stopLoad = () => loaders.forEach((loader) => loader.kill('SIGKILL'));
process.on('exit', stopLoad);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
console.log(`test:flaky: ${runs} run(s), ${loadCores} busy core(s) of load`);

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const grep = values.grep
  ? { playwright: ['--grep', values.grep], vitest: ['--testNamePattern', values.grep] }
  : { playwright: [], vitest: [] };

interface PlaywrightSuite {
  suites?: PlaywrightSuite[];
  specs?: { title: string; file: string; line: number; tests: { timeout: number; results: { status: string; duration: number }[] }[] }[];
}
if (specs.length) {
  const report = path.join(outDir, 'playwright.json');
  const run = spawnSync(
    npx,
    [
      'playwright',
      'test',
      ...specs,
      ...grep.playwright,
      ...(values.workers ? [`--workers=${values.workers}`] : []),
      `--repeat-each=${runs}`,
      '--retries=0',
      '--reporter=list,json',
    ],
    {
      stdio: 'inherit',
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_FILE: report },
    },
  );
  if (!existsSync(report)) record(`playwright (exit ${run.status}, no report)`, true);
  else {
    const walk = (suite: PlaywrightSuite) => {
      for (const spec of suite.specs ?? [])
        for (const test of spec.tests)
          for (const result of test.results) {
            if (result.status === 'skipped') continue;
            const name = `${spec.file}:${spec.line} › ${spec.title}`;
            record(name, result.status !== 'passed');
            if (test.timeout > 0) limitUsed.set(name, Math.max(limitUsed.get(name) ?? 0, result.duration / test.timeout));
          }
      suite.suites?.forEach(walk);
    };
    const json = JSON.parse(readFileSync(report, 'utf8')) as PlaywrightSuite & { errors?: { message?: string }[] };
    walk(json);
    // Errors outside any test (a failed build, a crashed web server, a beforeAll) fail the run too.
    if (json.errors?.length) record('playwright (errors outside a test)', true);
  }
}

interface VitestReport {
  testResults: { name: string; status: string; assertionResults: { fullName: string; status: string }[] }[];
}
for (let i = 1; i <= runs && vitestFiles.length; i++) {
  const report = path.join(outDir, `vitest-${i}.json`);
  console.log(`\n— vitest run ${i} of ${runs}`);
  spawnSync(npx, ['vitest', 'run', ...vitestFiles, ...grep.vitest, '--reporter=default', '--reporter=json', `--outputFile=${report}`], {
    stdio: 'inherit',
  });
  if (!existsSync(report)) {
    record('vitest (no report)', true);
    continue;
  }
  const json = JSON.parse(readFileSync(report, 'utf8')) as VitestReport;
  for (const file of json.testResults) {
    const name = path.relative(process.cwd(), file.name);
    // A file that failed outside its tests (its setup, an import) has no assertion to blame.
    if (!file.assertionResults.length) record(`${name} (the file itself)`, file.status !== 'passed');
    for (const test of file.assertionResults)
      if (test.status !== 'skipped' && test.status !== 'pending' && test.status !== 'todo')
        record(`${name} › ${test.fullName}`, test.status !== 'passed');
  }
}

stopLoad();
const rows = [...tally.entries()].sort(([a], [b]) => a.localeCompare(b));
const failed = rows.filter(([, t]) => t.failures > 0);
console.log('\ntest:flaky — failures / runs per test');
for (const [name, t] of rows) console.log(`${String(t.failures).padStart(4)} / ${String(t.runs).padEnd(4)} ${name}`);
// 60% and more is worth a look: the suite's other worker and the load can slow a test by half again.
const nearLimit = [...limitUsed.entries()].filter(([, share]) => share >= 0.6).sort(([, a], [, b]) => b - a);
if (nearLimit.length) {
  console.log('\nclosest to their time limit (largest share of it one run took; split the test, do not raise the limit)');
  for (const [name, share] of nearLimit) console.log(`${`${Math.round(share * 100)}%`.padStart(5)}  ${name}`);
}
console.log(
  failed.length
    ? `\n${failed.length} of ${rows.length} test(s) failed at least once: FLAKY or broken`
    : `\nall ${rows.length} test(s) passed every run`,
);
process.exit(failed.length || !rows.length ? 1 : 0);
