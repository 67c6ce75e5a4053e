import 'server-only';
import ExcelJS from 'exceljs';
import { ukDateTime } from '@/lib/dates';
import { auditLabel, recordAudit } from '@/lib/server/audit';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { csvResponse, spreadsheetText } from '@/lib/server/csv';
import { db } from '@/lib/server/db';
import { taxPeriodLabel } from '@/lib/tax-period';
import { DIFFERENCE_LABELS, type Match, type RunKey } from '../review';
import { payslipPdf } from './payslips';
import { payRunReview, runId } from './review';
import { storedZip } from './zip';

type Review = Awaited<ReturnType<typeof payRunReview>>;

const MATCH: Record<Match['how'], string> = {
  id: 'by id',
  name: 'by name',
  ambiguous: 'not matched (name of several candidates)',
  none: 'not matched',
};

const REVIEW_HEADER = [
  'Pay run',
  'Payslip ID',
  'Candidate',
  'Candidate ID',
  'Matched',
  'Currency',
  'Timesheet value',
  'Timesheets total',
  'Timesheet IDs',
  'Margin',
  'Gross pay',
  'Difference',
  'Details',
  'Checked by',
  'Checked at',
  'Note',
];
/** The money columns (numbers in the XLSX). */
const MONEY_COLUMNS = new Set(['Timesheet value', 'Timesheets total', 'Margin', 'Gross pay']);

/**
 * The review as rows: one per payslip and difference (a payslip without one: one row, no difference), then the
 * unpaid timesheets; each difference with its checked mark and note. Money as Nxsys's 2-decimal strings.
 */
function reviewRows(review: Review): (string | null)[][] {
  const run = taxPeriodLabel(review.run);
  const markOf = (key: string) => {
    const mark = review.marks.get(key);
    return mark ? [mark.checkedByName, ukDateTime(mark.checkedAt), mark.note] : [null, null, null];
  };
  const rows: (string | null)[][] = [];
  for (const r of review.rows) {
    const base = [
      run,
      r.payslip.id,
      r.name,
      r.candidateId,
      MATCH[r.match.how],
      r.currency,
      r.payslip.figures.timesheetValue,
      r.timesheetsTotal,
      r.timesheets.map((t) => t.id).join(' '),
      r.payslip.figures.margin,
      r.payslip.figures.gross,
    ];
    if (r.differences.length === 0) rows.push([...base, null, null, null, null, null]);
    for (const d of r.differences) rows.push([...base, DIFFERENCE_LABELS[d.kind], d.text, ...markOf(d.key)]);
  }
  for (const u of review.unpaid) {
    const d = u.difference;
    rows.push([
      run,
      null,
      u.name,
      u.timesheet.candidateId,
      null,
      u.currency,
      null,
      u.timesheet.totalNet,
      u.timesheet.id,
      null,
      null,
      DIFFERENCE_LABELS[d.kind],
      d.text,
      ...markOf(d.key),
    ]);
  }
  return rows;
}

/** The review's rows as an XLSX workbook: text through the same formula guard as the CSV exports, money as numbers. */
async function reviewWorkbook(rows: (string | null)[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Nxsys agency portal';
  const sheet = workbook.addWorksheet('Review');
  sheet.addRow(REVIEW_HEADER).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(
      row.map((cell, i) => (MONEY_COLUMNS.has(REVIEW_HEADER[i]!) && cell !== null && cell !== '' ? Number(cell) : spreadsheetText(cell))),
    );
  }
  REVIEW_HEADER.forEach((name, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = name === 'Details' || name === 'Note' ? 60 : 18;
    if (MONEY_COLUMNS.has(name)) column.numFmt = '#,##0.00';
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Every payslip of the run as its one-page PDF (the same as the payslip page's download), in one ZIP. */
export async function runPdfZip(user: Pick<CurrentUser, 'agency'>, review: Review): Promise<Uint8Array> {
  const generatedAt = new Date();
  const files = [];
  // One at a time: each PDF embeds its font subset, and a run's downloads must not starve the instance.
  for (const r of review.rows)
    files.push({ name: `payslip-${r.payslip.id}.pdf`, data: await payslipPdf(r.payslip, user.agency.name, r.currency, generatedAt) });
  return storedZip(files, generatedAt);
}

/** A run's review (differences, checked marks, notes) as a CSV or XLSX download, audited once built. */
export async function exportPayRunReview(user: Pick<CurrentUser, 'agency' | 'id'>, run: RunKey, format: 'csv' | 'xlsx'): Promise<Response> {
  const review = await payRunReview(user, run);
  const filename = `pay-run-${run.taxYear}-${run.taxPeriod}-review.${format}`;
  const rows = reviewRows(review);
  const response =
    format === 'csv'
      ? csvResponse(
          filename,
          REVIEW_HEADER,
          (async function* () {
            yield* rows;
          })(),
        )
      : new Response((await reviewWorkbook(rows)) as Uint8Array<ArrayBuffer>, {
          headers: {
            'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'Content-Disposition': `attachment; filename="${filename}"`,
            'Cache-Control': 'no-store',
          },
        });
  await recordAudit(db, {
    agencyId: user.agency.id,
    actorId: user.id,
    action: 'payslip_review.exported',
    targetType: 'payslip_run',
    targetId: runId(run),
    targetLabel: auditLabel(`Pay run ${taxPeriodLabel(run)}`, format.toUpperCase()),
    details: { payslips: review.rows.length, differences: review.differences.length },
  });
  return response;
}
