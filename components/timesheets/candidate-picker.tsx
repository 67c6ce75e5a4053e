'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { apiFetch } from '@/lib/api-client';

interface Option {
  id: string;
  fullName?: string;
  email?: string;
}

/**
 * A searchable, asynchronous candidate picker (ARIA combobox): type a name, e-mail or id; UK and Irish
 * candidates are searched together.
 */
export function CandidatePicker({
  value,
  name,
  onChange,
  error,
}: {
  value: string;
  name: string;
  onChange: (id: string, name: string) => void;
  error?: string;
}) {
  const id = useId();
  const [text, setText] = useState(name);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const term = text.trim();
  const results = useQuery({
    queryKey: ['candidate-picker', term],
    enabled: open && term.length >= 2,
    queryFn: async () => {
      const q = `search=${encodeURIComponent(term)}&size=8`;
      const [uk, ie] = await Promise.all([
        apiFetch<{ data: Option[] }>(`/api/nxsys/candidates?${q}`),
        apiFetch<{ data: Option[] }>(`/api/nxsys/candidates-ireland?${q}`),
      ]);
      return [...uk.data, ...ie.data].slice(0, 10);
    },
  });
  const options = results.data ?? [];
  const choose = (option: Option) => {
    const label = option.fullName ?? option.id;
    setText(label);
    setOpen(false);
    onChange(option.id, label);
  };

  return (
    <div className="relative space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        Candidate
      </label>
      <input
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-activedescendant={open && options[active] ? `${id}-${options[active].id}` : undefined}
        value={text}
        placeholder="Type a name, email or SR- id"
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
          if (value) onChange('', '');
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, options.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter' && open && options[active]) {
            e.preventDefault();
            choose(options[active]);
          } else if (e.key === 'Escape') setOpen(false);
        }}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-600/30 focus:outline-none aria-[invalid=true]:border-red-500"
      />
      {value && <p className="text-xs text-slate-500">Selected: {value}</p>}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      )}
      {open && term.length >= 2 && (
        <ul
          id={`${id}-list`}
          role="listbox"
          className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
        >
          {results.isPending && <li className="px-3 py-2 text-slate-500">Searching…</li>}
          {results.isError && <li className="px-3 py-2 text-red-700">{results.error.message}</li>}
          {results.data && options.length === 0 && <li className="px-3 py-2 text-slate-500">No candidate matches “{term}”.</li>}
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
              className={`cursor-pointer px-3 py-2 ${i === active ? 'bg-brand-50' : ''}`}
            >
              <span className="font-medium">{o.fullName}</span>{' '}
              <span className="text-slate-500">
                {o.id} · {o.email}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
