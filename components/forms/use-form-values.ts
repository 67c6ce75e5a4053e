'use client';

import { useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '@/lib/errors/api-error';
import type { LazyCheckResult } from './lazy-check';

/** A form's check (components/forms/lazy-check.ts): its shared zod schema, loaded on first use. */
export type FormCheck<T> = ((values: unknown) => Promise<LazyCheckResult<T>>) & { preload: () => void };

/** `value` at a dotted path ("rates.2.units") of a copy of `target`; arrays stay arrays. */
function setAt<T>(target: T, path: string[], value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(target)) {
    const copy = [...target];
    copy[Number(head)] = setAt(copy[Number(head)], rest, value);
    return copy as T;
  }
  const record = (target ?? {}) as Record<string, unknown>;
  return { ...record, [head]: setAt(record[head], rest, value) } as T;
}

/**
 * The state of a form with nested values (timesheet lines, the weekly grid), without a form library: controlled
 * values, error messages by dotted path (`rates.2.units`, the paths of our routes' `fieldErrors`), a check against
 * the shared schema before anything is sent (`lazyCheck`, zod loaded on first focus), and the server's field errors
 * at their fields. A field is found by its `data-field` attribute (its path); focus goes to the first one with a
 * message, in the order of the page. A message the form has no field for goes to the banner. Nothing typed is
 * ever cleared by a failure.
 */
export function useFormValues<T extends object, Parsed>(
  initial: T,
  check: FormCheck<Parsed>,
  what: string,
  /** A server field's path → the form's (when the form sends another shape than it holds, e.g. the weekly grid). */
  fromServer: (path: string) => string = (path) => path,
) {
  const [values, setValues] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const busy = useRef(false);
  const formRef = useRef<HTMLFormElement | null>(null);
  const dirty = useMemo(() => JSON.stringify(values) !== JSON.stringify(saved), [values, saved]);

  /** Forgets the message of a field that changed (and of the fields under it). */
  const clear = (...paths: string[]) =>
    setErrors((was) => {
      const next = Object.fromEntries(Object.entries(was).filter(([key]) => !paths.some((p) => key === p || key.startsWith(`${p}.`))));
      return Object.keys(next).length === Object.keys(was).length ? was : next;
    });

  /** Sets one value by its path and forgets that field's message. */
  const set = (path: string, value: unknown) => {
    setValues((v) => setAt(v, path.split('.'), value));
    clear(path);
  };

  /** Changes several values at once (add or remove a line); `forget` names the paths whose messages no longer apply. */
  const update = (change: (values: T) => T, ...forget: string[]) => {
    setValues(change);
    if (forget.length) clear(...forget);
  };

  /** Shows messages at their fields, focus on the first field (page order); returns the messages without a field. */
  const showAtFields = (fieldErrors: Record<string, string>): string[] => {
    const form = formRef.current;
    const fields = form ? [...form.querySelectorAll<HTMLElement>('[data-field]')] : [];
    const known = new Set(fields.map((f) => f.dataset.field));
    setErrors(fieldErrors);
    fields.find((f) => fieldErrors[f.dataset.field!] !== undefined)?.focus();
    return Object.entries(fieldErrors)
      .filter(([path]) => !known.has(path))
      .map(([, message]) => message);
  };

  const submit = (send: (data: Parsed) => Promise<void>) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    formRef.current = event.currentTarget;
    if (busy.current) return;
    busy.current = true;
    setFormError(null);
    setSubmitting(true);
    try {
      const result = await check(values);
      if (!result.ok) {
        const elsewhere = showAtFields(result.fieldErrors);
        if (elsewhere.length) setFormError(elsewhere.join(' '));
        return;
      }
      setErrors({});
      await send(result.data);
      setSaved(values);
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors && Object.keys(error.fieldErrors).length) {
        const mapped: Record<string, string> = {};
        for (const [path, message] of Object.entries(error.fieldErrors)) mapped[fromServer(path)] ??= message;
        const elsewhere = showAtFields(mapped);
        const count = Object.keys(mapped).length - elsewhere.length;
        const marked = count ? `see the ${count === 1 ? 'field' : 'fields'} marked below.` : '';
        setFormError(
          [
            error.code === 'nxsys_rejected'
              ? `Nxsys did not accept this${marked ? `: ${marked}` : '.'}`
              : marked && `Some fields need attention: ${marked}`,
            ...elsewhere,
          ]
            .filter(Boolean)
            .join(' '),
        );
      } else {
        setFormError(`${error instanceof Error ? error.message : `The ${what} could not be saved.`} Everything you typed is still here.`);
      }
    } finally {
      busy.current = false;
      setSubmitting(false);
    }
  };

  return {
    values,
    errors,
    formError,
    submitting,
    dirty,
    set,
    update,
    submit,
    /** On the form: `ref` for the fields, `onFocus` loads the schema the first time anything is focused. */
    formProps: { ref: formRef, onFocus: () => check.preload(), noValidate: true },
  };
}
