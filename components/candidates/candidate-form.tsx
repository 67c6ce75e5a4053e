'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { get, useForm, type FieldPath } from 'react-hook-form';
import { toast } from 'sonner';
import { useUnsavedChangesGuard } from '@/components/forms/use-unsaved-changes';
import { Button, buttonClasses } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { apiFetch } from '@/lib/api-client';
import { ApiError } from '@/lib/errors/catalogue';
import { OPTIONS, SECTIONS, candidateSchema, sectionOf, type CandidateForm as Values, type Country } from '@/lib/candidates/schema';
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
  const submitting = useRef(false);
  const form = useForm<Values>({
    resolver: zodResolver(candidateSchema(country)) as never,
    defaultValues: initialValues,
    mode: 'onTouched',
  });
  const { register, handleSubmit, trigger, setError, getValues, formState } = form;
  const { errors, isDirty, isSubmitting } = formState;
  useUnsavedChangesGuard(isDirty && !saved);

  /** After a failed step or save: once the errors are on screen (two frames on), focus the first one. */
  const focusFirstError = () =>
    requestAnimationFrame(() => requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()));

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
        setFormError(
          error.message === 'Some fields need attention.' ? 'Some fields need attention.' : `Nxsys did not accept this: ${error.message}`,
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

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => void handleSubmit(save, onInvalid)(event);

  const err = (path: Path) => (get(errors, path) as { message?: string } | undefined)?.message;
  const text = (path: Path, labelText: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <TextField key={path} label={labelText} error={err(path)} {...props} {...register(path)} />
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
        {text('generalSetting.DOB', 'Date of birth', { type: 'date' })}
        {select('generalSetting.maritalStatus', 'Marital status', OPTIONS.maritalStatus)}
        {text('generalSetting.nationality', 'Nationality (country code)', { maxLength: 2 })}
        {uk && text('generalSetting.NINumber', 'National Insurance number', { placeholder: 'AB 12 34 56 C' })}
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
        {text('generalSetting.dateOfJoining', 'Date of joining (optional)', { type: 'date' })}
        {select('generalSetting.payFrequency', 'Pay frequency', OPTIONS.payFrequency)}
        {select('generalSetting.payMethod', 'Pay method', OPTIONS.payMethod)}
        {text('generalSetting.jobDescription', 'Job description (optional)')}
      </>
    ),
    'right-to-work': (
      <>
        {select('generalSetting.rightToWorkStatus', 'Right to work', OPTIONS.rightToWorkStatus)}
        {select('generalSetting.documentType', 'Document', OPTIONS.documentType)}
        {text('generalSetting.documentExpiryDate', 'Document expiry date (optional)', { type: 'date' })}
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
        {select('pensionSetting.scheme', 'Pension scheme', OPTIONS.scheme)}
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
        <h2 className="mb-4 text-lg font-semibold">{section.title}</h2>
        {formError && (
          <div role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {formError}
          </div>
        )}
        {section.id === 'review' ? (
          <Review values={getValues()} country={country} />
        ) : (
          <div className="grid gap-4 sm:grid-cols-2">{fieldsOf[section.id]}</div>
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
            <Button key="next" onMouseDown={(e) => e.preventDefault()} onClick={() => void goTo(step + 1)}>
              Next
            </Button>
          )}
        </div>
      </section>
    </form>
  );
}

function Review({ values, country }: { values: Values; country: Country }) {
  const g = values.generalSetting;
  const b = values.bankSetting;
  const rows: [string, string | undefined][] = [
    ['Name', `${g.forename} ${g.surname}`],
    ['Date of birth', g.DOB],
    [country === 'uk' ? 'NI number' : 'PPS number', country === 'uk' ? g.NINumber : values.payrollSetting.PPSNumber],
    ['Address', [...g.address, g.city, g.county, country === 'uk' ? g.postCode : g.eircode].filter(Boolean).join(', ')],
    ['Mobile', g.mobile],
    ['Email', g.email],
    ['Pay', `${label(g.payFrequency)}, ${label(g.payMethod)}`],
    ['Right to work', `${label(g.rightToWorkStatus)} (${label(g.documentType)})`],
    ['Bank', country === 'uk' ? `${b.bankName}, ${b.sortCode} ${b.accountNumber}` : `${b.bankName}, ${b.IBANReference} ${b.SWIFTNo}`],
    [
      'Payroll',
      `${paymentModelLabel(values.payrollSetting.paymentModel)}; pension ${label(values.pensionSetting.scheme)}, ${label(values.pensionSetting.optState)}`,
    ],
  ];
  return (
    <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd className="text-slate-900">{v || '—'}</dd>
        </div>
      ))}
    </dl>
  );
}
