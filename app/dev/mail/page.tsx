import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Fragment } from 'react';
import { devInboxEnabled, readDevInbox } from '@/lib/mail/server';
import { requireUser } from '@/lib/server/auth/current-user';

export const metadata: Metadata = { title: 'Dev inbox' };
export const dynamic = 'force-dynamic';

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

/** Plain text with its links clickable (the catcher's own copy; nothing here is ever sent anywhere). */
function LinkedText({ text }: { text: string }) {
  return (
    <>
      {text.split(URL_PATTERN).map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} className="text-brand-700 underline">
            {part}
          </a>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

/**
 * Mail caught by the local SMTP catcher of `npm run dev` and the browser tests. Only where that catcher runs and
 * the portal is served locally over HTTP (devInboxEnabled); a 404 everywhere else. Only for a signed-in person,
 * and only their agency's mail: a reset link in another agency's mail would take that account.
 */
export default async function DevMailPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  if (!devInboxEnabled()) notFound();
  const user = await requireUser();
  const { to } = await searchParams;
  const messages = await readDevInbox(user.agency.id, typeof to === 'string' ? to : undefined);
  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-2xl font-semibold">Dev inbox</h1>
      <p className="mt-1 text-sm text-slate-600">
        E-mail the portal sent, caught locally (never delivered). {to ? `To ${to}: ` : ''}
        {messages.length} message{messages.length === 1 ? '' : 's'}.
      </p>
      <form className="mt-4 flex gap-2" method="get">
        <label className="sr-only" htmlFor="to">
          Recipient
        </label>
        <input
          id="to"
          name="to"
          defaultValue={to ?? ''}
          placeholder="recipient@example.com"
          className="flex-1 rounded-md border px-3 py-2 text-sm"
        />
        <button className="rounded-md border px-3 py-2 text-sm" type="submit">
          Filter
        </button>
      </form>
      <ol className="mt-6 space-y-4">
        {messages.map((m) => (
          <li key={m.id}>
            <article aria-label={m.subject} data-testid="dev-mail" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <h2 className="font-medium">{m.subject}</h2>
              <p className="text-xs text-slate-500">
                To {m.to.join(', ')} · from {m.from} · {new Date(m.receivedAt).toISOString().replace('T', ' ').slice(0, 19)} UTC
              </p>
              <pre className="mt-3 text-sm whitespace-pre-wrap">
                <LinkedText text={m.text} />
              </pre>
              <details className="mt-3 text-xs">
                <summary>HTML part</summary>
                <pre className="mt-2 overflow-x-auto whitespace-pre-wrap">{m.html}</pre>
              </details>
            </article>
          </li>
        ))}
      </ol>
    </main>
  );
}
