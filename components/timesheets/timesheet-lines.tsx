'use client';

import { useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import type { Currency } from '@/lib/money';
import type { RateOption, VatCodeOption } from '@/lib/payment-rates/options';
import type { TimesheetLineForm } from '@/lib/timesheets/schema';
import { useMoney } from './use-money';

export const emptyLine: TimesheetLineForm = { rateId: '', rate: '', units: '', vatID: '' };

/** A column's heading (the table's, from md up). */
function ColumnHead({ label, align = 'left' }: { label: string; align?: 'left' | 'right' }) {
  return (
    <th scope="col" className={align === 'right' ? 'py-2 pr-2 text-right' : 'py-2 pr-2'}>
      {label}
    </th>
  );
}

/** A line: a bordered block of fields on a phone (a six-column grid), a table row from md up. */
const LINE = 'grid grid-cols-6 gap-2 rounded-md border border-slate-200 p-3 align-top md:table-row md:border-0 md:p-0';
/** An amount: a third of a line's width on a phone, a right-aligned cell from md up. */
const AMOUNT = 'col-span-2 tabular-nums md:py-2 md:pr-2 md:text-right';

/** A field's visible label on a phone, where the table's headings are hidden (the control is named by its aria-label). */
function PhoneLabel({ children }: { children: React.ReactNode }) {
  return (
    <span aria-hidden className="mb-1 block text-xs text-slate-500 md:hidden">
      {children}
    </span>
  );
}

const CONTROL = 'block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm aria-[invalid=true]:border-red-500';
const FIELDS = ['rateId', 'rate', 'units', 'vatID'] as const;

/**
 * The lines of a timesheet, with each line's net, VAT and total, and the sheet's, computed live in pence. The form
 * holds the values (components/forms/use-values-form.ts) under `rates`; the options come from the server page.
 */
export function TimesheetLines({
  lines,
  errors,
  set,
  setLines,
  rates,
  vatCodes,
  disabled,
  currency = null,
}: {
  lines: TimesheetLineForm[];
  /** Messages by path (`rates.2.units`). */
  errors: Record<string, string>;
  /** Sets one value by its path (`rates.2.units`). */
  set: (path: string, value: string) => void;
  /** Adds or removes lines; `forget`: the paths whose messages no longer apply. */
  setLines: (change: (lines: TimesheetLineForm[]) => TimesheetLineForm[], ...forget: string[]) => void;
  rates: RateOption[];
  vatCodes: VatCodeOption[];
  disabled?: boolean;
  /** The candidate's currency (Irish: euro); null while not known (amounts without a symbol). */
  currency?: Currency | null;
}) {
  const id = useId();
  // Stable keys for the lines, so that removing one keeps the others' inputs (and focus) where they are.
  const next = useRef(lines.length);
  const [keys, setKeys] = useState(() => lines.map((_, i) => i));
  // The money library arrives just after the page: until then every amount reads "—".
  const money = useMoney();
  const percentOf = (vatId: string) => money?.vatPercent(vatCodes.find((v) => v.id === vatId)?.VATRate) ?? 0;
  const amounts = lines.map((l) => money?.lineAmounts(l.rate, l.units, percentOf(l.vatID)) ?? null);
  const totals = money?.sheetTotals(amounts);
  const show = (pence: number | undefined) =>
    money && pence !== undefined ? money.formatMoney(money.penceToString(pence), currency) : '—';
  const rateLabel = currency === 'EUR' ? 'Rate (€)' : currency === 'GBP' ? 'Rate (£)' : 'Rate';
  const err = (path: string) => errors[path];
  /** A field's path, and the attributes that tie it to its message. */
  const fieldProps = (i: number, field: (typeof FIELDS)[number]) => {
    const path = `rates.${i}.${field}`;
    return {
      'data-field': path,
      'aria-invalid': !!err(path),
      'aria-describedby': err(path) ? `${id}-${i}-${field}` : undefined,
    };
  };
  const remove = (i: number) => {
    setKeys((k) => k.filter((_, j) => j !== i));
    // The lines after it move up: their messages would point at the wrong line.
    setLines((l) => l.filter((_, j) => j !== i), 'rates');
  };
  const add = () => {
    setKeys((k) => [...k, next.current++]);
    setLines((l) => [...l, emptyLine]);
  };

  return (
    <div className="space-y-3">
      {/* From md up a table (scrolling sideways if the screen is too narrow for it; focusable so that keyboard users can
          scroll it even when the lines are read-only, outside the fieldset, which a read-only timesheet disables). Below
          md each line is a block of labelled fields, so a phone needs no sideways scrolling: one set of inputs, laid out
          by CSS (one controlled input per field). */}
      <div className="overflow-x-auto" role="region" aria-label="Timesheet lines" tabIndex={0}>
        <fieldset disabled={disabled}>
          <legend className="mb-2 text-sm font-medium text-slate-700">Lines</legend>
          <table className="block w-full text-sm md:table md:min-w-full">
            <thead className="hidden text-left text-xs tracking-wide text-slate-500 uppercase md:table-header-group">
              <tr>
                <ColumnHead label="Payment rate" />
                <ColumnHead label={rateLabel} />
                <ColumnHead label="Units" />
                <ColumnHead label="VAT code" />
                <ColumnHead label="Net" align="right" />
                <ColumnHead label="VAT" align="right" />
                <ColumnHead label="Total" align="right" />
                <th scope="col">
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody className="block space-y-3 md:table-row-group md:space-y-0">
              {lines.map((line, i) => {
                const a = amounts[i];
                // Each of the line's messages, under its first field; each field is described by its own.
                const messages = FIELDS.flatMap((f) => (err(`rates.${i}.${f}`) ? [[f, err(`rates.${i}.${f}`)!] as const] : []));
                const known = rates.some((r) => r.id === line.rateId);
                return (
                  <tr key={keys[i] ?? `extra-${i}`} className={LINE}>
                    <td className="col-span-6 md:py-1 md:pr-2">
                      <PhoneLabel>Payment rate</PhoneLabel>
                      <select
                        aria-label={`Line ${i + 1} payment rate`}
                        className={CONTROL}
                        {...fieldProps(i, 'rateId')}
                        value={line.rateId}
                        onChange={(e) => {
                          set(`rates.${i}.rateId`, e.target.value);
                          // The VAT code defaults from the chosen rate.
                          const chosen = rates.find((r) => r.id === e.target.value);
                          if (chosen?.defaultVATCode?.id) set(`rates.${i}.vatID`, chosen.defaultVATCode.id);
                        }}
                      >
                        <option value="">Choose</option>
                        {/* A saved rate that is not among the options (no longer listed) is kept, shown by its id. */}
                        {line.rateId && !known && <option value={line.rateId}>{line.rateId}</option>}
                        {rates.map((r) => (
                          <option key={r.id} value={r.id}>
                            {r.code} — {r.description}
                          </option>
                        ))}
                      </select>
                      {messages.map(([f, message]) => (
                        <p key={f} id={`${id}-${i}-${f}`} className="mt-1 text-xs text-red-700">
                          {message}
                        </p>
                      ))}
                    </td>
                    <td className="col-span-3 md:py-1 md:pr-2">
                      <PhoneLabel>{rateLabel}</PhoneLabel>
                      <input
                        aria-label={`Line ${i + 1} rate`}
                        inputMode="decimal"
                        className={`${CONTROL} md:w-24`}
                        {...fieldProps(i, 'rate')}
                        value={line.rate}
                        onChange={(e) => set(`rates.${i}.rate`, e.target.value)}
                      />
                    </td>
                    <td className="col-span-3 md:py-1 md:pr-2">
                      <PhoneLabel>Units</PhoneLabel>
                      <input
                        aria-label={`Line ${i + 1} units`}
                        inputMode="decimal"
                        className={`${CONTROL} md:w-20`}
                        {...fieldProps(i, 'units')}
                        value={line.units}
                        onChange={(e) => set(`rates.${i}.units`, e.target.value)}
                      />
                    </td>
                    <td className="col-span-6 md:py-1 md:pr-2">
                      <PhoneLabel>VAT code</PhoneLabel>
                      <select
                        aria-label={`Line ${i + 1} VAT code`}
                        className={CONTROL}
                        {...fieldProps(i, 'vatID')}
                        value={line.vatID}
                        onChange={(e) => set(`rates.${i}.vatID`, e.target.value)}
                      >
                        <option value="">Choose</option>
                        {line.vatID && !vatCodes.some((v) => v.id === line.vatID) && <option value={line.vatID}>{line.vatID}</option>}
                        {vatCodes.map((v) => (
                          <option key={v.id} value={v.id}>
                            {v.VATCode} ({v.VATRate})
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className={AMOUNT}>
                      <PhoneLabel>Net</PhoneLabel>
                      <span data-testid={`line-${i}-net`}>{show(a?.netPence)}</span>
                    </td>
                    <td className={AMOUNT}>
                      <PhoneLabel>VAT</PhoneLabel>
                      {show(a?.vatPence)}
                    </td>
                    <td className={AMOUNT}>
                      <PhoneLabel>Total</PhoneLabel>
                      {show(a ? a.netPence + a.vatPence : undefined)}
                    </td>
                    <td className="col-span-6 text-right md:py-1">
                      {lines.length > 1 && (
                        <Button variant="ghost" aria-label={`Remove line ${i + 1}`} onClick={() => remove(i)}>
                          ✕
                        </Button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot className="mt-3 block border-t border-slate-200 font-medium md:table-footer-group">
              <tr className="grid grid-cols-3 gap-x-2 py-2 md:table-row md:py-0">
                <td colSpan={4} className="col-span-3 md:py-2">
                  Timesheet total
                </td>
                <td className={AMOUNT}>
                  <PhoneLabel>Net</PhoneLabel>
                  <span data-testid="total-net">{show(totals?.netPence)}</span>
                </td>
                <td className={AMOUNT}>
                  <PhoneLabel>VAT</PhoneLabel>
                  <span data-testid="total-vat">{show(totals?.vatPence)}</span>
                </td>
                <td className={AMOUNT}>
                  <PhoneLabel>Total</PhoneLabel>
                  <span data-testid="total">{show(totals?.totalPence)}</span>
                </td>
                <td className="hidden md:table-cell" />
              </tr>
            </tfoot>
          </table>
        </fieldset>
      </div>
      {err('rates') && <p className="text-sm text-red-700">{err('rates')}</p>}
      <Button variant="secondary" disabled={disabled} onClick={add}>
        Add line
      </Button>
    </div>
  );
}
