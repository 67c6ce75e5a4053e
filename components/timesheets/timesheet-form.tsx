'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { Controller, useForm, useWatch, type FieldValues, type UseFormSetError } from 'react-hook-form';
import { toast } from '@/components/ui/toast';
import { FormError } from '@/components/forms/form-error';
import { showSaveError } from '@/components/forms/save-error';
import { useUnsavedChangesGuard } from '@/components/forms/use-unsaved-changes';
import { Button, buttonClasses } from '@/components/ui/button';
import { DateField } from '@/components/ui/date-input';
import { TextField } from '@/components/ui/field';
import { apiFetch } from '@/lib/api-client';
import { currencyOf, type Currency } from '@/lib/money';
import { ukTaxWeek } from '@/lib/tax-period';
import { editTimesheetSchema, newTimesheetSchema, type NewTimesheetForm, type TimesheetLineForm } from '@/lib/timesheets/schema';
import { CandidatePicker } from './candidate-picker';
import { TimesheetLines } from './timesheet-lines';

interface SaveResult {
  data: { id: string; totals: { matches: boolean; ours: { total: string } } | null };
}

/** Shared by create and edit: saves, shows upstream errors at their fields, keeps everything on failure. */
function useSave<T extends FieldValues>(setError: UseFormSetError<T>) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const busy = useRef(false);
  const save = async (url: string, method: 'POST' | 'PUT', values: T, done: string) => {
    if (busy.current) return;
    busy.current = true;
    setFormError(null);
    try {
      const { data } = await apiFetch<SaveResult>(url, { method, json: values });
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: ['timesheets'] });
      if (data.totals && !data.totals.matches) toast.warning('Nxsys reports different totals from ours: check the lines.');
      toast.success(done);
      router.push(`/timesheets/${data.id}`);
      router.refresh();
    } catch (error) {
      setFormError(showSaveError(error, setError, 'timesheet'));
    } finally {
      busy.current = false;
    }
  };
  return { save, formError, saved };
}

const emptyLine: TimesheetLineForm = { rateId: '', rate: '', units: '', vatID: '' };

export function NewTimesheetForm({ today }: { today: string }) {
  const week = ukTaxWeek(today);
  const form = useForm<NewTimesheetForm>({
    resolver: zodResolver(newTimesheetSchema) as never,
    defaultValues: {
      subcontractorRef: '',
      startDate: '',
      endDate: '',
      taxYear: week?.taxYear ?? 2026,
      taxPeriodConfig: week?.period ?? 1,
      rates: [emptyLine],
    },
  });
  const { register, control, setValue, setError, handleSubmit, formState } = form;
  const { save, formError, saved } = useSave(setError);
  // The chosen candidate's currency (an Irish candidate: euro) for the live totals.
  const [currency, setCurrency] = useState<Currency | null>(null);
  useUnsavedChangesGuard(formState.isDirty && !saved);
  const candidate = useWatch({ control, name: 'subcontractorRef' });
  const candidateName = useWatch({ control, name: 'candidateName' }) ?? '';

  return (
    <form
      noValidate
      onSubmit={(e) =>
        void handleSubmit(({ candidateName: _n, ...values }) =>
          save('/api/timesheets', 'POST', values as NewTimesheetForm, 'The timesheet was created.'),
        )(e)
      }
      className="space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
    >
      <FormError message={formError} />
      <div className="grid gap-4 md:grid-cols-2">
        <CandidatePicker
          value={candidate}
          name={candidateName}
          error={formState.errors.subcontractorRef?.message}
          onChange={(id, name, country) => {
            setValue('subcontractorRef', id, { shouldDirty: true, shouldValidate: !!id });
            setValue('candidateName', name);
            setCurrency(currencyOf(country));
          }}
        />
        <div />
        <Controller
          control={control}
          name="startDate"
          render={({ field }) => (
            <DateField
              label="Period start"
              error={formState.errors.startDate?.message}
              value={field.value}
              onBlur={field.onBlur}
              onChange={(value) => {
                field.onChange(value);
                // Tax year and week follow the start date (they can still be changed).
                const w = ukTaxWeek(value);
                if (w) {
                  setValue('taxYear', w.taxYear);
                  setValue('taxPeriodConfig', w.period);
                }
              }}
            />
          )}
        />
        <Controller
          control={control}
          name="endDate"
          render={({ field }) => (
            <DateField
              label="Period end"
              error={formState.errors.endDate?.message}
              value={field.value}
              onBlur={field.onBlur}
              onChange={field.onChange}
            />
          )}
        />
        <TextField
          label="Tax year"
          inputMode="numeric"
          hint="The year the tax year starts (6 April)"
          error={formState.errors.taxYear?.message}
          {...register('taxYear')}
        />
        <TextField
          label="Tax period (week)"
          inputMode="numeric"
          error={formState.errors.taxPeriodConfig?.message}
          {...register('taxPeriodConfig')}
        />
      </div>
      <TimesheetLines control={control} register={register} errors={formState.errors} setValue={setValue} currency={currency} />
      <div className="flex justify-between">
        <Link href="/timesheets" className={buttonClasses('ghost')}>
          Cancel
        </Link>
        <Button type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? 'Saving…' : 'Create timesheet'}
        </Button>
      </div>
    </form>
  );
}

export function EditTimesheetLines({
  id,
  lines,
  lockedReason,
  currency = null,
}: {
  id: string;
  lines: TimesheetLineForm[];
  lockedReason: string | null;
  currency?: Currency | null;
}) {
  const form = useForm<{ rates: TimesheetLineForm[] }>({
    resolver: zodResolver(editTimesheetSchema) as never,
    defaultValues: { rates: lines.length ? lines : [emptyLine] },
  });
  const { register, control, setValue, setError, handleSubmit, formState } = form;
  const { save, formError, saved } = useSave(setError);
  useUnsavedChangesGuard(formState.isDirty && !saved);
  return (
    <form
      noValidate
      onSubmit={(e) => void handleSubmit((values) => save(`/api/timesheets/${id}`, 'PUT', values, 'The timesheet was updated.'))(e)}
      className="space-y-4"
    >
      {lockedReason && <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">{lockedReason}</p>}
      <FormError message={formError} />
      <TimesheetLines
        control={control}
        register={register}
        errors={formState.errors}
        setValue={setValue}
        disabled={!!lockedReason}
        currency={currency}
      />
      {!lockedReason && (
        <div className="flex justify-end">
          <Button type="submit" disabled={formState.isSubmitting || !formState.isDirty}>
            {formState.isSubmitting ? 'Saving…' : 'Save lines'}
          </Button>
        </div>
      )}
    </form>
  );
}
