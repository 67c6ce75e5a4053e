import { describe, expect, it } from 'vitest';
import { csvResponse, csvRow } from '@/lib/server/csv';
import { allPages } from '@/lib/server/nxsys/normalise';

describe('CSV export', () => {
  it('quotes as RFC 4180 says and keeps formulas from running in a spreadsheet', () => {
    expect(csvRow(['PL-1', 'Smith, Jo', 'say "hi"', null, 12.5])).toBe('PL-1,"Smith, Jo","say ""hi""",,12.5\r\n');
    expect(csvRow(['=HYPERLINK("http://x")', '+1', '@SUM(A1)', '-2+3', '\tx'])).toBe(
      `"'=HYPERLINK(""http://x"")",'+1,'@SUM(A1),'-2+3,'\tx\r\n`,
    );
    expect(csvRow(['-20.00', '-5', '0.00'])).toBe('-20.00,-5,0.00\r\n'); // negative amounts stay numbers
  });

  it('streams every page, with a BOM and the header first', async () => {
    const pages = [['a', 'b'], ['c']];
    const rows = async function* () {
      for await (const item of allPages(async (page) => ({ data: pages[page - 1] ?? [], meta: { hasMore: page < 2 } }))) yield [item];
    };
    const response = csvResponse('x.csv', ['letter'], rows());
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="x.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // so Excel reads UTF-8 names right
    expect(new TextDecoder().decode(bytes.subarray(3))).toBe('letter\r\na\r\nb\r\nc\r\n');
  });
});
