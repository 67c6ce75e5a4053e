'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { Controller, get, useForm, type FieldPath } from 'react-hook-form';
import { toast } from '@/components/ui/toast';
import { useUnsavedChangesGuard } from '@/components/forms/use-unsaved-changes';
import { Button, buttonClasses } from '@/components/ui/button';
import { DateField } from '@/components/ui/date-input';
import { SelectField, TextField } from '@/components/ui/field';
import { apiFetch } from '@/lib/api-client';
import { ApiError } from '@/lib/errors/catalogue';
import {
  OPTIONS,
  SECTIONS,
  candidateSchema,
  heldIdentifiers,
  sectionOf,
  toNxsysCandidate,
  type CandidateForm as Values,
  type Country,
  type Held,
} from '@/lib/candidates/schema';
import { ukDate } from '@/lib/dates';
import { label, paymentModelLabel } from '@/lib/labels';

type Path = FieldPath<Values>;

interface Props {
  country: Country;
  initialValues: Values;
  /** Editing an existing candidate (PUT) rather than onboarding (POST). */
  candidateId?: string;
}

export function CandidateForm({ country, initialValues, candidateId }: Props) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const submitting = useRef(false);
  const form = useForm<Values>({
    // Editing: identifiers Nxsys already holds are not judged again (a legacy NI number blocks only when changed).
    resolver: zodResolver(candidateSchema(country, candidateId ? heldIdentifiers(initialValues) : {})) as never,
    defaultValues: initialValues,
    mode: 'onTouched',
  });
  const { register, handleSubmit, trigger, setError, getValues, formState } = form;
  const { errors, isDirty, isSubmitting } = formState;
  useUnsavedChangesGuard(isDirty && !saved);

  /** After a failed step or save: once the errors are on screen (two frames on), focus the first one. */
  const focusFirstError = () =>
    requestAnimationFrame(() => requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()));

  /** After moving to a step: its first field (or, on the review, its heading) takes the focus. */
  const focusStep = () =>
    requestAnimationFrame(() =>
      requestAnimationFrame(() =>
        (formRef.current?.querySelector<HTMLElement>('[data-step-fields] input, [data-step-fields] select') ?? headingRef.current)?.focus(),
      ),
    );

  const focusField = (path: string) => {
    setStep(sectionOf(path));
    focusFirstError();
  };

  const section = SECTIONS[step]!;
  const pathsOf = (index: number): Path[] => {
    const fields = SECTIONS[index]!.fields as readonly string[];
    const values = getValues();
    return (['generalSetting', 'bankSetting', 'payrollSetting', 'pensionSetting'] as const).flatMap((block) =>
      Object.keys(values[block] ?? {})
        .filter((f) => fields.includes(f))
        .flatMap((f) =>
          f === 'address' ? ['generalSetting.address.0', 'generalSetting.address.1', 'generalSetting.address.2'] : [`${block}.${f}`],
        ),
    ) as Path[];
  };

  const goTo = async (next: number) => {
    if (next > step) {
      const paths = pathsOf(step);
      if (!(await trigger(paths))) {
        focusFirstError();
        return;
      }
    }
    setStep(next);
    focusStep();
  };

  /** Shows errors at their fields (ours or Nxsys's), on the step of the first one. */
  const showFieldErrors = (fieldErrors: Record<string, string>) => {
    const paths = Object.keys(fieldErrors);
    for (const path of paths) setError(path as Path, { type: 'server', message: fieldErrors[path] });
    const first = paths.sort((a, b) => sectionOf(a) - sectionOf(b))[0];
    if (first) focusField(first);
  };

  const save = async (values: Values) => {
    if (submitting.current) return; // a double click sends one request
    submitting.current = true;
    setFormError(null);
    try {
      const url = candidateId ? `/api/candidates/${candidateId}?country=${country}` : `/api/candidates?country=${country}`;
      const { data } = await apiFetch<{ data: { id: string | null } }>(url, { method: candidateId ? 'PUT' : 'POST', json: values });
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: ['candidates'] });
      const name = `${values.generalSetting.forename} ${values.generalSetting.surname}`;
      toast.success(candidateId ? `${name} was updated.` : `${name} was onboarded.`);
      router.push(
        data.id
          ? `/candidates/${data.id}?country=${country}`
          : `/candidates?country=${country}&search=${encodeURIComponent(values.generalSetting.email)}`,
      );
      router.refresh();
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors && Object.keys(error.fieldErrors).length) {
        // The reason is shown at its field: the banner only points there (never the same message twice).
        setFormError(
          error.code === 'nxsys_rejected' ? 'Nxsys did not accept this: see the field marked on this step.' : 'Some fields need attention.',
        );
        showFieldErrors(error.fieldErrors);
      } else {
        setFormError(`${error instanceof Error ? error.message : 'The candidate could not be saved.'} Everything you typed is still here.`);
      }
    } finally {
      submitting.current = false;
    }
  };

  const onInvalid = (invalid: object) => {
    const paths: string[] = [];
    const walk = (node: unknown, prefix: string) => {
      if (!node || typeof node !== 'object') return;
      if ('message' in node && typeof (node as { message: unknown }).message === 'string') paths.push(prefix);
      else for (const [key, child] of Object.entries(node)) walk(child, prefix ? `${prefix}.${key}` : key);
    };
    walk(invalid, '');
    const first = paths.sort((a, b) => sectionOf(a) - sectionOf(b))[0];
    if (first) focusField(first);
  };

  // Enter in a field (or Next) on a step moves on to the next step; on the review it saves.
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    if (SECTIONS[step]!.id !== 'review') {
      event.preventDefault();
      void goTo(step + 1);
      return;
    }
    void handleSubmit(save, onInvalid)(event);
  };

  const err = (path: Path) => (get(errors, path) as { message?: string } | undefined)?.message;
  const text = (path: Path, labelText: string, props: React.InputHTMLAttributes<HTMLInputElement> & { hint?: string } = {}) => (
    <TextField key={path} label={labelText} error={err(path)} {...props} {...register(path)} />
  );
  const date = (path: Path, labelText: string) => (
    <Controller
      key={path}
      control={form.control}
      name={path}
      render={({ field }) => (
        <DateField label={labelText} error={err(path)} value={field.value as string} onChange={field.onChange} onBlur={field.onBlur} />
      )}
    />
  );
  // "Not set": a value Nxsys did not send stays unset in the form (never a default that looks like data).
  const select = (path: Path, labelText: string, options: readonly string[], words: (o: string) => string = label) => (
    <SelectField key={path} label={labelText} error={err(path)} {...register(path)}>
      <option value="">Not set</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {words(o)}
        </option>
      ))}
    </SelectField>
  );

  const uk = country === 'uk';
  const fieldsOf: Record<string, React.ReactNode> = {
    personal: (
      <>
        {select('generalSetting.title', 'Title', OPTIONS.title)}
        {select('generalSetting.gender', 'Gender', OPTIONS.gender)}
        {text('generalSetting.forename', 'First name', { autoComplete: 'off' })}
        {text('generalSetting.surname', 'Last name', { autoComplete: 'off' })}
        {date('generalSetting.DOB', 'Date of birth')}
        {select('generalSetting.maritalStatus', 'Marital status', OPTIONS.maritalStatus)}
        {text('generalSetting.nationality', 'Nationality (country code)', { maxLength: 2 })}
        {uk &&
          text('generalSetting.NINumber', 'National Insurance number', {
            placeholder: 'AB 12 34 56 C',
            hint: 'Leave empty if the candidate has no NI number yet',
          })}
      </>
    ),
    contact: (
      <>
        {text('generalSetting.address.0', 'Address line 1')}
        {text('generalSetting.address.1', 'Address line 2 (optional)')}
        {text('generalSetting.address.2', 'Address line 3 (optional)')}
        {text('generalSetting.city', 'Town or city')}
        {text('generalSetting.county', uk ? 'County (optional)' : 'County')}
        {uk ? text('generalSetting.postCode', 'Postcode') : text('generalSetting.eircode', 'Eircode')}
        {text('generalSetting.mobile', 'Mobile', { type: 'tel', autoComplete: 'off' })}
        {text('generalSetting.email', 'Email', { type: 'email', autoComplete: 'off' })}
        {text('generalSetting.emergencyName', 'Emergency contact name (optional)')}
        {text('generalSetting.emergencyMobile', 'Emergency contact mobile (optional)', { type: 'tel' })}
      </>
    ),
    employment: (
      <>
        {date('generalSetting.dateOfJoining', 'Date of joining (optional)')}
        {select('generalSetting.payFrequency', 'Pay frequency', OPTIONS.payFrequency)}
        {select('generalSetting.payMethod', 'Pay method', OPTIONS.payMethod)}
        {text('generalSetting.jobDescription', 'Job description (optional)')}
      </>
    ),
    'right-to-work': (
      <>
        {select('generalSetting.rightToWorkStatus', 'Right to work', OPTIONS.rightToWorkStatus)}
        {select('generalSetting.documentType', 'Document', OPTIONS.documentType)}
        {date('generalSetting.documentExpiryDate', 'Document expiry date (optional)')}
      </>
    ),
    bank: (
      <>
        {text('bankSetting.bankName', 'Bank name')}
        {text('bankSetting.accountName', 'Name on the account')}
        {uk
          ? text('bankSetting.sortCode', 'Sort code', { placeholder: '12-34-56', inputMode: 'numeric' })
          : text('bankSetting.IBANReference', 'IBAN', { placeholder: 'IE29 AIBK 9311 5212 3456 78' })}
        {uk ? text('bankSetting.accountNumber', 'Account number', { inputMode: 'numeric' }) : text('bankSetting.SWIFTNo', 'BIC')}
      </>
    ),
    payroll: (
      <>
        {select('payrollSetting.paymentModel', 'Payment model', OPTIONS.paymentModel, paymentModelLabel)}
        {!uk && text('payrollSetting.PPSNumber', 'PPS number', { placeholder: '1234567T' })}
        {select(
          'pensionSetting.scheme',
          'Pension scheme',
          uk ? OPTIONS.scheme : OPTIONS.scheme.filter((o) => o !== 'NEST' || initialValues.pensionSetting.scheme === 'NEST'),
        )}
        {select('pensionSetting.optState', 'Pension status', OPTIONS.optState)}
      </>
    ),
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-6 lg:grid-cols-[14rem_1fr]">
      <nav aria-label="Form sections">
        <ol className="space-y-1">
          {SECTIONS.map((s, i) => (
            <li key={s.id}>
              <button
                type="button"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => void goTo(i)}
                aria-current={i === step ? 'step' : undefined}
                className={`w-full rounded-md px-3 py-2 text-left text-sm ${i === step ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-600 hover:bg-slate-100'}`}
              >
                {i + 1}. {s.title}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 ref={headingRef} tabIndex={-1} className="mb-4 text-lg font-semibold focus:outline-none">
          {section.title}
        </h2>
        {formError && (
          <div role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {formError}
          </div>
        )}
        {section.id === 'review' ? (
          <Review values={getValues()} country={country} held={candidateId ? heldIdentifiers(initialValues) : {}} editing={!!candidateId} />
        ) : (
          <div data-step-fields className="grid gap-4 sm:grid-cols-2">
            {fieldsOf[section.id]}
          </div>
        )}
        <div className="mt-6 flex flex-wrap justify-between gap-2">
          <div className="flex gap-2">
            {step > 0 && (
              <Button variant="secondary" onClick={() => void goTo(step - 1)}>
                Back
              </Button>
            )}
            <Link
              href={candidateId ? `/candidates/${candidateId}?country=${country}` : `/candidates?country=${country}`}
              className={buttonClasses('ghost')}
            >
              Cancel
            </Link>
          </div>
          {section.id === 'review' ? (
            // Distinct keys: React must not turn the clicked Next button into this submit button while the
            // click is still being handled (the browser would then submit the form on that same click).
            <Button key="submit" type="submit" disabled={isSubmitting} onMouseDown={(e) => e.preventDefault()}>
              {isSubmitting ? 'Saving…' : candidateId ? 'Save changes' : 'Onboard candidate'}
            </Button>
          ) : (
            // preventDefault on mousedown: the field keeps focus until the click, so a blur-time error message
            // cannot push the button away between mousedown and mouseup (which would swallow the click).
            // A submit button, so that Enter in a field moves on too (onSubmit goes to the next step).
            <Button key="next" type="submit" onMouseDown={(e) => e.preventDefault()}>
              Next
            </Button>
          )}
        </div>
      </section>
    </form>
  );
}

/** Every field of the form, by step, with its label (for the review). */
const REVIEW_FIELDS: { step: string; rows: [string, (v: Sent, country: Country) => unknown][] }[] = [
  {
    step: 'Personal details',
    rows: [
      ['Title', (v) => label(v.generalSetting.title as string)],
      ['Gender', (v) => label(v.generalSetting.gender as string)],
      ['First name', (v) => v.generalSetting.forename],
      ['Last name', (v) => v.generalSetting.surname],
      ['Date of birth', (v) => ukDate(v.generalSetting.DOB)],
      ['Marital status', (v) => label(v.generalSetting.maritalStatus as string)],
      ['Nationality', (v) => v.generalSetting.nationality],
      ['National Insurance number', (v, c) => (c === 'uk' ? v.generalSetting.NINumber || 'None yet (left out)' : null)],
    ],
  },
  {
    step: 'Address and contact',
    rows: [
      ['Address', (v) => (v.generalSetting.address as string[] | undefined)?.join(', ')],
      ['Town or city', (v) => v.generalSetting.city],
      ['County', (v) => v.generalSetting.county],
      ['Postcode', (v, c) => (c === 'uk' ? v.generalSetting.postCode : null)],
      ['Eircode', (v, c) => (c === 'ie' ? v.generalSetting.eircode : null)],
      ['Country', (v) => v.generalSetting.country],
      ['Mobile', (v) => v.generalSetting.mobile],
      ['Email', (v) => v.generalSetting.email],
      ['Emergency contact', (v) => v.generalSetting.emergencyName],
      ['Emergency contact mobile', (v) => v.generalSetting.emergencyMobile],
    ],
  },
  {
    step: 'Employment',
    rows: [
      ['Date of joining', (v) => ukDate(v.generalSetting.dateOfJoining)],
      ['Pay frequency', (v) => label(v.generalSetting.payFrequency as string)],
      ['Pay method', (v) => label(v.generalSetting.payMethod as string)],
      ['Job description', (v) => v.generalSetting.jobDescription],
    ],
  },
  {
    step: 'Right to work',
    rows: [
      ['Right to work', (v) => label(v.generalSetting.rightToWorkStatus as string)],
      ['Document', (v) => label(v.generalSetting.documentType as string)],
      ['Document expiry date', (v) => ukDate(v.generalSetting.documentExpiryDate)],
    ],
  },
  {
    step: 'Bank',
    rows: [
      ['Bank name', (v) => v.bankSetting.bankName],
      ['Name on the account', (v) => v.bankSetting.accountName],
      ['Sort code', (v, c) => (c === 'uk' ? v.bankSetting.sortCode : null)],
      ['Account number', (v, c) => (c === 'uk' ? v.bankSetting.accountNumber : null)],
      ['IBAN', (v, c) => (c === 'ie' ? v.bankSetting.IBANReference : null)],
      ['BIC', (v, c) => (c === 'ie' ? v.bankSetting.SWIFTNo : null)],
    ],
  },
  {
    step: 'Payroll and pension',
    rows: [
      ['Payment model', (v) => paymentModelLabel(v.payrollSetting.paymentModel as string)],
      ['PPS number', (v, c) => (c === 'ie' ? v.payrollSetting.PPSNumber : null)],
      ['Pension scheme', (v) => label(v.generalSetting.pensionSetting?.scheme as string)],
      ['Pension status', (v) => label(v.generalSetting.pensionSetting?.optState as string)],
    ],
  },
];

type Sent = {
  generalSetting: Record<string, unknown> & { pensionSetting?: Record<string, unknown> };
  bankSetting: Record<string, unknown>;
  payrollSetting: Record<string, unknown>;
};

/** The review: every field, normalised exactly as it will be sent to Nxsys (or as typed, where it is not valid yet). */
function Review({ values, country, held, editing }: { values: Values; country: Country; held: Held; editing: boolean }) {
  const parsed = candidateSchema(country, held).safeParse(values);
  const sent: Sent = parsed.success
    ? (toNxsysCandidate(country, parsed.data, { forUpdate: editing }) as Sent)
    : { ...values, generalSetting: { ...values.generalSetting, pensionSetting: values.pensionSetting } };
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">This is what will be sent to Nxsys. Go back to any step to change it.</p>
      {REVIEW_FIELDS.map(({ step, rows }) => {
        const shown = rows.map(([k, read]) => [k, read(sent, country)] as const).filter(([, v]) => v !== null);
        return (
          <section key={step} aria-label={step}>
            <h3 className="mb-2 text-sm font-semibold text-slate-900">{step}</h3>
            <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[14rem_1fr]">
              {shown.map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="text-slate-600">{k}</dt>
                  <dd className="break-words text-slate-900">{v === undefined || v === '' || v === '—' ? '—' : String(v)}</dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
    </div>
  );
}
