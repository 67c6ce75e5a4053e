// `npm run bench:payslip-runs`: the review of a 500-payslip pay run against the sandbox (issue 32; goal < 3 s), with
// the product's own code: the documented payslip, timesheet and candidate lists read page after page, matched and
// compared. Cold (nothing cached: every list read from Nxsys) and warm (the agency's shared cache). Exits non-zero
// when the goal is not met. Uses sandbox ports 4260/4261 unless SANDBOX_API_PORT says otherwise; needs no build.
import { performance } from 'node:perf_hooks';
import { connectDemoAgency, startBenchStack } from './connected-stack';

const stack = await startBenchStack('4260', 3260);

const { db } = await import('@/lib/server/db');
const { recordChange } = await import('@/lib/server/changes');
const { payRunReview } = await import('@/lib/payslips/server');

const WORKERS = 500;
const GOAL_MS = 3000;
const run = { taxYear: 2026, taxPeriod: 40, payFrequency: null };

let code = 1;
try {
  const { who } = await connectDemoAgency();

  // A run of 500 workers, each with an approved timesheet and its payslip (sandbox/payslip-runs.ts).
  const made = await fetch(`${stack.env.NXSYS_API_URL}/__sandbox/payslip-runs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ companyId: 'COM-1', workers: WORKERS, ...run }),
  });
  if (made.status !== 201) throw new Error(`the sandbox did not make the run (${made.status})`);

  const cold = async () => {
    // Nothing cached: the payslip, timesheet and both candidate lists are read from Nxsys again.
    await recordChange(who.agency.id, 'dashboard');
    await db.sharedCacheEntry.deleteMany({ where: { key: { startsWith: 'candidate-countries:' } } });
    const started = performance.now();
    const review = await payRunReview(who, run);
    if (review.rows.length !== WORKERS) throw new Error(`${review.rows.length} payslips reviewed, expected ${WORKERS}`);
    return performance.now() - started;
  };
  const first = await cold(); // also loads and compiles the code: shown, not the figure
  const times = [await cold(), await cold(), await cold()];
  const started = performance.now();
  const warm = await payRunReview(who, run);
  const warmMs = performance.now() - started;
  const median = [...times].sort((a, b) => a - b)[1]!;
  console.log(
    `(a) review of a ${WORKERS}-payslip run, cold (every list read from the sandbox), median of 3: ${median.toFixed(0)} ms (goal < ${GOAL_MS} ms)`,
  );
  console.log(
    `    each: ${times.map((t) => t.toFixed(0)).join(' / ')} ms (first, loading the code: ${first.toFixed(0)} ms); differences found: ${warm.differences.length} (must be 0)`,
  );
  console.log(`(b) the same review, warm (shared cache): ${warmMs.toFixed(0)} ms`);
  const met = median < GOAL_MS && warm.differences.length === 0;
  console.log(`Goals: ${met ? 'met' : 'NOT MET'}`);
  code = met ? 0 : 1;
} catch (error) {
  console.error(error);
} finally {
  await db.$disconnect().catch(() => undefined);
  await stack.stop();
  process.exit(code);
}
