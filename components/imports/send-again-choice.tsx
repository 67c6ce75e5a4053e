import type { ReactNode } from 'react';
import { ukDate } from '@/lib/dates';
import type { HeldTimesheet, SentBefore } from '@/lib/imports/options';

/**
 * Why a previewed record is left out — an earlier import or copy sent it (`sentNote`, in the caller's words), Nxsys
 * already holds a timesheet for its candidate and period, or Nxsys could not be read to tell — and the tick that
 * sends it anyway. The preview is checked again with the tick, so `skipped` follows it.
 */
export function SendAgainChoice({
  sentBefore,
  sentNote,
  heldInNxsys = [],
  skipped,
  ticked,
  busy,
  onChange,
}: {
  sentBefore: SentBefore | null;
  sentNote: ReactNode;
  /** Timesheets only; null: Nxsys could not be read to tell. */
  heldInNxsys?: HeldTimesheet[] | null;
  skipped: boolean;
  /** The user's choice, shown at once. */
  ticked: boolean;
  busy: boolean;
  onChange: (on: boolean) => void;
}) {
  if (!sentBefore && heldInNxsys?.length === 0) return null;
  return (
    <span className="ml-2 inline-flex flex-wrap items-center gap-2 text-xs text-amber-900">
      {sentBefore && <span className="rounded bg-amber-100 px-1.5">{sentNote}</span>}
      {heldInNxsys === null ? (
        <span className="rounded bg-amber-100 px-1.5">Nxsys could not be read to check for a timesheet already there</span>
      ) : (
        heldInNxsys.map((t) => (
          <span key={t.id} className="rounded bg-amber-100 px-1.5" data-testid="held-in-nxsys">
            Nxsys already holds{' '}
            <a className="underline" href={`/timesheets/${t.id}`}>
              {t.id}
            </a>{' '}
            ({ukDate(t.startDate)}–{ukDate(t.endDate)})
          </span>
        ))
      )}
      {skipped && <span>not sent</span>}
      <label className="inline-flex items-center gap-1">
        <input type="checkbox" checked={ticked} disabled={busy} onChange={(e) => onChange(e.target.checked)} />
        {sentBefore ? 'Send again' : 'Send anyway'}
      </label>
    </span>
  );
}
