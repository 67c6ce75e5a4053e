'use client';

import { useState, type InputHTMLAttributes } from 'react';
import { isoToUkInput, parseUkDate } from '@/lib/dates';
import { Field } from './field';

const CONTROL =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 aria-[invalid=true]:border-red-500';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'defaultValue'>;

/**
 * A date typed and shown as dd/mm/yyyy whatever the browser's language (a native date input follows the
 * browser's locale, so an en-US browser would read and write mm/dd/yyyy). The value given and reported is
 * yyyy-mm-dd once the text is a real date; while it is not, the text as typed (which the schemas refuse with
 * "Enter the date as dd/mm/yyyy"). With `name`, a hidden input carries the yyyy-mm-dd value in plain forms.
 */
export function DateInput({
  value,
  onChange,
  name,
  className,
  ...input
}: InputProps & { value: string | undefined; onChange?: (value: string) => void; name?: string }) {
  const [text, setText] = useState(() => isoToUkInput(value));
  // Follow a value changed from outside (a form reset, a URL change) without fighting what is being typed: only
  // a change of the value given, to something other than what the text already says, replaces the text.
  const [given, setGiven] = useState(value);
  if (value !== given) {
    setGiven(value);
    if ((parseUkDate(text) ?? text.trim()) !== (value ?? '')) setText(isoToUkInput(value));
  }
  return (
    <>
      <input
        type="text"
        inputMode="numeric"
        placeholder="dd/mm/yyyy"
        autoComplete="off"
        maxLength={10}
        {...input}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange?.(parseUkDate(e.target.value) ?? e.target.value.trim());
        }}
        onBlur={(e) => {
          const iso = parseUkDate(text);
          if (iso) setText(isoToUkInput(iso)); // "2/3/26" reads back as 02/03/2026
          input.onBlur?.(e);
        }}
        className={className ?? CONTROL}
      />
      {name && <input type="hidden" name={name} value={parseUkDate(text) ?? ''} />}
    </>
  );
}

/** A labelled DateInput with its message (the date twin of TextField). */
export function DateField({
  label,
  error,
  hint = 'For example, 27/11/2026',
  ...props
}: { label: string; error?: string; hint?: string } & React.ComponentProps<typeof DateInput>) {
  return (
    <Field label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => <DateInput id={id} aria-describedby={describedBy} aria-invalid={invalid} {...props} />}
    </Field>
  );
}
