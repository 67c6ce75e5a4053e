// The portal's reading of Nxsys's documented variants, piece by piece (the contract suite runs them end to end).
import { describe, expect, it } from 'vitest';
import { ukDate } from '@/lib/dates';
import { normalisePage, scanList } from '@/lib/server/nxsys/normalise';
import { refreshMarginMs } from '@/lib/server/nxsys/token-manager';
import { candidateView, fromNxsysCandidate } from '@/lib/candidates/nxsys';
import { paymentModelLabel } from '@/lib/labels';
import { nxsysTimesheetSchema } from '@/lib/timesheets/schema';

const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: `SR-${from + i}` }));

describe('lists', () => {
  it('report totals only when Nxsys sent them; without them a full page may have more', () => {
    expect(normalisePage({ items: rows(20) }, { page: 1, size: 20 }).meta).toEqual({
      page: 1,
      size: 20,
      totalDocs: null,
      totalPages: null,
      hasMore: true,
    });
    expect(normalisePage({ items: rows(5) }, { page: 3, size: 20 }).meta.hasMore).toBe(false);
    expect(
      normalisePage({ data: rows(20), meta: { totalDocs: '40', page: '2', size: '20', totalPages: '2' } }, { page: 2, size: 20 }).meta,
    ).toMatchObject({ totalDocs: 40, totalPages: 2, hasMore: false });
    expect(normalisePage({ data: rows(20), totalDocs: 45 }, { page: 2, size: 20 }).meta).toMatchObject({
      totalDocs: 45,
      totalPages: 3,
      hasMore: true,
    });
    expect(normalisePage(rows(3), { page: 1, size: 20 }).data).toHaveLength(3);
  });

  it('are read until a short page, within a bound', async () => {
    const fetchPage = async (page: number, size: number) =>
      normalisePage({ items: rows(page <= 2 ? size : 7, (page - 1) * size) }, { page, size });
    expect(await scanList(fetchPage)).toMatchObject({ complete: true });
    expect((await scanList(fetchPage)).matches).toHaveLength(207);
    const endless = async (page: number, size: number) => normalisePage({ items: rows(size) }, { page, size });
    expect(await scanList(endless, { maxPages: 3 })).toMatchObject({ complete: false });
  });

  it('are incomplete, not empty, when the server sends the same page again (it ignores `page`)', async () => {
    const samePage = async (page: number, size: number) => normalisePage({ items: rows(size) }, { page, size });
    const scan = await scanList(samePage, { maxPages: Infinity });
    expect(scan).toMatchObject({ complete: false });
    expect(scan.matches).toHaveLength(100);
  });
});

describe('candidates', () => {
  it('are read from the documented read by id (general fields on the candidate, bank, setting) without defaults', () => {
    const raw = {
      id: 'SR-1',
      forename: 'Aoife',
      address: ['1 Main St'],
      pensionSetting: { scheme: 'NEST' },
      bank: { IBANReference: 'IE29AIBK93115212345678' },
      setting: { paymentModel: 'PAYEE' },
    };
    const v = candidateView(raw);
    expect(v.general).toMatchObject({ forename: 'Aoife', gender: null, payFrequency: null, address: ['1 Main St'] });
    expect(v.pension).toEqual({ scheme: 'NEST', optState: null });
    expect(paymentModelLabel(v.payroll.paymentModel)).toBe('PAYE');
    expect(paymentModelLabel(null)).toBe('—');
    const form = fromNxsysCandidate('ie', raw);
    expect(form.generalSetting).toMatchObject({ forename: 'Aoife', gender: '', payFrequency: '', title: '' }); // unset, not "Male"
    expect(form.pensionSetting).toEqual({ scheme: 'NEST', optState: '' });
  });
});

describe('timesheets and dates', () => {
  it('accept numbers and strings alike', () => {
    const t = nxsysTimesheetSchema.parse({
      id: 'TS-1',
      taxYear: '2026',
      taxPeriod: 33,
      totalNet: 100,
      rates: [{ rateId: 'PR-1', rate: 12.5, units: '7.5', vatID: 'VC-1' }],
      subcontractorRef: { id: 'SR-1' },
    });
    expect(t).toMatchObject({
      taxYear: 2026,
      taxPeriod: 33,
      totalNet: '100',
      paymentModel: null,
      subcontractorRef: { id: 'SR-1', fullName: null },
    });
    expect(t.rates[0]).toMatchObject({ rate: '12.5', units: '7.5' });
  });

  it('show dates as dd/mm/yyyy, and "—" for none', () => {
    expect(ukDate('2026-11-24')).toBe('24/11/2026');
    expect(ukDate('2026-11-24T10:00:00.000Z')).toBe('24/11/2026');
    expect(ukDate(null)).toBe('—');
  });
});

describe('the refresh margin', () => {
  it('is a minute for an hour-long token and a quarter of a short one', () => {
    const at = new Date('2026-11-24T10:00:00Z');
    const row = (seconds: number) => ({
      connectedAt: at,
      lastRefreshedAt: null,
      accessTokenExpiresAt: new Date(at.getTime() + seconds * 1000),
    });
    expect(refreshMarginMs(row(3600))).toBe(60_000);
    expect(refreshMarginMs(row(40))).toBe(10_000);
  });
});
