'use client';

import { useRouter } from 'next/navigation';
import { useId, useMemo, useState } from 'react';
import { apiFetch } from '@/lib/api-client';
import { ukDate } from '@/lib/dates';
import { formatMoney, type Currency } from '@/lib/money-format';
import {
  columnsOf,
  MAX_FILE_LABEL,
  MAX_ROWS,
  missingColumns,
  PAY_FREQUENCIES,
  suggestMapping,
  type ImportKind,
  type ImportPreview,
  type PayFrequency,
  type UploadedFile,
} from '@/lib/imports/shapes';
import type { ImportRequest } from '@/lib/imports/schema';
import { Button } from '@/components/ui/button';
import { DownloadLink } from '@/components/ui/download-link';
import { Card } from '@/components/ui/page-header';
import { perCurrency } from './money-totals';
import { SendAgainChoice } from './send-again-choice';

const NOUN: Record<ImportKind, [string, string]> = { TIMESHEETS: ['timesheet', 'timesheets'], CANDIDATES: ['candidate', 'candidates'] };
const plural = (n: number, [one, many]: [string, string]) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

const money = (value: string, currency: Currency | null) => formatMoney(value, currency);

/**
 * Upload → (map unknown columns) → preview with every problem at its cell, fixed here or in the file → submit.
 * Nothing reaches Nxsys before "Import"; the job then runs on the server and its page shows the progress.
 */
export function ImportWizard({ kind }: { kind: ImportKind }) {
  const router = useRouter();
  const fileInputId = useId();
  const [payFrequency, setPayFrequency] = useState<PayFrequency>('WEEKLY');
  const [file, setFile] = useState<UploadedFile | null>(null);
  const [mapping, setMapping] = useState<Record<string, number>>({});
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  // The user's choices: duplicate lines to keep (row numbers), records sent before to send again (their keys).
  const [keep, setKeep] = useState<number[]>([]);
  const [resend, setResend] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const columns = columnsOf(kind);
  const missing = useMemo(() => (file ? missingColumns(kind, mapping) : []), [file, kind, mapping]);
  const unknownHeaders = file ? file.header.filter((h, i) => h && !Object.values(mapping).includes(i)) : [];

  const request = (choices: { keep?: number[]; resend?: string[] } = {}): ImportRequest => ({
    kind,
    payFrequency: kind === 'TIMESHEETS' ? payFrequency : undefined,
    uploadId: file!.uploadId,
    mapping,
    rows: file!.rows,
    keep: choices.keep ?? keep,
    resend: choices.resend ?? resend,
  });

  // One request at a time: which one is under way (the route validates every request with the shared schema).
  const [pending, setPending] = useState<'upload' | 'check' | 'submit' | null>(null);
  const run = async <T,>(kind: 'upload' | 'check' | 'submit', work: () => Promise<T>): Promise<T | null> => {
    setPending(kind);
    try {
      return await work();
    } catch (e) {
      setError((e as Error).message);
      return null;
    } finally {
      setPending(null);
    }
  };

  const check = async (body: ImportRequest) => {
    const answer = await run('check', () => apiFetch<{ data: ImportPreview }>('/api/imports/preview', { method: 'POST', json: body }));
    if (!answer) return;
    setPreview(answer.data);
    setError(null);
  };
  const upload = async (chosen: File) => {
    const form = new FormData();
    form.append('file', chosen);
    const answer = await run('upload', () => apiFetch<{ data: UploadedFile }>('/api/imports/parse', { method: 'POST', body: form }));
    if (!answer) {
      setFile(null);
      setPreview(null);
      return;
    }
    const { data } = answer;
    const suggested = suggestMapping(kind, data.header);
    setFile(data);
    setMapping(suggested);
    setPreview(null);
    setKeep([]);
    setResend([]);
    setError(null);
    if (missingColumns(kind, suggested).length === 0) {
      await check({
        kind,
        payFrequency: kind === 'TIMESHEETS' ? payFrequency : undefined,
        uploadId: data.uploadId,
        mapping: suggested,
        rows: data.rows,
      });
    }
  };
  // A choice changes what is sent and the totals: the preview is checked again with it.
  const toggleKeep = (rowNumber: number, on: boolean) => {
    const next = on ? [...keep, rowNumber] : keep.filter((n) => n !== rowNumber);
    setKeep(next);
    void check(request({ keep: next }));
  };
  const toggleResend = (key: string, on: boolean) => {
    const next = on ? [...resend, key] : resend.filter((k) => k !== key);
    setResend(next);
    void check(request({ resend: next }));
  };
  const submit = async () => {
    const answer = await run('submit', () => apiFetch<{ data: { id: string } }>('/api/imports', { method: 'POST', json: request() }));
    if (answer) {
      setPending('submit'); // stays "Starting…" while the progress page opens
      router.push(`/imports/${answer.data.id}`);
    }
  };

  const editCell = (rowNumber: number, index: number, value: string) => {
    setFile((f) =>
      f
        ? {
            ...f,
            rows: f.rows.map((r) => (r.rowNumber === rowNumber ? { ...r, cells: r.cells.map((c, i) => (i === index ? value : c)) } : r)),
          }
        : f,
    );
  };

  const mappedFields = columns.filter((c) => mapping[c.field] !== undefined);
  const records = preview ? (kind === 'TIMESHEETS' ? preview.timesheets : preview.candidates).filter((r) => !r.skipped).length : 0;
  const busy = pending !== null;
  // Timesheets Nxsys already holds (made another way than by an import), or could not be checked for.
  const held = preview ? preview.timesheets.filter((t) => t.heldInNxsys?.length).length : 0;
  const unchecked = preview ? preview.timesheets.filter((t) => t.heldInNxsys === null).length : 0;

  return (
    <div className="space-y-6">
      <Card>
        <h2 className="text-base font-semibold text-slate-900">1. Choose the file</h2>
        <p className="mt-1 text-sm text-slate-600">
          CSV or Excel (.xlsx), at most {MAX_FILE_LABEL} and {MAX_ROWS.toLocaleString('en-GB')} rows.{' '}
          {kind === 'TIMESHEETS'
            ? "Nxsys's timesheet Master Template columns (the older Agency ID / Agency Ref version too); lines of one worker and period become one timesheet."
            : 'Our candidate template: the fields of the onboarding form.'}
        </p>
        <div className="mt-4 flex flex-wrap items-end gap-4">
          <DownloadLink href={`/api/imports/template?kind=${kind === 'TIMESHEETS' ? 'timesheets' : 'candidates'}`}>
            Download the template
          </DownloadLink>
          {kind === 'TIMESHEETS' && (
            <label className="text-sm font-medium text-slate-700">
              Pay frequency of the file
              <select
                className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
                value={payFrequency}
                onChange={(e) => {
                  setPayFrequency(e.target.value as PayFrequency);
                  setPreview(null);
                }}
              >
                {Object.entries(PAY_FREQUENCIES).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div>
            <label htmlFor={fileInputId} className="block text-sm font-medium text-slate-700">
              File to import
            </label>
            <input
              id={fileInputId}
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              className="mt-1 block text-sm"
              disabled={busy}
              onChange={(e) => {
                const chosen = e.target.files?.[0];
                if (chosen) void upload(chosen);
                e.target.value = '';
              }}
            />
          </div>
        </div>
        {pending === 'upload' && <p className="mt-3 text-sm text-slate-600">Reading the file…</p>}
      </Card>

      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {error}
        </p>
      )}

      {file && (missing.length > 0 || unknownHeaders.length > 0) && (
        <Card>
          <h2 className="text-base font-semibold text-slate-900">2. Match the columns</h2>
          <p className="mt-1 text-sm text-slate-600">
            {missing.length > 0
              ? `Some columns were not recognised. Say which column holds: ${missing.map((c) => c.header).join(', ')}.`
              : 'These columns were not recognised and will be ignored unless you match them.'}
          </p>
          <div className="mt-4 grid gap-3 sm:grid-cols-2">
            {file.header.map((name, index) => (
              <label key={index} className="text-sm text-slate-700">
                Column “{name || `#${index + 1}`}”
                <select
                  className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
                  value={Object.entries(mapping).find(([, i]) => i === index)?.[0] ?? ''}
                  onChange={(e) => {
                    const next = Object.fromEntries(Object.entries(mapping).filter(([, i]) => i !== index));
                    if (e.target.value) next[e.target.value] = index;
                    setMapping(next);
                    setPreview(null);
                  }}
                >
                  <option value="">Ignore this column</option>
                  {columns.map((c) => (
                    <option key={c.field} value={c.field}>
                      {c.header}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          <Button className="mt-4" disabled={missing.length > 0 || busy} onClick={() => void check(request())}>
            Check the rows
          </Button>
        </Card>
      )}

      {file && preview && (
        <Card>
          <h2 className="text-base font-semibold text-slate-900">Check before sending</h2>
          <p className="mt-1 text-sm text-slate-600" data-testid="preview-summary">
            {plural(preview.rowCount, ['row', 'rows'])} read from {file.fileName}:{' '}
            {preview.problems.length
              ? `${plural(preview.problems.length, ['row needs', 'rows need'])} attention. `
              : 'every row is ready. '}
            {plural(records, NOUN[kind])} to create.
          </p>
          {(preview.sameFile || preview.alreadyImportedCount > 0 || held > 0 || unchecked > 0) && (
            <div role="status" className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
              {preview.sameFile && (
                <p>
                  This file was already imported on {ukDate(preview.sameFile.at.slice(0, 10))}.{' '}
                  <a className="underline" href={`/imports/${preview.sameFile.importId}`}>
                    See that import
                  </a>
                  .
                </p>
              )}
              {preview.alreadyImportedCount > 0 && (
                <p>
                  {plural(preview.alreadyImportedCount, NOUN[kind])} in this file {preview.alreadyImportedCount === 1 ? 'was' : 'were'}{' '}
                  already sent by an earlier import or copy: {preview.alreadyImportedCount === 1 ? 'it is' : 'they are'} left out. Tick
                  “Send again” only for one you are sure Nxsys should hold twice.
                </p>
              )}
              {held > 0 && (
                <p>
                  Nxsys already holds a timesheet for the candidate and period of {plural(held, NOUN[kind])} in this file (made in the
                  portal, in Nxsys or by another tool): {held === 1 ? 'it is' : 'they are'} left out. Tick “Send anyway” only for one that
                  should be a second timesheet.
                </p>
              )}
              {unchecked > 0 && (
                <p>
                  Nxsys could not be read to check whether it already holds {plural(unchecked, NOUN[kind])} of this file:{' '}
                  {unchecked === 1 ? 'it is' : 'they are'} left out. Check again later, or tick “Send anyway” if you are sure.
                </p>
              )}
            </div>
          )}

          {preview.problems.length > 0 && (
            <div className="mt-4">
              <h3 className="text-sm font-semibold text-slate-900">Rows that need attention</h3>
              <p className="text-sm text-slate-600">Correct them here (or in the file and upload it again), then check again.</p>
              <div className="mt-2 overflow-x-auto">
                <table className="min-w-full text-sm">
                  <thead>
                    <tr className="text-left text-slate-500">
                      <th className="px-2 py-1">Row</th>
                      {mappedFields.map((c) => (
                        <th key={c.field} className="px-2 py-1">
                          {c.header}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {preview.problems.map((problem) => {
                      const row = file.rows.find((r) => r.rowNumber === problem.rowNumber);
                      return (
                        <tr key={problem.rowNumber} className="align-top" data-testid={`problem-row-${problem.rowNumber}`}>
                          <th scope="row" className="px-2 py-1 font-medium">
                            {problem.rowNumber}
                            {problem.errors._ && <p className="text-red-700">{problem.errors._}</p>}
                          </th>
                          {mappedFields.map((c) => {
                            const index = mapping[c.field]!;
                            const message = problem.errors[c.field];
                            const errorId = `row-${problem.rowNumber}-${c.field}-error`;
                            return (
                              <td key={c.field} className="px-2 py-1">
                                <input
                                  aria-label={`Row ${problem.rowNumber} ${c.header}`}
                                  aria-invalid={!!message}
                                  aria-describedby={message ? errorId : undefined}
                                  className={`w-28 rounded border px-2 py-1 ${message ? 'border-red-500' : 'border-slate-300'}`}
                                  value={row?.cells[index] ?? ''}
                                  onChange={(e) => editCell(problem.rowNumber, index, e.target.value)}
                                />
                                {message && (
                                  <p id={errorId} className="mt-1 w-40 text-xs text-red-700">
                                    {message}
                                  </p>
                                )}
                              </td>
                            );
                          })}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <Button className="mt-3" variant="secondary" disabled={busy} onClick={() => void check(request())}>
                Check again
              </Button>
            </div>
          )}

          {preview.duplicates.length > 0 && (
            <fieldset
              className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
              data-testid="duplicates"
            >
              <legend className="px-1 font-semibold">Identical lines</legend>
              <p>
                These lines repeat an earlier line of the same worker and period (same code, rate and units). They are left out unless you
                keep them, so a copied line is not paid twice.
              </p>
              <ul className="mt-2 space-y-1">
                {preview.duplicates.map((d) => (
                  <li key={d.rowNumber}>
                    <label className="flex items-start gap-2">
                      <input
                        type="checkbox"
                        className="mt-1"
                        checked={keep.includes(d.rowNumber)}
                        disabled={busy}
                        onChange={(e) => toggleKeep(d.rowNumber, e.target.checked)}
                      />
                      <span>
                        Keep row {d.rowNumber} (the same as row {d.sameAs}: {d.label}) — it is a separate line
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          )}

          {kind === 'TIMESHEETS' && preview.timesheets.length > 0 && (
            <div className="mt-6 overflow-x-auto">
              <table className="min-w-full text-sm" aria-label="Timesheets to create">
                <thead>
                  <tr className="text-left text-slate-500">
                    <th className="px-2 py-1">Candidate</th>
                    <th className="px-2 py-1">Period</th>
                    <th className="px-2 py-1">Lines</th>
                    <th className="px-2 py-1 text-right">Net</th>
                    <th className="px-2 py-1 text-right">VAT</th>
                    <th className="px-2 py-1 text-right">Total</th>
                    <th className="px-2 py-1">Rows</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.timesheets.map((t) => (
                    <tr key={t.key} className={`border-t border-slate-100 ${t.skipped ? 'text-slate-400' : ''}`}>
                      <td className="px-2 py-1">
                        {t.candidateName} <span className="text-slate-500">({t.candidateId})</span>
                        <SendAgainChoice
                          sentBefore={t.sentBefore}
                          sentNote={<SentNote sent={t.sentBefore} />}
                          heldInNxsys={t.heldInNxsys}
                          skipped={t.skipped}
                          ticked={resend.includes(t.key)}
                          busy={busy}
                          onChange={(on) => toggleResend(t.key, on)}
                        />
                      </td>
                      <td className="px-2 py-1">
                        {ukDate(t.startDate)}–{ukDate(t.endDate)} (period {t.taxPeriod})
                      </td>
                      <td className="px-2 py-1">{t.lines.map((l) => `${l.code} ${l.units} × ${money(l.rate, t.currency)}`).join('; ')}</td>
                      <td className="px-2 py-1 text-right">{money(t.net, t.currency)}</td>
                      <td className="px-2 py-1 text-right">{money(t.vat, t.currency)}</td>
                      <td className="px-2 py-1 text-right">{money(t.total, t.currency)}</td>
                      <td className="px-2 py-1 text-slate-500">{t.lines.map((l) => l.rowNumber).join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr className="border-t-2 border-slate-300 font-semibold" data-testid="file-totals">
                    <td className="px-2 py-1" colSpan={3}>
                      Total to send
                      {preview.uncounted > 0 && (
                        <span className="block text-xs font-normal text-slate-600">
                          Not in the totals: {plural(preview.uncounted, NOUN[kind])} whose currency cannot be told.
                        </span>
                      )}
                    </td>
                    <td className="px-2 py-1 text-right">{perCurrency(preview.totals, (t) => t.net)}</td>
                    <td className="px-2 py-1 text-right">{perCurrency(preview.totals, (t) => t.vat)}</td>
                    <td className="px-2 py-1 text-right">{perCurrency(preview.totals, (t) => t.total)}</td>
                    <td />
                  </tr>
                </tfoot>
              </table>
            </div>
          )}

          {kind === 'CANDIDATES' && preview.candidates.length > 0 && (
            <ul className="mt-6 divide-y divide-slate-100 text-sm" aria-label="Candidates to create">
              {preview.candidates.map((c) => (
                <li key={c.key} className={`py-1 ${c.skipped ? 'text-slate-400' : ''}`}>
                  Row {c.rowNumber}: {c.name} ({c.email})
                  <SendAgainChoice
                    sentBefore={c.sentBefore}
                    sentNote={<SentNote sent={c.sentBefore} />}
                    skipped={c.skipped}
                    ticked={resend.includes(c.key)}
                    busy={busy}
                    onChange={(on) => toggleResend(c.key, on)}
                  />
                </li>
              ))}
            </ul>
          )}

          <div className="mt-6 flex items-center gap-3">
            <Button disabled={busy || preview.problems.length > 0 || records === 0} onClick={() => void submit()}>
              {pending === 'submit' ? 'Starting…' : `Import ${plural(records, NOUN[kind])}`}
            </Button>
            {preview.problems.length > 0 && <span className="text-sm text-slate-600">Fix the rows above first.</span>}
          </div>
        </Card>
      )}
    </div>
  );
}

/** A record an earlier import or copy already sent (or is sending), with a link to that import. */
function SentNote({ sent }: { sent: ImportPreview['timesheets'][number]['sentBefore'] }) {
  if (!sent) return null;
  return (
    <>
      already sent{sent.nxsysId ? ` (${sent.nxsysId})` : ''} by{' '}
      <a className="underline" href={`/imports/${sent.importId}`}>
        an earlier import
      </a>
    </>
  );
}
