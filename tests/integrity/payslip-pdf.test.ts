// What a person sees in the payslip PDF, not only its text: each PDF is rendered by poppler (`pdftoppm`, installed
// by .ci/run) and compared with a reviewed reference image in tests/integrity/payslip-pdf/. pdftotext read the
// old PDFs fine while poppler and pdf.js drew most letters blank (a broken font subset); this test sees that.
// After a deliberate change to the layout: UPDATE_PDF_REFERENCES=1 npx vitest run tests/integrity/payslip-pdf.test.ts,
// then LOOK at the new PNGs before committing them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { Currency } from '@/lib/money';
import { payslipSchema } from '@/lib/payslips/schema';
import { payslipPdf } from '@/lib/payslips/server';

const REFERENCES = path.join(import.meta.dirname, 'payslip-pdf');
const GENERATED_AT = new Date('2026-11-27T09:30:00Z');
/**
 * A pixel may differ this much in colour (pixelmatch's 0–1 threshold: anti-aliasing) and this many pixels of the
 * ~350,000 may differ at all. One letter drawn as "?" moves ~300 pixels; the old broken font ~3,600.
 */
const COLOUR_THRESHOLD = 0.2;
const MAX_DIFFERENT_PIXELS = 60;

const figures = {
  timesheetValue: '1200.00',
  margin: '25.00',
  employerNI: '110.12',
  apprenticeshipLevy: '5.33',
  employerPension: '30.10',
  basicPay: '950.00',
  holidayPay: '79.45',
  gross: '1029.45',
  tax: '140.20',
  employeeNI: '50.11',
  employeePension: '40.00',
  deductions: '0.00',
  materials: '12.50',
  net: '811.64',
};

const CASES: { name: string; currency: Currency; payslip: Record<string, unknown> }[] = [
  {
    name: 'uk',
    currency: 'GBP',
    payslip: { id: 'PL-1181439', subcontractorName: 'Priya Shah', subcontractorId: 'SR-1000001', paymentModel: 'PAYEE', ...figures },
  },
  {
    name: 'ireland',
    currency: 'EUR',
    payslip: {
      id: 'PL-1181440',
      subcontractorName: 'Aoife Ní Bhraonáin',
      subcontractorId: 'SR-2000001',
      paymentModel: 'PAYEE',
      ...figures,
      employerNI: '132.60', // PRSI
      net: '-20.00', // a correction: negative amounts print with their sign
    },
  },
  {
    name: 'lukasz',
    currency: 'GBP',
    payslip: { id: 'PL-1181441', subcontractorName: 'Łukasz Wiśniewski', subcontractorId: 'SR-1000002', paymentModel: 'CIS', ...figures },
  },
];

function pdftoppmAvailable() {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The first page at 60 dpi in grey, as poppler draws it. */
function render(pdf: Uint8Array, dir: string, name: string): PNG {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '60', '-gray', '-png', '-singlefile', file, path.join(dir, name)]);
  return PNG.sync.read(readFileSync(path.join(dir, `${name}.png`)));
}

describe('the payslip PDF as a person sees it (rendered by poppler)', () => {
  it('poppler is installed (apt-get install -y poppler-utils; .ci/run does it)', () => {
    expect(pdftoppmAvailable()).toBe(true);
  });

  it.each(CASES)('the $name payslip looks like its reviewed reference image', async ({ name, currency, payslip }) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'payslip-pdf-'));
    const pdf = await payslipPdf(
      payslipSchema.parse({ taxYear: 2026, taxPeriod: 33, payFrequency: 'WEEKLY', payDate: '2026-11-20', ...payslip }),
      'Northwind Recruitment',
      currency,
      GENERATED_AT,
    );
    const actual = render(pdf, dir, name);
    const referenceFile = path.join(REFERENCES, `${name}.png`);
    if (process.env.UPDATE_PDF_REFERENCES === '1') {
      mkdirSync(REFERENCES, { recursive: true });
      writeFileSync(referenceFile, PNG.sync.write(actual));
    }
    const reference = PNG.sync.read(readFileSync(referenceFile));
    expect([actual.width, actual.height]).toEqual([reference.width, reference.height]);
    const diff = new PNG({ width: reference.width, height: reference.height });
    const different = pixelmatch(actual.data, reference.data, diff.data, reference.width, reference.height, {
      threshold: COLOUR_THRESHOLD,
    });
    writeFileSync(path.join(dir, `${name}-diff.png`), PNG.sync.write(diff));
    expect(different, `pixels that differ; see ${dir}/${name}.png and ${name}-diff.png`).toBeLessThanOrEqual(MAX_DIFFERENT_PIXELS);
  });
});
