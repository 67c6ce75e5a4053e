import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { NewTimesheetForm, type NewValues } from '@/components/timesheets/timesheet-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { lineOptions } from '@/lib/payment-rates/server';
import { draftToEdit, type TimesheetBody } from '@/lib/timesheets/server';

export const metadata: Metadata = { title: 'Change a timesheet draft' };

/** The draft's body as the form's values: exactly what was held (numbers as text), nothing added or left out. */
const formValues = (body: TimesheetBody): NewValues => ({
  subcontractorRef: body.subcontractorRef,
  startDate: body.startDate,
  endDate: body.endDate,
  taxYear: String(body.taxYear),
  taxPeriodConfig: String(body.taxPeriodConfig),
  rates: body.rates.map((line) => ({ ...line })),
});

/** A held timesheet (mine, or any for an admin) changed in the timesheet form, then back in the review queue. */
export default async function DraftPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const draft = await draftToEdit(user, (await params).id);
  if (!draft) notFound();
  const back = (
    <Link className="text-brand-700 underline" href="/timesheets/drafts">
      Back to my timesheet drafts
    </Link>
  );
  if (!draft.open)
    return (
      <>
        <PageHeader title="Change a timesheet draft" />
        <p className="mb-2 text-sm text-slate-700">This timesheet was approved for Nxsys and can no longer be changed here.</p>
        {back}
      </>
    );
  const options = await lineOptions(user);
  return (
    <>
      <PageHeader
        title="Change a timesheet draft"
        description="Saving puts it back in the review queue: another person approves it before it goes to Nxsys."
      />
      {draft.status === 'RETURNED' && draft.returnReason && (
        <p className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Returned to you: {draft.returnReason}
        </p>
      )}
      <NewTimesheetForm
        today={new Date().toISOString().slice(0, 10)}
        {...options}
        draft={{
          id: draft.id,
          version: draft.version,
          candidateName: draft.candidateName,
          country: draft.country,
          values: formValues(draft.body),
        }}
      />
    </>
  );
}
