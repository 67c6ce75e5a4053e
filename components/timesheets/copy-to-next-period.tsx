'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { apiFetch } from '@/lib/api-client';
import { ukDate } from '@/lib/dates';
import type { CopyPreview } from '@/lib/imports/options';
import { formatMoney, type Currency } from '@/lib/money-format';
import { DataList } from '@/components/list/data-list';
import { timesheetLinkColumn } from './timesheet-link-column';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/page-header';
import { DateInput } from '@/components/ui/date-input';
import { perCurrency } from '@/components/imports/money-totals';
import { SendAgainChoice } from '@/components/imports/send-again-choice';

/** One timesheet of the chosen period, as the server page read it from Nxsys (null: not sent). */
export interface CopySource {
  id: string;
  candidateId: string | null;
  candidateName: string | null;
  /** From the candidate's country (null: cannot be told, shown without a symbol). */
  currency: Currency | null;
  startDate: string | null;
  endDate: string | null;
  totalPrices: string | null;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const candidateLabel = (name: string | null, id: string | null) => (name && id ? `${name} (${id})` : name || id || '—');

/**
 * "Copy to next period": pick last period's timesheets (one or many), preview the copies (dates, tax period,
 * lines, totals, any already copied), then send them through the import job (progress, report, no duplicates).
 */
export function CopyToNextPeriod({
  from: shownFrom,
  to: shownTo,
  rows,
  preselected = [],
  error: listError,
}: {
  from: string;
  to: string;
  rows: CopySource[];
  /** Timesheet ids chosen from the start (the dashboard's "Copy last week"); ids not among the rows are ignored. */
  preselected?: string[];
  error: string | null;
}) {
  const router = useRouter();
  const [{ from, to }, setPeriod] = useState({ from: shownFrom, to: shownTo });
  const [loading, startLoading] = useTransition();
  const [selected, setSelected] = useState<Set<string>>(() => new Set(preselected.filter((id) => rows.some((r) => r.id === id))));
  const [preview, setPreview] = useState<CopyPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copying, setCopying] = useState(false);
  // Copies already made (by an import or copy) that the user ticked to send again: their keys.
  const [resend, setResend] = useState<string[]>([]);

  // The fields stay the same elements while periods come and go through the URL. (The page used to remount this
  // component per period: a period landing while someone typed in the other field replaced that field under their
  // keys, and the rest of the date was lost.) A period this page asked for is its own echo; any other (Back,
  // Forward, a link) is a change from outside and replaces the fields and the selection.
  const [asked, setAsked] = useState<string[]>([]);
  const landed = `${shownFrom}/${shownTo}`;
  const [shown, setShown] = useState(landed);
  if (landed !== shown) {
    setShown(landed);
    const echo = asked.indexOf(landed);
    if (echo >= 0) setAsked(asked.slice(echo + 1));
    else {
      setAsked([]);
      setPeriod({ from: shownFrom, to: shownTo });
      setSelected(new Set(preselected.filter((id) => rows.some((r) => r.id === id))));
      setPreview(null);
      setResend([]);
    }
  }

  /** A new period: its timesheets are read by the server page (the period goes into the URL). */
  const choosePeriod = (nextFrom: string, nextTo: string) => {
    setPeriod({ from: nextFrom, to: nextTo });
    setSelected(new Set());
    setPreview(null);
    setResend([]);
    if (ISO_DAY.test(nextFrom) && ISO_DAY.test(nextTo)) {
      setAsked((periods) => [...periods.slice(-19), `${nextFrom}/${nextTo}`]);
      startLoading(() => router.replace(`/timesheets/copy?${new URLSearchParams({ from: nextFrom, to: nextTo })}`, { scroll: false }));
    }
  };
  const copy = async (confirm: boolean, again = resend) => {
    setCopying(true);
    try {
      const { data } = await apiFetch<{ data: { preview: CopyPreview; id?: string; held?: number } }>('/api/imports/copy', {
        method: 'POST',
        json: { ids: [...selected], confirm, resend: again },
      });
      setError(null);
      if (data.id) return router.push(`/imports/${data.id}`); // stays busy while the progress page opens
      if (data.held) return router.push('/timesheets/drafts'); // review is on: the copies wait as drafts
      setPreview(data.preview);
    } catch (e) {
      setError((e as Error).message);
    }
    setCopying(false);
  };
  const toggleResend = (key: string, on: boolean) => {
    const next = on ? [...resend, key] : resend.filter((k) => k !== key);
    setResend(next);
    void copy(false, next);
  };
  const toggle = (id: string) => {
    setPreview(null);
    setResend([]);
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  const toSend = preview ? preview.timesheets.filter((t) => !t.skipped).length : 0;
  const held = preview ? preview.timesheets.filter((t) => t.heldInNxsys?.length).length : 0;
  const unchecked = preview ? preview.timesheets.filter((t) => t.heldInNxsys === null).length : 0;

  return (
    <div className="space-y-6">
      <Card>
        <div className="flex flex-wrap items-end gap-4">
          <label className="text-sm font-medium text-slate-700">
            Period from
            <DateInput
              value={from}
              onChange={(value) => choosePeriod(value, to)}
              className="mt-1 block w-36 rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
          </label>
          <label className="text-sm font-medium text-slate-700">
            Period to
            <DateInput
              value={to}
              onChange={(value) => choosePeriod(from, value)}
              className="mt-1 block w-36 rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
          </label>
        </div>
      </Card>

      <Card padded={false}>
        <DataList
          caption="Timesheets of the period"
          className=""
          rows={loading ? [] : rows}
          rowKey={(t) => t.id}
          status={
            loading ? (
              'Loading…'
            ) : listError ? (
              <span role="alert" className="text-red-700">
                {listError}
              </span>
            ) : (
              'No timesheets in this period.'
            )
          }
          selection={{
            isSelected: (t) => selected.has(t.id),
            onToggle: (t) => toggle(t.id),
            label: (t) => `Select ${t.id}`,
            all: {
              label: 'Select every timesheet',
              checked: rows.length > 0 && rows.every((r) => selected.has(r.id)),
              onChange: (checked) => (setPreview(null), setResend([]), setSelected(checked ? new Set(rows.map((r) => r.id)) : new Set())),
            },
          }}
          columns={[
            timesheetLinkColumn(),
            { label: 'Candidate', cell: (t) => candidateLabel(t.candidateName, t.candidateId) },
            {
              label: 'Period',
              className: 'whitespace-nowrap',
              cell: (t) => (
                <>
                  {ukDate(t.startDate)}–{ukDate(t.endDate)}
                </>
              ),
            },
            { label: 'Total', align: 'right', cell: (t) => formatMoney(t.totalPrices, t.currency) },
          ]}
        />
      </Card>

      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {error}
        </p>
      )}
      <Button disabled={selected.size === 0 || copying} onClick={() => void copy(false)}>
        Preview copies of {selected.size} timesheet{selected.size === 1 ? '' : 's'}
      </Button>

      {preview && (
        <Card>
          <h2 className="text-base font-semibold text-slate-900">Copies to create</h2>
          {preview.alreadyImportedCount > 0 && (
            <p role="status" className="mt-2 rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900">
              {preview.alreadyImportedCount} of these periods already have a copy made here: they are left out. Tick “Send again” only for
              one Nxsys should hold twice.
            </p>
          )}
          {held > 0 && (
            <p role="status" className="mt-2 rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900">
              Nxsys already holds a timesheet for {held} of these candidates and periods (made in the portal, in Nxsys or by another tool):
              left out. Tick “Send anyway” only for one that should be a second timesheet.
            </p>
          )}
          {unchecked > 0 && (
            <p role="status" className="mt-2 rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900">
              Nxsys could not be read to check whether it already holds {unchecked} of these copies: left out. Preview again later, or tick
              “Send anyway” if you are sure.
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
                <tr key={t.key} className={`border-t border-slate-100 ${t.skipped ? 'text-slate-400' : ''}`}>
                  <td className="px-2 py-1">{t.fromId}</td>
                  <td className="px-2 py-1">{candidateLabel(t.candidateName, t.candidateId)}</td>
                  <td className="px-2 py-1">
                    {ukDate(t.startDate)}–{ukDate(t.endDate)} (period {t.taxPeriod})
                    <SendAgainChoice
                      sentBefore={t.sentBefore}
                      sentNote={`already copied${t.sentBefore?.nxsysId ? ` (${t.sentBefore.nxsysId})` : ''}`}
                      heldInNxsys={t.heldInNxsys}
                      skipped={t.skipped}
                      ticked={resend.includes(t.key)}
                      busy={copying}
                      onChange={(on) => toggleResend(t.key, on)}
                    />
                  </td>
                  <td className="px-2 py-1">
                    {t.lines.map((l) => `${l.code} ${l.units} × ${formatMoney(l.rate, t.currency)}`).join('; ')}
                  </td>
                  <td className="px-2 py-1 text-right">{formatMoney(t.total, t.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-sm font-semibold" data-testid="copy-total">
            Total {perCurrency(preview.totals, (t) => t.total)}
          </p>
          {preview.uncounted > 0 && (
            <p className="text-sm text-slate-600">
              Not in the total: {preview.uncounted} cop{preview.uncounted === 1 ? 'y' : 'ies'} whose currency cannot be told.
            </p>
          )}
          <Button className="mt-4" disabled={copying || toSend === 0} onClick={() => void copy(true)}>
            Copy {toSend} timesheet{toSend === 1 ? '' : 's'} to the next period
          </Button>
        </Card>
      )}
    </div>
  );
}
