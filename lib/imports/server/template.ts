import 'server-only';
import { csvRow } from '@/lib/server/csv';
import { CANDIDATE_COLUMNS, TIMESHEET_COLUMNS, type ImportKind } from '../schema';

/** The downloadable templates: our column names and two sample rows to overwrite. */
const SAMPLES: Record<ImportKind, string[][]> = {
  TIMESHEETS: [
    ['AB123456C', 'Jane', 'Smith', '33', '16/11/2026', '22/11/2026', 'PR100', 'Basic hours', '12.50', '37.5', '', '', ''],
    ['AB123456C', 'Jane', 'Smith', '33', '16/11/2026', '22/11/2026', 'PR101', 'Weekend day', '110.00', '1', '', '', ''],
  ],
  CANDIDATES: [
    [
      'MS',
      'Jane',
      'Smith',
      'FEMALE',
      '15/05/1990',
      'AB123456C',
      'jane.smith@example.com',
      '07700 900123',
      '1 High Street',
      '',
      'London',
      'SW1A 1AA',
      '01/12/2026',
      'WEEKLY',
      'UMBRELLA',
      '12-34-56',
      '12345678',
      'Jane Smith',
      'Barclays',
      'UK',
      'No',
    ],
    ['', 'Aoife', 'Byrne', '', '', '', 'aoife.byrne@example.com', '', '', '', '', '', '', '', '', '', '', '', '', 'Ireland', 'Yes'],
  ],
};

export function importTemplate(kind: ImportKind): Response {
  const columns = kind === 'TIMESHEETS' ? TIMESHEET_COLUMNS : CANDIDATE_COLUMNS;
  const body = '\uFEFF' + csvRow(columns.map((c) => c.header)) + SAMPLES[kind].map((r) => csvRow(r)).join('');
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${kind === 'TIMESHEETS' ? 'timesheet' : 'candidate'}-import-template.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
