import { columnsOf, type ColumnDef, type ImportKind, type UploadedFile } from '@/lib/imports/options';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/page-header';

/** Step 2, when some columns were not recognised: which field each column of the file holds. */
export function MappingStep({
  kind,
  file,
  mapping,
  missing,
  busy,
  onMapping,
  onCheck,
}: {
  kind: ImportKind;
  file: UploadedFile;
  mapping: Record<string, number>;
  /** Required fields no column holds yet. */
  missing: ColumnDef[];
  busy: boolean;
  onMapping: (next: Record<string, number>) => void;
  onCheck: () => void;
}) {
  const columns = columnsOf(kind);
  return (
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
                onMapping(next);
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
      <Button className="mt-4" disabled={missing.length > 0 || busy} onClick={onCheck}>
        Check the rows
      </Button>
    </Card>
  );
}
