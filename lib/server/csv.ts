import 'server-only';

// A cell a spreadsheet would run as a formula: = + - @ first, after any leading whitespace or control
// characters (spreadsheets skip them), or tab/CR first (OWASP's list).
const FORMULA_START = /^(?:[\s\u0000-\u001f]*[=+\-@]|[\t\r])/;
// The same after a `,` `;` `|` or tab inside a cell: a spreadsheet whose list separator is `;` (most of
// Europe) splits "Bob;=HYPERLINK(…)" into two cells, whatever our quoting says.
const EMBEDDED_FORMULA = /([,;|\t][\s\u0000-\u001f]*)(?=[=+\-@])/g;
// Control characters other than tab, CR and LF (NUL above all) never belong in an export.
const STRIPPED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LEADING_BLANKS = /^[\s\u0000-\u001f]*/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** A cell's text as a spreadsheet must show it (CSV and XLSX exports alike): formulas neutralised with an apostrophe. */
export function spreadsheetText(cell: unknown): string {
  let text = cell === null || cell === undefined ? '' : String(cell);
  text = text.replace(STRIPPED, '');
  if (PLAIN_NUMBER.test(text)) return text; // a negative amount stays a number
  const lead = LEADING_BLANKS.exec(text)![0];
  text = lead + text.slice(lead.length).replace(EMBEDDED_FORMULA, "$1'");
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One cell as text a spreadsheet shows as text: formulas neutralised with a leading apostrophe. */
export function csvCell(cell: unknown): string {
  const text = spreadsheetText(cell);
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (RFC 4180 quoting), every cell through csvCell. */
export function csvRow(cells: unknown[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/**
 * A streamed CSV download built from a paged source, so that an export of every page never holds the whole
 * list in memory and the first rows reach the browser at once.
 */
export function csvResponse(filename: string, header: string[], rows: AsyncIterable<unknown[]>): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        controller.enqueue(encoder.encode('\uFEFF' + csvRow(header))); // BOM: Excel reads UTF-8 names right
        for await (const row of rows) controller.enqueue(encoder.encode(csvRow(row)));
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  });
}
