'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef } from 'react';
import { toast } from '@/components/ui/toast';
import { FormError } from '@/components/forms/form-error';
import { lazyCheck } from '@/components/forms/lazy-check';
import { useIdempotencyKey } from '@/components/forms/use-idempotency-key';
import { focusFirstInvalid, useValuesForm } from '@/components/forms/use-values-form';
import { useUnsavedChangesGuard } from '@/components/forms/use-unsaved-changes';
import { Button, buttonClasses } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { apiFetch } from '@/lib/api-client';
import { label } from '@/lib/labels';
import { RATE_FLAGS, RATE_FLAG_HELP, RATE_TYPES, RATE_UNITS, vatLabel, type VatCodeOption } from '@/lib/payment-rates/options';
import type { PaymentRateForm as Values } from '@/lib/payment-rates/schema';

// The route parses with the same schema; zod loads on the form's first focus, not with the page.
const checkRate = lazyCheck(() => import('@/lib/payment-rates/schema').then((m) => m.paymentRateSchema));

export function PaymentRateForm({
  initialValues,
  rateId,
  readOnlyReason,
  vatCodes,
  vatCodesError,
}: {
  initialValues: Values;
  rateId?: string;
  readOnlyReason?: string;
  /** The agency's VAT codes, read by the server page (null when they could not be read: then `vatCodesError`). */
  vatCodes: VatCodeOption[] | null;
  vatCodesError?: string;
}) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const form = useValuesForm({ initialValues, check: checkRate, what: 'payment rate' });
  const key = useIdempotencyKey(); // a new rate: created once however often the form is sent
  useUnsavedChangesGuard(form.dirty);

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void form.saving(async () => {
      const checked = await form.validate();
      if (!checked.ok) return focusFirstInvalid(() => formRef.current);
      const values = checked.data;
      try {
        const { data } = await apiFetch<{ data: { id: string } }>(rateId ? `/api/payment-rates/${rateId}` : '/api/payment-rates', {
          method: rateId ? 'PUT' : 'POST',
          json: values,
          headers: rateId ? undefined : key.headers,
        });
        key.renew();
        form.markSaved();
        toast.success(`Payment rate ${values.code} was ${rateId ? 'updated' : 'created'}.`);
        router.push(`/payment-rates/${data.id}`);
        router.refresh();
      } catch (error) {
        if ((error as { code?: string }).code === 'write_outcome_unknown') key.renew();
        if (form.showFailure(error).length) focusFirstInvalid(() => formRef.current);
      }
    });
  };

  const vat = form.get('defaultVATCode') as string;
  // A code the rate holds that the list did not bring (or no list): shown as Nxsys sent it, never swapped for another.
  const unlisted = vat && !vatCodes?.some((v) => v.id === vat) ? vat : null;
  const disabled = !!readOnlyReason;
  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      onFocus={form.preload}
      noValidate
      className="max-w-3xl space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
    >
      {readOnlyReason && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">{readOnlyReason}</p>
      )}
      <FormError message={form.formError} />
      <fieldset disabled={disabled} className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Code"
          error={form.error('code')}
          readOnly={!!rateId}
          hint={rateId ? 'A code cannot be changed once created.' : undefined}
          {...form.text('code')}
        />
        <TextField label="Description" error={form.error('description')} {...form.text('description')} />
        <TextField label="Shown on payslip as (optional)" error={form.error('displayOnPayslip')} {...form.text('displayOnPayslip')} />
        <SelectField label="Type" error={form.error('type')} {...form.text('type')}>
          {RATE_TYPES.map((t) => (
            <option key={t} value={t}>
              {t === 'RATE' ? 'Rate' : 'Fixed (cost of materials)'}
            </option>
          ))}
        </SelectField>
        <SelectField label="Units" error={form.error('units')} {...form.text('units')}>
          {RATE_UNITS.map((u) => (
            <option key={u} value={u}>
              {label(u)}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Hours per unit"
          type="number"
          step="0.25"
          min="0"
          error={form.error('hoursPerUnit')}
          {...form.text('hoursPerUnit')}
        />
        <SelectField
          label="Default VAT code"
          error={form.error('defaultVATCode') ?? (vatCodes ? undefined : (vatCodesError ?? 'The VAT codes could not be read.'))}
          {...form.text('defaultVATCode')}
        >
          <option value="">Choose a VAT code</option>
          {unlisted && <option value={unlisted}>{unlisted}</option>}
          {vatCodes?.map((v) => (
            <option key={v.id} value={v.id}>
              {vatLabel(v)}
            </option>
          ))}
        </SelectField>
      </fieldset>
      <fieldset disabled={disabled} className="grid gap-2 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-medium text-slate-700">Calculation</legend>
        {RATE_FLAGS.map(([key, text]) => (
          <div key={key} className="flex items-start gap-2 text-sm">
            <input
              id={`flag-${key}`}
              type="checkbox"
              aria-describedby={`flag-${key}-help`}
              className="mt-0.5 h-4 w-4 shrink-0 rounded border-slate-300"
              {...form.checkbox(key)}
            />
            <div>
              <label htmlFor={`flag-${key}`}>{text}</label>
              <p id={`flag-${key}-help`} className="text-xs text-slate-600">
                {RATE_FLAG_HELP[key]}
              </p>
            </div>
          </div>
        ))}
      </fieldset>
      <div className="flex justify-between gap-2">
        <Link href="/payment-rates" className={buttonClasses('ghost')}>
          Back to payment rates
        </Link>
        {!disabled && (
          <Button type="submit" disabled={form.submitting}>
            {form.submitting ? 'Saving…' : rateId ? 'Save changes' : 'Create payment rate'}
          </Button>
        )}
      </div>
    </form>
  );
}
