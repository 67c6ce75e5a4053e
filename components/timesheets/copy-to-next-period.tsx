'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiFetch } from '@/lib/api-client';
import { ukDate } from '@/lib/dates';
import type { CopyPreview } from '@/lib/imports/schema';
import { formatGbp } from '@/lib/money';
import { nxsysTimesheetSchema } from '@/lib/timesheets/schema';
import { addDays } from '@/lib/timesheets/week';
import { DataList } from '@/components/list/data-list';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/page-header';

const mondayOf = (isoDay: string) => addDays(isoDay, -((new Date(`${isoDay}T00:00:00Z`).getUTCDay() + 6) % 7));

/**
 * "Copy to next period": pick last period's timesheets (one or many), preview the copies (dates, tax period,
 * lines, totals, any already copied), then send them through the import job (progress, report, no duplicates).
 */
export function CopyToNextPeriod({ today }: { today: string }) {
  const router = useRouter();
  const lastMonday = addDays(mondayOf(today), -7);
  const [from, setFrom] = useState(lastMonday);
  const [to, setTo] = useState(addDays(lastMonday, 6));
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [preview, setPreview] = useState<CopyPreview | null>(null);
  const [error, setError] = useState<string | null>(null);

  const list = useQuery({
    queryKey: ['timesheets', 'copy-source', from, to],
    queryFn: async () => {
      const q = new URLSearchParams({ bactchFrom: from, bactchTo: to, size: '100' });
      const { data } = await apiFetch<{ data: unknown[] }>(`/api/nxsys/timesheets?${q}`);
      return data.map((item) => nxsysTimesheetSchema.parse(item));
    },
    enabled: !!from && !!to,
  });
  const copy = useMutation({
    mutationFn: (confirm: boolean) =>
      apiFetch<{ data: { preview: CopyPreview; id?: string } }>('/api/imports/copy', {
        method: 'POST',
        json: { ids: [...selected], confirm },
      }),
    onSuccess: ({ data }) => {
      setError(null);
      if (data.id) router.push(`/imports/${data.id}`);
      else setPreview(data.preview);
    },
    onError: (e) => setError(e.message),
  });
  const toggle = (id: string) => {
    setPreview(null);
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };
  const rows = list.data ?? [];

  return (
    <div className="space-y-6">
      <Card>
        <div className="flex flex-wrap items-end gap-4">
          <label className="text-sm font-medium text-slate-700">
            Period from
            <input
              type="date"
              value={from}
              onChange={(e) => (setFrom(e.target.value), setSelected(new Set()), setPreview(null))}
              className="mt-1 block rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
          </label>
          <label className="text-sm font-medium text-slate-700">
            Period to
            <input
              type="date"
              value={to}
              onChange={(e) => (setTo(e.target.value), setSelected(new Set()), setPreview(null))}
              className="mt-1 block rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
          </label>
        </div>
      </Card>

      <Card padded={false}>
        <DataList
          caption="Timesheets of the period"
          className=""
          rows={rows}
          rowKey={(t) => t.id}
          status={
            list.isPending ? (
              'Loading…'
            ) : list.error ? (
              <span role="alert" className="text-red-700">
                {list.error.message}
              </span>
            ) : list.data ? (
              'No timesheets in this period.'
            ) : null
          }
          selection={{
            isSelected: (t) => selected.has(t.id),
            onToggle: (t) => toggle(t.id),
            label: (t) => `Select ${t.id}`,
            all: {
              label: 'Select every timesheet',
              checked: rows.length > 0 && rows.every((r) => selected.has(r.id)),
              onChange: (checked) => (setPreview(null), setSelected(checked ? new Set(rows.map((r) => r.id)) : new Set())),
            },
          }}
          columns={[
            {
              label: 'Timesheet',
              className: 'font-medium',
              cell: (t) => (
                <Link href={`/timesheets/${t.id}`} prefetch={false} className="text-brand-700 hover:underline">
                  {t.id}
                </Link>
              ),
            },
            { label: 'Candidate', cell: (t) => t.subcontractorRef?.fullName ?? t.subcontractorRef?.id ?? '—' },
            {
              label: 'Period',
              className: 'whitespace-nowrap',
              cell: (t) => (
                <>
                  {ukDate(t.startDate)}–{ukDate(t.endDate)}
                </>
              ),
            },
            { label: 'Total', align: 'right', cell: (t) => (t.totalPrices === null ? '—' : formatGbp(t.totalPrices)) },
          ]}
        />
      </Card>

      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {error}
        </p>
      )}
      <Button disabled={selected.size === 0 || copy.isPending} onClick={() => copy.mutate(false)}>
        Preview copies of {selected.size} timesheet{selected.size === 1 ? '' : 's'}
      </Button>

      {preview && (
        <Card>
          <h2 className="text-base font-semibold text-slate-900">Copies to create</h2>
          {preview.alreadyImportedCount > 0 && (
            <p role="status" className="mt-2 rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900">
              {preview.alreadyImportedCount} of these periods already have a copy made here. Copying again creates a second timesheet.
            </p>
          )}
          {preview.skipped.length > 0 && (
            <ul className="mt-2 text-sm text-red-700">
              {preview.skipped.map((s) => (
                <li key={s.id}>
                  {s.id} cannot be copied: {s.reason}
                </li>
              ))}
            </ul>
          )}
          <table className="mt-3 min-w-full text-sm" aria-label="Copies to create">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="px-2 py-1">From</th>
                <th className="px-2 py-1">Candidate</th>
                <th className="px-2 py-1">New period</th>
                <th className="px-2 py-1">Lines</th>
                <th className="px-2 py-1 text-right">Total</th>
              </tr>
            </thead>
            <tbody>
              {preview.timesheets.map((t) => (
                <tr key={t.key} className="border-t border-slate-100">
                  <td className="px-2 py-1">{t.fromId}</td>
                  <td className="px-2 py-1">{t.candidateName ? `${t.candidateName} (${t.candidateId})` : t.candidateId}</td>
                  <td className="px-2 py-1">
                    {ukDate(t.startDate)}–{ukDate(t.endDate)} (period {t.taxPeriod})
                    {t.alreadyImported && <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-900">already copied</span>}
                  </td>
                  <td className="px-2 py-1">{t.lines.map((l) => `${l.code} ${l.units} × ${formatGbp(l.rate)}`).join('; ')}</td>
                  <td className="px-2 py-1 text-right">{formatGbp(t.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-sm font-semibold" data-testid="copy-total">
            Total {formatGbp(preview.totals.total)}
          </p>
          <Button className="mt-4" disabled={copy.isPending || preview.timesheets.length === 0} onClick={() => copy.mutate(true)}>
            Copy {preview.timesheets.length} timesheet{preview.timesheets.length === 1 ? '' : 's'} to the next period
          </Button>
        </Card>
      )}
    </div>
  );
}
