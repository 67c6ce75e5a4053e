'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { buttonClasses } from '@/components/ui/button';
import { apiFetch } from '@/lib/api-client';
import { ApiFailure } from '@/lib/errors/api-failure';

/** At most this many characters in a note (the route checks it again). */
const MAX_NOTE = 500;

/**
 * "Mark checked" with a note, for one difference of a pay run. The mark is stored once (the route is compare-and-set):
 * a second click while the first is on its way sends nothing, and a colleague's mark made meanwhile is reported.
 */
export function CheckDifference({ action, differenceKey, label }: { action: string; differenceKey: string; label: string }) {
  const router = useRouter();
  const id = useId();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const text = note.trim();
    if (!text) return setError('Write a note: what you found or did.');
    if (text.length > MAX_NOTE) return setError(`Keep the note to ${MAX_NOTE} characters.`);
    setBusy(true);
    setError(null);
    try {
      await apiFetch(action, { method: 'POST', json: { key: differenceKey, note: text } });
      router.refresh();
    } catch (e) {
      const fieldError = e instanceof ApiFailure ? e.fieldErrors?.note : undefined;
      setError(fieldError ?? (e instanceof Error ? e.message : 'This could not be saved. Try again.'));
      if (e instanceof ApiFailure && e.code === 'conflict') router.refresh();
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="mt-2 flex flex-wrap items-end gap-2" noValidate>
      <div className="min-w-0 flex-1 basis-56">
        <label htmlFor={id} className="block text-xs font-medium text-slate-700">
          Note for “{label}”
        </label>
        <input
          id={id}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={MAX_NOTE}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm aria-[invalid=true]:border-red-500"
        />
      </div>
      <button type="submit" disabled={busy} aria-busy={busy} className={buttonClasses('secondary')}>
        Mark checked
      </button>
      {error && (
        <p id={`${id}-error`} role="alert" className="basis-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
