'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useFieldArray, useForm, useWatch } from 'react-hook-form';
import { toast } from '@/components/ui/toast';
import { apiFetch } from '@/lib/api-client';
import { ukDate } from '@/lib/dates';
import { formatGbp, lineAmounts, penceToString, sheetTotals, vatPercent } from '@/lib/money';
import { usePaymentRateOptions, useVatCodes, vatLabel } from '@/lib/payment-rates/hooks';
import { ukTaxWeek } from '@/lib/tax-period';
import { addDays, DAYS, rowUnits, weeklyGridSchema, weekToTimesheet, type WeeklyGridForm } from '@/lib/timesheets/week';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/page-header';
import { CandidatePicker } from './candidate-picker';

const emptyRow = { rateId: '', rate: '', vatID: '', hours: ['', '', '', '', '', '', ''] };

/** The Monday of the week a day falls in. */
const mondayOf = (isoDay: string) => addDays(isoDay, -((new Date(`${isoDay}T00:00:00Z`).getUTCDay() + 6) % 7));

/** One week for one candidate: hours per day per payment code, saved as one timesheet (one line per code). */
export function WeeklyGrid({ today }: { today: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const rates = usePaymentRateOptions();
  const vat = useVatCodes();
  const [candidateName, setCandidateName] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<WeeklyGridForm>({
    resolver: zodResolver(weeklyGridSchema) as never,
    defaultValues: { subcontractorRef: '', weekStart: mondayOf(today), rows: [emptyRow] },
  });
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'rows' });
  const values = useWatch({ control: form.control }) as WeeklyGridForm;
  const errors = form.formState.errors;
  const week = values.weekStart ? ukTaxWeek(values.weekStart) : null;

  const amounts = (values.rows ?? []).map((row) => {
    const percent = vatPercent(vat.data?.find((v) => v.id === row.vatID)?.VATRate) ?? 0;
    return /^\d+(\.\d+)?$/.test(row.rate ?? '') ? lineAmounts(row.rate!, rowUnits({ hours: row.hours ?? [] }), percent) : null;
  });
  const totals = sheetTotals(amounts);

  const submit = form.handleSubmit(async (parsed) => {
    setFormError(null);
    try {
      const body = weekToTimesheet(weeklyGridSchema.parse(parsed));
      const { data } = await apiFetch<{ data: { id: string } }>('/api/timesheets', { method: 'POST', json: body });
      await queryClient.invalidateQueries({ queryKey: ['timesheets'] });
      toast.success(`Timesheet ${data.id} was created.`);
      router.push(`/timesheets/${data.id}`);
    } catch (error) {
      setFormError(error instanceof Error ? error.message : 'The timesheet could not be saved.');
    }
  });

  return (
    <form onSubmit={submit} noValidate className="space-y-6">
      <Card>
        <div className="grid gap-4 sm:grid-cols-2">
          <CandidatePicker
            value={values.subcontractorRef ?? ''}
            name={candidateName}
            error={errors.subcontractorRef?.message}
            onChange={(id, name) => {
              setCandidateName(name);
              form.setValue('subcontractorRef', id, { shouldValidate: form.formState.isSubmitted });
            }}
          />
          <div>
            <label htmlFor="week-start" className="block text-sm font-medium text-slate-700">
              Week starting
            </label>
            <input
              id="week-start"
              type="date"
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
              aria-invalid={!!errors.weekStart}
              aria-describedby="week-start-hint"
              {...form.register('weekStart')}
            />
            <p id="week-start-hint" className="mt-1 text-xs text-slate-500">
              {errors.weekStart?.message ??
                (week && values.weekStart
                  ? `${ukDate(values.weekStart)}–${ukDate(addDays(values.weekStart, 6))}: tax year ${week.taxYear}/${String((week.taxYear + 1) % 100).padStart(2, '0')}, week ${week.period}`
                  : '')}
            </p>
          </div>
        </div>
      </Card>

      <Card padded={false}>
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Hours per day and payment code</caption>
            <thead>
              <tr className="text-left text-slate-500">
                <th className="px-3 py-2">Payment code</th>
                <th className="px-3 py-2">Rate (£)</th>
                <th className="px-3 py-2">VAT</th>
                {DAYS.map((day, i) => (
                  <th key={day} className="px-1 py-2 text-center">
                    {day}
                    {values.weekStart && (
                      <span className="block text-xs font-normal">{ukDate(addDays(values.weekStart, i)).slice(0, 5)}</span>
                    )}
                  </th>
                ))}
                <th className="px-3 py-2 text-right">Hours</th>
                <th className="px-3 py-2 text-right">Net</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody>
              {fields.map((field, index) => {
                const rowErrors = errors.rows?.[index];
                const rateField = form.register(`rows.${index}.rateId`);
                return (
                  <tr key={field.id} className="border-t border-slate-100 align-top">
                    <td className="px-3 py-2">
                      <select
                        aria-label={`Row ${index + 1} payment code`}
                        aria-invalid={!!rowErrors?.rateId}
                        className="w-44 rounded border border-slate-300 px-2 py-1"
                        {...rateField}
                        onChange={(e) => {
                          void rateField.onChange(e);
                          const chosen = rates.data?.find((r) => r.id === e.target.value);
                          if (chosen?.defaultVATCode?.id) form.setValue(`rows.${index}.vatID`, chosen.defaultVATCode.id);
                        }}
                      >
                        <option value="">Choose…</option>
                        {rates.data?.map((r) => (
                          <option key={r.id} value={r.id}>
                            {r.code} — {r.description}
                          </option>
                        ))}
                      </select>
                      {rowErrors?.rateId && <p className="text-xs text-red-700">{rowErrors.rateId.message}</p>}
                    </td>
                    <td className="px-3 py-2">
                      <input
                        aria-label={`Row ${index + 1} rate`}
                        aria-invalid={!!rowErrors?.rate}
                        inputMode="decimal"
                        className="w-20 rounded border border-slate-300 px-2 py-1"
                        {...form.register(`rows.${index}.rate`)}
                      />
                      {rowErrors?.rate && <p className="w-24 text-xs text-red-700">{rowErrors.rate.message}</p>}
                    </td>
                    <td className="px-3 py-2">
                      <select
                        aria-label={`Row ${index + 1} VAT code`}
                        className="w-32 rounded border border-slate-300 px-2 py-1"
                        {...form.register(`rows.${index}.vatID`)}
                      >
                        <option value="">Choose…</option>
                        {vat.data?.map((v) => (
                          <option key={v.id} value={v.id}>
                            {vatLabel(v)}
                          </option>
                        ))}
                      </select>
                      {rowErrors?.vatID && <p className="text-xs text-red-700">{rowErrors.vatID.message}</p>}
                    </td>
                    {DAYS.map((day, d) => (
                      <td key={day} className="px-1 py-2">
                        <input
                          aria-label={`Row ${index + 1} ${day} hours`}
                          aria-invalid={!!rowErrors?.hours?.[d]}
                          inputMode="decimal"
                          className="w-14 rounded border border-slate-300 px-1 py-1 text-center"
                          {...form.register(`rows.${index}.hours.${d}`)}
                        />
                      </td>
                    ))}
                    <td className="px-3 py-2 text-right" data-testid={`row-${index + 1}-hours`}>
                      {rowUnits({ hours: values.rows?.[index]?.hours ?? [] })}
                      {rowErrors?.hours && (
                        <p className="w-32 text-left text-xs text-red-700">
                          {(Array.isArray(rowErrors.hours) ? rowErrors.hours.find(Boolean)?.message : rowErrors.hours.message) ?? ''}
                        </p>
                      )}
                    </td>
                    <td className="px-3 py-2 text-right">{amounts[index] ? formatGbp(penceToString(amounts[index]!.netPence)) : '—'}</td>
                    <td className="px-3 py-2">
                      {fields.length > 1 && (
                        <Button variant="ghost" onClick={() => remove(index)} aria-label={`Remove row ${index + 1}`}>
                          Remove
                        </Button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr className="border-t-2 border-slate-300 font-semibold">
                <td className="px-3 py-2" colSpan={10}>
                  <Button variant="secondary" onClick={() => append(emptyRow)}>
                    Add payment code
                  </Button>
                </td>
                <td className="px-3 py-2 text-right" data-testid="week-total">
                  {formatGbp(penceToString(totals.totalPence))}
                </td>
                <td className="px-3 py-2 text-xs font-normal text-slate-500">incl. VAT {formatGbp(penceToString(totals.vatPence))}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </Card>

      {formError && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {formError}
        </p>
      )}
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Saving…' : 'Create timesheet'}
      </Button>
    </form>
  );
}
