import { describe, expect, it } from 'vitest';
import { wholeList } from '@/lib/payslips/server/review';

/** A list of `total` rows served 100 a page, without totals (as the documented payslip list); `ignorePage`: always page 1. */
function list(total: number, { ignorePage = false } = {}) {
  const asked: number[] = [];
  const fetchPage = async (page: number, size: number) => {
    asked.push(page);
    const from = ((ignorePage ? 1 : page) - 1) * size;
    const data = Array.from({ length: Math.max(0, Math.min(size, total - from)) }, (_, i) => ({ id: `PL-${from + i + 1}` }));
    return { data, meta: { page, size, totalDocs: null, totalPages: null, hasMore: data.length >= size } };
  };
  return { fetchPage, asked };
}

describe('reading a whole list for the review', () => {
  it('reads to the first short page, a few pages at a time', async () => {
    const { fetchPage, asked } = list(750);
    const { items, complete } = await wholeList(fetchPage);
    expect(complete).toBe(true);
    expect(items).toHaveLength(750);
    expect(new Set(items.map((i) => i.id)).size).toBe(750);
    expect(asked).toEqual([1, 2, 3, 4, 5, 6, 7, 8]); // page 8 is short: the end, nothing more asked
  });

  it('is incomplete when the server ignores `page` (the same page again) or the list outruns 100 pages', async () => {
    const ignored = await wholeList(list(500, { ignorePage: true }).fetchPage);
    expect(ignored).toMatchObject({ complete: false });
    expect(ignored.items).toHaveLength(100); // stopped at the repeat, not 100 pages of the same rows
    const long = list(100 * 100 + 1);
    const { complete, items } = await wholeList(long.fetchPage);
    expect(complete).toBe(false);
    expect(items).toHaveLength(100 * 100);
    expect(Math.max(...long.asked)).toBe(100);
  });

  it('is complete for an empty list and for a list of exactly full pages', async () => {
    expect(await wholeList(list(0).fetchPage)).toEqual({ items: [], complete: true });
    expect((await wholeList(list(400).fetchPage)).items).toHaveLength(400);
  });
});
