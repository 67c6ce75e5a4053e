'use client';

import Link from 'next/link';
import type { FormEvent } from 'react';
import { Button } from '@/components/ui/button';

/** A timesheet that already covers the chosen candidate and period (from a 409 `timesheet_exists` or the grid's check). */
export interface ExistingSheet {
  id: string;
  href: string;
  message: string;
}

/** Shows the existing timesheet (a link) and asks whether to create another anyway. */
export function ExistingTimesheetPrompt({ existing, busy }: { existing: ExistingSheet | null; busy: boolean }) {
  if (!existing) return null;
  return (
    <div
      role="alert"
      data-testid="timesheet-exists"
      className="space-y-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
    >
      <p>
        {existing.message}{' '}
        <Link href={existing.href} prefetch={false} className="font-medium text-brand-700 underline" target="_blank" rel="noopener">
          Open {existing.id}
        </Link>
      </p>
      <p>Create another anyway? Only do this if the worker really has two timesheets for this period.</p>
      <Button type="submit" variant="secondary" disabled={busy} data-confirm-duplicate="yes">
        Create another anyway
      </Button>
    </div>
  );
}

/** Whether the form was sent with the prompt's "Create another anyway" button. */
export const confirmsDuplicate = (event: FormEvent<HTMLFormElement>) =>
  (event.nativeEvent as SubmitEvent).submitter?.dataset.confirmDuplicate === 'yes';

/** The prompt's content from a failed save, when it failed because such a timesheet exists. */
export function existingFrom(error: unknown): ExistingSheet | null {
  const e = error as { code?: string; message?: string; details?: Record<string, string> } | null;
  if (e?.code !== 'timesheet_exists' || !e.details?.id || !e.details.href) return null;
  return { id: e.details.id, href: e.details.href, message: e.message ?? '' };
}
