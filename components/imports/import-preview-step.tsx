import { useState, type ReactNode } from 'react';
import { ukDate } from '@/lib/dates';
import { columnsOf, type ColumnFix, type RowFilter, type ImportKind, type ImportPreview, type UploadedFile } from '@/lib/imports/options';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/page-header';
import { RecordsToCreate } from './import-records';
import { NOUN, plural } from './wording';

/**
 * Step 3: the preview — every problem at its cell (corrected here, then checked again), identical lines to keep,
 * records sent before or already in Nxsys, what will be created with its totals, and the button that starts it.
 */
export function PreviewStep({
  kind,
  file,
  mapping,
  preview,
  keep,
  resend,
  skip,
  busy,
  submitting,
  onEditCell,
  onCheck,
  onKeep,
  onResend,
  onSkip,
  onApplyFix,
  onDownloadProblems,
  onSubmit,
  show,
  onShow,
}: {
  kind: ImportKind;
  file: UploadedFile;
  mapping: Record<string, number>;
  preview: ImportPreview;
  /** Duplicate lines the user keeps (row numbers). */
  keep: number[];
  /** Records the user ticked to send again, or anyway (their keys). */
  resend: string[];
  /** Rows the user skips (row numbers). */
  skip: number[];
  busy: boolean;
  submitting: boolean;
  onEditCell: (rowNumber: number, index: number, value: string) => void;
  onCheck: () => void;
  onKeep: (rowNumber: number, on: boolean) => void;
  onResend: (key: string, on: boolean) => void;
  onSkip: (rows: number[]) => void;
  onApplyFix: (fix: ColumnFix) => void;
  onDownloadProblems: () => void;
  onSubmit: () => void;
  /** Which rows the table lists: every row not skipped, or only those with problems (held in the URL, ?show=). */
  show: RowFilter;
  onShow: (show: RowFilter) => void;
}) {
  const mappedFields = columnsOf(kind).filter((c) => mapping[c.field] !== undefined);
  const records = (kind === 'TIMESHEETS' ? preview.timesheets : preview.candidates).filter((r) => !r.skipped).length;
  const invites = preview.candidates.filter((c) => c.invite && !c.skipped).length;
  // Timesheets Nxsys already holds (made another way than by an import), or could not be checked for.
  const held = preview.timesheets.filter((t) => t.heldInNxsys?.length).length;
  const unchecked = preview.timesheets.filter((t) => t.heldInNxsys === null).length;
  const headerOf = (field: string) => (field === '_' ? 'Row' : (file.header[mapping[field] ?? -1] ?? field));
  // The table: problem rows always (with their problems first), every other row not skipped when showing all.
  const problemOf = new Map(preview.problems.map((p) => [p.rowNumber, p]));
  const skipped = new Set(preview.skippedRows.map((s) => s.rowNumber));
  const notSkipped = file.rows.filter((r) => !skipped.has(r.rowNumber));
  const shownRows = show === 'all' ? notSkipped : notSkipped.filter((r) => problemOf.has(r.rowNumber));

  return (
    <Card>
      <h2 className="text-base font-semibold text-slate-900">Check before sending</h2>
      <p className="mt-1 text-sm text-slate-600" data-testid="preview-summary">
        {plural(preview.rowCount, ['row', 'rows'])} read from {file.fileName}:{' '}
        {preview.problems.length ? `${plural(preview.problems.length, ['row needs', 'rows need'])} attention. ` : 'every row is ready. '}
        {plural(records, NOUN[kind])} to create{invites > 0 && ` (${plural(invites, ['invited', 'invited'])} by onboarding link)`}.
        {preview.skippedRows.length > 0 && ` ${plural(preview.skippedRows.length, ['row', 'rows'])} skipped.`}
      </p>
      {file.encoding && (
        <p className="mt-1 text-sm text-slate-600" data-testid="file-encoding">
          Read as {file.encoding} text, columns separated by {file.delimiter === 'tab' ? 'tabs' : `“${file.delimiter}”`}.
        </p>
      )}
      {file.notes && (
        <ul className="mt-2 list-disc pl-5 text-sm text-slate-600" data-testid="file-notes">
          {file.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {(preview.problems.length > 0 || preview.skippedRows.length > 0) && (
        <Button className="mt-3" variant="secondary" disabled={busy} onClick={onDownloadProblems}>
          Download the problems report
        </Button>
      )}

      {preview.fixes.map((fix) => (
        <ColumnFixOffer key={`${fix.kind}:${fix.from ?? ''}`} fix={fix} headerOf={headerOf} busy={busy} onApply={onApplyFix} />
      ))}
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
              {plural(preview.alreadyImportedCount, NOUN[kind])} in this file {preview.alreadyImportedCount === 1 ? 'was' : 'were'} already
              sent by an earlier import or copy: {preview.alreadyImportedCount === 1 ? 'it is' : 'they are'} left out. Tick “Send again”
              only for one you are sure Nxsys should hold twice.
            </p>
          )}
          {held > 0 && (
            <p>
              Nxsys already holds a timesheet for the candidate and period of {plural(held, NOUN[kind])} in this file (made in the portal,
              in Nxsys or by another tool): {held === 1 ? 'it is' : 'they are'} left out. Tick “Send anyway” only for one that should be a
              second timesheet.
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
          <p className="text-sm text-slate-600">
            Correct them here (or in the file and upload it again), then check again — or skip them: the other rows are imported and the
            report lists the skipped ones.
          </p>
          <Button
            className="mt-2"
            variant="secondary"
            disabled={busy}
            onClick={() => onSkip([...skip, ...preview.problems.map((p) => p.rowNumber)])}
          >
            Skip every row with a problem ({preview.problems.length})
          </Button>
          <div role="group" aria-label="Rows to show" className="mt-3 flex items-center gap-2 text-sm" data-testid="row-filter">
            <span className="text-slate-600">Show:</span>
            <FilterButton pressed={show === 'all'} onClick={() => onShow('all')}>
              all {notSkipped.length}
            </FilterButton>
            <span aria-hidden="true">/</span>
            <FilterButton pressed={show === 'problems'} onClick={() => onShow('problems')}>
              {preview.problems.length} with problems
            </FilterButton>
          </div>
          <div className="mt-2 overflow-x-auto">
            <table className="min-w-full text-sm">
              <thead>
                <tr className="text-left text-slate-500">
                  <th className="px-2 py-1">Row</th>
                  <th className="px-2 py-1">Problems</th>
                  {mappedFields.map((c) => (
                    <th key={c.field} className="px-2 py-1">
                      {c.header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shownRows.map((row) => {
                  const problem = problemOf.get(row.rowNumber);
                  return (
                    <tr
                      key={row.rowNumber}
                      className="align-top"
                      data-testid={problem ? `problem-row-${row.rowNumber}` : `row-${row.rowNumber}`}
                    >
                      <th scope="row" className="px-2 py-1 font-medium">
                        {row.rowNumber}
                        {problem && (
                          <Button
                            variant="secondary"
                            className="mt-1 block"
                            disabled={busy}
                            aria-label={`Skip row ${row.rowNumber}`}
                            onClick={() => onSkip([...skip, row.rowNumber])}
                          >
                            Skip
                          </Button>
                        )}
                      </th>
                      <td
                        className={`w-56 px-2 py-1 text-xs ${problem ? 'text-red-700' : 'text-slate-500'}`}
                        data-testid={`problems-${row.rowNumber}`}
                      >
                        {problem ? (
                          <ul>
                            {Object.entries(problem.errors).map(([field, message]) => (
                              <li key={field}>
                                <span className="font-semibold">{headerOf(field)}:</span> {message}
                              </li>
                            ))}
                          </ul>
                        ) : (
                          'Ready'
                        )}
                      </td>
                      {mappedFields.map((c) => {
                        const index = mapping[c.field]!;
                        if (!problem) {
                          return (
                            <td key={c.field} className="px-2 py-1 text-slate-700">
                              {row.cells[index]}
                            </td>
                          );
                        }
                        const message = problem.errors[c.field];
                        const errorId = `row-${row.rowNumber}-${c.field}-error`;
                        return (
                          <td key={c.field} className="px-2 py-1">
                            <input
                              aria-label={`Row ${row.rowNumber} ${c.header}`}
                              aria-invalid={!!message}
                              aria-describedby={message ? errorId : undefined}
                              className={`w-28 rounded border px-2 py-1 ${message ? 'border-red-500' : 'border-slate-300'}`}
                              value={row.cells[index] ?? ''}
                              onChange={(e) => onEditCell(row.rowNumber, index, e.target.value)}
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
          <Button className="mt-3" variant="secondary" disabled={busy} onClick={onCheck}>
            Check again
          </Button>
        </div>
      )}

      {preview.skippedRows.length > 0 && (
        <div className="mt-4 rounded-md border border-slate-200 px-4 py-3 text-sm" data-testid="skipped-rows">
          <h3 className="font-semibold text-slate-900">Skipped rows (not sent)</h3>
          <ul className="mt-2 space-y-1">
            {preview.skippedRows.map((s) => (
              <li key={s.rowNumber} className="flex items-start gap-2">
                <span>
                  Row {s.rowNumber}: {s.reason}
                </span>
                <button
                  type="button"
                  className="text-blue-700 underline disabled:opacity-50"
                  disabled={busy}
                  onClick={() => onSkip(skip.filter((n) => n !== s.rowNumber))}
                >
                  Include row {s.rowNumber} again
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}

      {preview.duplicates.length > 0 && (
        <fieldset className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="duplicates">
          <legend className="px-1 font-semibold">Identical lines</legend>
          <p>
            These lines repeat an earlier line of the same worker and period (same code, rate and units). They are left out unless you keep
            them, so a copied line is not paid twice.
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
                    onChange={(e) => onKeep(d.rowNumber, e.target.checked)}
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

      <RecordsToCreate kind={kind} preview={preview} resend={resend} busy={busy} onResend={onResend} />

      <div className="mt-6 flex items-center gap-3">
        <Button disabled={busy || preview.problems.length > 0 || records === 0} onClick={onSubmit}>
          {submitting ? 'Starting…' : `Import ${plural(records, NOUN[kind])}`}
        </Button>
        {preview.problems.length > 0 && <span className="text-sm text-slate-600">Fix or skip the rows above first.</span>}
      </div>
    </Card>
  );
}

function FilterButton({ pressed, onClick, children }: { pressed: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className={`rounded-md border px-3 py-1 ${pressed ? 'border-blue-700 bg-blue-700 text-white' : 'border-slate-300 bg-white text-slate-800'}`}
    >
      {children}
    </button>
  );
}

/** A correction for many rows, with the cells it changes listed before the user applies it. */
function ColumnFixOffer({
  fix,
  headerOf,
  busy,
  onApply,
}: {
  fix: ColumnFix;
  headerOf: (field: string) => string;
  busy: boolean;
  onApply: (fix: ColumnFix) => void;
}) {
  // A payment code to map: nothing is chosen for the user; the changes show the code picked before it is applied.
  const [choice, setChoice] = useState('');
  const chosen = fix.choices ? { ...fix, changes: fix.changes.map((c) => ({ ...c, value: choice })) } : fix;
  const rows = new Map<number, string[]>();
  for (const c of chosen.changes)
    rows.set(c.rowNumber, [...(rows.get(c.rowNumber) ?? []), `${headerOf(c.field)} → ${c.value || '(choose a code)'}`]);
  return (
    <section
      className="mt-4 rounded-md border border-blue-200 bg-blue-50 px-4 py-3 text-sm text-blue-950"
      data-testid={`fix-${fix.kind}${fix.from ? `-${fix.from}` : ''}`}
    >
      <h3 className="font-semibold">{fix.label}</h3>
      {fix.choices && (
        <label className="mt-1 block">
          Map {fix.from} to{' '}
          <select className="rounded border border-slate-300 bg-white px-2 py-1" value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">Choose a code</option>
            {fix.choices.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </label>
      )}
      <details className="mt-1">
        <summary className="cursor-pointer">What changes ({rows.size === 1 ? '1 row' : `${rows.size} rows`})</summary>
        <ul className="mt-1 max-h-48 overflow-y-auto">
          {[...rows].map(([rowNumber, changes]) => (
            <li key={rowNumber}>
              Row {rowNumber}: {changes.join(', ')}
            </li>
          ))}
        </ul>
      </details>
      <Button className="mt-2" disabled={busy || (!!fix.choices && !choice)} onClick={() => onApply(chosen)}>
        {fix.choices ? `Map ${fix.from} to ${choice || '…'}` : fix.label}
      </Button>
    </section>
  );
}
