'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { toast } from '@/components/ui/toast';
import { FormError } from '@/components/forms/form-error';
import { lazyCheck } from '@/components/forms/lazy-check';
import { useUnsavedChangesGuard } from '@/components/forms/use-unsaved-changes';
import { useIdempotencyKey } from '@/components/forms/use-idempotency-key';
import { focusFirstInvalid, useValuesForm, valueAt } from '@/components/forms/use-values-form';
import { Button, buttonClasses } from '@/components/ui/button';
import { DateField } from '@/components/ui/date-input';
import { SelectField, TextField } from '@/components/ui/field';
import { apiFetch } from '@/lib/api-client';
import { ApiFailure } from '@/lib/errors/api-failure';
import { OPTIONS, REQUIRED_CHOICES, SECTIONS, heldIdentifiers, sectionOf, type Country } from '@/lib/candidates/options';
import type { CandidateForm as Values } from '@/lib/candidates/schema';
import { ukDate } from '@/lib/dates';
import { label, paymentModelLabel } from '@/lib/labels';

interface Props {
  country: Country;
  initialValues: Values;
  /** Editing an existing candidate (PUT) rather than onboarding (POST). */
  candidateId?: string;
  /** The candidate fills in their own form on an onboarding link: saved as they go, submitted for staff to review. */
  selfService?: { token: string; locked: readonly string[] };
  /**
   * Staff review a candidate's submission: opens on the review; saving sends it to Nxsys (once per invitation), naming
   * the version reviewed (refused if the candidate has submitted again since).
   */
  submission?: { id: string; version: string };
}

/** The shared schema module, loaded on the form's first focus (zod is not in the page's first load). */
const loadSchema = () => import('@/lib/candidates/schema');

export function CandidateForm({ country, initialValues, candidateId, selfService, submission }: Props) {
  const router = useRouter();
  const [step, setStep] = useState(submission ? SECTIONS.length - 1 : 0);
  const [submitted, setSubmitted] = useState(false);
  // A submission opens on its review, showing the values as the candidate typed them.
  const [review, setReview] = useState<Sent | null>(submission ? asTyped(initialValues) : null);
  // Candidates who already hold the NI/PPS number (the server's 409): shown with a way to confirm a different person.
  const [holders, setHolders] = useState<Holder[] | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Editing: identifiers Nxsys already holds are not judged again (a legacy NI number blocks only when changed).
  const held = useMemo(() => (candidateId ? heldIdentifiers(initialValues) : {}), [candidateId, initialValues]);
  const check = useMemo(() => lazyCheck(() => loadSchema().then((m) => m.candidateSchema(country, held))), [country, held]);
  const form = useValuesForm({ initialValues, check, what: 'candidate' });
  const key = useIdempotencyKey(); // onboarding: one candidate per form, however often it is sent
  useUnsavedChangesGuard(form.dirty);

  /**
   * The candidate's answers are kept as they go — on leaving a field and on moving between steps — so they can leave
   * mid-step and finish later on the same link. One save at a time, each with the latest values and only when they
   * changed: a slow save can never land after, and undo, a newer one. The line under the form says when all are saved.
   */
  const drafts = useRef({ chain: Promise.resolve(), last: JSON.stringify(initialValues), closed: false, pending: 0, failed: false });
  const [draftState, setDraftState] = useState<'saving' | 'saved' | 'failed' | null>(null);
  const keepDraft = () => {
    if (!selfService) return;
    const d = drafts.current;
    d.pending += 1;
    setDraftState('saving');
    d.chain = d.chain.then(async () => {
      const values = form.latest();
      const json = JSON.stringify(values);
      try {
        if (d.closed || json === d.last) return;
        await apiFetch('/api/onboard', { method: 'PUT', json: { token: selfService.token, values } });
        d.last = json;
        form.markSaved(values); // leaving asks first only about what was typed since
        d.failed = false;
      } catch {
        d.failed = true;
      } finally {
        d.pending -= 1;
        if (d.pending === 0) setDraftState(d.failed ? 'failed' : 'saved');
      }
    });
  };

  const section = SECTIONS[step]!;
  const focusFirstError = () => focusFirstInvalid(() => formRef.current);

  /**
   * After moving to a step: its first field (or, on the review, its heading) takes the focus — in the same task as the
   * step's render (a layout effect), never a frame or two later, when the person may already be typing in another
   * field (a late focus once sent the e-mail typed into "Address line 1").
   */
  const [stepFocus, setStepFocus] = useState(0);
  const focusStep = () => setStepFocus((n) => n + 1);
  useLayoutEffect(() => {
    if (stepFocus === 0) return;
    (formRef.current?.querySelector<HTMLElement>('[data-step-fields] input, [data-step-fields] select') ?? headingRef.current)?.focus();
  }, [stepFocus]);

  /** Shows the step of the first marked field (steps in order) and focuses that field. */
  const showFirst = (paths: string[]) => {
    const first = [...paths].sort((a, b) => sectionOf(a) - sectionOf(b))[0];
    if (first === undefined) return;
    setStep(sectionOf(first));
    focusFirstError();
  };

  /** The review: every field normalised exactly as it will be sent to Nxsys (or as typed, where it is not valid yet). */
  const prepareReview = async () => {
    const values = form.latest();
    const raw = asTyped(values);
    try {
      const [m, nxsys] = await Promise.all([loadSchema(), import('@/lib/candidates/nxsys')]);
      const parsed = m.candidateSchema(country, held).safeParse(values);
      setReview(parsed.success ? (nxsys.toNxsysCandidate(country, parsed.data, { forUpdate: !!candidateId }) as Sent) : raw);
    } catch {
      setReview(raw);
    }
  };

  const goTo = async (next: number) => {
    if (next > step) {
      const checked = await form.validate((path) => sectionOf(path) === step);
      if (!checked.ok) return focusFirstError();
    }
    keepDraft();
    if (SECTIONS[next]!.id === 'review') await prepareReview();
    setHolders(null);
    setStep(next);
    focusStep();
  };

  /** `differentFrom`: the candidates the person confirmed are someone else (after the 409 naming them). */
  const save = (differentFrom?: string[]) =>
    form.saving(async () => {
      const checked = await form.validate();
      if (!checked.ok) return showFirst(Object.keys(checked.fieldErrors));
      const values = checked.data;
      try {
        if (selfService) {
          await apiFetch('/api/onboard', { method: 'POST', json: { token: selfService.token, values } });
          drafts.current.closed = true; // the link no longer works: nothing more to save
          form.markSaved();
          return setSubmitted(true);
        }
        const url = submission
          ? `/api/onboarding/${submission.id}/send?version=${encodeURIComponent(submission.version)}`
          : candidateId
            ? `/api/candidates/${candidateId}?country=${country}`
            : `/api/candidates?country=${country}`;
        const json = differentFrom ? { ...values, differentFrom } : values;
        const { data } = await apiFetch<{ data: { id: string | null } }>(url, {
          method: candidateId ? 'PUT' : 'POST',
          json,
          headers: candidateId || submission ? undefined : key.headers,
        });
        key.renew();
        form.markSaved();
        const name = `${values.generalSetting.forename} ${values.generalSetting.surname}`;
        toast.success(candidateId ? `${name} was updated.` : `${name} was onboarded.`);
        router.push(
          data.id
            ? `/candidates/${data.id}?country=${country}`
            : `/candidates?country=${country}&search=${encodeURIComponent(values.generalSetting.email)}`,
        );
        router.refresh();
      } catch (error) {
        if ((error as { code?: string }).code === 'write_outcome_unknown') key.renew();
        const taken = holdersOf(error);
        if (taken) return setHolders(taken);
        setHolders(null);
        showFirst(form.showFailure(error));
      }
    });

  // Enter in a field (or Next) on a step moves on to the next step; on the review it saves.
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (SECTIONS[step]!.id !== 'review') void goTo(step + 1);
    else void save();
  };

  const text = (path: string, labelText: string, props: React.InputHTMLAttributes<HTMLInputElement> & { hint?: string } = {}) => (
    <TextField key={path} label={labelText} error={form.error(path)} {...props} {...form.text(path)} />
  );
  const date = (path: string, labelText: string) => (
    <DateField key={path} label={labelText} error={form.error(path)} {...form.date(path)} />
  );
  // Nothing pre-selected: a required choice starts at "Choose…", an optional one at "Not given" (then left out of
  // what is sent). Editing a value Nxsys holds offers no empty choice: leaving it out would keep it on Nxsys.
  const select = (path: string, labelText: string, options: readonly string[], words: (o: string) => string = label) => (
    <SelectField key={path} label={labelText} error={form.error(path)} disabled={selfService?.locked.includes(path)} {...form.text(path)}>
      {!valueAt(initialValues, path) && (
        <option value="">{(REQUIRED_CHOICES as readonly string[]).includes(path.split('.')[1]!) ? 'Choose…' : 'Not given'}</option>
      )}
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
        {text('generalSetting.nationality', 'Nationality (country code)', { maxLength: 2, hint: 'Two letters, e.g. GB or IE' })}
        {uk &&
          text('generalSetting.NINumber', 'National Insurance number', {
            placeholder: 'AB 12 34 56 C',
            hint: selfService ? 'Leave empty if you do not have one yet' : 'Leave empty if the candidate has no NI number yet',
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

  if (submitted) {
    return (
      <p role="status" className="rounded-lg border border-slate-200 bg-white p-6 text-base">
        Thank you: your details were sent to the agency. They will check them and add you to payroll. This link no longer works.
      </p>
    );
  }

  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      onFocus={form.preload}
      onBlur={keepDraft}
      noValidate
      className="grid gap-6 lg:grid-cols-[14rem_1fr]"
    >
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
        <FormError message={form.formError} className="mb-4" />
        {section.id === 'review' && holders && (
          <IdentifierTaken
            holders={holders}
            country={country}
            editing={!!candidateId}
            disabled={form.submitting}
            onConfirm={() => void save(holders.map((h) => h.id))}
          />
        )}
        {section.id === 'review' ? (
          <Review sent={review} country={country} selfService={!!selfService} />
        ) : (
          <div data-step-fields className="grid gap-4 sm:grid-cols-2">
            {fieldsOf[section.id]}
          </div>
        )}
        {selfService && (
          <p aria-live="polite" className={`mt-4 text-sm ${draftState === 'failed' ? 'text-red-700' : 'text-slate-600'}`}>
            {draftState === 'saving' && 'Saving your answers…'}
            {draftState === 'saved' && 'Your answers are saved.'}
            {draftState === 'failed' &&
              'Your answers could not be saved just now. Keep this page open: they are saved again when you go on.'}
          </p>
        )}
        <div className="mt-6 flex flex-wrap justify-between gap-2">
          <div className="flex gap-2">
            {step > 0 && (
              <Button variant="secondary" onClick={() => void goTo(step - 1)}>
                Back
              </Button>
            )}
            {!selfService && (
              <Link
                href={candidateId ? `/candidates/${candidateId}?country=${country}` : `/candidates?country=${country}`}
                className={buttonClasses('ghost')}
              >
                Cancel
              </Link>
            )}
          </div>
          {section.id === 'review' ? (
            // Distinct keys: React must not turn the clicked Next button into this submit button while the
            // click is still being handled (the browser would then submit the form on that same click).
            <Button key="submit" type="submit" disabled={form.submitting} onMouseDown={(e) => e.preventDefault()}>
              {form.submitting
                ? 'Saving…'
                : selfService
                  ? 'Submit my details'
                  : submission
                    ? 'Send to Nxsys'
                    : candidateId
                      ? 'Save changes'
                      : 'Onboard candidate'}
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

const asTyped = (values: Values): Sent => ({
  ...values,
  generalSetting: { ...values.generalSetting, pensionSetting: values.pensionSetting },
});

type Sent = {
  generalSetting: Record<string, unknown> & { pensionSetting?: Record<string, unknown> };
  bankSetting: Record<string, unknown>;
  payrollSetting: Record<string, unknown>;
};

/** The review: every field as it will be sent to Nxsys (prepared when the step is entered). */
function Review({ sent, country, selfService }: { sent: Sent | null; country: Country; selfService: boolean }) {
  if (!sent) return null;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        {selfService
          ? 'Check your details. Go back to any step to change them. Nothing reaches payroll until the agency has checked them.'
          : 'This is what will be sent to Nxsys. Go back to any step to change it.'}
      </p>
      {REVIEW_FIELDS.map(({ step, rows }) => {
        const shown = rows.map(([k, read]) => [k, read(sent, country)] as const).filter(([, v]) => v !== null);
        return (
          <section key={step} aria-label={step}>
            <h3 className="mb-2 text-sm font-semibold text-slate-900">{step}</h3>
            <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[14rem_1fr]">
              {shown.map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="text-slate-600">{k}</dt>
                  <dd className="break-words text-slate-900">{v === undefined || v === '' || v === '—' ? 'not given' : String(v)}</dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
    </div>
  );
}

interface Holder {
  id: string;
  name: string;
  href: string;
}

/** The candidates a 409 `candidate_identifier_taken` names, or null for any other failure. */
function holdersOf(error: unknown): Holder[] | null {
  if (!(error instanceof ApiFailure) || error.code !== 'candidate_identifier_taken') return null;
  const list = error.details?.holders;
  if (!Array.isArray(list)) return null;
  return list.filter((h): h is Holder => !!h && typeof h.id === 'string' && typeof h.href === 'string');
}

/** Another candidate holds this NI/PPS number: who, with a link, and an explicit "different person" to save anyway. */
function IdentifierTaken(props: { holders: Holder[]; country: Country; editing: boolean; disabled: boolean; onConfirm: () => void }) {
  const number = props.country === 'uk' ? 'NI number' : 'PPS number';
  return (
    <div
      role="alert"
      data-testid="identifier-taken"
      className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
    >
      <p className="font-medium">
        {props.holders.length === 1 ? 'Another candidate already holds' : 'Other candidates already hold'} this {number}:
      </p>
      <ul className="my-2 list-disc pl-5">
        {props.holders.map((h) => (
          <li key={h.id}>
            <Link href={h.href} target="_blank" className="underline">
              {h.name || 'A candidate'} ({h.id})
            </Link>
          </li>
        ))}
      </ul>
      <p>Check it is not the same person. If it is, go back and use their record instead.</p>
      <Button variant="secondary" className="mt-3" disabled={props.disabled} onClick={props.onConfirm}>
        {props.editing ? 'This is a different person: save anyway' : 'This is a different person: onboard anyway'}
      </Button>
    </div>
  );
}
