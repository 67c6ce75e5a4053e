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
  // What this field reported and has not yet been given back, oldest first. A parent may give a reported value back
  // late (a list filter goes through the URL): typing "01/11/2026" reports 2020-11-01 at "01/11/20", and that echo can
  // land while the text is already "01/11/202". It is our own value coming back, not a change from outside, so it
  // must not replace the text (it did: the field read 01/11/2020, the last key was refused and the filter stayed on 2020).
  const [reported, setReported] = useState<string[]>([]);
  // Follow a value changed from outside (a form reset, a URL change) without fighting what is being typed: only a
  // change of the value given, to something this field did not report and the text does not already say, replaces it.
  const [given, setGiven] = useState(value);
  if (value !== given) {
    setGiven(value);
    const echo = reported.indexOf(value ?? '');
    if (echo >= 0) setReported(reported.slice(echo + 1));
    else if ((parseUkDate(text) ?? text.trim()) !== (value ?? '')) {
      setText(isoToUkInput(value));
      setReported([]);
    }
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
          const next = parseUkDate(e.target.value) ?? e.target.value.trim();
          setText(e.target.value);
          if (onChange) {
            setReported((r) => [...r.slice(-19), next]);
            onChange(next);
          }
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
