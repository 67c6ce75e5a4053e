'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { useHydrated } from '@/components/ui/hydration';
import { Card } from '@/components/ui/page-header';
import { toast } from '@/components/ui/toast';
import { apiFetch } from '@/lib/api-client';

export interface ListedSession {
  id: string;
  device: string;
  /** "27 Nov 2026, 08:32" (UK time). */
  created: string;
  lastSeen: string;
  current: boolean;
}

/** "Where you are signed in" on the account page: each session, signed out one by one or all but this one. */
export function SessionsList({ sessions }: { sessions: ListedSession[] }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);

  const end = async (url: string, done: string) => {
    if (busy) return;
    setBusy(true);
    try {
      await apiFetch(url, { method: 'DELETE' });
      toast.success(done);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : 'The session could not be ended.');
    } finally {
      setBusy(false);
      router.refresh();
    }
  };

  const others = sessions.filter((s) => !s.current).length;
  return (
    <Card className="max-w-lg">
      <h2 className="mb-1 font-medium">Where you are signed in</h2>
      <ul aria-label="Your sessions" className="divide-y divide-slate-100 text-sm">
        {sessions.map((session) => (
          <li key={session.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <div>
              <p className="font-medium">
                {session.device}
                {session.current && <span className="ml-2 text-xs font-normal text-emerald-800">This browser</span>}
              </p>
              <p className="text-xs text-slate-600">
                Signed in {session.created} · last seen {session.lastSeen}
              </p>
            </div>
            {!session.current && (
              <Button
                variant="secondary"
                disabled={!hydrated || busy}
                onClick={() => end(`/api/account/sessions/${session.id}`, 'That session was signed out.')}
              >
                Sign out
                <span className="sr-only">
                  {' '}
                  {session.device}, signed in {session.created}
                </span>
              </Button>
            )}
          </li>
        ))}
      </ul>
      {others > 0 && (
        <Button
          className="mt-3"
          variant="secondary"
          disabled={!hydrated || busy}
          onClick={() => end('/api/account/sessions', 'You were signed out everywhere else.')}
        >
          Sign out everywhere else
        </Button>
      )}
    </Card>
  );
}
