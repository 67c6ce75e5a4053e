import 'server-only';
import ExcelJS from 'exceljs';
import { ApiError } from '@/lib/errors/api-error';
import type { Currency } from '@/lib/money-format';
import { recordAudit, type AuditAction } from './audit';
import type { CurrentUser } from './auth/current-user';
import { requireRecentSecondFactor } from './auth/step-up';
import { csvResponse, spreadsheetText } from './csv';
import { db } from './db';
import { authedRoute } from './http/route';

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

/**
 * GET handler of a list's export: exactly the records the list's URL selects, in its order, every page, as
 * `format`=csv|xlsx. Read in full before answering, so that a Nxsys failure is a JSON error, not a broken file.
 * Names and pay of everyone the filter selects are personal data: a recent second factor, and an audit entry.
 */
export function listExportRoute(spec: {
  action: AuditAction;
  targetType: string;
  /** The query keys the audit log keeps — never free text, which may hold a name. */
  auditedKeys: readonly string[];
  table: (user: CurrentUser, params: URLSearchParams) => Promise<ExportTable>;
}) {
  return authedRoute(
    async (request, { user }) => {
      await requireRecentSecondFactor(user);
      const params = new URL(request.url).searchParams;
      const format = exportFormatOf(params);
      const table = await spec.table(user, params);
      const filters = Object.fromEntries(spec.auditedKeys.flatMap((key) => (params.get(key) ? [[key, params.get(key)]] : [])));
      await recordAudit(db, {
        agencyId: user.agency.id,
        actorId: user.id,
        action: spec.action,
        targetType: spec.targetType,
        details: { format, rows: table.rows.length, filters },
      });
      return exportResponse(table, format);
    },
    { sameOriginOnly: true },
  );
}
