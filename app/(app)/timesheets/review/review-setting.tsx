'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from '@/components/ui/toast';
import { apiFetch } from '@/lib/api-client';

/** The agency setting, for admins: hold portal timesheets for review, or send them to Nxsys straight away. */
export function ReviewSetting({ on }: { on: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  // Shown as chosen at once (a checkbox that waits for the server reads as one that did not take the click);
  // put back if the save fails.
  const [checked, setChecked] = useState(on);
  return (
    <label className="mb-6 flex items-center gap-2 rounded-md border border-slate-200 bg-white p-3 text-sm text-slate-800">
      <input
        type="checkbox"
        checked={checked}
        disabled={busy}
        onChange={async (event) => {
          const next = event.target.checked;
          setChecked(next);
          setBusy(true);
          try {
            await apiFetch('/api/review/setting', { method: 'PUT', json: { reviewTimesheets: next } });
            toast.success(next ? 'Timesheets are now reviewed before they go to Nxsys.' : 'Timesheets now go to Nxsys straight away.');
            router.refresh();
          } catch (error) {
            setChecked(!next);
            toast.error((error as Error).message);
          } finally {
            setBusy(false);
          }
        }}
      />
      Review timesheets before they go to Nxsys
    </label>
  );
}
