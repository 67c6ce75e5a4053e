import type { Metadata } from 'next';
import Link from 'next/link';
import { DraftCells } from '@/components/timesheets/draft-cells';
import { PageHeader } from '@/components/ui/page-header';
import { ukDate } from '@/lib/dates';
import { listDrafts } from '@/lib/timesheets/server';
import { requireUser } from '@/lib/server/auth/current-user';

export const metadata: Metadata = { title: 'My timesheet drafts' };

const STATUS: Record<string, string> = {
  PENDING: 'Waiting for review',
  RETURNED: 'Returned to you',
  APPROVED: 'Approved, being sent',
  SENT: 'Sent to Nxsys',
  FAILED: 'Not sent',
};

/** The timesheets I entered while the agency reviews them: their status, and why one was returned. */
export default async function DraftsPage() {
  const user = await requireUser();
  const { drafts } = await listDrafts(user);
  return (
    <>
      <PageHeader
        title="My timesheet drafts"
        description="Timesheets you entered that wait for, or went through, another person's review."
      />
      {drafts.length === 0 ? (
        <p className="text-sm text-slate-600">You have no timesheet drafts.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="text-slate-600">
              <tr>
                <th scope="col">Worker</th>
                <th scope="col">Period</th>
                <th scope="col">Hours</th>
                <th scope="col">Net</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {drafts.map((d) => (
                <tr key={d.id} id={`draft-${d.id}`} className="border-t border-slate-100 align-top">
                  <td>{d.candidateName ? `${d.candidateName} (${d.candidateId})` : d.candidateId}</td>
                  <DraftCells draft={d} />
                  <td>
                    {STATUS[d.status] ?? d.status}
                    {d.status === 'RETURNED' && d.returnReason && <p className="text-amber-800">Reason: {d.returnReason}</p>}
                    {(d.status === 'PENDING' || d.status === 'RETURNED') && (
                      <p>
                        <Link className="text-brand-700 underline" href={`/timesheets/drafts/${d.id}`}>
                          Change
                          <span className="sr-only">
                            {' '}
                            the timesheet of {d.candidateName || d.candidateId}, {ukDate(d.startDate)} to {ukDate(d.endDate)}
                          </span>
                        </Link>
                      </p>
                    )}
                    {d.status === 'SENT' && d.nxsysId && (
                      <p>
                        <Link className="text-brand-700 underline" href={`/timesheets/${d.nxsysId}`}>
                          Timesheet {d.nxsysId}
                        </Link>
                      </p>
                    )}
                    {d.status === 'FAILED' && d.error && <p className="text-red-700">{d.error}</p>}
                    {d.importJobId && d.status === 'APPROVED' && (
                      <p>
                        <Link className="text-brand-700 underline" href={`/imports/${d.importJobId}`}>
                          Progress
                        </Link>
                      </p>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
