// `npm run bench:import`: a 1,000-row timesheet file (Nxsys's Master Template, 200 workers × 5 lines) validated
// (parse + preview against the sandbox: candidates, payment codes, grouping, totals) and imported (the job's own
// code, 4 calls at a time) against the sandbox, with memory (heap and RSS, after a GC) before and after, and a
// check of the result in Nxsys: every timesheet once. Exits non-zero if anything is missing or duplicated.
// Uses sandbox ports 4250/4251 unless SANDBOX_API_PORT says otherwise; needs no build.
import { performance } from 'node:perf_hooks';
import { connectDemoAgency, startBenchStack } from './connected-stack';

const stack = await startBenchStack('4250', 3250);

const { db } = await import('@/lib/server/db');
const { callNxsys } = await import('@/lib/server/nxsys');
const { previewImport, runImport, startImport, uploadImportFile } = await import('@/lib/imports/server');
const { suggestMapping, TIMESHEET_COLUMNS } = await import('@/lib/imports/schema');
const { ukTaxPeriod } = await import('@/lib/tax-period');
const { stopJobEngine } = await import('@/lib/server/jobs');

const ROWS = 1000;
const LINES = 5;
const WEEK = '2027-06-07';
const WEEK_END = '2027-06-13';

const gc = (globalThis as { gc?: () => void }).gc;
function memory(label: string) {
  gc?.();
  const m = process.memoryUsage();
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  console.log(`    ${label.padEnd(34)} heap ${mb(m.heapUsed).padStart(9)}   rss ${mb(m.rss).padStart(9)}`);
  return m.heapUsed;
}

async function exitWith(code: number) {
  await stopJobEngine({ graceful: false }).catch(() => undefined);
  await db.$disconnect().catch(() => undefined);
  await stack.stop();
  process.exit(code);
}

try {
  const { admin, who } = await connectDemoAgency();
  const user = { ...who, role: admin.role, name: admin.name, email: admin.email } as never;

  // 200 UK candidates of the sandbox, 5 lines each.
  const { body } = await callNxsys(who, { method: 'GET', path: '/nxsys/candidates', query: { page: 1, size: 100 } });
  const page2 = await callNxsys(who, { method: 'GET', path: '/nxsys/candidates', query: { page: 2, size: 100 } });
  type Candidate = { id: string; forename: string; surname: string };
  const list = (b: unknown) =>
    ((b as { items?: Candidate[]; data?: Candidate[] }).items ?? (b as { data: Candidate[] }).data) as Candidate[];
  const workers = [...list(body), ...list(page2.body)].slice(0, ROWS / LINES);
  const period = ukTaxPeriod(WEEK, 'WEEKLY')!.period;
  const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  const lines = [TIMESHEET_COLUMNS.map((c) => c.header).join(',')];
  for (const w of workers) {
    for (let l = 0; l < LINES; l++) {
      lines.push(
        [
          w.id,
          w.forename,
          w.surname,
          period,
          dmy(WEEK),
          '',
          l % 2 ? 'PR101' : 'PR100',
          'Bench',
          l % 2 ? '110' : '12.50',
          l % 2 ? '1' : '7.5',
          '',
          '',
          '',
        ].join(','),
      );
    }
  }
  const file = new TextEncoder().encode(lines.join('\r\n'));
  console.log(
    `\nImport benchmark: ${lines.length - 1} rows (${workers.length} workers × ${LINES} lines), ${(file.byteLength / 1024).toFixed(0)} KB CSV`,
  );

  console.log('\n(a) memory');
  const heapBefore = memory('before');
  let started = performance.now();
  const parsed = await uploadImportFile(user, 'bench.csv', file);
  const request = {
    kind: 'TIMESHEETS' as const,
    payFrequency: 'WEEKLY' as const,
    ...parsed,
    mapping: suggestMapping('TIMESHEETS', parsed.header),
  };
  const preview = await previewImport(user, request);
  const validateMs = performance.now() - started;
  memory('after validating');
  if (preview.problems.length) throw new Error(`unexpected problems: ${JSON.stringify(preview.problems.slice(0, 3))}`);
  // Validating again and again must not grow the heap (nothing kept between requests).
  for (let i = 0; i < 3; i++) await previewImport(user, request);
  const heapAfterRepeats = memory('after 3 more validations');

  started = performance.now();
  const { id } = await startImport(user, request);
  const outcome = await runImport(id);
  const importMs = performance.now() - started;
  const heapAfterImport = memory('after importing');

  const job = await db.importJob.findUniqueOrThrow({ where: { id } });
  // In Nxsys: the week's timesheets, page after page; one per worker.
  const seen = new Map<string, number>();
  for (let p = 1; p <= 20; p++) {
    const { body: sheets } = await callNxsys(who, {
      method: 'GET',
      path: '/nxsys/time-sheets',
      query: { bactchFrom: WEEK, bactchTo: WEEK_END, page: p, size: 100 },
    });
    const data = (sheets as { data: { subcontractorRef: { id: string }; startDate: string }[] }).data;
    for (const s of data) if (s.startDate === WEEK) seen.set(s.subcontractorRef.id, (seen.get(s.subcontractorRef.id) ?? 0) + 1);
    if (data.length < 100) break;
  }
  const duplicates = [...seen.values()].filter((n) => n > 1).length;
  const missing = workers.filter((w) => !seen.has(w.id)).length;

  console.log(
    `\n(b) validate ${lines.length - 1} rows: ${validateMs.toFixed(0)} ms (${preview.timesheets.length} timesheets, totals ${preview.totals.map((t) => `${t.currency} ${t.total}`).join(' · ')})`,
  );
  console.log(
    `(c) import against the sandbox: ${importMs.toFixed(0)} ms, ${outcome}: created ${job.created}, failed ${job.failed}, unknown ${job.unknown}`,
  );
  console.log(`    in Nxsys: ${seen.size} timesheets for the week, duplicates ${duplicates} (must be 0), missing ${missing} (must be 0)`);
  console.log(
    `    heap growth: ${((heapAfterRepeats - heapBefore) / 1024 / 1024).toFixed(1)} MB after 4 validations, ${((heapAfterImport - heapBefore) / 1024 / 1024).toFixed(1)} MB after the import${gc ? '' : ' (run with --expose-gc for exact figures)'}`,
  );
  await exitWith(duplicates === 0 && missing === 0 && job.created === workers.length ? 0 : 1);
} catch (error) {
  console.error(error);
  await exitWith(1);
}
