'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { apiDownload, apiFetch } from '@/lib/api-client';
import {
  missingColumns,
  type ColumnFix,
  suggestMapping,
  type ImportKind,
  type ImportPreview,
  type PayFrequency,
  type RowFilter,
  type UploadedFile,
} from '@/lib/imports/options';
import type { ImportRequest } from '@/lib/imports/schema';
import { Card } from '@/components/ui/page-header';
import { MappingStep } from './import-mapping-step';
import { PreviewStep } from './import-preview-step';
import { UploadStep } from './import-upload-step';

/**
 * Upload → (map unknown columns) → preview with every problem at its cell, fixed here or in the file → submit.
 * Nothing reaches Nxsys before "Import"; the job then runs on the server and its page (ImportProgress) shows the
 * progress and the result. The wizard holds the steps' state and requests; each step is its own component.
 */
export function ImportWizard({ kind, show: initialShow }: { kind: ImportKind; show: RowFilter }) {
  const router = useRouter();
  // Which rows the preview lists, kept in the URL (?show=problems) so a reload or a shared link keeps it.
  const [show, setShow] = useState<RowFilter>(initialShow);
  const changeShow = (next: RowFilter) => {
    setShow(next);
    const url = new URL(window.location.href);
    if (next === 'all') url.searchParams.delete('show');
    else url.searchParams.set('show', next);
    window.history.replaceState(null, '', url);
  };
  const [payFrequency, setPayFrequency] = useState<PayFrequency>('WEEKLY');
  const [file, setFile] = useState<UploadedFile | null>(null);
  // The file chosen, kept to read another sheet of a workbook.
  const [source, setSource] = useState<File | null>(null);
  const [mapping, setMapping] = useState<Record<string, number>>({});
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  // The user's choices: duplicate lines to keep (row numbers), records sent before to send again (their keys).
  const [keep, setKeep] = useState<number[]>([]);
  const [resend, setResend] = useState<string[]>([]);
  // Rows the user skips: not sent, listed in the report with their reasons.
  const [skip, setSkip] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);
  const missing = useMemo(() => (file ? missingColumns(kind, mapping) : []), [file, kind, mapping]);
  const unknownHeaders = file ? file.header.filter((h, i) => h && !Object.values(mapping).includes(i)) : [];

  const request = (choices: { keep?: number[]; resend?: string[]; skip?: number[]; rows?: UploadedFile['rows'] } = {}): ImportRequest => ({
    kind,
    payFrequency: kind === 'TIMESHEETS' ? payFrequency : undefined,
    uploadId: file!.uploadId,
    mapping,
    rows: choices.rows ?? file!.rows,
    keep: choices.keep ?? keep,
    resend: choices.resend ?? resend,
    skip: choices.skip ?? skip,
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
  const upload = async (chosen: File, sheet?: string) => {
    const form = new FormData();
    form.append('file', chosen);
    form.append('kind', kind);
    if (sheet) form.append('sheet', sheet);
    setSource(chosen);
    const answer = await run('upload', () => apiFetch<{ data: UploadedFile }>('/api/imports/parse', { method: 'POST', body: form }));
    if (!answer) {
      // Another sheet that cannot be read leaves the one read before (and the sheet list) in place.
      if (!sheet) {
        setFile(null);
        setPreview(null);
      }
      return;
    }
    const { data } = answer;
    const suggested = suggestMapping(kind, data.header);
    setFile(data);
    setMapping(suggested);
    setPreview(null);
    setKeep([]);
    setResend([]);
    setSkip([]);
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
  const changeSkip = (next: number[]) => {
    setSkip(next);
    void check(request({ skip: next }));
  };
  // A column fix was shown with every cell it changes; applying it writes them and checks the rows again.
  const applyFix = (fix: ColumnFix) => {
    const byRow = new Map<number, ColumnFix['changes']>();
    for (const c of fix.changes) byRow.set(c.rowNumber, [...(byRow.get(c.rowNumber) ?? []), c]);
    const rows = file!.rows.map((r) => {
      const changes = byRow.get(r.rowNumber);
      if (!changes) return r;
      const cells = [...r.cells];
      for (const c of changes) cells[mapping[c.field]!] = c.value;
      return { ...r, cells };
    });
    setFile({ ...file!, rows });
    void check(request({ rows }));
  };
  const downloadProblems = async () => {
    try {
      const { blob, filename } = await apiDownload('/api/imports/preview?format=csv', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request()),
      });
      const url = URL.createObjectURL(blob);
      const a = Object.assign(document.createElement('a'), { href: url, download: filename ?? 'import-problems.csv' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const submit = async () => {
    const answer = await run('submit', () =>
      apiFetch<{ data: { id: string; held?: number } }>('/api/imports', { method: 'POST', json: request() }),
    );
    if (answer) {
      setPending('submit'); // stays "Starting…" while the progress page opens
      // The agency reviews timesheets first: they were saved as drafts, nothing sent yet.
      router.push(answer.data.held ? '/timesheets/drafts' : `/imports/${answer.data.id}`);
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

  const busy = pending !== null;

  return (
    <div className="space-y-6">
      <UploadStep
        kind={kind}
        payFrequency={payFrequency}
        onPayFrequency={(value) => {
          setPayFrequency(value);
          setPreview(null);
        }}
        busy={busy}
        reading={pending === 'upload'}
        onFile={(chosen) => void upload(chosen)}
      />

      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {error}
        </p>
      )}

      {file?.sheets && source && (
        <Card>
          <label className="text-sm font-medium text-slate-700">
            Sheet to import
            <select
              className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
              value={file.sheet}
              disabled={busy}
              onChange={(e) => void upload(source, e.target.value)}
            >
              {file.sheets.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name} ({s.rows === 1 ? '1 row' : `${s.rows.toLocaleString('en-GB')} rows`}
                  {s.overRows ? ', over the import’s limit' : ''})
                </option>
              ))}
            </select>
          </label>
        </Card>
      )}

      {file && (missing.length > 0 || unknownHeaders.length > 0) && (
        <MappingStep
          kind={kind}
          file={file}
          mapping={mapping}
          missing={missing}
          busy={busy}
          onMapping={(next) => {
            setMapping(next);
            setPreview(null);
          }}
          onCheck={() => void check(request())}
        />
      )}

      {file && preview && (
        <PreviewStep
          kind={kind}
          file={file}
          mapping={mapping}
          preview={preview}
          keep={keep}
          resend={resend}
          skip={skip}
          busy={busy}
          submitting={pending === 'submit'}
          onEditCell={editCell}
          onCheck={() => void check(request())}
          onKeep={toggleKeep}
          onResend={toggleResend}
          onSkip={changeSkip}
          onApplyFix={applyFix}
          onDownloadProblems={() => void downloadProblems()}
          onSubmit={() => void submit()}
          show={show}
          onShow={changeShow}
        />
      )}
    </div>
  );
}
