// A plain link: next/link here would put its script on every page of the portal (this boundary is in the root).
export default function Forbidden() {
  return (
    <div className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">Admins only</h1>
      <p className="mt-2 text-slate-600">This page is for your agency&apos;s admins. Ask an admin if you need something here.</p>
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- see above */}
      <a href="/" className="mt-6 inline-block text-brand-700 underline">
        Back to the dashboard
      </a>
    </div>
  );
}
