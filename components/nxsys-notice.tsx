import Link from 'next/link';

/** A page-level notice for a failed Nxsys read, with the way forward. */
export function NxsysNotice({ code, message }: { code: string; message: string }) {
  const connection = code === 'nxsys_not_connected' || code === 'nxsys_reconnect_required';
  return (
    <div role="alert" className="rounded-lg border border-amber-200 bg-amber-50 px-5 py-4 text-sm text-amber-900">
      <p>{message}</p>
      {connection ? (
        <Link href="/connection" className="mt-2 inline-block font-medium underline">
          Go to the Nxsys connection
        </Link>
      ) : (
        <p className="mt-2">Reload the page to try again.</p>
      )}
    </div>
  );
}
