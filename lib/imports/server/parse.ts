import 'server-only';
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { ApiError } from '@/lib/errors/catalogue';
import { MAX_FILE_BYTES, MAX_FILE_LABEL, MAX_ROWS, type ParsedFile } from '../schema';

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
  if (bytes.subarray(0, 4096).includes(0)) throw refuse('This file is not a CSV or Excel (.xlsx) file: it contains binary data.');
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

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function parseCsv(fileName: string, bytes: Uint8Array): ParsedFile {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refuse(
      'The file is not UTF-8 text (its characters cannot be read). In Excel, save it as "CSV UTF-8 (comma delimited)" and upload it again.',
    );
  }
  text = text.replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false, delimiter: '' });
  const table = parsed.data.map((cells, i) => ({ rowNumber: i + 1, cells: cells.map((c) => String(c ?? '')) }));
  // A cell a spreadsheet would compute is refused: the value sent must be the value the person saw.
  for (const row of table.slice(1)) {
    const index = row.cells.findIndex((c) => /^\s*=/.test(c));
    if (index >= 0) {
      throw refuse(
        `Row ${row.rowNumber}, column ${columnName(index)} holds a formula (${row.cells[index]!.slice(0, 40)}). Formulas are not accepted: enter the value itself.`,
      );
    }
  }
  return finish(fileName, bytes, table);
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  return cell.text ?? '';
}

async function parseXlsx(fileName: string, bytes: Uint8Array): Promise<ParsedFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch {
    throw refuse('This Excel file cannot be read: it may be damaged or password-protected. Save it again as .xlsx or CSV UTF-8.');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw refuse('The file is empty: it has no worksheet.');
  if (sheet.rowCount > MAX_ROWS + 1) {
    throw refuse(
      `The file has ${(sheet.rowCount - 1).toLocaleString('en-GB')} rows; one import takes at most ${MAX_ROWS.toLocaleString('en-GB')}. Split it into smaller files.`,
    );
  }
  const table: { rowNumber: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (cell.type === ExcelJS.ValueType.Formula || cell.formula) {
        throw refuse(
          `Cell ${cell.address} holds a formula. Formulas are not accepted: enter the value itself (copy, then paste as values).`,
        );
      }
      cells[col - 1] = cellText(cell);
    });
    table.push({ rowNumber, cells: Array.from(cells, (c) => c ?? '') });
  });
  return finish(fileName, bytes, table);
}

/** Reads an uploaded CSV or XLSX file into a header and rows of text, refusing anything the import cannot trust. */
export async function parseUpload(fileName: string, bytes: Uint8Array): Promise<ParsedFile> {
  if (bytes.byteLength > MAX_FILE_BYTES)
    throw refuse(`The file is too large: the limit is ${MAX_FILE_LABEL}. Split it into smaller files.`);
  if (bytes.byteLength === 0) throw refuse('The file is empty.');
  const name = fileName.replace(/[\\/]/g, '_').slice(0, 200) || 'upload.csv';
  return sniff(bytes, name) === 'xlsx' ? parseXlsx(name, bytes) : parseCsv(name, bytes);
}
