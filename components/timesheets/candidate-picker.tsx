'use client';

import { useEffect, useId, useState } from 'react';
import { apiFetch } from '@/lib/api-client';
import { ukDate } from '@/lib/dates';

/** A candidate as the lists answer it, with what tells two people of the same name apart. */
export interface CandidateOption {
  id: string;
  fullName?: string;
  forename?: string;
  surname?: string;
  email?: string;
  NINumber?: string;
  PPSNumber?: string;
  DOB?: string;
  /** Which list the candidate came from (UK or Irish). */
  country?: 'uk' | 'ie';
}

export const nameOf = (o: CandidateOption) => o.fullName || [o.forename, o.surname].filter(Boolean).join(' ') || o.id;

/** A second identifier that tells two people of the same name apart: NI/PPS number, else e-mail, else date of birth. */
export function secondIdentifier(o: CandidateOption): string {
  if (o.NINumber) return `NI ${o.NINumber}`;
  if (o.PPSNumber) return `PPS ${o.PPSNumber}`;
  if (o.email) return o.email;
  if (o.DOB) return `born ${ukDate(o.DOB)}`;
  return o.id;
}

type Search = { term: string; data?: CandidateOption[]; error?: string };

/**
 * UK and Irish candidates matching a term of at least 2 characters, searched together 250 ms after the last key; a
 * search the next key makes stale is aborted, so an older answer never replaces a newer one.
 */
function useCandidateSearch(term: string) {
  const [search, setSearch] = useState<Search>({ term: '' });
  useEffect(() => {
    if (term.length < 2) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const q = `search=${encodeURIComponent(term)}&size=8`;
      const get = (list: string) => apiFetch<{ data: CandidateOption[] }>(`/api/nxsys/${list}?${q}`, { signal: controller.signal });
      Promise.all([get('candidates'), get('candidates-ireland')])
        .then(([uk, ie]) => {
          const data = [
            ...uk.data.map((o) => ({ ...o, country: 'uk' as const })),
            ...ie.data.map((o) => ({ ...o, country: 'ie' as const })),
          ];
          setSearch({ term, data: data.slice(0, 10) });
        })
        .catch((error: unknown) => {
          if (!controller.signal.aborted) setSearch({ term, error: error instanceof Error ? error.message : 'The search failed.' });
        });
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [term]);
  // Only the answer for the term shown counts; until it comes, "Searching…".
  const current = search.term === term ? search : { term };
  return { data: current.data, error: current.error, pending: term.length >= 2 && !current.data && !current.error };
}

/**
 * A searchable, asynchronous candidate picker (ARIA combobox): type a name, e-mail, NI/PPS number or id; UK and
 * Irish candidates are searched together. Enter picks only when one candidate matches or one was highlighted with
 * the arrow keys, so that "Priya" + Enter never picks one of several Priyas silently; the chosen person is shown by
 * name with a second identifier.
 */
export function CandidatePicker({
  value,
  name,
  onChange,
  error,
}: {
  value: string;
  name: string;
  onChange: (id: string, name: string, country: 'uk' | 'ie' | null) => void;
  error?: string;
}) {
  const id = useId();
  const [text, setText] = useState(name);
  const [open, setOpen] = useState(false);
  /** The option highlighted with the arrow keys; -1 until the user highlights one. */
  const [active, setActive] = useState(-1);
  const [hint, setHint] = useState<string | null>(null);
  const [chosen, setChosen] = useState<CandidateOption | null>(null);
  const term = text.trim();
  const results = useCandidateSearch(open ? term : '');
  const options = results.data ?? [];
  const choose = (option: CandidateOption) => {
    const label = nameOf(option);
    setText(label);
    setOpen(false);
    setHint(null);
    setChosen(option);
    onChange(option.id, label, option.country ?? null);
  };

  return (
    <div className="relative space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        Candidate
      </label>
      <input
        id={id}
        data-field="subcontractorRef"
        role="combobox"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-invalid={!!error}
        aria-describedby={[error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined}
        aria-activedescendant={open && options[active] ? `${id}-${options[active].id}` : undefined}
        value={text}
        placeholder="Type a name, email, NI/PPS number or SR- id"
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
          setHint(null);
          setChosen(null);
          if (value) onChange('', '', null);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, options.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            if (value && !open) return; // a candidate is chosen: Enter submits the form as usual
            e.preventDefault(); // never submit the surrounding form while choosing
            const highlighted = options[active];
            if (open && highlighted) choose(highlighted);
            else if (open && options.length === 1) choose(options[0]!);
            else if (options.length > 1)
              setHint(`${options.length} candidates match “${term}”. Use the arrow keys or click to choose one.`);
          } else if (e.key === 'Escape') setOpen(false);
        }}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-600/30 focus:outline-none aria-[invalid=true]:border-red-500"
      />
      {hint && (
        <p id={`${id}-hint`} role="status" className="text-sm font-medium text-amber-800">
          {hint}
        </p>
      )}
      {value && (
        <p
          data-testid="picked-candidate"
          role="status"
          className="border-brand-200 rounded-md border bg-brand-50 px-3 py-2 text-sm text-slate-900"
        >
          Chosen: <strong>{chosen ? nameOf(chosen) : name || value}</strong>
          <span className="text-slate-700">
            {' '}
            · {chosen ? secondIdentifier(chosen) : value}
            {chosen && secondIdentifier(chosen) !== value ? ` · ${value}` : ''}
          </span>
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      )}
      {open && term.length >= 2 && (
        <ul
          id={`${id}-list`}
          role="listbox"
          aria-label="Matching candidates"
          className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
        >
          {results.pending && <li className="px-3 py-2 text-slate-600">Searching…</li>}
          {results.error && <li className="px-3 py-2 text-red-700">{results.error}</li>}
          {results.data && options.length === 0 && <li className="px-3 py-2 text-slate-600">No candidate matches “{term}”.</li>}
          {options.map((o, i) => (
            <li
              key={o.id}
              id={`${id}-${o.id}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(o);
              }}
              className={`cursor-pointer px-3 py-2 break-words ${i === active ? 'bg-brand-50' : ''}`}
            >
              <span className="font-medium">{nameOf(o)}</span>{' '}
              <span className="text-slate-600">
                {secondIdentifier(o)} · {o.id}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
