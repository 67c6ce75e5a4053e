import { z } from 'zod';
import { IMPORT_KINDS, MAX_ROWS, PAY_FREQUENCIES, type PayFrequency } from './options';

/**
 * File imports: the zod schemas of the import and copy requests, validated by the routes. Client-safe: no server
 * imports. Everything zod-free (kinds, columns, states, preview and status shapes) is in ./options.ts, re-exported
 * here; browser code imports ./options.ts so that zod stays out of its pages.
 */
export * from './options';

const row = z.object({
  rowNumber: z.number().int().min(2),
  cells: z.array(z.string().max(500)).max(60),
});

/** matchKeys of records sent before that the user ticked to send again. */
const resend = z.array(z.string().max(200)).max(MAX_ROWS).optional();

/**
 * What the preview and the submit send: the upload (by id: its name, header and hash stay on the server), its rows
 * as edited in the preview, the mapping and the choices (duplicate lines kept, records to send again).
 */
export const importRequestSchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  payFrequency: z.enum(Object.keys(PAY_FREQUENCIES) as [PayFrequency, ...PayFrequency[]]).optional(),
  uploadId: z.string().min(1).max(40),
  mapping: z.record(z.string().max(40), z.number().int().min(0).max(59)),
  rows: z
    .array(row)
    .min(1, 'The file has no rows')
    .max(MAX_ROWS, `A file can have at most ${MAX_ROWS.toLocaleString('en-GB')} rows`),
  keep: z.array(z.number().int().min(2)).max(MAX_ROWS).optional(),
  /** Rows the user skips (one click, or every row with a problem): not sent, listed in the report. */
  skip: z.array(z.number().int().min(2)).max(MAX_ROWS).optional(),
  resend,
});
export type ImportRequest = z.infer<typeof importRequestSchema>;

/** "Copy to next period": the timesheets to copy (by id); previewed first, then sent through the import job. */
export const copyRequestSchema = z.object({
  ids: z
    .array(z.string().regex(/^TS-\d{1,12}$/, 'Not a timesheet id'))
    .min(1, 'Select at least one timesheet')
    .max(200, 'Copy at most 200 timesheets at a time'),
  confirm: z.boolean().optional(),
  resend,
});
export type CopyRequest = z.infer<typeof copyRequestSchema>;
