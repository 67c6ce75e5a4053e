'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { DataList } from '@/components/list/data-list';
import { apiFetch } from '@/lib/api-client';
import { ITEM_STATES, type ImportStatus } from '@/lib/imports/options';
import { Button, buttonClasses } from '@/components/ui/button';
import { DownloadLink } from '@/components/ui/download-link';
import { Card } from '@/components/ui/page-header';

const STATE_CLASSES: Record<string, string> = {
  CREATED: 'bg-green-100 text-green-900',
  FAILED: 'bg-red-100 text-red-900',
  UNKNOWN: 'bg-amber-100 text-amber-900',
  SENDING: 'bg-sky-100 text-sky-900',
  PENDING: 'bg-slate-100 text-slate-700',
  CANCELLED: 'bg-slate-100 text-slate-700',
};

/** Still changing: sending, or cancelled and winding up (what was in flight gets its outcome). */
const isRunning = (data: Pick<ImportStatus, 'status' | 'finishedAt'>) =>
  data.status === 'QUEUED' || data.status === 'RUNNING' || (data.status === 'CANCELLED' && !data.finishedAt);
/** How often a running import is read again; a failed read is retried less often, up to every 10 s. */
const POLL_MS = 1000;
const MAX_POLL_MS = 10_000;

/**
 * An import's progress. The server page renders it as it is (a reload picks it up where it is); while it runs, it
 * is read again from the server every second until it finishes.
 */
export function ImportProgress({ initial }: { initial: ImportStatus }) {
  const [data, setData] = useState(initial);
  const [pollError, setPollError] = useState<string | null>(null);
  const [acting, setActing] = useState<'resume' | 'cancel' | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const { id } = initial;
  const running = isRunning(data);

  // Resume and Cancel are compare-and-set on the server; the button is also off while one is under way.
  const act = async (action: 'resume' | 'cancel') => {
    setActing(action);
    setActionError(null);
    try {
      await apiFetch(`/api/imports/${id}/${action}`, { method: 'POST' });
      setData((await apiFetch<{ data: ImportStatus }>(`/api/imports/${id}`)).data);
    } catch (e) {
      setActionError((e as Error).message);
    } finally {
      setActing(null);
    }
  };

  useEffect(() => {
    if (!running) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    let delay = POLL_MS;
    const poll = async () => {
      try {
        const next = (await apiFetch<{ data: ImportStatus }>(`/api/imports/${id}`)).data;
        if (cancelled) return;
        setData(next);
        setPollError(null);
        delay = POLL_MS;
        if (!isRunning(next)) return;
      } catch (e) {
        if (cancelled) return;
        setPollError(`The progress could not be read just now (${(e as Error).message}). Trying again…`);
        delay = Math.min(delay * 2, MAX_POLL_MS);
      }
      timer = setTimeout(poll, delay);
    };
    timer = setTimeout(poll, delay);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [id, running]);

  const percent = data.total ? Math.round((data.done / data.total) * 100) : 0;
  const noun = data.kind === 'TIMESHEETS' ? 'timesheets' : 'candidates';
  return (
    <div className="space-y-6">
      <Card>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-base font-semibold text-slate-900">{data.fileName}</h2>
          <p className="text-sm text-slate-600" data-testid="import-status">
            {data.status === 'QUEUED' && 'Waiting to start…'}
            {data.status === 'RUNNING' && 'Sending to Nxsys…'}
            {data.status === 'FINISHED' && 'Finished'}
            {data.status === 'FAILED' && 'Stopped'}
            {data.status === 'CANCELLED' && (data.finishedAt ? 'Cancelled' : 'Cancelling…')}
          </p>
        </div>
        <div
          role="progressbar"
          aria-label="Import progress"
          aria-valuemin={0}
          aria-valuemax={data.total}
          aria-valuenow={data.done}
          aria-valuetext={`${data.done} of ${data.total}`}
          className="mt-3 h-3 w-full overflow-hidden rounded-full bg-slate-200"
        >
          <div className="h-full bg-brand-600 transition-all" style={{ width: `${percent}%` }} />
        </div>
        <p className="mt-2 text-sm text-slate-700" data-testid="import-counts">
          {data.done} of {data.total} {noun} done: {data.created} created, {data.failed} failed
          {data.unknown ? `, ${data.unknown} to check in Nxsys` : ''}
          {data.cancelled ? `, ${data.cancelled} not sent (cancelled)` : ''}.
        </p>
        {pollError && (
          <p role="status" className="mt-2 text-sm text-amber-800">
            {pollError}
          </p>
        )}
        {data.error && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {data.error}
          </p>
        )}
        {actionError && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {actionError}
          </p>
        )}
        {(data.status === 'FAILED' || data.status === 'QUEUED' || data.status === 'RUNNING') && (
          <div className="mt-4 flex flex-wrap gap-3">
            {data.status === 'FAILED' && (
              <Button onClick={() => void act('resume')} disabled={acting !== null}>
                {acting === 'resume' ? 'Resuming…' : 'Resume'}
              </Button>
            )}
            <Button variant="secondary" onClick={() => void act('cancel')} disabled={acting !== null}>
              {acting === 'cancel' ? 'Cancelling…' : 'Cancel'}
            </Button>
          </div>
        )}
        {!running && (
          <div className="mt-4 flex flex-wrap gap-3">
            <DownloadLink href={`/api/imports/${id}/report`}>Download the report</DownloadLink>
            <Link href={data.kind === 'TIMESHEETS' ? '/timesheets' : '/candidates'} className={buttonClasses('secondary')}>
              Go to the {noun}
            </Link>
          </div>
        )}
      </Card>
      <Card padded={false}>
        <DataList
          caption="Results"
          className=""
          rows={data.items}
          rowKey={(item) => String(item.seq)}
          columns={[
            { label: 'Rows', cell: (item) => item.rowNumbers.join(', ') },
            { label: 'Record', card: 'primary', cell: (item) => item.label },
            {
              label: 'Result',
              cell: (item) => (
                <span className={`rounded px-1.5 py-0.5 text-xs ${STATE_CLASSES[item.state] ?? ''}`}>
                  {/* Left in flight by a stop: looked up in Nxsys before anything is sent again. */}
                  {item.state === 'SENDING' && !running ? 'Checked in Nxsys on resume' : ITEM_STATES[item.state]}
                </span>
              ),
            },
            {
              label: 'Nxsys ID / reason',
              cell: (item) =>
                item.nxsysId && data.kind === 'TIMESHEETS' ? (
                  <Link className="underline" href={`/timesheets/${item.nxsysId}`}>
                    {item.nxsysId}
                  </Link>
                ) : (
                  (item.nxsysId ?? item.error ?? '')
                ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
