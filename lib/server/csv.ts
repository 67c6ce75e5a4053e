import 'server-only';

/**
 * One CSV line (RFC 4180 quoting). Cells that a spreadsheet would run as a formula (= + - @, tab, CR) get a
 * leading apostrophe, so an exported name like "=HYPERLINK(…)" stays text; plain negative numbers are left as they are.
 */
export function csvRow(cells: unknown[]): string {
  return (
    cells
      .map((cell) => {
        let text = cell === null || cell === undefined ? '' : String(cell);
        if (/^[=+\-@\t\r]/.test(text) && !/^-\d+(\.\d+)?$/.test(text)) text = `'${text}`; // a negative amount stays a number
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
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

/**
 * Every item of a paged list, page after page until a short page (or one Nxsys's totals say is the last):
 * lists without totals are normal. `maxPages` bounds a list that never ends.
 */
export async function* allPages<T>(fetchPage: (page: number) => Promise<{ data: T[]; meta: { hasMore: boolean } }>, maxPages = 500) {
  for (let page = 1; page <= maxPages; page++) {
    const { data, meta } = await fetchPage(page);
    yield* data;
    if (!meta.hasMore || data.length === 0) return;
  }
}
