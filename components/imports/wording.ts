import type { ImportKind } from '@/lib/imports/options';

/** How the import steps count records: "1 timesheet", "2 candidates". */
export const NOUN: Record<ImportKind, [string, string]> = {
  TIMESHEETS: ['timesheet', 'timesheets'],
  CANDIDATES: ['candidate', 'candidates'],
};
export const plural = (n: number, [one, many]: [string, string]) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
