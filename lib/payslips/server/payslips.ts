import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
// The fork pdfmake uses, with upstream fontkit's subset fixes: @pdf-lib/fontkit wrote a short `loca` table for Noto
// Sans subsets that shifted glyph offsets, so poppler and pdf.js drew most letters blank (pdftotext still read them).
import fontkit from '@foliojs-fork/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { ukDate } from '@/lib/dates';
import { candidateCountries, countryOfPayee } from '@/lib/candidates/server';
import { currencyOf, formatMoney, type Currency } from '@/lib/money';
import { taxPeriodLabel } from '@/lib/tax-period';
import { ApiError } from '@/lib/errors/api-error';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { pageReader } from '@/lib/server/nxsys/lists';
import { scanList } from '@/lib/server/nxsys/normalise';
import { PAYSLIP_BREAKDOWN, payslipSchema, type Payslip } from '../schema';
import { PAYSLIP_LISTS } from './lists';
import { isRecordId } from '@/lib/ids';

/** A payslip from Nxsys in the portal's shape; one it cannot read is a clear upstream error. */
export function parsePayslip(raw: unknown): Payslip {
  const result = payslipSchema.safeParse(raw);
  if (!result.success) throw new ApiError('nxsys_error', 'Nxsys answered with a payslip the portal cannot read.');
  return result.data;
}

/** What a payslip link carries besides the id (documented list fields), so the payslip can be found again. */
export interface PayslipHints {
  taxYear?: string | null;
  taxPeriod?: string | null;
}

/**
 * One payslip. No generation of the Nxsys docs has a payslip read by id, so it is found in the documented
 * list: the link's tax year and period are sent as hints (a server may ignore them) and the list is read
 * until the id turns up, a short page ends it, or the upper bound is reached.
 */
export async function getPayslip(user: Pick<CurrentUser, 'agency'>, id: string, hints: PayslipHints = {}): Promise<Payslip> {
  if (!isRecordId('payslip', id)) throw new ApiError('not_found', 'No such payslip.');
  const query = {
    taxYear: /^\d{4}$/.test(hints.taxYear ?? '') ? hints.taxYear! : undefined,
    taxPeriod: /^\d{1,2}$/.test(hints.taxPeriod ?? '') ? hints.taxPeriod! : undefined,
  };
  const { matches } = await scanList((page, size) => payslipsPage(user, query, page, size), { keep: (item) => item.id === id, enough: 1 });
  if (!matches[0])
    throw new ApiError(
      'nxsys_not_found',
      'Nxsys has no payslip with this id for your agency (or it is beyond the part of the list the portal reads).',
    );
  return parsePayslip(matches[0]);
}

/**
 * The country of a payslip's candidate ('uk' | 'ie'), hence its currency: payslips carry no country, so the
 * candidate is looked up in the two candidate lists (by id when Nxsys sent one, else by a name found in one list
 * only). null when it cannot be told, or the lists cannot be read: the amounts are then shown without a symbol.
 */
export async function payslipCountries(user: Pick<CurrentUser, 'agency'>, payslips: Pick<Payslip, 'candidateId' | 'candidateName'>[]) {
  const countries = await candidateCountries(user).catch(() => null);
  return payslips.map((p) => (countries ? countryOfPayee(countries, p) : null));
}

export async function payslipCurrency(user: Pick<CurrentUser, 'agency'>, payslip: Pick<Payslip, 'candidateId' | 'candidateName'>) {
  const [country] = await payslipCountries(user, [payslip]);
  return { country: country ?? null, currency: currencyOf(country) };
}

/** A page of payslips with each one's `currency` ('GBP' | 'EUR' | null), for the list. */
export async function withCurrencies<P extends { data: Record<string, unknown>[] }>(
  user: Pick<CurrentUser, 'agency'>,
  page: P,
): Promise<P> {
  const payees = page.data.map((item) => {
    const parsed = payslipSchema.safeParse(item);
    return parsed.success ? parsed.data : { candidateId: null, candidateName: null };
  });
  const countries = await payslipCountries(user, payees);
  return { ...page, data: page.data.map((item, i) => ({ ...item, currency: currencyOf(countries[i]) })) };
}

/** One page of the payslip list, as Nxsys answered it. */
export const payslipsPage = pageReader(PAYSLIP_LISTS.payslips);

const A4: [number, number] = [595.28, 841.89];

// Noto Sans (OFL, shipped on npm, read from node_modules at run time: nothing is downloaded) covers Latin,
// Latin Extended, Greek and Cyrillic, so Irish and Polish names print as written. The standard PDF fonts
// only know WinAnsi and throw on "Ł".
const FONT_DIR = path.join(process.cwd(), 'node_modules', '@expo-google-fonts', 'noto-sans');
const FONT_FILES = { regular: '400Regular/NotoSans_400Regular.ttf', bold: '700Bold/NotoSans_700Bold.ttf' } as const;
let fontBytes: Promise<Record<keyof typeof FONT_FILES, Uint8Array>> | undefined;
const loadFonts = () =>
  (fontBytes ??= Promise.all([readFile(path.join(FONT_DIR, FONT_FILES.regular)), readFile(path.join(FONT_DIR, FONT_FILES.bold))])
    .then(([regular, bold]) => ({ regular, bold }))
    .catch((error) => {
      fontBytes = undefined; // try again on the next download
      throw error;
    }));

// Bidi controls (LRM, RLM, embeddings, isolates) have no glyph and pdf-lib does not reorder text: dropped.
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

// A font's character set, read once per embedded font (not once per drawn string: a run's ZIP draws thousands).
const charsets = new WeakMap<PDFFont, Set<number>>();
function charsetOf(font: PDFFont): Set<number> {
  let set = charsets.get(font);
  if (!set) charsets.set(font, (set = new Set(font.getCharacterSet())));
  return set;
}

/** Text the font can draw: bidi controls dropped, and any character the font lacks (emoji…) shown as "?". */
export function printable(value: string, font: PDFFont): string {
  const charset = charsetOf(font);
  const cleaned = value
    .normalize('NFC')
    .replace(BIDI_CONTROLS, '')
    .replace(/[\u0000-\u001f\u007f]/g, ' ');
  return Array.from(cleaned, (ch) => (charset.has(ch.codePointAt(0)!) ? ch : '?')).join('');
}

/**
 * A one-page A4 payslip: who, which period, the full breakdown and the net pay, as the detail page shows it.
 * `generatedAt` is the only moment in it (footer and metadata), so the same payslip gives the same pages.
 */
export async function payslipPdf(
  payslip: Payslip,
  agencyName: string,
  currency: Currency | null = null,
  generatedAt = new Date(),
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Payslip ${payslip.id}`);
  doc.setAuthor(agencyName);
  doc.setCreator('Nxsys agency portal');
  doc.setCreationDate(generatedAt);
  doc.setModificationDate(generatedAt);
  const page = doc.addPage(A4);
  doc.registerFontkit(fontkit);
  const fonts = await loadFonts();
  const regular = await doc.embedFont(fonts.regular, { subset: true });
  const bold = await doc.embedFont(fonts.bold, { subset: true });
  const left = 56;
  const right = A4[0] - 56;
  let y = A4[1] - 64;

  const text = (value: string, x: number, font: PDFFont, size = 10, target: PDFPage = page) =>
    target.drawText(printable(value, font), { x, y, size, font, color: rgb(0.1, 0.1, 0.15) });
  const amount = (value: string | null, font: PDFFont, size = 10) => {
    const shown = printable(formatMoney(value, currency), font);
    text(shown, right - font.widthOfTextAtSize(shown, size), font, size);
  };
  const rule = () =>
    page.drawLine({ start: { x: left, y: y - 6 }, end: { x: right, y: y - 6 }, thickness: 0.5, color: rgb(0.75, 0.75, 0.8) });

  text('Payslip', left, bold, 20);
  text(payslip.id, right - regular.widthOfTextAtSize(payslip.id, 10), regular);
  y -= 28;
  const details: [string, string][] = [
    ['Candidate', [payslip.candidateName, payslip.candidateId].filter(Boolean).join(' · ') || '—'],
    ['Agency', payslip.agencyName ?? agencyName],
    ['Tax period', taxPeriodLabel(payslip)],
    ['Pay date', ukDate(payslip.payDate)],
    ['Payment model', payslip.paymentModel ?? '—'],
  ];
  for (const [label, value] of details) {
    text(label, left, regular);
    text(value, left + 110, bold);
    y -= 16;
  }
  y -= 12;
  for (const section of PAYSLIP_BREAKDOWN) {
    text(section.title, left, bold, 11);
    rule();
    y -= 20;
    for (const [key, label] of section.rows) {
      text(label, left + 8, regular);
      amount(payslip.figures[key], regular);
      y -= 15;
    }
    y -= 10;
  }
  rule();
  y -= 24;
  text('Net pay', left, bold, 14);
  amount(payslip.figures.net, bold, 14);
  y -= 40;
  text(`Generated ${ukDate(generatedAt.toISOString())} from Nxsys by the agency portal.`, left, regular, 8);
  return doc.save();
}
