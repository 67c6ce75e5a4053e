import Link from 'next/link';

const NOT_FOUND = new Set(['nxsys_not_found', 'not_found']);

/**
 * A page-level notice for a failed Nxsys read, with the way forward: a missing record says "not found" and leads
 * back to its list; a connection problem leads to the connection page; anything else can be tried again.
 */
export function NxsysNotice({ code, message, back }: { code: string; message: string; back?: { href: string; label: string } }) {
  const connection = code === 'nxsys_not_connected' || code === 'nxsys_reconnect_required';
  const notFound = NOT_FOUND.has(code);
  return (
    <div role="alert" className="rounded-lg border border-amber-200 bg-amber-50 px-5 py-4 text-sm text-amber-900">
      {notFound && <h1 className="mb-1 text-lg font-semibold">Not found</h1>}
      <p>{message}</p>
      {connection ? (
        <Link href="/connection" className="mt-2 inline-block font-medium underline">
          Go to the Nxsys connection
        </Link>
      ) : (
        !notFound && <p className="mt-2">Reload the page to try again.</p>
      )}
      {back && (
        <Link href={back.href} className="mt-2 block font-medium underline">
          {back.label}
        </Link>
      )}
    </div>
  );
}
