'use client';

import { useRef, useState, type FormEvent } from 'react';
import { useHydrated } from '@/components/ui/hydration';
import { toast } from '@/components/ui/toast';
import { ApiFailure } from '@/lib/errors/api-failure';

type Values = Record<string, string>;
type FieldErrors<T> = Partial<Record<keyof T, { message: string }>>;

interface ApiFormOptions<T extends Values> {
  defaultValues?: Partial<T>;
  /** Checks made before anything is sent, as `{ field: message }` (empty when all is well); the route checks everything anyway. */
  check?: (values: T) => Partial<Record<keyof T, string>>;
  /** The message when a failure has no message of its own, e.g. "Could not send the invitation." */
  failure: string;
  /** Where a failure that is not about a field is shown: the form's banner (formError) or a toast. */
  report?: 'banner' | 'toast';
}

/**
 * The portal's small forms (sign-in, password reset, invitation, staff, password change): plain uncontrolled
 * inputs read on submit, no form library and no zod in the browser. The route validates with the shared schema
 * (lib/<domain>/schema.ts) and its field errors are shown at their fields, focus on the first; a field's message
 * goes when it is edited; anything else failing goes to the form's banner or a toast.
 *
 *   const { register, errors, submitting, formError, submit } = useApiForm<NewStaff>({ failure: '…' });
 *   <form onSubmit={submit(async (values) => apiFetch(…))} noValidate> <TextField {...register('name')} error={errors.name?.message} />
 */
export function useApiForm<T extends Values>({ defaultValues, check, failure, report = 'banner' }: ApiFormOptions<T>) {
  const [errors, setErrors] = useState<FieldErrors<T>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement | null>(null);
  // A ref, not the state: two clicks before the next render both see `submitting` false (the values forms do the same).
  const busy = useRef(false);
  // Before hydration a submit is the browser's own: a GET of this page with every field (a password too) in the URL.
  const hydrated = useHydrated();

  const register = (name: keyof T & string) => ({
    name,
    defaultValue: defaultValues?.[name],
    onChange: () =>
      setErrors((was) => {
        if (!was[name]) return was;
        const next = { ...was };
        delete next[name];
        return next;
      }),
  });

  const showAtFields = (form: HTMLFormElement, fields: Partial<Record<keyof T, string>>) => {
    const entries = Object.entries(fields).filter(([, message]) => message) as [keyof T & string, string][];
    if (!entries.length) return false;
    setErrors(Object.fromEntries(entries.map(([field, message]) => [field, { message }])) as FieldErrors<T>);
    const first = form.elements.namedItem(entries[0]![0]);
    if (first instanceof HTMLElement) first.focus();
    return true;
  };

  const submit = (action: (values: T) => Promise<void>) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    formRef.current = form;
    if (busy.current) return;
    const values = Object.fromEntries([...new FormData(form)].map(([key, value]) => [key, String(value)])) as T;
    setFormError(null);
    setErrors({});
    if (check && showAtFields(form, check(values))) return;
    busy.current = true;
    setSubmitting(true);
    try {
      await action(values);
    } catch (error) {
      if (error instanceof ApiFailure && showAtFields(form, (error.fieldErrors ?? {}) as Partial<Record<keyof T, string>>)) return;
      const message = error instanceof Error ? error.message : failure;
      if (report === 'toast') toast.error(message);
      else setFormError(message);
    } finally {
      busy.current = false;
      setSubmitting(false);
    }
  };

  /** Empties the form back to its default values (after a successful save). */
  const reset = () => {
    formRef.current?.reset();
    setErrors({});
  };

  /** For the submit button: disabled while a submit runs, and until the page is hydrated. */
  const submitDisabled = submitting || !hydrated;

  return { register, errors, submitting, submitDisabled, formError, setFormError, submit, reset };
}
