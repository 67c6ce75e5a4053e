'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from '@/components/ui/toast';
import { FormError } from '@/components/forms/form-error';
import { lazyCheck } from '@/components/forms/lazy-check';
import { useValuesForm } from '@/components/forms/use-values-form';
import { useIdempotencyKey } from '@/components/forms/use-idempotency-key';
import { useUnsavedChangesGuard } from '@/components/forms/use-unsaved-changes';
import { Button, buttonClasses } from '@/components/ui/button';
import { DateField } from '@/components/ui/date-input';
import { TextField } from '@/components/ui/field';
import { apiFetch } from '@/lib/api-client';
import type { Currency } from '@/lib/money';
import type { RateOption, VatCodeOption } from '@/lib/payment-rates/options';
import { ukTaxWeek } from '@/lib/tax-period';
import type { NewTimesheetForm, TimesheetLineForm } from '@/lib/timesheets/schema';
import { CandidatePicker } from './candidate-picker';
import { confirmsDuplicate, existingFrom, ExistingTimesheetPrompt, type ExistingSheet } from './existing-timesheet';
import { emptyLine, TimesheetLines } from './timesheet-lines';
import { useMoney } from './use-money';

interface SaveResult {
  data: { id: string; totals: { matches: boolean; ours: { total: string } } | null; review?: true };
}

// The route's own schemas, loaded on the form's first focus (zod stays out of the page's first load).
const checkNew = lazyCheck(() => import('@/lib/timesheets/schema').then((m) => m.newTimesheetSchema));
const checkEdit = lazyCheck(() => import('@/lib/timesheets/schema').then((m) => m.editTimesheetSchema));

/** Saves, then opens the saved timesheet (a failure is shown by the form, which keeps everything). */
function useSaved() {
  const router = useRouter();
  return async (url: string, method: 'POST' | 'PUT', values: unknown, done: string, headers?: Record<string, string>) => {
    const { data } = await apiFetch<SaveResult>(url, { method, json: values, headers });
    if (data.review) {
      // The agency reviews timesheets first: a draft was saved, nothing sent yet.
      toast.success('Saved for review: another person approves it before it goes to Nxsys.');
      router.push(`/timesheets/drafts#draft-${data.id}`);
      router.refresh();
      return;
    }
    if (data.totals && !data.totals.matches) toast.warning('Nxsys reports different totals from ours: check the lines.');
    toast.success(done);
    router.push(`/timesheets/${data.id}`);
    router.refresh();
  };
}

/** The pickers' options from the server page, and why they are missing when Nxsys could not be read. */
export interface LineOptions {
  rates: RateOption[];
  vatCodes: VatCodeOption[];
  /** Why the options could not be loaded (shown above the lines); null when they were. */
  optionsError?: string | null;
}

function OptionsError({ message }: { message?: string | null }) {
  if (!message) return null;
  return <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">{message}</p>;
}

export type NewValues = Omit<NewTimesheetForm, 'candidateName' | 'taxYear' | 'taxPeriodConfig' | 'rates'> & {
  taxYear: string;
  taxPeriodConfig: string;
  rates: TimesheetLineForm[];
};

/** A held draft being changed (four-eyes review): saved back to it at the version opened, then reviewed again. */
export interface DraftBeingChanged {
  id: string;
  version: number;
  candidateName: string;
  country: 'uk' | 'ie' | null;
  values: NewValues;
}

export function NewTimesheetForm({
  today,
  rates,
  vatCodes,
  optionsError,
  draft,
}: { today: string; draft?: DraftBeingChanged } & LineOptions) {
  const week = ukTaxWeek(today);
  const router = useRouter();
  const form = useValuesForm<NewValues, unknown>({
    initialValues: draft?.values ?? {
      subcontractorRef: '',
      startDate: '',
      endDate: '',
      taxYear: String(week?.taxYear ?? 2026),
      taxPeriodConfig: String(week?.period ?? 1),
      rates: [emptyLine],
    },
    check: checkNew,
    checkOn: 'submit',
    what: 'timesheet',
  });
  const { values, errors, set } = form;
  const save = useSaved();
  const key = useIdempotencyKey();
  // A timesheet already covering the candidate and period (the server's 409): shown, and "create another" asked.
  const [existing, setExisting] = useState<ExistingSheet | null>(null);
  const [candidateName, setCandidateName] = useState(draft ? draft.candidateName || draft.values.subcontractorRef : '');
  // The chosen candidate's country, for the currency of the live totals (an Irish candidate: euro).
  const [country, setCountry] = useState<'uk' | 'ie' | null>(draft?.country ?? null);
  const currency = useMoney()?.currencyOf(country) ?? null;
  useUnsavedChangesGuard(form.dirty);

  return (
    <form
      {...form.formProps}
      onSubmit={(event) =>
        form.submit(async (parsed) => {
          if (draft) {
            // Compare-and-set on the version opened: a change made meanwhile (another tab, a reviewer) is refused
            // with 409 and the form keeps everything typed.
            await apiFetch(`/api/review/drafts/${draft.id}`, { method: 'PUT', json: { version: draft.version, values: parsed } });
            toast.success('Saved and sent for review again.');
            router.push(`/timesheets/drafts#draft-${draft.id}`);
            router.refresh();
            return;
          }
          try {
            const body = { ...(parsed as object), confirmDuplicate: confirmsDuplicate(event) };
            await save('/api/timesheets', 'POST', body, 'The timesheet was created.', key.headers);
            key.renew();
            setExisting(null);
          } catch (error) {
            const found = existingFrom(error);
            setExisting(found);
            if ((error as { code?: string }).code === 'write_outcome_unknown') key.renew();
            if (!found) throw error; // the prompt says it, with the link and the question
          }
        })(event)
      }
      className="space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
    >
      <FormError message={form.formError} />
      <div className="grid gap-4 md:grid-cols-2">
        <CandidatePicker
          value={values.subcontractorRef}
          name={candidateName}
          error={errors.subcontractorRef}
          onChange={(id, name, country) => {
            setExisting(null);
            set('subcontractorRef', id);
            setCandidateName(name);
            setCountry(country);
          }}
        />
        <div />
        <DateField
          label="Period start"
          data-field="startDate"
          error={errors.startDate}
          value={values.startDate}
          onChange={(value) => {
            setExisting(null);
            set('startDate', value);
            // Tax year and week follow the start date (they can still be changed).
            const w = ukTaxWeek(value);
            if (w) {
              set('taxYear', String(w.taxYear));
              set('taxPeriodConfig', String(w.period));
            }
          }}
        />
        <DateField
          label="Period end"
          data-field="endDate"
          error={errors.endDate}
          value={values.endDate}
          onChange={(value) => {
            setExisting(null);
            set('endDate', value);
          }}
        />
        <TextField
          label="Tax year"
          inputMode="numeric"
          hint="The year the tax year starts (6 April)"
          data-field="taxYear"
          error={errors.taxYear}
          value={values.taxYear}
          onChange={(e) => set('taxYear', e.target.value)}
        />
        <TextField
          label="Tax period (week)"
          inputMode="numeric"
          data-field="taxPeriodConfig"
          error={errors.taxPeriodConfig}
          value={values.taxPeriodConfig}
          onChange={(e) => set('taxPeriodConfig', e.target.value)}
        />
      </div>
      <OptionsError message={optionsError} />
      <TimesheetLines
        lines={values.rates}
        errors={errors}
        set={set}
        setLines={(change, ...forget) => form.update((v) => ({ ...v, rates: change(v.rates) }), ...forget)}
        rates={rates}
        vatCodes={vatCodes}
        currency={currency}
      />
      <ExistingTimesheetPrompt existing={existing} busy={form.submitting} />
      <div className="flex justify-between">
        <Link href={draft ? '/timesheets/drafts' : '/timesheets'} className={buttonClasses('ghost')}>
          Cancel
        </Link>
        <Button type="submit" disabled={form.submitting}>
          {form.submitting ? 'Saving…' : draft ? 'Save and send for review again' : 'Create timesheet'}
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
  rates,
  vatCodes,
  optionsError,
}: {
  id: string;
  lines: TimesheetLineForm[];
  lockedReason: string | null;
  currency?: Currency | null;
} & LineOptions) {
  const form = useValuesForm<{ rates: TimesheetLineForm[] }, unknown>({
    initialValues: { rates: lines.length ? lines : [emptyLine] },
    check: checkEdit,
    checkOn: 'submit',
    what: 'timesheet',
  });
  const save = useSaved();
  useUnsavedChangesGuard(form.dirty);
  return (
    <form
      {...form.formProps}
      onSubmit={form.submit((parsed) => save(`/api/timesheets/${id}`, 'PUT', parsed, 'The timesheet was updated.'))}
      className="space-y-4"
    >
      {lockedReason && <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">{lockedReason}</p>}
      <FormError message={form.formError} />
      {!lockedReason && <OptionsError message={optionsError} />}
      <TimesheetLines
        lines={form.values.rates}
        errors={form.errors}
        set={form.set}
        setLines={(change, ...forget) => form.update((v) => ({ ...v, rates: change(v.rates) }), ...forget)}
        rates={rates}
        vatCodes={vatCodes}
        disabled={!!lockedReason}
        currency={currency}
      />
      {!lockedReason && (
        <div className="flex justify-end">
          <Button type="submit" disabled={form.submitting || !form.dirty}>
            {form.submitting ? 'Saving…' : 'Save lines'}
          </Button>
        </div>
      )}
    </form>
  );
}
