import { useId } from 'react';
import { MAX_FILE_LABEL, MAX_ROWS, PAY_FREQUENCIES, type ImportKind, type PayFrequency } from '@/lib/imports/options';
import { DownloadLink } from '@/components/ui/download-link';
import { Card } from '@/components/ui/page-header';

/** Step 1: the template, the pay frequency (timesheets) and the file; choosing a file uploads it at once. */
export function UploadStep({
  kind,
  payFrequency,
  onPayFrequency,
  busy,
  reading,
  onFile,
}: {
  kind: ImportKind;
  payFrequency: PayFrequency;
  onPayFrequency: (value: PayFrequency) => void;
  busy: boolean;
  /** The file is being uploaded and read. */
  reading: boolean;
  onFile: (file: File) => void;
}) {
  const fileInputId = useId();
  return (
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
              onChange={(e) => onPayFrequency(e.target.value as PayFrequency)}
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
              if (chosen) onFile(chosen);
              e.target.value = '';
            }}
          />
        </div>
      </div>
      {reading && <p className="mt-3 text-sm text-slate-600">Reading the file…</p>}
    </Card>
  );
}
