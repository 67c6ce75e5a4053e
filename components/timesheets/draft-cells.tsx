import type { ReactNode } from 'react';
import { ukDate } from '@/lib/dates';
import { formatMoney, type Currency } from '@/lib/money-format';

/** What a held timesheet's row shows of it, on the author's drafts page and in the admins' review queue alike. */
export interface DraftFigures {
  startDate: string;
  endDate: string;
  hours: string;
  net: string;
  currency: Currency | null;
}

const MARKED = 'font-semibold text-amber-800';

/**
 * A draft's period, hours and net cells (net in £ or € by the worker's country); `between` goes after the period
 * (the queue's "Entered by"), `changed` marks figures that differ from the worker's previous draft.
 */
export function DraftCells({
  draft,
  between,
  changed,
}: {
  draft: DraftFigures;
  between?: ReactNode;
  changed?: { hours: boolean; net: boolean };
}) {
  return (
    <>
      <td>
        {ukDate(draft.startDate)}–{ukDate(draft.endDate)}
      </td>
      {between}
      <td className={changed?.hours ? MARKED : ''}>{draft.hours}</td>
      <td className={changed?.net ? MARKED : ''}>{formatMoney(draft.net, draft.currency)}</td>
    </>
  );
}
