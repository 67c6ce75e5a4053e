import 'server-only';
import ExcelJS from 'exceljs';
import { ApiError } from '@/lib/errors/api-error';
import type { Currency } from '@/lib/money-format';
import { csvResponse, spreadsheetText } from './csv';

/**
 * A list export as a table, the same for CSV and XLSX: one row per record, money as Nxsys's 2-decimal strings
 * with the row's currency in its own column (pounds and euro are never added: the file holds no total).
 */
export interface ExportTable {
  /** The download's name without its extension ("timesheets-2026-12-04"). */
  name: string;
  header: string[];
  /** Headers of the money columns: numbers in the XLSX, in the row's currency. */
  money: ReadonlySet<string>;
  rows: { cells: (string | number | null)[]; currency: Currency | null }[];
}

export type ExportFormat = 'csv' | 'xlsx';

/** `format` from an export's query: csv (the default) or xlsx; anything else is a 400 with the field named. */
export function exportFormatOf(params: URLSearchParams): ExportFormat {
  const format = params.get('format') ?? 'csv';
  if (format === 'csv' || format === 'xlsx') return format;
  throw new ApiError('validation_failed', 'Choose CSV or XLSX.', { format: 'Choose CSV or XLSX.' });
}

const NUMBER_FORMAT: Record<Currency | 'none', string> = { GBP: '"£"#,##0.00', EUR: '"€"#,##0.00', none: '#,##0.00' };

/** The table as a download: CSV (through the formula guard) or an XLSX workbook of one sheet. */
export async function exportResponse(table: ExportTable, format: ExportFormat): Promise<Response> {
  if (format === 'csv') {
    return csvResponse(
      `${table.name}.csv`,
      table.header,
      (async function* () {
        for (const row of table.rows) yield row.cells;
      })(),
    );
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Nxsys agency portal';
  const sheet = workbook.addWorksheet('Export');
  sheet.addRow(table.header).font = { bold: true };
  const moneyAt = table.header.flatMap((h, i) => (table.money.has(h) ? [i] : []));
  for (const { cells, currency } of table.rows) {
    const row = sheet.addRow(
      cells.map((cell, i) =>
        moneyAt.includes(i) && cell !== null && cell !== '' && Number.isFinite(Number(cell)) ? Number(cell) : spreadsheetText(cell),
      ),
    );
    for (const i of moneyAt) row.getCell(i + 1).numFmt = NUMBER_FORMAT[currency ?? 'none'];
  }
  table.header.forEach((_, i) => (sheet.getColumn(i + 1).width = 18));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${table.name}.xlsx"`,
      'Cache-Control': 'no-store',
    },
  });
}
