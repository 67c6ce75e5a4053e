/**
 * Nxsys record ids: a prefix, a dash and up to 12 digits (`SR-12`). The one place the pattern is written;
 * forms, routes and server lookups all check ids with it. Client-safe.
 */
export const ID_PREFIXES = {
  candidate: 'SR',
  paymentRate: 'PR',
  timesheet: 'TS',
  payslip: 'PL',
  vatCode: 'VC',
} as const;

export type RecordKind = keyof typeof ID_PREFIXES;

const patterns = Object.fromEntries(
  Object.entries(ID_PREFIXES).map(([kind, prefix]) => [kind, new RegExp(`^${prefix}-\\d{1,12}$`)]),
) as Record<RecordKind, RegExp>;

/** The pattern for one kind of record id (for zod's `.regex`). */
export const idPattern = (kind: RecordKind): RegExp => patterns[kind];

/** Whether `id` is a well-formed id of this kind (a lookup of anything else is a 404 without asking Nxsys). */
export const isRecordId = (kind: RecordKind, id: string): boolean => patterns[kind].test(id);
