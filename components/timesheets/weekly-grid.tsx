'use client';

import { DateInput } from '@/components/ui/date-input';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent } from 'react';
import { toast } from '@/components/ui/toast';
import { FormError } from '@/components/forms/form-error';
import { useIdempotencyKey } from '@/components/forms/use-idempotency-key';
import { useUnsavedChangesGuard } from '@/components/forms/use-unsaved-changes';
import { apiFetch } from '@/lib/api-client';
import type { Currency } from '@/lib/money';
import { ukDate } from '@/lib/dates';
import { vatLabel, type RateOption, type VatCodeOption } from '@/lib/payment-rates/options';
import { ukTaxWeek } from '@/lib/tax-period';
import { addDays, DAYS, farFromUsual, mondayOf, rowUnits, type WeekRow } from '@/lib/timesheets/week-days';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/page-header';
import { CandidatePicker } from './candidate-picker';
import { useMoney } from './use-money';

/** A worker as the page opens the grid with them (from `?candidates=`), or as the picker adds them. */
export interface RosterWorker {
  id: string;
  name: string;
  country: 'uk' | 'ie' | null;
}

interface Line extends WeekRow {
  key: number;
}
interface Entry extends RosterWorker {
  key: number;
  rows: Line[];
  sendAnyway: boolean;
}
/** The server's warnings for one worker and week (GET /api/timesheets/week). */
interface Hints {
  existing: { id: string; startDate: string; endDate: string }[];
  usualRates: Record<string, string>;
  latestId: string | null;
}

const HOURS = /^\d{1,2}(\.\d{1,2})?$/;
const RATE = /^\d{1,12}(\.\d{1,4})?$/;
/** The cells the keyboard moves between, per row: the rate (0) and the seven days (1–7). */
const COLUMNS = 8;

let nextKey = 1;
const line = (): Line => ({ key: nextKey++, rateId: '', rate: '', vatID: '', hours: ['', '', '', '', '', '', ''] });
const entry = (w: RosterWorker): Entry => ({ ...w, key: nextKey++, rows: [line()], sendAnyway: false });

/** The grid's own check before sending (the server checks again with lib/timesheets/week.ts's schema). */
function check(weekStart: string, workers: Entry[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(weekStart) || !ukTaxWeek(weekStart)) errors.weekStart = 'Enter the first day of the week';
  if (workers.length === 0) errors.workers = 'Add a worker';
  workers.forEach((w, i) =>
    w.rows.forEach((row, r) => {
      const at = `${i}.${r}`;
      if (!row.rateId) errors[`${at}.rateId`] = 'Choose a payment code';
      if (!RATE.test(row.rate.trim())) errors[`${at}.rate`] = 'Enter the rate as a number, e.g. 12.50';
      if (!row.vatID) errors[`${at}.vatID`] = 'Choose a VAT code';
      const bad = row.hours.some((h) => h.trim() !== '' && !(HOURS.test(h.trim()) && Number(h) <= 24));
      if (bad) errors[`${at}.hours`] = 'Hours from 0 to 24, e.g. 7.5';
      else if (!row.hours.some((h) => Number(h) > 0)) errors[`${at}.hours`] = 'Enter the hours of at least one day';
    }),
  );
  return errors;
}

/**
 * The roster grid: many workers in one week (rows: worker × payment code; columns Mon–Sun, hours, net), moved
 * through like a spreadsheet (arrows, Enter goes down, a block pasted from Excel fills from the focused cell), one
 * save for the whole week (one import job: /imports/{id} shows its progress). On a phone, one worker at a time.
 */
export function RosterGrid({
  today,
  start,
  workers: initial,
  rates,
  vatCodes,
  optionsError,
}: {
  today: string;
  start: string | null;
  workers: RosterWorker[];
  rates: RateOption[];
  vatCodes: VatCodeOption[];
  optionsError?: string | null;
}) {
  const router = useRouter();
  const [weekStart, setWeekStart] = useState(mondayOf(start ?? today));
  const [workers, setWorkers] = useState<Entry[]>(() => initial.map(entry));
  const [shown, setShown] = useState(0); // the worker shown on a phone
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [hints, setHints] = useState<Record<string, Hints | 'unread'>>({});
  const [picking, setPicking] = useState({ key: 0, name: '' });
  useUnsavedChangesGuard(dirty);
  const lib = useMoney();
  const key = useIdempotencyKey();
  const table = useRef<HTMLTableElement>(null);
  const week = ukTaxWeek(weekStart);

  const change = (next: (ws: Entry[]) => Entry[]) => {
    setWorkers(next);
    setDirty(true);
  };
  const setRow = (w: number, r: number, patch: Partial<WeekRow>) =>
    change((ws) => ws.map((x, i) => (i !== w ? x : { ...x, rows: x.rows.map((row, j) => (j === r ? { ...row, ...patch } : row)) })));

  // Each worker's warnings for the week, asked once per worker and week (a hint: the server checks again on save).
  // Not aborted when another answer arrives: each lookup stands on its own.
  const asked = useRef(new Set<string>());
  const wantedKey = week ? workers.map((w) => `${w.id}|${weekStart}`).join(',') : '';
  useEffect(() => {
    for (const k of wantedKey.split(',').filter(Boolean)) {
      if (asked.current.has(k)) continue;
      asked.current.add(k);
      const [candidate, monday] = k.split('|') as [string, string];
      apiFetch<{ data: Hints }>(`/api/timesheets/week?${new URLSearchParams({ candidate, start: monday })}`)
        .then(({ data }) => setHints((h) => ({ ...h, [k]: data })))
        .catch(() => setHints((h) => ({ ...h, [k]: 'unread' })));
    }
  }, [wantedKey]);

  const currencyOf = (w: Entry) => lib?.currencyOf(w.country) ?? null;
  const amountsOf = (w: Entry) =>
    w.rows.map((row) => {
      const percent = lib?.vatPercent(vatCodes.find((v) => v.id === row.vatID)?.VATRate) ?? 0;
      return lib && RATE.test(row.rate.trim()) ? lib.lineAmounts(row.rate.trim(), rowUnits(row), percent) : null;
    });
  const money = (pence: number | undefined, currency: Currency | null) =>
    lib && pence !== undefined ? lib.formatMoney(lib.penceToString(pence), currency) : '—';
  // Totals per currency (never £ and € in one sum); workers whose country is unknown are counted apart.
  const totals = new Map<Currency, number>();
  let uncounted = 0;
  for (const w of workers) {
    const sum = lib?.sheetTotals(amountsOf(w)).totalPence ?? 0;
    const currency = currencyOf(w);
    if (!currency) uncounted += sum ? 1 : 0;
    else totals.set(currency, (totals.get(currency) ?? 0) + sum);
  }

  /** The input at a row (counted across every worker) and column, as the keyboard moves. */
  const focusCell = (row: number, col: number) =>
    table.current?.querySelector<HTMLInputElement>(`[data-cell="${row}:${col}"]`)?.focus({ preventScroll: false });
  const rowBase = (w: number) => workers.slice(0, w).reduce((n, x) => n + x.rows.length, 0);

  const onKey = (event: KeyboardEvent<HTMLInputElement>, row: number, col: number) => {
    const input = event.currentTarget;
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length;
    const move: Record<string, [number, number] | null> = {
      ArrowUp: [row - 1, col],
      ArrowDown: [row + 1, col],
      Enter: [row + 1, col],
      ArrowLeft: atStart ? [row, col - 1] : null,
      ArrowRight: atEnd ? [row, col + 1] : null,
    };
    const to = move[event.key];
    if (!to) return;
    event.preventDefault(); // Enter would save the whole week: in a grid it goes down, as in a spreadsheet
    focusCell(to[0], to[1]);
  };

  /** A tab/newline block (copied from Excel) fills the cells from the focused one, rightwards and down. */
  const onPaste = (event: ClipboardEvent<HTMLInputElement>, row: number, col: number) => {
    const block = event.clipboardData
      .getData('text/plain')
      .replace(/\r?\n$/, '')
      .split(/\r?\n/)
      .map((l) => l.split('\t'));
    if (block.length === 1 && block[0]!.length === 1) return; // one value: the browser pastes it
    event.preventDefault();
    change((ws) => {
      const next = ws.map((w) => ({ ...w, rows: w.rows.map((r) => ({ ...r, hours: [...r.hours] })) }));
      const flat = next.flatMap((w) => w.rows);
      block.forEach((cells, dr) =>
        cells.forEach((cell, dc) => {
          const target = flat[row + dr];
          const c = col + dc;
          if (!target || c >= COLUMNS) return;
          if (c === 0) target.rate = cell.trim();
          else target.hours[c - 1] = cell.trim();
        }),
      );
      return next;
    });
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = check(weekStart, workers);
    setErrors(found);
    setFormError(Object.keys(found).length ? 'Some cells need attention: they are marked in the grid.' : null);
    if (Object.keys(found).length) {
      const first = Object.keys(found)[0]!;
      const [w] = first.split('.');
      if (w && /^\d+$/.test(w)) setShown(Number(w));
      return;
    }
    setSaving(true);
    try {
      const { data } = await apiFetch<{ data: { id: string } | { held: number; message: string } }>('/api/timesheets/week', {
        method: 'POST',
        json: {
          weekStart,
          workers: workers.map((w) => ({
            subcontractorRef: w.id,
            sendAnyway: w.sendAnyway,
            rows: w.rows.map(({ rateId, rate, vatID, hours }) => ({ rateId, rate: rate.trim(), vatID, hours: hours.map((h) => h.trim()) })),
          })),
        },
        headers: key.headers,
      });
      setDirty(false);
      if ('held' in data) {
        // The agency reviews timesheets first: the week waits as drafts until another person approves it.
        toast.success(`${data.message}. Another person approves the week before it goes to Nxsys.`);
        router.push('/timesheets/drafts');
      } else {
        toast.success('The week is being sent to Nxsys.');
        router.push(`/imports/${data.id}`);
      }
    } catch (error) {
      if ((error as { code?: string }).code === 'write_outcome_unknown') key.renew();
      setFormError((error as Error).message || 'The week could not be saved.');
    } finally {
      setSaving(false);
    }
  };

  const rateHeader = (c: string | null) => (c === 'EUR' ? 'Rate (€)' : c === 'GBP' ? 'Rate (£)' : 'Rate');
  const shownIndex = Math.min(shown, Math.max(0, workers.length - 1));

  return (
    <form onSubmit={submit} noValidate className="space-y-6">
      <Card>
        <div className="grid gap-4 sm:grid-cols-2">
          <CandidatePicker
            key={picking.key}
            value=""
            name={picking.name}
            error={errors.workers}
            onChange={(id, name, country) => {
              if (!id) return;
              if (!workers.some((w) => w.id === id)) {
                change((ws) => [...ws, entry({ id, name, country })]);
                setShown(workers.length);
              }
              setPicking((p) => ({ key: p.key + 1, name: '' })); // ready for the next worker
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
              value={weekStart}
              onChange={(value) => {
                setWeekStart(value);
                setDirty(true);
              }}
            />
            <p id="week-start-hint" className={`mt-1 text-xs ${errors.weekStart ? 'text-red-700' : 'text-slate-500'}`}>
              {errors.weekStart ??
                (week && weekStart
                  ? `${ukDate(weekStart)}–${ukDate(addDays(weekStart, 6))}: tax year ${week.taxYear}/${String((week.taxYear + 1) % 100).padStart(2, '0')}, week ${week.period}`
                  : '')}
            </p>
          </div>
        </div>
      </Card>

      {optionsError && <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">{optionsError}</p>}

      {workers.length > 1 && (
        <nav aria-label="Workers" className="flex items-center justify-between gap-2 sm:hidden">
          <Button variant="secondary" disabled={shownIndex === 0} onClick={() => setShown(shownIndex - 1)}>
            Previous
          </Button>
          <span className="text-sm" aria-live="polite">
            Worker {shownIndex + 1} of {workers.length}
          </span>
          <Button variant="secondary" disabled={shownIndex === workers.length - 1} onClick={() => setShown(shownIndex + 1)}>
            Next
          </Button>
        </nav>
      )}

      {workers.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-600">Add workers with the search above; each gets a row per payment code.</p>
        </Card>
      ) : (
        <Card padded={false}>
          <div className="sm:overflow-x-auto">
            <table ref={table} className="w-full text-sm max-sm:block">
              <caption className="sr-only">Hours per day for each worker and payment code</caption>
              <thead className="max-sm:hidden">
                <tr className="text-left text-slate-500">
                  <th className="px-2 py-2">Worker</th>
                  <th className="px-1 py-2">Payment code</th>
                  <th className="px-1 py-2">Rate</th>
                  <th className="px-1 py-2">VAT</th>
                  {DAYS.map((day, i) => (
                    <th key={day} className="px-0.5 py-2 text-center">
                      {day}
                      {week && <span className="block text-xs font-normal">{ukDate(addDays(weekStart, i)).slice(0, 5)}</span>}
                    </th>
                  ))}
                  <th className="px-1 py-2 text-right">Hours</th>
                  <th className="px-1 py-2 text-right">Net</th>
                  <th className="px-1 py-2">
                    <span className="sr-only">Remove</span>
                  </th>
                </tr>
              </thead>
              {workers.map((w, wi) => {
                const who = w.name || w.id;
                const hint = hints[`${w.id}|${weekStart}`];
                const currency = currencyOf(w);
                const amounts = amountsOf(w);
                const base = rowBase(wi);
                return (
                  <tbody
                    key={w.key}
                    data-testid={`worker-${w.id}`}
                    className={`border-t-2 border-slate-200 max-sm:block ${wi === shownIndex ? '' : 'max-sm:hidden'}`}
                  >
                    {w.rows.map((row, r) => {
                      const err = (f: string) => errors[`${wi}.${r}.${f}`];
                      const usual = hint && hint !== 'unread' ? hint.usualRates[row.rateId] : undefined;
                      const far = farFromUsual(row.rate, usual);
                      return (
                        <tr key={row.key} className="align-top max-sm:grid max-sm:grid-cols-4 max-sm:gap-2 max-sm:p-3">
                          <th scope="row" className="px-2 py-2 text-left font-medium max-sm:col-span-4">
                            {r === 0 ? (
                              <>
                                {who}
                                {w.name && <span className="block text-xs font-normal text-slate-500">{w.id}</span>}
                              </>
                            ) : (
                              <span className="sr-only">{who}</span>
                            )}
                          </th>
                          <td className="px-1 py-2 max-sm:col-span-4">
                            <select
                              aria-label={`${who} row ${r + 1} payment code`}
                              aria-invalid={!!err('rateId')}
                              className="w-36 rounded border border-slate-300 px-1 py-1 max-sm:w-full"
                              value={row.rateId}
                              onChange={(e) => {
                                const chosen = rates.find((x) => x.id === e.target.value);
                                const known = hint && hint !== 'unread' ? hint.usualRates[e.target.value] : undefined;
                                setRow(wi, r, {
                                  rateId: e.target.value,
                                  ...(chosen?.defaultVATCode?.id && !row.vatID ? { vatID: chosen.defaultVATCode.id } : {}),
                                  ...(known && !row.rate ? { rate: known } : {}),
                                });
                              }}
                            >
                              <option value="">Choose…</option>
                              {rates.map((x) => (
                                <option key={x.id} value={x.id}>
                                  {x.code} — {x.description}
                                </option>
                              ))}
                            </select>
                            {err('rateId') && <p className="text-xs text-red-700">{err('rateId')}</p>}
                          </td>
                          <td className="px-1 py-2 max-sm:col-span-2">
                            <span className="text-xs text-slate-600 sm:hidden">{rateHeader(currency)}</span>
                            <input
                              aria-label={`${who} row ${r + 1} ${rateHeader(currency).toLowerCase()}`}
                              aria-invalid={!!err('rate')}
                              data-cell={`${base + r}:0`}
                              inputMode="decimal"
                              className="w-16 rounded border border-slate-300 px-1 py-1 max-sm:w-full"
                              value={row.rate}
                              onChange={(e) => setRow(wi, r, { rate: e.target.value })}
                              onKeyDown={(e) => onKey(e, base + r, 0)}
                              onPaste={(e) => onPaste(e, base + r, 0)}
                            />
                            {err('rate') && <p className="w-24 text-xs text-red-700">{err('rate')}</p>}
                            {far && (
                              <p className="w-28 text-xs text-amber-800" data-testid="rate-warning">
                                Usually {money(lib?.toPence(usual) ?? undefined, currency)} (
                                {hint && hint !== 'unread' ? hint.latestId : ''})
                              </p>
                            )}
                          </td>
                          <td className="px-1 py-2 max-sm:col-span-2">
                            <span className="text-xs text-slate-600 sm:hidden">VAT</span>
                            <select
                              aria-label={`${who} row ${r + 1} VAT code`}
                              aria-invalid={!!err('vatID')}
                              className="w-24 rounded border border-slate-300 px-1 py-1 max-sm:w-full"
                              value={row.vatID}
                              onChange={(e) => setRow(wi, r, { vatID: e.target.value })}
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
                            <td key={day} className="px-0.5 py-2">
                              <span className="block text-center text-xs text-slate-600 sm:hidden">{day}</span>
                              <input
                                aria-label={`${who} row ${r + 1} ${day} hours`}
                                aria-invalid={!!err('hours')}
                                data-cell={`${base + r}:${d + 1}`}
                                inputMode="decimal"
                                className="w-12 rounded border border-slate-300 px-1 py-1 text-center max-sm:w-full"
                                value={row.hours[d] ?? ''}
                                onChange={(e) => setRow(wi, r, { hours: row.hours.map((h, j) => (j === d ? e.target.value : h)) })}
                                onKeyDown={(e) => onKey(e, base + r, d + 1)}
                                onPaste={(e) => onPaste(e, base + r, d + 1)}
                              />
                            </td>
                          ))}
                          <td className="px-1 py-2 text-right max-sm:col-span-2 max-sm:text-left" data-testid={`hours-${w.id}-${r + 1}`}>
                            <span className="text-xs text-slate-600 sm:hidden">Hours </span>
                            {rowUnits(row)}
                            {err('hours') && <p className="w-28 text-left text-xs text-red-700">{err('hours')}</p>}
                          </td>
                          <td className="px-1 py-2 text-right max-sm:col-span-1 max-sm:text-left">
                            <span className="text-xs text-slate-600 sm:hidden">Net </span>
                            {money(amounts[r]?.netPence, currency)}
                          </td>
                          <td className="px-1 py-2 max-sm:col-span-1">
                            {w.rows.length > 1 && (
                              <Button
                                variant="ghost"
                                className="px-1"
                                onClick={() =>
                                  change((ws) => ws.map((x, i) => (i === wi ? { ...x, rows: x.rows.filter((_, j) => j !== r) } : x)))
                                }
                                aria-label={`Remove ${who} row ${r + 1}`}
                              >
                                Remove
                              </Button>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                    <tr className="max-sm:block max-sm:px-3 max-sm:pb-3">
                      <td colSpan={14} className="px-2 pb-3 max-sm:block">
                        <div className="flex flex-wrap items-center gap-3">
                          <Button
                            variant="secondary"
                            onClick={() => change((ws) => ws.map((x, i) => (i === wi ? { ...x, rows: [...x.rows, line()] } : x)))}
                          >
                            <span className="sr-only">{who}: </span>Add payment code
                          </Button>
                          <Button
                            variant="ghost"
                            onClick={() => {
                              change((ws) => ws.filter((_, i) => i !== wi));
                              setErrors({}); // the workers after it move up: their messages would point at the wrong one
                            }}
                          >
                            Remove {who}
                          </Button>
                          {hint && hint !== 'unread' && hint.existing.length > 0 && (
                            <p
                              className="flex flex-wrap items-center gap-2 rounded border border-amber-200 bg-amber-50 px-2 py-1 text-xs text-amber-900"
                              role="status"
                            >
                              {hint.existing.map((t) => `${t.id} (${ukDate(t.startDate)} to ${ukDate(t.endDate)})`).join(', ')} already
                              covers this week: left out unless
                              <label className="inline-flex items-center gap-1 font-medium">
                                <input
                                  type="checkbox"
                                  checked={w.sendAnyway}
                                  onChange={(e) =>
                                    change((ws) => ws.map((x, i) => (i === wi ? { ...x, sendAnyway: e.target.checked } : x)))
                                  }
                                />
                                send anyway
                              </label>
                            </p>
                          )}
                          {hint === 'unread' && (
                            <p className="text-xs text-amber-900">
                              Nxsys could not be read to check for a timesheet already there: it is checked again on save.
                            </p>
                          )}
                        </div>
                      </td>
                    </tr>
                  </tbody>
                );
              })}
              <tfoot className="max-sm:block">
                <tr className="border-t-2 border-slate-300 font-semibold max-sm:block">
                  <td colSpan={14} className="px-2 py-2 text-right max-sm:block max-sm:text-left" data-testid="week-total">
                    Total incl. VAT: {totals.size === 0 ? '—' : [...totals].map(([c, pence]) => money(pence, c)).join(' and ')}
                    {uncounted > 0 && (
                      <span className="block text-xs font-normal text-slate-500">
                        {uncounted} worker{uncounted === 1 ? '' : 's'} of unknown country not in the totals
                      </span>
                    )}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
        </Card>
      )}

      <FormError message={formError} />
      <Button type="submit" disabled={saving || workers.length === 0}>
        {saving ? 'Saving…' : `Save the week${workers.length ? ` (${workers.length} worker${workers.length === 1 ? '' : 's'})` : ''}`}
      </Button>
    </form>
  );
}
