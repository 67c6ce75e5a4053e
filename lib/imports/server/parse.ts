import 'server-only';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Papa from 'papaparse';
import { ApiError } from '@/lib/errors/api-error';
import {
  MAX_FILE_BYTES,
  MAX_FILE_LABEL,
  MAX_ROWS,
  columnsOf,
  missingColumns,
  suggestMapping,
  type ImportKind,
  type ParsedFile,
} from '../schema';

/** What the upload is for (the template its header is matched against) and, in a workbook, the sheet chosen. */
export interface ParseOptions {
  kind?: ImportKind;
  sheet?: string;
}

type Table = { rowNumber: number; cells: string[] }[];
/** A cell holding a formula: where it is, as the message names it ("Cell C2", "Row 2, column B (=1+1)"). */
type Formula = { rowNumber: number; column: number; where: string };
/** One worksheet as ./xlsx-worker.mjs reads it: its rows, and its formulas' cells (read as empty). */
type WorkerSheet = { name: string; table: Table; formulas: { rowNumber: number; column: number; ref: string }[]; rowsPastLimit?: number };

const MAX_COLUMNS = 60;
const MAX_CELL = 500;

const refuse = (message: string) => new ApiError('import_file_invalid', message);

/** What kind of file the bytes are, whatever its name says. */
function sniff(bytes: Uint8Array, fileName: string): 'csv' | 'xlsx' {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  const lower = fileName.toLowerCase();
  if (ole || lower.endsWith('.xls'))
    throw refuse('This is an old Excel file (.xls). Save it as .xlsx or as CSV UTF-8 and upload it again.');
  if (zip) {
    if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm')) return 'xlsx';
    throw refuse('This file is not a CSV or Excel (.xlsx) file. Upload the template saved as CSV or .xlsx.');
  }
  if (lower.endsWith('.xlsx')) throw refuse('This file is not a real Excel (.xlsx) file: it may be damaged. Save it again and upload it.');
  if (!lower.endsWith('.csv') && !lower.endsWith('.txt')) {
    throw refuse('This file is not a CSV or Excel (.xlsx) file. Upload the template saved as CSV or .xlsx.');
  }
  return 'csv';
}

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

function finish(fileName: string, bytes: Uint8Array, table: { rowNumber: number; cells: string[] }[]): ParsedFile {
  const rows = table.filter((r) => !isBlank(r.cells));
  if (rows.length === 0) throw refuse('The file is empty: it has no header row and no data.');
  const [headerRow, ...data] = rows;
  const header = headerRow!.cells.map((c) => c.trim());
  if (header.length > MAX_COLUMNS) throw refuse(`The file has ${header.length} columns; the template has at most ${MAX_COLUMNS}.`);
  if (data.length === 0) throw refuse('The file has a header row but no data rows.');
  if (data.length > MAX_ROWS) {
    throw refuse(
      `The file has ${data.length.toLocaleString('en-GB')} rows; one import takes at most ${MAX_ROWS.toLocaleString('en-GB')}. Split it into smaller files.`,
    );
  }
  const long = data.find((r) => r.cells.some((c) => c.length > MAX_CELL));
  if (long) throw refuse(`Row ${long.rowNumber} has a cell longer than ${MAX_CELL} characters.`);
  return {
    fileName,
    fileHash: createHash('sha256').update(bytes).digest('hex'),
    header,
    rows: data.map((r) => ({ rowNumber: r.rowNumber, cells: header.map((_, i) => (r.cells[i] ?? '').trim()) })),
  };
}

/**
 * A formula in a column the import reads is refused at its cell: the value sent must be the value the person saw.
 * One in a column the template does not have (a Description-like note) was read as empty and is listed as a note.
 * Without a kind to match the header against, every formula is refused.
 */
function screenFormulas(table: Table, formulas: Formula[], kind: ImportKind | undefined): string[] {
  if (formulas.length === 0) return [];
  const headerRow = table.find((r) => !isBlank(r.cells));
  const header = headerRow?.cells.map((c) => c.trim()) ?? [];
  const sent = kind
    ? Object.entries(suggestMapping(kind, header)).filter(([field]) => !columnsOf(kind).find((c) => c.field === field)?.notSent)
    : [];
  const read = new Set(sent.map(([, index]) => index));
  return formulas.map((f) => {
    if (!kind || read.has(f.column) || !headerRow || f.rowNumber <= headerRow.rowNumber) {
      throw refuse(`${f.where} holds a formula. Formulas are not accepted: enter the value itself (copy, then paste as values).`);
    }
    return `${f.where.replace(/ \(=.*\)$/, '')} (${header[f.column] || 'a column without a header'}) holds a formula: left empty, as the import does not send that column.`;
  });
}

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * The text of a CSV as Excel and other tools save it: UTF-8 (with or without a byte-order mark), UTF-16 (a mark,
 * or the zero bytes of mostly-ASCII text) or, when the bytes are not valid UTF-8, Windows-1252 (Excel's
 * "CSV (comma delimited)" on a UK/Irish Windows: £ is 0xA3). Decoded by the runtime's WHATWG TextDecoder (ICU):
 * the encoding is decided from the bytes, not guessed statistically, so a file of plain ASCII plus one £ is
 * never read as some other code page.
 */
function decodeCsv(bytes: Uint8Array): { text: string; encoding: string } {
  const decode = (label: string, from = 0) => new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(from));
  const attempt = (label: string, from: number, encoding: string) => {
    try {
      return { text: decode(label, from), encoding };
    } catch {
      throw refuse(`The file says it is ${encoding} but its characters cannot be read. Save it as "CSV UTF-8" and upload it again.`);
    }
  };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return attempt('utf-8', 3, 'UTF-8 (with BOM)');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return attempt('utf-16le', 2, 'UTF-16 LE');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return attempt('utf-16be', 2, 'UTF-16 BE');
  // UTF-16 without a mark: text in Latin letters has a zero byte in every other place.
  const head = bytes.subarray(0, 4096);
  let evenZeros = 0;
  let oddZeros = 0;
  head.forEach((b, i) => {
    if (b === 0) {
      if (i % 2) oddZeros++;
      else evenZeros++;
    }
  });
  const half = head.length / 4;
  if (oddZeros > half && evenZeros === 0 && head.length % 2 === 0) return attempt('utf-16le', 0, 'UTF-16 LE');
  if (evenZeros > half && oddZeros === 0 && head.length % 2 === 0) return attempt('utf-16be', 0, 'UTF-16 BE');
  if (evenZeros + oddZeros > 0) throw refuse('This file is not a CSV or Excel (.xlsx) file: it contains binary data.');
  try {
    return { text: decode('utf-8'), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'Windows-1252 (Western European)' };
  }
}

function parseCsv(fileName: string, bytes: Uint8Array, options: ParseOptions): ParsedFile {
  const { text, encoding } = decodeCsv(bytes);
  if (text.includes('\u0000')) throw refuse('This file is not a CSV or Excel (.xlsx) file: it contains binary data.');
  // Excel writes ";" where the decimal separator is a comma, and tabs for "Unicode Text": the delimiter is the one
  // the header row uses most (papaparse's own guess misses it in files of two or three columns).
  const headerLine = /^[^\r\n]*/.exec(text)![0];
  const delimiter = [',', ';', '\t'].reduce((best, d) => (headerLine.split(d).length > headerLine.split(best).length ? d : best));
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false, delimiter });
  const table = parsed.data.map((cells, i) => ({ rowNumber: i + 1, cells: cells.map((c) => String(c ?? '')) }));
  const formulas: Formula[] = [];
  for (const row of table.slice(1)) {
    row.cells.forEach((c, column) => {
      if (!/^\s*=/.test(c)) return;
      formulas.push({ rowNumber: row.rowNumber, column, where: `Row ${row.rowNumber}, column ${columnName(column)} (${c.slice(0, 40)})` });
      row.cells[column] = '';
    });
  }
  const notes = screenFormulas(table, formulas, options.kind);
  return { ...finish(fileName, bytes, table), ...(notes.length && { notes }), encoding, delimiter: delimiter === '\t' ? 'tab' : delimiter };
}

// Caps on what an .xlsx may unpack to, checked while the worker reads it (a 1 MB zip can inflate to gigabytes).
// Generous for the largest file an import takes (MAX_ROWS rows of MAX_COLUMNS cells of MAX_CELL characters).
const XLSX_LIMITS = {
  entryBytes: 24 * 1024 * 1024,
  totalBytes: 40 * 1024 * 1024,
  sharedStrings: 200_000,
  sharedChars: 8_000_000,
  cells: 250_000,
  rows: MAX_ROWS,
  columns: MAX_COLUMNS,
};
const XLSX_TIME_MS = 4_000;
const XLSX_MEMORY_MB = 192;

/**
 * An .xlsx is read in a worker thread (./xlsx-worker.mjs) with a memory ceiling and a time budget, so no file
 * can block this process's event loop or take its memory: health and every other request keep being served.
 */
function parseXlsx(fileName: string, bytes: Uint8Array, options: ParseOptions): Promise<ParsedFile> {
  type Answer = {
    sheets?: WorkerSheet[];
    refusal?: { code: 'import_file_invalid' | 'import_file_limit'; message: string };
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(process.cwd(), 'lib/imports/server/xlsx-worker.mjs'), {
      workerData: { bytes, limits: XLSX_LIMITS },
      resourceLimits: { maxOldGenerationSizeMb: XLSX_MEMORY_MB, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const limit = (message: string) => new ApiError('import_file_limit', message);
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            limit(
              `This Excel file takes longer than ${XLSX_TIME_MS / 1000} seconds to read, the import's limit. Save it as CSV UTF-8 and upload it again.`,
            ),
          ),
        ),
      XLSX_TIME_MS,
    );
    worker.on('message', (answer: Answer) =>
      settle(() => {
        if (answer.refusal) reject(new ApiError(answer.refusal.code, answer.refusal.message));
        else
          try {
            resolve(chooseSheet(fileName, bytes, answer.sheets ?? [], options));
          } catch (error) {
            reject(error);
          }
      }),
    );
    worker.on('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? limit(
                `This Excel file needs more than ${XLSX_MEMORY_MB} MB of memory to read, the import's limit. Save it as CSV UTF-8 and upload it again.`,
              )
            : refuse('This Excel file cannot be read: it may be damaged or password-protected. Save it again as .xlsx or CSV UTF-8.'),
        ),
      ),
    );
    worker.on('exit', () => settle(() => reject(refuse('This Excel file cannot be read. Save it again as .xlsx or CSV UTF-8.'))));
  });
}

/**
 * The sheet a workbook is read from: the one chosen, else the first whose header matches the template and that has
 * rows, else the first. Every sheet's name and row count go back so that the user can choose another.
 */
function chooseSheet(fileName: string, bytes: Uint8Array, sheets: WorkerSheet[], options: ParseOptions): ParsedFile {
  if (sheets.length === 0) throw refuse('The file is empty: it has no worksheet.');
  const summaries = sheets.map((s) => sheetSummary(s, options.kind));
  const named = sheets.findIndex((s) => s.name === options.sheet);
  // By default a sheet past the row limit is passed over, so that another sheet of the workbook can still be read.
  const within = summaries.findIndex((s) => s.matches && !s.overRows);
  const chosen =
    named >= 0
      ? named
      : within >= 0
        ? within
        : Math.max(
            0,
            summaries.findIndex((s) => s.matches),
          );
  const sheet = sheets[chosen]!;
  if (sheet.rowsPastLimit) {
    throw new ApiError(
      'import_file_limit',
      `The sheet “${sheet.name}” has more than ${MAX_ROWS.toLocaleString('en-GB')} rows; one import takes at most ${MAX_ROWS.toLocaleString('en-GB')}. Split it into smaller files${sheets.length > 1 ? ', or choose another sheet' : ''}.`,
    );
  }
  const formulas = sheet.formulas.map((f) => ({ rowNumber: f.rowNumber, column: f.column, where: `Cell ${f.ref}` }));
  const notes = screenFormulas(sheet.table, formulas, options.kind);
  return {
    ...finish(fileName, bytes, sheet.table),
    ...(notes.length && { notes }),
    ...(sheets.length > 1 && {
      sheets: summaries.map(({ name, rows, overRows }) => ({ name, rows, ...(overRows && { overRows }) })),
      sheet: sheet.name,
    }),
  };
}

function sheetSummary(sheet: WorkerSheet, kind?: ImportKind) {
  const rows = sheet.table.filter((r) => !isBlank(r.cells));
  const header = rows[0]?.cells.map((c) => c.trim()) ?? [];
  return {
    name: sheet.name,
    rows: Math.max(rows.length - 1, 0) + (sheet.rowsPastLimit ?? 0),
    overRows: !!sheet.rowsPastLimit,
    matches: !!kind && rows.length > 1 && missingColumns(kind, suggestMapping(kind, header)).length === 0,
  };
}

/** Reads an uploaded CSV or XLSX file into a header and rows of text, refusing anything the import cannot trust. */
export async function parseUpload(fileName: string, bytes: Uint8Array, options: ParseOptions = {}): Promise<ParsedFile> {
  if (bytes.byteLength > MAX_FILE_BYTES)
    throw refuse(`The file is too large: the limit is ${MAX_FILE_LABEL}. Split it into smaller files.`);
  if (bytes.byteLength === 0) throw refuse('The file is empty.');
  const name = fileName.replace(/[\\/]/g, '_').slice(0, 200) || 'upload.csv';
  return sniff(bytes, name) === 'xlsx' ? parseXlsx(name, bytes, options) : parseCsv(name, bytes, options);
}
