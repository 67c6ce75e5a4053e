import type { ReactNode } from 'react';

/** The frame of the signed-out pages (sign-in, invitation, forgotten password). */
export function PublicCard({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <h1 className="text-center text-2xl font-semibold text-brand-900">{title}</h1>
        {subtitle && <p className="mt-1 text-center text-sm text-slate-600">{subtitle}</p>}
        <div className="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">{children}</div>
      </div>
    </main>
  );
}
