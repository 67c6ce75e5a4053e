'use client';

import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiFailure } from '@/lib/errors/api-failure';
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

/** The errors without those of `paths` and of the fields under them (`rates.2` takes `rates.2.units`); `was` when none went. */
export function withoutErrors(was: FieldErrors, paths: string[]): FieldErrors {
  const next = Object.fromEntries(Object.entries(was).filter(([key]) => !paths.some((p) => key === p || key.startsWith(`${p}.`))));
  return Object.keys(next).length === Object.keys(was).length ? was : next;
}

/**
 * Whether a form holds changes: its values differ from those it started with — the initial values, or the values
 * last saved once a save went through (then leaving the page asks nothing, and "Save" greys out again). A change
 * undone is no change.
 */
export const isDirty = (values: unknown, initial: unknown) => JSON.stringify(values) !== JSON.stringify(initial);

/** The server's field errors at the form's paths (`fromServer`); when two map to one field, the first message stays. */
export function serverFieldErrors(fieldErrors: FieldErrors, fromServer: (path: string) => string = (path) => path): FieldErrors {
  const mapped: FieldErrors = {};
  for (const [path, message] of Object.entries(fieldErrors)) mapped[fromServer(path)] ??= message;
  return mapped;
}

/**
 * The banner for a failed save whose field errors are shown: `marked` of them at their fields, `elsewhere` the
 * messages the form has no field for (said in the banner itself).
 */
export function failureBanner(code: string, marked: number, elsewhere: string[] = []): string {
  const see = marked ? `see the ${marked === 1 ? 'field' : 'fields'} marked below.` : '';
  const head =
    code === 'nxsys_rejected' ? `Nxsys did not accept this${see ? `: ${see}` : '.'}` : see && `Some fields need attention: ${see}`;
  return [head, ...elsewhere].filter(Boolean).join(' ');
}

/** After errors are set: once they are on screen (two frames on), the first marked field of `root` takes the focus. */
export function focusFirstInvalid(root: () => HTMLElement | null) {
  requestAnimationFrame(() => requestAnimationFrame(() => root()?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()));
}

export interface ValuesFormOptions<T, Out> {
  initialValues: T;
  /**
   * The shared schema's check (`lazyCheck`: zod loads on the form's first focus, never in the first load). None for a
   * form whose every value is valid (switches): the route checks anyway.
   */
  check?: FormCheck<Out>;
  /**
   * When a field is checked: `touched` (the candidate and rate forms) — when it loses the focus, then on each change;
   * `submit` (timesheet lines, the weekly grid) — only when the form is sent, a field's message going as it is edited.
   */
  checkOn?: 'touched' | 'submit';
  /** A server field's path → the form's (a form that sends another shape than it holds, e.g. the weekly grid). */
  fromServer?: (path: string) => string;
  /** What is saved ("timesheet"), for the message of a failure that has none of its own. */
  what: string;
}

/**
 * The portal's controlled forms (candidate steps, payment rate, timesheet lines, weekly grid), without a form
 * library: values held in state at dotted paths, errors by the same paths (those of our routes' `fieldErrors`),
 * checked in the browser against the shared schema (`check`) and by the route on save. `validate(inScope)` checks a
 * set of fields at once (a step, or all). Server field errors (ours or Nxsys's) land at their fields; a message with
 * no field goes to the banner. A save runs once at a time (a ref: a double click sends one request). Nothing typed
 * is ever reset by an error.
 *
 *   const form = useValuesForm({ initialValues, check: lazyCheck(() => import('@/lib/x/schema').then((m) => m.schema)), what: 'rate' });
 *   <form onFocus={form.preload}> <TextField {...form.text('code')} error={form.error('code')} />
 *   or, checked on submit: <form {...form.formProps} onSubmit={form.submit(send)}>, fields marked by `data-field`
 */
const unchecked = async <Out>(values: unknown): Promise<LazyCheckResult<Out>> => ({ ok: true, data: values as Out });

export function useValuesForm<T extends object, Out = T>({
  initialValues,
  check = unchecked,
  checkOn = 'touched',
  fromServer,
  what,
}: ValuesFormOptions<T, Out>) {
  const [values, setValues] = useState(initialValues);
  const current = useRef(values);
  const [initial, setInitial] = useState(initialValues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const touched = useRef(new Set<string>());
  const formRef = useRef<HTMLFormElement | null>(null);
  const dirty = isDirty(values, initial);

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
  const clear = (...paths: string[]) => setErrors((was) => withoutErrors(was, paths));

  const set = (path: string, value: unknown) => {
    current.current = withValueAt(current.current, path, value);
    setValues(current.current);
    if (checkOn === 'submit') return clear(path);
    // A field is checked again on each change once it was left, or once it shows a message (until it is right).
    if (touched.current.has(path) || errors[path]) recheck(path);
  };
  /** Changes several values at once (add or remove a line); `forget` names the paths whose messages no longer apply. */
  const update = (change: (values: T) => T, ...forget: string[]) => {
    current.current = change(current.current);
    setValues(current.current);
    if (forget.length) clear(...forget);
  };
  const blur = (path: string) => {
    if (checkOn === 'submit') return;
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
   * A failed save: field errors (ours or Nxsys's, at the form's paths) go to their fields and the banner points
   * there; a field error whose field `has` not is said in the banner; anything else goes to the banner. Returns the
   * paths marked (empty when none), so the caller can show and focus the first.
   */
  const showFailure = (error: unknown, has: (path: string) => boolean = () => true): string[] => {
    if (error instanceof ApiFailure && error.fieldErrors && Object.keys(error.fieldErrors).length) {
      const fieldErrors = serverFieldErrors(error.fieldErrors, fromServer);
      setErrors((was) => ({ ...was, ...fieldErrors }));
      const marked = Object.keys(fieldErrors).filter(has);
      const elsewhere = Object.entries(fieldErrors).flatMap(([path, message]) => (has(path) ? [] : [message]));
      setFormError(failureBanner(error.code, marked.length, elsewhere));
      return marked;
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

  /** The save went through: what is held now is the form's new starting point (not dirty any more). */
  const markSaved = (saved: T = current.current) => setInitial(saved);

  /**
   * For `<form onSubmit>`: checks everything, then `send`s the checked values; errors land at the fields marked
   * `data-field` (their path), focus on the first in page order, and messages without such a field in the banner.
   */
  const submit = (send: (data: Out) => Promise<void>) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = (formRef.current = event.currentTarget);
    const fields = () => [...form.querySelectorAll<HTMLElement>('[data-field]')];
    const has = (path: string) => fields().some((f) => f.dataset.field === path);
    const focusFirst = (paths: string[]) =>
      fields()
        .find((f) => paths.includes(f.dataset.field!))
        ?.focus();
    await saving(async () => {
      const sent = current.current;
      const result = await validate();
      if (!result.ok) {
        const paths = Object.keys(result.fieldErrors);
        const elsewhere = paths.filter((path) => !has(path)).map((path) => result.fieldErrors[path]!);
        if (elsewhere.length) setFormError(elsewhere.join(' '));
        return focusFirst(paths);
      }
      try {
        await send(result.data);
        markSaved(sent);
      } catch (error) {
        focusFirst(showFailure(error, has));
      }
    });
  };

  return {
    values,
    /** The latest values, also between a change and the next render. */
    latest: () => current.current,
    get,
    set,
    update,
    text,
    checkbox,
    date,
    error: (path: string): string | undefined => errors[path],
    errors,
    validate,
    showFailure,
    saving,
    submit,
    markSaved,
    submitting,
    formError,
    setFormError,
    dirty,
    /** For the form's onFocus: the schema starts loading when the person starts on the form. */
    preload: () => check.preload?.(),
    /** On a form sent with `submit`: `ref` for its fields, `onFocus` loads the schema the first time anything is focused. */
    formProps: { ref: formRef, onFocus: () => check.preload?.(), noValidate: true },
  };
}
