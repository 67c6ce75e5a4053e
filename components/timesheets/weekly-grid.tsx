'use client';

import { DateInput } from '@/components/ui/date-input';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { toast } from '@/components/ui/toast';
import { FormError } from '@/components/forms/form-error';
import { lazyCheck } from '@/components/forms/lazy-check';
import { useValuesForm } from '@/components/forms/use-values-form';
import { useIdempotencyKey } from '@/components/forms/use-idempotency-key';
import { useUnsavedChangesGuard } from '@/components/forms/use-unsaved-changes';
import { apiFetch } from '@/lib/api-client';
import { ukDate } from '@/lib/dates';
import { vatLabel, type RateOption, type VatCodeOption } from '@/lib/payment-rates/options';
import { ukTaxWeek } from '@/lib/tax-period';
import { addDays, DAYS, mondayOf, rowUnits, weekToTimesheet, type WeekGrid, type WeekRow } from '@/lib/timesheets/week-days';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/page-header';
import { CandidatePicker } from './candidate-picker';
import { confirmsDuplicate, existingFrom, ExistingTimesheetPrompt, type ExistingSheet } from './existing-timesheet';
import { useMoney } from './use-money';

const emptyRow: WeekRow = { rateId: '', rate: '', vatID: '', hours: ['', '', '', '', '', '', ''] };

// The grid's schema (lib/timesheets/week.ts), loaded on the form's first focus: zod stays out of the first load.
const checkWeek = lazyCheck(() => import('@/lib/timesheets/week').then((m) => m.weeklyGridSchema));

/** The route's field paths (the timesheet it creates) → the grid's: a line is a row, its units the row's hours. */
function gridPath(path: string): string {
  if (path === 'startDate' || path === 'endDate' || path === 'taxYear' || path === 'taxPeriodConfig') return 'weekStart';
  const line = /^rates\.(\d+)\.(\w+)$/.exec(path);
  if (!line) return path === 'rates' ? 'rows' : path;
  return line[2] === 'units' ? `rows.${line[1]}.hours.0` : `rows.${line[1]}.${line[2]}`;
}

/** One week for one candidate: hours per day per payment code, saved as one timesheet (one line per code). */
export function WeeklyGrid({
  today,
  rates,
  vatCodes,
  optionsError,
}: {
  today: string;
  rates: RateOption[];
  vatCodes: VatCodeOption[];
  optionsError?: string | null;
}) {
  const router = useRouter();
  const [candidateName, setCandidateName] = useState('');
  const [country, setCountry] = useState<'uk' | 'ie' | null>(null);
  // The money library arrives just after the page: until then every amount reads "—".
  const lib = useMoney();
  const currency = lib?.currencyOf(country) ?? null;
  const form = useValuesForm<WeekGrid, WeekGrid>({
    initialValues: { subcontractorRef: '', weekStart: mondayOf(today), rows: [emptyRow] },
    check: checkWeek,
    checkOn: 'submit',
    fromServer: gridPath,
    what: 'timesheet',
  });
  const { values, errors, set } = form;
  useUnsavedChangesGuard(form.dirty);
  // Stable keys for the rows, so that removing one keeps the others' inputs where they are.
  const next = useRef(1);
  const [keys, setKeys] = useState([0]);
  const week = values.weekStart ? ukTaxWeek(values.weekStart) : null;
  const money = (pence: number | undefined) => (lib && pence !== undefined ? lib.formatMoney(lib.penceToString(pence), currency) : '—');

  const amounts = values.rows.map((row) => {
    const percent = lib?.vatPercent(vatCodes.find((v) => v.id === row.vatID)?.VATRate) ?? 0;
    return lib && /^\d+(\.\d+)?$/.test(row.rate) ? lib.lineAmounts(row.rate, rowUnits(row), percent) : null;
  });
  const totals = lib?.sheetTotals(amounts);

  const key = useIdempotencyKey();
  // A timesheet already covering the candidate and week: looked up as soon as both are chosen, so the grid says so
  // before anything is sent (and from the server's 409 if one appears meanwhile); "create another" is asked.
  // Kept with the candidate and week it is about, so choosing others hides it.
  const { subcontractorRef, weekStart } = values;
  const chosen = `${subcontractorRef}|${weekStart}`;
  const [found, setFound] = useState<{ chosen: string; sheet: ExistingSheet } | null>(null);
  const existing = found?.chosen === chosen ? found.sheet : null;
  useEffect(() => {
    if (!/^SR-\d+$/.test(subcontractorRef) || !/^\d{4}-\d{2}-\d{2}$/.test(weekStart)) return;
    const controller = new AbortController();
    const query = new URLSearchParams({ candidate: subcontractorRef, start: weekStart, end: addDays(weekStart, 6) });
    apiFetch<{ data: { id: string; startDate: string; endDate: string }[] }>(`/api/timesheets/existing?${query}`, {
      signal: controller.signal,
    })
      .then(({ data: [first] }) => {
        if (!first) return;
        const message = `Timesheet ${first.id} (${ukDate(first.startDate)} to ${ukDate(first.endDate)}) already covers this candidate and week.`;
        setFound({ chosen: `${subcontractorRef}|${weekStart}`, sheet: { id: first.id, href: `/timesheets/${first.id}`, message } });
      })
      .catch(() => {}); // only a hint: the server checks again when the timesheet is sent
    return () => controller.abort();
  }, [subcontractorRef, weekStart]);

  const submit = (event: FormEvent<HTMLFormElement>) =>
    form.submit(async (parsed) => {
      try {
        const { data } = await apiFetch<{ data: { id: string } }>('/api/timesheets', {
          method: 'POST',
          json: { ...weekToTimesheet(parsed), confirmDuplicate: confirmsDuplicate(event) },
          headers: key.headers,
        });
        key.renew();
        toast.success(`Timesheet ${data.id} was created.`);
        router.push(`/timesheets/${data.id}`);
      } catch (error) {
        const sheet = existingFrom(error);
        if (sheet) setFound({ chosen, sheet });
        if ((error as { code?: string }).code === 'write_outcome_unknown') key.renew();
        if (!sheet) throw error; // the prompt says it, with the link and the question
      }
    })(event);

  return (
    <form {...form.formProps} onSubmit={submit} className="space-y-6">
      <Card>
        <div className="grid gap-4 sm:grid-cols-2">
          <CandidatePicker
            value={values.subcontractorRef}
            name={candidateName}
            error={errors.subcontractorRef}
            onChange={(id, name, country) => {
              setCandidateName(name);
              setCountry(country);
              set('subcontractorRef', id);
            }}
          />
          <div>
            <label htmlFor="week-start" className="block text-sm font-medium text-slate-700">
              Week starting
            </label>
            <DateInput
              id="week-start"
              data-field="weekStart"
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
              aria-invalid={!!errors.weekStart}
              aria-describedby="week-start-hint"
              value={values.weekStart}
              onChange={(value) => set('weekStart', value)}
            />
            <p id="week-start-hint" className={`mt-1 text-xs ${errors.weekStart ? 'text-red-700' : 'text-slate-500'}`}>
              {errors.weekStart ??
                (week && values.weekStart
                  ? `${ukDate(values.weekStart)}–${ukDate(addDays(values.weekStart, 6))}: tax year ${week.taxYear}/${String((week.taxYear + 1) % 100).padStart(2, '0')}, week ${week.period}`
                  : '')}
            </p>
          </div>
        </div>
      </Card>

      {optionsError && <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">{optionsError}</p>}
      <Card padded={false}>
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Hours per day and payment code</caption>
            <thead>
              <tr className="text-left text-slate-500">
                <th className="px-3 py-2">Payment code</th>
                <th className="px-3 py-2">{currency === 'EUR' ? 'Rate (€)' : currency === 'GBP' ? 'Rate (£)' : 'Rate'}</th>
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
              {values.rows.map((row, index) => {
                const err = (field: string) => errors[`rows.${index}.${field}`];
                const hoursError = DAYS.map((_, d) => err(`hours.${d}`)).find(Boolean);
                return (
                  <tr key={keys[index] ?? `extra-${index}`} className="border-t border-slate-100 align-top">
                    <td className="px-3 py-2">
                      <select
                        aria-label={`Row ${index + 1} payment code`}
                        aria-invalid={!!err('rateId')}
                        data-field={`rows.${index}.rateId`}
                        className="w-44 rounded border border-slate-300 px-2 py-1"
                        value={row.rateId}
                        onChange={(e) => {
                          set(`rows.${index}.rateId`, e.target.value);
                          const chosen = rates.find((r) => r.id === e.target.value);
                          if (chosen?.defaultVATCode?.id) set(`rows.${index}.vatID`, chosen.defaultVATCode.id);
                        }}
                      >
                        <option value="">Choose…</option>
                        {rates.map((r) => (
                          <option key={r.id} value={r.id}>
                            {r.code} — {r.description}
                          </option>
                        ))}
                      </select>
                      {err('rateId') && <p className="text-xs text-red-700">{err('rateId')}</p>}
                    </td>
                    <td className="px-3 py-2">
                      <input
                        aria-label={`Row ${index + 1} rate`}
                        aria-invalid={!!err('rate')}
                        data-field={`rows.${index}.rate`}
                        inputMode="decimal"
                        className="w-20 rounded border border-slate-300 px-2 py-1"
                        value={row.rate}
                        onChange={(e) => set(`rows.${index}.rate`, e.target.value)}
                      />
                      {err('rate') && <p className="w-24 text-xs text-red-700">{err('rate')}</p>}
                    </td>
                    <td className="px-3 py-2">
                      <select
                        aria-label={`Row ${index + 1} VAT code`}
                        aria-invalid={!!err('vatID')}
                        data-field={`rows.${index}.vatID`}
                        className="w-32 rounded border border-slate-300 px-2 py-1"
                        value={row.vatID}
                        onChange={(e) => set(`rows.${index}.vatID`, e.target.value)}
                      >
                        <option value="">Choose…</option>
                        {vatCodes.map((v) => (
                          <option key={v.id} value={v.id}>
                            {vatLabel(v)}
                          </option>
                        ))}
                      </select>
                      {err('vatID') && <p className="text-xs text-red-700">{err('vatID')}</p>}
                    </td>
                    {DAYS.map((day, d) => (
                      <td key={day} className="px-1 py-2">
                        <input
                          aria-label={`Row ${index + 1} ${day} hours`}
                          aria-invalid={!!err(`hours.${d}`)}
                          data-field={`rows.${index}.hours.${d}`}
                          inputMode="decimal"
                          className="w-14 rounded border border-slate-300 px-1 py-1 text-center"
                          value={row.hours[d] ?? ''}
                          onChange={(e) => set(`rows.${index}.hours.${d}`, e.target.value)}
                        />
                      </td>
                    ))}
                    <td className="px-3 py-2 text-right" data-testid={`row-${index + 1}-hours`}>
                      {rowUnits(row)}
                      {hoursError && <p className="w-32 text-left text-xs text-red-700">{hoursError}</p>}
                    </td>
                    <td className="px-3 py-2 text-right">{money(amounts[index]?.netPence)}</td>
                    <td className="px-3 py-2">
                      {values.rows.length > 1 && (
                        <Button
                          variant="ghost"
                          onClick={() => {
                            setKeys((k) => k.filter((_, j) => j !== index));
                            // The rows after it move up: their messages would point at the wrong row.
                            form.update((v) => ({ ...v, rows: v.rows.filter((_, j) => j !== index) }), 'rows');
                          }}
                          aria-label={`Remove row ${index + 1}`}
                        >
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
                  <Button
                    variant="secondary"
                    onClick={() => {
                      setKeys((k) => [...k, next.current++]);
                      form.update((v) => ({ ...v, rows: [...v.rows, emptyRow] }));
                    }}
                  >
                    Add payment code
                  </Button>
                  {errors.rows && <p className="mt-1 text-xs font-normal text-red-700">{errors.rows}</p>}
                </td>
                <td className="px-3 py-2 text-right" data-testid="week-total">
                  {money(totals?.totalPence)}
                </td>
                <td className="px-3 py-2 text-xs font-normal text-slate-500">incl. VAT {money(totals?.vatPence)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </Card>

      <ExistingTimesheetPrompt existing={existing} busy={form.submitting} />
      <FormError message={form.formError} />
      <Button type="submit" disabled={form.submitting}>
        {form.submitting ? 'Saving…' : 'Create timesheet'}
      </Button>
    </form>
  );
}
