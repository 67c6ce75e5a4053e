import Link from 'next/link';
import { ConnectButton } from './connect-button';

/** Shown on every page while the agency's Nxsys connection needs renewing. */
export function ConnectionBanner({ isAdmin }: { isAdmin: boolean }) {
  return (
    <div
      role="alert"
      className="no-print mb-6 flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <p className="flex-1">
        <strong>Reconnect required.</strong> Nxsys no longer accepts your agency&apos;s connection, so candidates, rates, timesheets and
        payslips cannot be loaded. {isAdmin ? 'Reconnect to carry on.' : 'Ask an admin of your agency to reconnect it.'}{' '}
        <Link href="/connection" className="underline">
          Connection details
        </Link>
      </p>
      {isAdmin && <ConnectButton label="Reconnect" />}
    </div>
  );
}
