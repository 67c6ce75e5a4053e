import type { Currency } from '../money-format';

/**
 * File imports (timesheets in Nxsys's Master Template, candidates in our template): the shapes, labels and column
 * rules the browser and the routes share. Zod-free and client-safe, so the import pages load no schema library;
 * the request schemas the routes validate with are in ./schema.ts (which re-exports all of this).
 */
export const IMPORT_KINDS = ['TIMESHEETS', 'CANDIDATES'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Limits of one file, stated in every message about them. */
export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_ROWS = 2000;
export const MAX_FILE_LABEL = '1 MB';

export const PAY_FREQUENCIES = { WEEKLY: 'Weekly', TWO_WEEKLY: 'Every two weeks', MONTHLY: 'Monthly' } as const;
export type PayFrequency = keyof typeof PAY_FREQUENCIES;

export interface ColumnDef {
  field: string;
  /** The header as our template writes it. */
  header: string;
  /** Other spellings seen in files (compared after normalising). */
  aliases?: string[];
  required?: boolean;
  /** Kept for the report, never sent to Nxsys: a formula there is left out with a note, not refused. */
  notSent?: boolean;
}

/**
 * Nxsys's timesheet Master Template (support KB): Employee ID (the worker's reference, often the NI number),
 * Forename, Surname, Tax Period, Start Date, End Date (optional), Payment Code, Description, Rate, Unit, Site ID
 * (optional); the older template has Agency ID and Agency Ref instead of the names.
 */
export const TIMESHEET_COLUMNS: ColumnDef[] = [
  { field: 'employeeId', header: 'Employee ID', aliases: ['Employee Ref', 'Employee Reference', 'Worker ID'] },
  { field: 'forename', header: 'Forename', aliases: ['First Name'] },
  { field: 'surname', header: 'Surname', aliases: ['Last Name'] },
  { field: 'taxPeriod', header: 'Tax Period', aliases: ['Period', 'Tax Week'], required: true },
  { field: 'startDate', header: 'Start Date', aliases: ['Period Start'], required: true },
  { field: 'endDate', header: 'End Date', aliases: ['Period End'] },
  { field: 'paymentCode', header: 'Payment Code', aliases: ['Pay Code', 'Rate Code'], required: true },
  { field: 'description', header: 'Description', notSent: true },
  { field: 'rate', header: 'Rate', aliases: ['Pay Rate'], required: true },
  { field: 'unit', header: 'Unit', aliases: ['Units', 'Hours', 'Quantity'], required: true },
  { field: 'siteId', header: 'Site ID', aliases: ['Site'], notSent: true },
  { field: 'agencyId', header: 'Agency ID', notSent: true },
  { field: 'agencyRef', header: 'Agency Ref', aliases: ['Agency Reference'] },
];

/** Our candidate template: the fields of the onboarding form that a first import needs (UK candidates). */
export const CANDIDATE_COLUMNS: ColumnDef[] = [
  { field: 'title', header: 'Title' },
  { field: 'forename', header: 'Forename', aliases: ['First Name'], required: true },
  { field: 'surname', header: 'Surname', aliases: ['Last Name'], required: true },
  { field: 'gender', header: 'Gender' },
  { field: 'DOB', header: 'Date of Birth', aliases: ['DOB'], required: true },
  { field: 'NINumber', header: 'NI Number', aliases: ['National Insurance Number', 'NINO'], required: true },
  { field: 'email', header: 'Email', aliases: ['Email Address'], required: true },
  { field: 'mobile', header: 'Mobile', aliases: ['Mobile Number', 'Phone'] },
  { field: 'address1', header: 'Address Line 1', aliases: ['Address'] },
  { field: 'address2', header: 'Address Line 2' },
  { field: 'city', header: 'City', aliases: ['Town'] },
  { field: 'postCode', header: 'Postcode', aliases: ['Post Code'] },
  { field: 'dateOfJoining', header: 'Start Date', aliases: ['Date of Joining'] },
  { field: 'payFrequency', header: 'Pay Frequency' },
  { field: 'paymentModel', header: 'Payment Model' },
  { field: 'sortCode', header: 'Sort Code' },
  { field: 'accountNumber', header: 'Account Number' },
  { field: 'accountName', header: 'Account Name' },
  // The bank's name is required by the onboarding form; the import never makes one up.
  { field: 'bankName', header: 'Bank Name' },
  // "Yes": the candidate is e-mailed an onboarding link (lib/onboarding) instead of being created from the row.
  { field: 'country', header: 'Country' },
  { field: 'sendOnboardingLink', header: 'Send onboarding link', aliases: ['Onboarding link', 'Send link'] },
];

export const columnsOf = (kind: ImportKind) => (kind === 'TIMESHEETS' ? TIMESHEET_COLUMNS : CANDIDATE_COLUMNS);

/** Header names are matched ignoring case, spaces and punctuation: "employee id", "EmployeeID", "Employee_ID". */
export const normaliseHeader = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Column index per field, from the file's header row; unknown headers are left for the mapping step. */
export function suggestMapping(kind: ImportKind, header: string[]): Record<string, number> {
  const mapping: Record<string, number> = {};
  header.forEach((name, index) => {
    const n = normaliseHeader(name);
    if (!n) return;
    const column = columnsOf(kind).find((c) => [c.header, ...(c.aliases ?? [])].some((h) => normaliseHeader(h) === n));
    if (column && mapping[column.field] === undefined) mapping[column.field] = index;
  });
  return mapping;
}

/** Fields a mapping still lacks before a preview makes sense. */
export function missingColumns(kind: ImportKind, mapping: Record<string, number>): ColumnDef[] {
  // A file that can invite may leave out what only the candidate fills in; its other rows are still checked in full.
  const invites = kind === 'CANDIDATES' && mapping.sendOnboardingLink !== undefined;
  const optional = invites ? ['DOB', 'NINumber'] : [];
  const missing = columnsOf(kind).filter((c) => c.required && mapping[c.field] === undefined && !optional.includes(c.field));
  if (kind === 'TIMESHEETS') {
    const identified = ['employeeId', 'agencyRef', 'forename'].some((f) => mapping[f] !== undefined);
    if (!identified) missing.unshift(TIMESHEET_COLUMNS[0]!);
  }
  return missing;
}

export interface ParsedFile {
  fileName: string;
  fileHash: string;
  header: string[];
  rows: { rowNumber: number; cells: string[] }[];
  /** How a CSV's bytes were read ("UTF-8", "Windows-1252 (Western European)", …) and its delimiter; absent for .xlsx. */
  encoding?: string;
  delimiter?: string;
  /** A workbook's sheets (name, data rows, past the row limit) when it has several, and the one read. */
  sheets?: { name: string; rows: number; overRows?: boolean }[];
  sheet?: string;
  /** What was read but left out, e.g. a formula in a column the import does not read. */
  notes?: string[];
}

/** What the browser gets back for an upload: the rows to preview and the id of the file the server keeps (with its hash). */
export interface UploadedFile {
  uploadId: string;
  fileName: string;
  header: string[];
  rows: { rowNumber: number; cells: string[] }[];
  encoding?: string;
  delimiter?: string;
  /** A workbook's sheets (name, data rows, past the row limit) when it has several, and the one read. */
  sheets?: { name: string; rows: number; overRows?: boolean }[];
  sheet?: string;
  /** What was read but left out, e.g. a formula in a column the import does not read. */
  notes?: string[];
}

/** A record an earlier import or copy already sent (or is sending) for the same candidate and period. */
export interface SentBefore {
  importId: string;
  state: ItemState;
  nxsysId: string | null;
}

/** A line identical to an earlier one of the same worker and period: left out unless the user keeps it. */
export interface DuplicateLine {
  rowNumber: number;
  sameAs: number;
  label: string;
  kept: boolean;
}

/** One currency's sums: totals never add pounds and euros together. */
export interface MoneyTotal {
  currency: Currency;
  net: string;
  vat: string;
  total: string;
}

/** The preview's table: every row not skipped, or only the rows with problems (`?show=problems`). */
export const ROW_FILTERS = ['all', 'problems'] as const;
export type RowFilter = (typeof ROW_FILTERS)[number];
export const rowFilter = (value: unknown): RowFilter => (value === 'problems' ? 'problems' : 'all');

export interface RowProblem {
  rowNumber: number;
  /** Field → message (per cell); `_` for the row as a whole. */
  errors: Record<string, string>;
}

/** A row the user chose to leave out, with its problems ("Tax Period: …"), or why it was left out. */
export interface SkippedRow {
  rowNumber: number;
  reason: string;
}

/**
 * One correction for many rows, shown (how many rows, which cells become what) before the user applies it:
 * applying it edits the cells in the browser and the preview checks them again.
 */
export interface ColumnFix {
  kind: 'nxsysName' | 'taxPeriod' | 'paymentCode';
  label: string;
  /** For a payment code Nxsys does not have: the code, and the codes it could be mapped to (the user chooses). */
  from?: string;
  choices?: string[];
  changes: { rowNumber: number; field: string; value: string }[];
}

export interface PreviewLine {
  rowNumber: number;
  code: string;
  rate: string;
  units: string;
  net: string;
}

/** A timesheet Nxsys already holds for the candidate and an overlapping period, however it was made. */
export interface HeldTimesheet {
  id: string;
  startDate: string;
  endDate: string;
}

export interface PreviewTimesheet {
  key: string;
  candidateId: string;
  candidateName: string;
  startDate: string;
  endDate: string;
  taxYear: number;
  taxPeriod: number;
  lines: PreviewLine[];
  net: string;
  vat: string;
  total: string;
  /** From the candidate's country (UK: GBP, Ireland: EUR); null when it cannot be told (then in no total). */
  currency: Currency | null;
  alreadyImported: boolean;
  sentBefore: SentBefore | null;
  /**
   * Timesheets Nxsys already holds for this candidate and an overlapping period (besides the one `sentBefore`
   * made); null when Nxsys could not be read to tell: then, as when it holds one, left out unless ticked.
   */
  heldInNxsys: HeldTimesheet[] | null;
  /** Sent before, held in Nxsys or not checked, and not ticked to be sent anyway: left out of the import. */
  skipped: boolean;
}

export interface PreviewCandidate {
  key: string;
  rowNumber: number;
  name: string;
  email: string;
  /** "Send onboarding link": e-mailed a link to fill in their own details, not created in Nxsys from the row. */
  invite?: boolean;
  alreadyImported: boolean;
  sentBefore: SentBefore | null;
  skipped: boolean;
}

export interface ImportPreview {
  kind: ImportKind;
  rowCount: number;
  /** Problems of the rows that would be sent: the import starts only when there are none. */
  problems: RowProblem[];
  /** Rows the user skipped: not sent, listed in the report with their reasons. */
  skippedRows: SkippedRow[];
  fixes: ColumnFix[];
  timesheets: PreviewTimesheet[];
  candidates: PreviewCandidate[];
  /** Per currency, over the timesheets that will be sent. */
  totals: MoneyTotal[];
  /** Timesheets to send whose currency cannot be told: in no total. */
  uncounted: number;
  duplicates: DuplicateLine[];
  /** The same file (by content) was imported before. */
  sameFile: { importId: string; at: string; status: string } | null;
  /** Records of this file that an earlier import already created in Nxsys. */
  alreadyImportedCount: number;
}

export const ITEM_STATES = {
  PENDING: 'Waiting',
  SENDING: 'Sending',
  CREATED: 'Created',
  FAILED: 'Failed',
  /** Nxsys could not tell whether it was created: a person looks (candidate and period); never sent again on its own. */
  UNKNOWN: 'Check in Nxsys',
  CANCELLED: 'Not sent (cancelled)',
} as const;
export type ItemState = keyof typeof ITEM_STATES;

export interface ImportStatus {
  id: string;
  kind: ImportKind;
  fileName: string;
  /** FAILED is "Stopped" (the connection was lost): resumed by itself, or by **Resume**, once it works again. */
  status: 'QUEUED' | 'RUNNING' | 'FINISHED' | 'FAILED' | 'CANCELLED';
  total: number;
  created: number;
  failed: number;
  unknown: number;
  cancelled: number;
  done: number;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
  items: { seq: number; rowNumbers: number[]; label: string; state: ItemState; nxsysId: string | null; error: string | null }[];
}

/** "15/04/2026", "15/4/2026", "2026-04-15" → "2026-04-15"; anything else → null (also impossible dates). */
export function parseDay(value: string): string | null {
  const v = value.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00:00(?:\.000)?Z?)?$/.exec(v)))
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900 || y > 2100) return null;
  return date.toISOString().slice(0, 10);
}

export const addDays = (isoDay: string, days: number) =>
  new Date(Date.parse(`${isoDay}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export interface CopyPreview {
  timesheets: (PreviewTimesheet & { fromId: string })[];
  /** Timesheets that cannot be copied, and why. */
  skipped: { id: string; reason: string }[];
  alreadyImportedCount: number;
  totals: MoneyTotal[];
  uncounted: number;
}
