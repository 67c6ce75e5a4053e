'use client';

import { get, useFieldArray, useWatch, type Control, type FieldErrors, type UseFormRegister, type UseFormSetValue } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { formatMoney, lineAmounts, penceToString, sheetTotals, vatPercent, type Currency } from '@/lib/money';
import type { TimesheetLineForm } from '@/lib/timesheets/schema';
import { usePaymentRateOptions, useVatCodes } from '@/lib/payment-rates/hooks';
import { ColumnHead } from '@/components/list/list-parts';

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

type WithLines = { rates: TimesheetLineForm[] };
const CONTROL = 'block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm aria-[invalid=true]:border-red-500';

/** The lines of a timesheet, with each line's net, VAT and total, and the sheet's, computed live in pence. */
export function TimesheetLines<T extends WithLines>({
  control,
  register,
  errors,
  setValue,
  disabled,
  currency = null,
}: {
  /** The candidate's currency (Irish: euro); null while not known (amounts without a symbol). */
  currency?: Currency | null;
  control: Control<T>;
  register: UseFormRegister<T>;
  errors: FieldErrors<T>;
  setValue: UseFormSetValue<T>;
  disabled?: boolean;
}) {
  const c = control as unknown as Control<WithLines>;
  const reg = register as unknown as UseFormRegister<WithLines>;
  const set = setValue as unknown as UseFormSetValue<WithLines>;
  const { fields, append, remove } = useFieldArray({ control: c, name: 'rates' });
  const lines = useWatch({ control: c, name: 'rates' }) ?? [];
  const rates = usePaymentRateOptions();
  const vat = useVatCodes();
  const percentOf = (vatId: string) => vatPercent(vat.data?.find((v) => v.id === vatId)?.VATRate) ?? 0;
  const amounts = lines.map((l) => lineAmounts(l?.rate ?? '', l?.units ?? '', percentOf(l?.vatID ?? '')));
  const totals = sheetTotals(amounts);
  const formatGbp = (value: string) => formatMoney(value, currency);
  const rateLabel = currency === 'EUR' ? 'Rate (€)' : currency === 'GBP' ? 'Rate (£)' : 'Rate';
  const err = (path: string) => (get(errors, path) as { message?: string } | undefined)?.message;

  return (
    <div className="space-y-3">
      {/* From md up a table (scrolling sideways if the screen is too narrow for it; focusable so that keyboard users can
          scroll it even when the lines are read-only, outside the fieldset, which a read-only timesheet disables). Below
          md each line is a block of labelled fields, so a phone needs no sideways scrolling: one set of inputs, laid out
          by CSS (react-hook-form registers each input once). */}
      <div className="overflow-x-auto" role="region" aria-label="Timesheet lines" tabIndex={0}>
        <fieldset disabled={disabled}>
          <legend className="mb-2 text-sm font-medium text-slate-700">Lines</legend>
          <table className="block w-full text-sm md:table md:min-w-full">
            <thead className="hidden text-left text-xs tracking-wide text-slate-500 uppercase md:table-header-group">
              <tr>
                <ColumnHead label="Payment rate" className="py-2 pr-2" />
                <ColumnHead label={rateLabel} className="py-2 pr-2" />
                <ColumnHead label="Units" className="py-2 pr-2" />
                <ColumnHead label="VAT code" className="py-2 pr-2" />
                <ColumnHead label="Net" align="right" className="py-2 pr-2" />
                <ColumnHead label="VAT" align="right" className="py-2 pr-2" />
                <ColumnHead label="Total" align="right" className="py-2 pr-2" />
                <th scope="col">
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody className="block space-y-3 md:table-row-group md:space-y-0">
              {fields.map((field, i) => {
                const a = amounts[i];
                const message = err(`rates.${i}.rateId`) ?? err(`rates.${i}.rate`) ?? err(`rates.${i}.units`) ?? err(`rates.${i}.vatID`);
                return (
                  <tr key={field.id} className={LINE}>
                    <td className="col-span-6 md:py-1 md:pr-2">
                      <PhoneLabel>Payment rate</PhoneLabel>
                      <select
                        // Remounted once the options arrive, so the saved choice is selected (a select can't show a
                        // value it has no option for, and react-hook-form sets it only when the element registers).
                        key={rates.isSuccess ? 'ready' : 'loading'}
                        aria-label={`Line ${i + 1} payment rate`}
                        aria-invalid={!!err(`rates.${i}.rateId`)}
                        className={CONTROL}
                        {...reg(`rates.${i}.rateId`, {
                          onChange: (e: { target: { value: string } }) => {
                            // The VAT code defaults from the chosen rate.
                            const chosen = rates.data?.find((r) => r.id === e.target.value);
                            if (chosen?.defaultVATCode?.id) set(`rates.${i}.vatID`, chosen.defaultVATCode.id, { shouldDirty: true });
                          },
                        })}
                      >
                        <option value="">{rates.isPending ? 'Loading…' : 'Choose'}</option>
                        {rates.data?.map((r) => (
                          <option key={r.id} value={r.id}>
                            {r.code} — {r.description}
                          </option>
                        ))}
                      </select>
                      {message && <p className="mt-1 text-xs text-red-700">{message}</p>}
                    </td>
                    <td className="col-span-3 md:py-1 md:pr-2">
                      <PhoneLabel>{rateLabel}</PhoneLabel>
                      <input
                        aria-label={`Line ${i + 1} rate`}
                        aria-invalid={!!err(`rates.${i}.rate`)}
                        inputMode="decimal"
                        className={`${CONTROL} md:w-24`}
                        {...reg(`rates.${i}.rate`)}
                      />
                    </td>
                    <td className="col-span-3 md:py-1 md:pr-2">
                      <PhoneLabel>Units</PhoneLabel>
                      <input
                        aria-label={`Line ${i + 1} units`}
                        aria-invalid={!!err(`rates.${i}.units`)}
                        inputMode="decimal"
                        className={`${CONTROL} md:w-20`}
                        {...reg(`rates.${i}.units`)}
                      />
                    </td>
                    <td className="col-span-6 md:py-1 md:pr-2">
                      <PhoneLabel>VAT code</PhoneLabel>
                      <select
                        key={vat.isSuccess ? 'ready' : 'loading'}
                        aria-label={`Line ${i + 1} VAT code`}
                        aria-invalid={!!err(`rates.${i}.vatID`)}
                        className={CONTROL}
                        {...reg(`rates.${i}.vatID`)}
                      >
                        <option value="">Choose</option>
                        {vat.data?.map((v) => (
                          <option key={v.id} value={v.id}>
                            {v.VATCode} ({v.VATRate})
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className={AMOUNT}>
                      <PhoneLabel>Net</PhoneLabel>
                      <span data-testid={`line-${i}-net`}>{a ? formatGbp(penceToString(a.netPence)) : '—'}</span>
                    </td>
                    <td className={AMOUNT}>
                      <PhoneLabel>VAT</PhoneLabel>
                      {a ? formatGbp(penceToString(a.vatPence)) : '—'}
                    </td>
                    <td className={AMOUNT}>
                      <PhoneLabel>Total</PhoneLabel>
                      {a ? formatGbp(penceToString(a.netPence + a.vatPence)) : '—'}
                    </td>
                    <td className="col-span-6 text-right md:py-1">
                      {fields.length > 1 && (
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
                  <span data-testid="total-net">{formatGbp(penceToString(totals.netPence))}</span>
                </td>
                <td className={AMOUNT}>
                  <PhoneLabel>VAT</PhoneLabel>
                  <span data-testid="total-vat">{formatGbp(penceToString(totals.vatPence))}</span>
                </td>
                <td className={AMOUNT}>
                  <PhoneLabel>Total</PhoneLabel>
                  <span data-testid="total">{formatGbp(penceToString(totals.totalPence))}</span>
                </td>
                <td className="hidden md:table-cell" />
              </tr>
            </tfoot>
          </table>
        </fieldset>
      </div>
      {err('rates') && <p className="text-sm text-red-700">{err('rates')}</p>}
      <Button variant="secondary" disabled={disabled} onClick={() => append({ rateId: '', rate: '', units: '', vatID: '' })}>
        Add line
      </Button>
    </div>
  );
}
