'use client';

import { lazy, Suspense, useEffect, useState } from 'react';

// The dialog (the candidate search) loads on first use, not with every page.
const loadDialog = () => import('./search-dialog');
const SearchDialog = lazy(loadDialog);

/**
 * Search across the portal (⌘K / Ctrl+K, or the box in the header): candidates by name, NI/PPS number, e-mail or
 * id (UK and Irish lists, every row checked by the portal), timesheets and payslips by id. Results come as you
 * type; arrow keys move, Enter opens (components/shell/search-dialog.tsx).
 */
export function GlobalSearch() {
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
        onPointerEnter={() => void loadDialog()}
        onFocus={() => void loadDialog()}
        className="flex items-center gap-2 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-600 hover:bg-slate-50 sm:w-64"
      >
        <svg aria-hidden width="16" height="16" viewBox="0 0 20 20" fill="currentColor">
          <path d="M8.5 2a6.5 6.5 0 0 1 5.2 10.4l4 4-1.4 1.4-4-4A6.5 6.5 0 1 1 8.5 2zm0 2a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9z" />
        </svg>
        <span className="sr-only sm:not-sr-only">Search</span>
        <kbd className="ml-auto hidden rounded border border-slate-300 px-1.5 text-xs text-slate-600 sm:inline">Ctrl K</kbd>
      </button>
      {open && (
        <Suspense fallback={null}>
          <SearchDialog onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
