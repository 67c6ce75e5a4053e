// Import tests' shared setup (importTestbed: an agency connected to a fresh sandbox, its admin, uploads), and
// timesheet files in Nxsys's Master Template for import tests, the benchmark and the worker-kill test.
import { afterAll, beforeAll } from 'vitest';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { stopJobEngine } from '@/lib/server/jobs';
import { ukTaxPeriod } from '@/lib/tax-period';
import { suggestMapping, TIMESHEET_COLUMNS, type ImportKind, type ImportRequest } from '@/lib/imports/schema';
import { uploadImportFile } from '@/lib/imports/server';
import type { Sandbox, SandboxOptions } from '../../sandbox/server';
import type { Store } from '../../sandbox/store';
import { sandboxFor } from '../sandbox/helpers';
import { testDb } from './db';
import { connectedAdmin, productEnv } from './nxsys';

export interface ImportTestbed {
  db: ReturnType<typeof testDb>;
  sb: Sandbox;
  /** The admin of an agency connected to the sandbox (through the whole OAuth flow). */
  user: CurrentUser;
  /** The sandbox's UK workers with an NI number (COM-1). */
  workers: Worker[];
  /** Uploads a file (text or bytes) as the admin: what the browser gets back. */
  upload(
    fileName: string,
    content: string | Uint8Array,
    options?: Parameters<typeof uploadImportFile>[3],
  ): ReturnType<typeof uploadImportFile>;
  /** Uploads a file and makes the request the wizard would send for it (weekly timesheets unless told). */
  requestFor(content: string | Uint8Array, fileName?: string, kind?: ImportKind): Promise<ImportRequest>;
}

/**
 * Registers the suite's beforeAll/afterAll: a sandbox, the product's environment pointed at it (plus `env`), an
 * agency connected to it and its admin; afterwards the job engine stopped, the environment restored, all closed.
 * The connect itself keeps a 15 s timeout whatever `env` says (a short NXSYS_TIMEOUT_MS is for the imports' calls).
 */
export function importTestbed(options: { env?: Record<string, string>; sandbox?: Partial<SandboxOptions> } = {}): ImportTestbed {
  const envBefore = { ...process.env };
  const bed = {
    db: testDb(),
    workers: [] as Worker[],
    async upload(fileName: string, content: string | Uint8Array, parseOptions?: Parameters<typeof uploadImportFile>[3]) {
      const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
      return uploadImportFile(bed.user, fileName, bytes, parseOptions);
    },
    async requestFor(content: string | Uint8Array, fileName = 'week.csv', kind: ImportKind = 'TIMESHEETS'): Promise<ImportRequest> {
      const parsed = await bed.upload(fileName, content, kind === 'TIMESHEETS' ? undefined : { kind });
      return {
        kind,
        ...(kind === 'TIMESHEETS' && { payFrequency: 'WEEKLY' as const }),
        ...parsed,
        mapping: suggestMapping(kind, parsed.header),
      };
    },
  } as ImportTestbed;
  beforeAll(async () => {
    bed.sb = await sandboxFor(options.sandbox);
    const key = generateKeyringEntry('k1');
    Object.assign(process.env, productEnv(bed.sb, key), options.env);
    const admin = await connectedAdmin(bed.db, parseKeyring(key), { ...nxsysSettings(), timeoutMs: 15_000 }, bed.sb);
    bed.user = { ...admin, role: 'ADMIN', name: 'Test', email: 'test@example.test' } as unknown as CurrentUser;
    bed.workers = sandboxWorkers(bed.sb.store);
  });
  afterAll(async () => {
    bed.sb?.control.clearFaults();
    await stopJobEngine({ graceful: false });
    process.env = envBefore;
    await bed.sb?.close();
    await bed.db.$disconnect();
  });
  return bed;
}

export interface Worker {
  id: string;
  nino: string;
  forename: string;
  surname: string;
}

/** UK candidates of a sandbox company that have an NI number. */
export function sandboxWorkers(store: Store, companyId = 'COM-1'): Worker[] {
  return store
    .company(companyId)
    .candidates.filter((c) => c.country === 'UK' && c.generalSetting.NINumber)
    .map((c) => ({
      id: c.id,
      nino: String(c.generalSetting.NINumber),
      forename: String(c.generalSetting.forename),
      surname: String(c.generalSetting.surname),
    }));
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/**
 * One row per worker and line: `linesPerWorker` lines (PR100 hours, then PR101 days) for the week starting
 * `weekStart`. The workers are referenced by NI number (as many agencies do), every other one by Nxsys id.
 */
export function timesheetRows(workers: Worker[], weekStart: string, linesPerWorker = 1): string[][] {
  const period = String(ukTaxPeriod(weekStart, 'WEEKLY')!.period);
  const end = new Date(Date.parse(`${weekStart}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  return workers.flatMap((w, i) =>
    Array.from({ length: linesPerWorker }, (_, line) => [
      i % 2 === 0 ? w.nino : w.id,
      w.forename,
      w.surname,
      period,
      dmy(weekStart),
      dmy(end),
      line % 2 === 0 ? 'PR100' : 'PR101',
      line % 2 === 0 ? 'Basic hours' : 'Day rate',
      line % 2 === 0 ? '12.50' : '100.00',
      line % 2 === 0 ? String(30 + (i % 10)) : '1',
      '',
      '',
      '',
    ]),
  );
}

export const toCsv = (rows: string[][]) =>
  [TIMESHEET_COLUMNS.map((c) => c.header), ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
