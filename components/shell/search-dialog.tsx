'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { nameOf, secondIdentifier, type CandidateOption } from '@/components/timesheets/candidate-picker';
import { apiFetch } from '@/lib/api-client';

interface Hit {
  key: string;
  kind: string;
  title: string;
  detail: string;
  href: string;
}

const ID = /^(TS|PL|SR)-?\s*(\d{1,12})$/i;

/** Record ids typed as they are ("TS-1042", "pl 1181001") open that record's page. */
function idHits(term: string): Hit[] {
  const m = ID.exec(term.trim());
  if (!m) return [];
  const id = `${m[1]!.toUpperCase()}-${m[2]}`;
  if (id.startsWith('TS')) return [{ key: id, kind: 'Timesheet', title: id, detail: 'Open the timesheet', href: `/timesheets/${id}` }];
  if (id.startsWith('PL')) return [{ key: id, kind: 'Payslip', title: id, detail: 'Open the payslip', href: `/payslips/${id}` }];
  return [];
}

type Answer = { term: string; hits?: Hit[]; error?: string };

/**
 * Candidates matching the term, UK and Irish lists searched together (the candidate picker's pattern): a search the
 * next term makes stale is aborted, so an older answer never replaces a newer one. A timesheet or payslip id is
 * opened directly: no candidate search for it.
 */
function useCandidateHits(term: string) {
  const enabled = term.length >= 2 && !/^(TS|PL)-?\s*\d/i.test(term);
  const [answer, setAnswer] = useState<Answer>({ term: '' });
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    const q = `search=${encodeURIComponent(term)}&size=8`;
    const get = (list: string) => apiFetch<{ data: CandidateOption[] }>(`/api/nxsys/${list}?${q}`, { signal: controller.signal });
    const hit = (country: 'uk' | 'ie') => (c: CandidateOption) => ({
      key: `${country}-${c.id}`,
      kind: country === 'uk' ? 'UK candidate' : 'Irish candidate',
      title: nameOf(c),
      detail: `${secondIdentifier(c)} · ${c.id}`,
      href: `/candidates/${c.id}?country=${country}`,
    });
    Promise.all([get('candidates'), get('candidates-ireland')])
      .then(([uk, ie]) => setAnswer({ term, hits: [...uk.data.map(hit('uk')), ...ie.data.map(hit('ie'))] }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setAnswer({ term, error: error instanceof Error ? error.message : 'The search failed.' });
      });
    return () => controller.abort();
  }, [term, enabled]);
  // Only the answer for the term searched now counts; until it comes, "Searching…".
  const current: Answer = enabled && answer.term === term ? answer : { term };
  return { hits: current.hits, error: current.error, searching: enabled && !current.hits && !current.error };
}

/**
 * The search dialog (loaded on first use, components/shell/global-search.tsx): search across the portal (⌘K / Ctrl+K, or the box in the header): candidates by name, NI/PPS number, e-mail or
 * id (UK and Irish lists, every row checked by the portal), timesheets and payslips by id. Results come as you
 * type; arrow keys move, Enter opens.
 */
export default function SearchDialog({ onClose }: { onClose: () => void }) {
  const router = useRouter();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  const [active, setActive] = useState(0);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => setTerm(text.trim()), 200);
    return () => clearTimeout(timer);
  }, [text]);

  const candidates = useCandidateHits(term);
  // Ids from what is typed now; candidates only once the search has caught up with it (never stale results).
  const fresh = term === text.trim();
  const hits = [...idHits(text), ...(fresh ? (candidates.hits ?? []) : [])];
  const go = (hit: Hit) => {
    dialog.current?.close();
    router.push(hit.href);
  };

  return (
    <dialog
      ref={dialog}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-help`}
      onClose={onClose}
      onClick={(event) => {
        // A click on the backdrop lands on the dialog element itself, outside its box.
        const box = event.currentTarget.getBoundingClientRect();
        const outside = event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom;
        if (event.target === event.currentTarget && outside) event.currentTarget.close();
      }}
      className="mx-auto mt-16 w-[min(94vw,36rem)] rounded-lg bg-white p-4 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
    >
      <h2 id={`${id}-title`} className="text-base font-semibold">
        Search
      </h2>
      <p id={`${id}-help`} className="mb-3 text-sm text-slate-600">
        Candidates by name, NI or PPS number, email or SR- id; timesheets (TS-) and payslips (PL-) by id.
      </p>
      <input
        role="combobox"
        aria-label="Search the portal"
        aria-expanded={hits.length > 0}
        aria-controls={`${id}-results`}
        aria-autocomplete="list"
        aria-activedescendant={hits[active] ? `${id}-${hits[active].key}` : undefined}
        value={text}
        autoComplete="off"
        placeholder="e.g. Priya, AB 12 34 56 C, TS-1042"
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, hits.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter' && hits[active]) {
            e.preventDefault();
            go(hits[active]);
          }
        }}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-600/30 focus:outline-none"
      />
      <ul id={`${id}-results`} role="listbox" aria-label="Results" className="mt-2 max-h-80 overflow-auto">
        {hits.map((hit, i) => (
          <li
            key={hit.key}
            id={`${id}-${hit.key}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => go(hit)}
            className={`cursor-pointer rounded-md px-3 py-2 text-sm break-words ${i === active ? 'bg-brand-50' : ''}`}
          >
            <span className="font-medium">{hit.title}</span> <span className="text-slate-600">{hit.detail}</span>
            <span className="block text-xs text-slate-600">{hit.kind}</span>
          </li>
        ))}
      </ul>
      <p role="status" className="mt-2 text-sm text-slate-600">
        {term.length < 2
          ? 'Type at least two characters.'
          : candidates.searching
            ? 'Searching…'
            : candidates.error
              ? candidates.error
              : hits.length === 0
                ? `Nothing matches “${term}”.`
                : `${hits.length} ${hits.length === 1 ? 'result' : 'results'}`}
      </p>
    </dialog>
  );
}
