// Timesheet files in Nxsys's Master Template for import tests, the benchmark and the worker-kill test.
import { ukTaxPeriod } from '@/lib/tax-period';
import { TIMESHEET_COLUMNS } from '@/lib/imports/schema';
import type { Store } from '../../sandbox/store';

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
