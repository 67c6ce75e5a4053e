import { z } from 'zod';
import { idPattern } from '@/lib/ids';
import { MAX_RATE, withinBounds } from '@/lib/money';
import { ukTaxWeek } from '@/lib/tax-period';

// The grid's days and arithmetic are zod-free (the grid uses them at render); the schema below is its check.
export { DAYS, addDays, farFromUsual, mondayOf, rowUnits, weekToTimesheet, type WeekGrid, type WeekRow } from './week-days';

const hours = z
  .string()
  .trim()
  .refine((v) => v === '' || (/^\d{1,2}(\.\d{1,2})?$/.test(v) && Number(v) <= 24), 'Hours from 0 to 24, e.g. 7.5');

export const weekRowSchema = z
  .object({
    rateId: z.string().regex(idPattern('paymentRate'), 'Choose a payment code'),
    rate: z
      .string()
      .trim()
      .min(1, 'Enter the rate')
      .refine((v) => /^\d{1,12}(\.\d{1,4})?$/.test(v), 'Enter the rate as a number, e.g. 12.50')
      .refine((v) => !/^\d{1,12}(\.\d{1,4})?$/.test(v) || withinBounds(v, MAX_RATE), 'The rate is too large'),
    vatID: z.string().regex(idPattern('vatCode'), 'Choose a VAT code'),
    hours: z.array(hours).length(7),
  })
  .refine((row) => row.hours.some((h) => h !== '' && Number(h) > 0), {
    path: ['hours', '0'],
    message: 'Enter the hours of at least one day',
  });

export const weeklyGridSchema = z.object({
  subcontractorRef: z.string().regex(idPattern('candidate'), 'Choose a candidate'),
  weekStart: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the first day of the week')
    .refine((v) => ukTaxWeek(v) !== null, 'Enter the first day of the week'),
  rows: z.array(weekRowSchema).min(1, 'Add a payment code'),
});

/** One worker's rows in the roster grid; `sendAnyway` is the "send anyway" tick of a worker already holding a sheet. */
export const rosterWorkerSchema = z.object({
  subcontractorRef: z.string().regex(idPattern('candidate'), 'Choose a candidate'),
  rows: z.array(weekRowSchema).min(1, 'Add a payment code'),
  sendAnyway: z.boolean().default(false),
});

/** The roster grid: many workers, one week, one save (POST /api/timesheets/week). */
export const rosterSchema = z.object({
  weekStart: weeklyGridSchema.shape.weekStart,
  workers: z
    .array(rosterWorkerSchema)
    .min(1, 'Add a worker')
    .max(200, 'At most 200 workers in one save')
    .refine((ws) => new Set(ws.map((w) => w.subcontractorRef)).size === ws.length, 'Each worker once in the grid'),
});
