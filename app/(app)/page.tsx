import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const user = await requireUser();
  return (
    <>
      <PageHeader title={`Good to see you, ${user.name.split(' ')[0]}`} description={`${user.agency.name} · today at a glance`} />
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        <Card>
          <h2 className="font-medium">Nxsys connection</h2>
          <p className="mt-1 text-sm text-slate-600">Connection status and reconnect appear here once the agency is connected.</p>
        </Card>
        <Card>
          <h2 className="font-medium">Timesheets awaiting action</h2>
          <p className="mt-1 text-sm text-slate-600">Counts from Nxsys appear here once the agency is connected.</p>
        </Card>
        <Card>
          <h2 className="font-medium">Latest payslips</h2>
          <p className="mt-1 text-sm text-slate-600">The latest payslip run appears here once the agency is connected.</p>
        </Card>
      </div>
    </>
  );
}
