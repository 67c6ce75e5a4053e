import Link from 'next/link';

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">Admins only</h1>
      <p className="mt-2 text-slate-600">This page is for your agency&apos;s admins. Ask an admin if you need something here.</p>
      <Link href="/" className="mt-6 inline-block text-brand-700 underline">
        Back to the dashboard
      </Link>
    </div>
  );
}
