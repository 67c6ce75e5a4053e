'use client';

import { useRouter } from 'next/navigation';
import { Fragment, useState } from 'react';
import { DraftCells } from '@/components/timesheets/draft-cells';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/toast';
import { apiFetch } from '@/lib/api-client';
import { ApiFailure } from '@/lib/errors/api-failure';
import { ukDate } from '@/lib/dates';
import { formatMoney, type Currency } from '@/lib/money-format';

export interface QueueRow {
  id: string;
  version: number;
  worker: string;
  author: string;
  mine: boolean;
  source: string;
  startDate: string;
  endDate: string;
  currency: Currency | null;
  hours: string;
  net: string;
  previous: { startDate: string; hours: string; net: string } | null;
}

/** What a chosen draft would duplicate, as the refused approval (409 `review_duplicate`) names it. */
interface Collision {
  draftId: string;
  with: { kind: string; id: string; href?: string; message: string }[];
}

const changed = (now: string, before: string | undefined) => before !== undefined && Number(now) !== Number(before);

/** Drafts grouped per worker: tick rows, then approve them (one import job) or return them with a reason. */
export function ReviewQueue({ rows }: { rows: QueueRow[] }) {
  const router = useRouter();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The last approval's refusal, per draft: what each collides with; and the drafts ticked "send anyway".
  const [collisions, setCollisions] = useState<Map<string, Collision['with']>>(new Map());
  const [anyway, setAnyway] = useState<Set<string>>(new Set());
  if (rows.length === 0) return <p className="text-sm text-slate-600">No timesheets are waiting for review.</p>;

  const groups = new Map<string, QueueRow[]>();
  for (const r of rows) groups.set(r.worker, [...(groups.get(r.worker) ?? []), r]);
  const selection = rows.filter((r) => chosen.has(r.id)).map((r) => ({ id: r.id, version: r.version }));
  const flip = (id: string) => (now: Set<string>) => {
    const next = new Set(now);
    if (!next.delete(id)) next.add(id);
    return next;
  };
  const toggle = (id: string) => setChosen(flip(id));

  async function act(kind: 'approve' | 'return') {
    if (kind === 'return' && !reason.trim()) {
      setReasonError('Say why the timesheets are returned');
      return;
    }
    setReasonError(null);
    setBusy(true);
    try {
      if (kind === 'approve') {
        const sendAnyway = selection.filter((d) => anyway.has(d.id)).map((d) => d.id);
        const { data } = await apiFetch<{ data: { id: string } }>('/api/review/approve', {
          method: 'POST',
          json: { drafts: selection, ...(sendAnyway.length > 0 && { sendAnyway }) },
        });
        toast.success('Approved: sending to Nxsys.');
        router.push(`/imports/${data.id}`);
      } else {
        await apiFetch('/api/review/return', { method: 'POST', json: { drafts: selection, reason } });
        toast.success('Returned to their authors.');
        setChosen(new Set());
        setReason('');
        router.refresh();
      }
    } catch (error) {
      const refused = error instanceof ApiFailure && error.code === 'review_duplicate' ? error.details?.collisions : null;
      if (Array.isArray(refused)) {
        // Nothing was approved: each row in conflict says with what, and the reviewer ticks "send anyway" or leaves it out.
        setCollisions(new Map((refused as Collision[]).map((c) => [c.draftId, c.with])));
        return;
      }
      toast.error((error as Error).message);
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-6">
      {[...groups].map(([worker, list]) => (
        <section key={worker} className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="mb-2 font-medium text-slate-900">{worker}</h2>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-slate-600">
                <tr>
                  <th scope="col">Choose</th>
                  <th scope="col">Period</th>
                  <th scope="col">Entered by</th>
                  <th scope="col">Hours</th>
                  <th scope="col">Net</th>
                  <th scope="col">Previous draft</th>
                </tr>
              </thead>
              <tbody>
                {list.map((r) => (
                  <Fragment key={r.id}>
                    <tr id={`draft-${r.id}`} className="border-t border-slate-100">
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Choose ${r.worker}, ${ukDate(r.startDate)} to ${ukDate(r.endDate)}`}
                          checked={chosen.has(r.id)}
                          onChange={() => toggle(r.id)}
                        />
                      </td>
                      <DraftCells
                        draft={r}
                        between={
                          <td>
                            {r.author}
                            {r.mine && <span className="ml-1 text-xs text-amber-800">(you: someone else approves)</span>}
                          </td>
                        }
                        changed={{ hours: changed(r.hours, r.previous?.hours), net: changed(r.net, r.previous?.net) }}
                      />
                      <td className="text-slate-600">
                        {r.previous
                          ? `${ukDate(r.previous.startDate)}: ${r.previous.hours} h, ${formatMoney(r.previous.net, r.currency)}`
                          : 'None'}
                      </td>
                    </tr>
                    {chosen.has(r.id) && collisions.has(r.id) && (
                      <tr>
                        <td colSpan={6} className="pb-2">
                          <div
                            data-testid={`collision-${r.id}`}
                            className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900"
                          >
                            <ul className="list-disc pl-5">
                              {collisions.get(r.id)!.map((w) => (
                                <li key={`${w.kind}-${w.id}`}>
                                  {w.href ? (
                                    <a className="underline" href={w.href}>
                                      {w.message}
                                    </a>
                                  ) : (
                                    w.message
                                  )}
                                </li>
                              ))}
                            </ul>
                            <label className="mt-1 flex items-center gap-2">
                              <input type="checkbox" checked={anyway.has(r.id)} onChange={() => setAnyway(flip(r.id))} />
                              Send anyway: {r.worker}, {ukDate(r.startDate)} to {ukDate(r.endDate)}
                            </label>
                          </div>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <p className="text-sm text-slate-700">Chosen: {selection.length}</p>
        {[...collisions.keys()].some((id) => chosen.has(id)) && (
          <p role="alert" className="text-sm text-amber-900">
            Nothing was approved: some chosen timesheets would make a second record for the same worker and period (shown at their rows).
            Tick &quot;Send anyway&quot; for those you are sure of, or leave them out, then approve again.
          </p>
        )}
        <Button disabled={busy || selection.length === 0} onClick={() => act('approve')}>
          Approve and send to Nxsys
        </Button>
        <div className="flex flex-col gap-1 text-sm">
          <label htmlFor="return-reason" className="text-slate-700">
            Reason for returning
          </label>
          <textarea
            id="return-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={reasonError ? 'return-reason-error' : undefined}
            className="rounded-md border border-slate-300 p-2"
            maxLength={500}
          />
          {reasonError && (
            <p id="return-reason-error" className="text-red-700">
              {reasonError}
            </p>
          )}
        </div>
        <Button variant="secondary" disabled={busy || selection.length === 0} onClick={() => act('return')}>
          Return to their authors
        </Button>
      </div>
    </div>
  );
}
