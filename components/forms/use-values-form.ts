'use client';

import { useMemo, useRef, useState, type ChangeEvent } from 'react';
import { ApiError } from '@/lib/errors/api-error';
import type { LazyCheckResult } from './lazy-check';

/** `{ "a.b.0": "message" }`: the shape of our routes' `fieldErrors` and of a lazyCheck's result. */
export type FieldErrors = Record<string, string>;

/** A form check (usually `lazyCheck(…)` against the shared schema): its field errors keyed by path. */
export type FormCheck<Out> = ((values: unknown) => Promise<LazyCheckResult<Out>>) & { preload?: () => void };

/** The value at a dotted path (`generalSetting.address.0`). */
export function valueAt(values: unknown, path: string): unknown {
  let node = values;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A copy of `values` with `value` at a dotted path (arrays stay arrays); everything else is shared. */
export function withValueAt<T>(values: T, path: string, value: unknown): T {
  const [key, ...rest] = path.split('.');
  const node = (values ?? {}) as Record<string, unknown>;
  const copy = (Array.isArray(node) ? [...node] : { ...node }) as Record<string, unknown>;
  copy[key!] = rest.length ? withValueAt(node[key!], rest.join('.'), value) : value;
  return copy as T;
}

/** Error entries for the paths `inScope` accepts replace those paths' old ones; others are kept. */
export function mergeErrors(was: FieldErrors, found: FieldErrors, inScope: (path: string) => boolean): FieldErrors {
  const next = Object.fromEntries(Object.entries(was).filter(([path]) => !inScope(path)));
  for (const [path, message] of Object.entries(found)) if (inScope(path)) next[path] = message;
  return next;
}

/** After errors are set: once they are on screen (two frames on), the first marked field of `root` takes the focus. */
export function focusFirstInvalid(root: () => HTMLElement | null) {
  requestAnimationFrame(() => requestAnimationFrame(() => root()?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()));
}

/**
 * The portal's controlled forms (candidate steps, payment rate): values held in state at dotted paths, checked in
 * the browser against the shared schema through `check` (a lazyCheck: zod loads on first focus, never in the first
 * load) and by the route on save. Like a form library's "on touched" mode: a field is checked when it loses the
 * focus, then on each change; `validate` checks a set of fields at once (a step, or all on save). Server field
 * errors (ours or Nxsys's) land at their fields with `showFailure`. Nothing typed is ever reset by an error.
 *
 *   const form = useValuesForm({ initialValues, check: lazyCheck(() => import('@/lib/x/schema').then((m) => m.schema)) });
 *   <form onFocus={form.preload}> <TextField {...form.text('code')} error={form.error('code')} />
 */
export function useValuesForm<T extends object, Out = T>({ initialValues, check }: { initialValues: T; check: FormCheck<Out> }) {
  const [values, setValues] = useState(initialValues);
  const current = useRef(values);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const touched = useRef(new Set<string>());
  const initial = useMemo(() => JSON.stringify(initialValues), [initialValues]);
  const dirty = JSON.stringify(values) !== initial;

  /** Checks the current values; sets the errors of the paths in scope (others untouched); ok when none of them fails. */
  const validate = async (inScope: (path: string) => boolean = () => true): Promise<LazyCheckResult<Out>> => {
    const result = await check(current.current);
    const found = result.ok ? {} : result.fieldErrors;
    setErrors((was) => mergeErrors(was, found, inScope));
    const mine = Object.fromEntries(Object.entries(found).filter(([path]) => inScope(path)));
    if (result.ok || !Object.keys(mine).length) return { ok: true, data: result.ok ? result.data : (current.current as unknown as Out) };
    return { ok: false, fieldErrors: mine };
  };
  const recheck = (path: string) => void validate((p) => p === path);

  const set = (path: string, value: unknown) => {
    current.current = withValueAt(current.current, path, value);
    setValues(current.current);
    // A field is checked again on each change once it was left, or once it shows a message (until it is right).
    if (touched.current.has(path) || errors[path]) recheck(path);
  };
  const blur = (path: string) => {
    touched.current.add(path);
    recheck(path);
  };
  const get = (path: string) => valueAt(values, path);

  /** Props of a text input or select. */
  const text = (path: string) => ({
    name: path,
    value: String(get(path) ?? ''),
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => set(path, e.target.value),
    onBlur: () => blur(path),
  });
  /** Props of a checkbox. */
  const checkbox = (path: string) => ({
    name: path,
    checked: get(path) === true,
    onChange: (e: ChangeEvent<HTMLInputElement>) => set(path, e.target.checked),
    onBlur: () => blur(path),
  });
  /** Props of a DateField (components/ui/date-input.tsx): yyyy-mm-dd, or the text as typed while it is no date. */
  const date = (path: string) => ({
    value: String(get(path) ?? ''),
    onChange: (value: string) => set(path, value),
    onBlur: () => blur(path),
  });

  /**
   * A failed save: field errors (ours or Nxsys's) go to their fields and the banner points there; anything else
   * goes to the banner. Returns the paths marked (empty when none), so the caller can show and focus the first.
   */
  const showFailure = (error: unknown, what: string): string[] => {
    if (error instanceof ApiError && error.fieldErrors && Object.keys(error.fieldErrors).length) {
      const fieldErrors = error.fieldErrors;
      setErrors((was) => ({ ...was, ...fieldErrors }));
      const count = Object.keys(fieldErrors).length;
      const where = count === 1 ? 'the field marked below' : 'the fields marked below';
      setFormError(
        error.code === 'nxsys_rejected' ? `Nxsys did not accept this: see ${where}.` : `Some fields need attention: see ${where}.`,
      );
      return Object.keys(fieldErrors);
    }
    setFormError(`${error instanceof Error ? error.message : `The ${what} could not be saved.`} Everything you typed is still here.`);
    return [];
  };

  /** Runs a save once at a time (a double click sends one request), with `submitting` set meanwhile. */
  const busy = useRef(false);
  const saving = async (action: () => Promise<void>) => {
    if (busy.current) return;
    busy.current = true;
    setSubmitting(true);
    setFormError(null);
    try {
      await action();
    } finally {
      busy.current = false;
      setSubmitting(false);
    }
  };

  return {
    values,
    /** The latest values, also between a change and the next render. */
    latest: () => current.current,
    get,
    set,
    text,
    checkbox,
    date,
    error: (path: string): string | undefined => errors[path],
    errors,
    validate,
    showFailure,
    saving,
    submitting,
    formError,
    setFormError,
    dirty,
    /** For the form's onFocus: the schema starts loading when the person starts on the form. */
    preload: () => check.preload?.(),
  };
}
