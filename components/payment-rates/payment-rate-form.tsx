'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from '@/components/ui/toast';
import { FormError } from '@/components/forms/form-error';
import { showSaveError } from '@/components/forms/save-error';
import { useUnsavedChangesGuard } from '@/components/forms/use-unsaved-changes';
import { Button, buttonClasses } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { apiFetch } from '@/lib/api-client';
import { label } from '@/lib/labels';
import {
  RATE_FLAGS,
  RATE_FLAG_HELP,
  RATE_TYPES,
  RATE_UNITS,
  paymentRateSchema,
  type PaymentRateForm as Values,
} from '@/lib/payment-rates/schema';
import { useVatCodes, vatLabel } from '@/lib/payment-rates/hooks';

export function PaymentRateForm({
  initialValues,
  rateId,
  readOnlyReason,
}: {
  initialValues: Values;
  rateId?: string;
  readOnlyReason?: string;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const vat = useVatCodes();
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const submitting = useRef(false);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(paymentRateSchema) as never,
    defaultValues: initialValues,
  });
  const { errors, isDirty, isSubmitting } = formState;
  useUnsavedChangesGuard(isDirty && !saved);

  const save = async (values: Values) => {
    if (submitting.current) return;
    submitting.current = true;
    setFormError(null);
    try {
      const { data } = await apiFetch<{ data: { id: string } }>(rateId ? `/api/payment-rates/${rateId}` : '/api/payment-rates', {
        method: rateId ? 'PUT' : 'POST',
        json: values,
      });
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: ['payment-rates'] });
      toast.success(`Payment rate ${values.code} was ${rateId ? 'updated' : 'created'}.`);
      router.push(`/payment-rates/${data.id}`);
      router.refresh();
    } catch (error) {
      setFormError(showSaveError(error, setError, 'payment rate'));
    } finally {
      submitting.current = false;
    }
  };

  const disabled = !!readOnlyReason;
  return (
    <form
      onSubmit={(e) => void handleSubmit(save)(e)}
      noValidate
      className="max-w-3xl space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
    >
      {readOnlyReason && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">{readOnlyReason}</p>
      )}
      <FormError message={formError} />
      <fieldset disabled={disabled} className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Code"
          error={errors.code?.message}
          readOnly={!!rateId}
          hint={rateId ? 'A code cannot be changed once created.' : undefined}
          {...register('code')}
        />
        <TextField label="Description" error={errors.description?.message} {...register('description')} />
        <TextField label="Shown on payslip as (optional)" error={errors.displayOnPayslip?.message} {...register('displayOnPayslip')} />
        <SelectField label="Type" error={errors.type?.message} {...register('type')}>
          {RATE_TYPES.map((t) => (
            <option key={t} value={t}>
              {t === 'RATE' ? 'Rate' : 'Fixed (cost of materials)'}
            </option>
          ))}
        </SelectField>
        <SelectField label="Units" error={errors.units?.message} {...register('units')}>
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
          error={errors.hoursPerUnit?.message}
          {...register('hoursPerUnit')}
        />
        <SelectField
          key={vat.isSuccess ? 'ready' : 'loading'}
          label="Default VAT code"
          error={errors.defaultVATCode?.message ?? (vat.isError ? vat.error.message : undefined)}
          {...register('defaultVATCode')}
        >
          <option value="">{vat.isPending ? 'Loading VAT codes…' : 'Choose a VAT code'}</option>
          {vat.data?.map((v) => (
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
              {...register(key)}
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
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? 'Saving…' : rateId ? 'Save changes' : 'Create payment rate'}
          </Button>
        )}
      </div>
    </form>
  );
}
