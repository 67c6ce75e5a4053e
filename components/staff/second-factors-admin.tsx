'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { useHydrated } from '@/components/ui/hydration';
import { Card } from '@/components/ui/page-header';
import { toast } from '@/components/ui/toast';
import { apiFetch } from '@/lib/api-client';

interface Props {
  requireMfa: boolean;
  members: { id: string; name: string; hasSecondFactor: boolean }[];
  currentUserId: string;
}

/** The staff page's "Two-factor sign-in" card: the agency's policy, who has a second factor, resetting one, signing a member out. */
export function SecondFactorsAdmin({ requireMfa, members, currentUserId }: Props) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);

  const act = async (work: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    try {
      await work();
      router.refresh();
    } catch (error) {
      toast.error(error instanceof Error ? error.message : 'That did not work.');
    } finally {
      setBusy(false);
    }
  };

  const setPolicy = (next: boolean) =>
    act(async () => {
      await apiFetch('/api/staff/mfa-policy', { method: 'PUT', json: { requireMfa: next } });
      toast.success(next ? 'Everyone must now sign in with a second factor.' : 'A second factor is now optional.');
    });

  const reset = (member: { id: string; name: string }) =>
    act(async () => {
      if (!window.confirm(`Remove ${member.name}'s authenticator app and recovery codes? They will be signed out and e-mailed.`)) return;
      await apiFetch(`/api/staff/${member.id}/second-factors`, { method: 'DELETE' });
      toast.success(`${member.name}'s second factor was reset.`);
    });

  const signOutEverywhere = (member: { id: string; name: string }) =>
    act(async () => {
      const { data } = await apiFetch<{ data: { ended: number } }>(`/api/staff/${member.id}/sessions`, { method: 'DELETE' });
      toast.success(`${member.name} was signed out of ${data.ended} session${data.ended === 1 ? '' : 's'}.`);
    });

  return (
    <Card className="mt-6">
      <h2 className="mb-1 font-medium">Two-factor sign-in</h2>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-0.5 h-4 w-4 rounded border-slate-300"
          checked={requireMfa}
          disabled={!hydrated || busy}
          onChange={(event) => setPolicy(event.target.checked)}
        />
        <span>Require a second factor for everyone in the agency (anyone without one sets it up at their next sign-in)</span>
      </label>
      <ul className="mt-4 divide-y divide-slate-100 text-sm" aria-label="Second factor of each staff member">
        {members.map((member) => (
          <li key={member.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <span>
              {member.name} — {member.hasSecondFactor ? 'authenticator app set up' : 'no second factor'}
            </span>
            {member.id !== currentUserId && (
              <span className="flex flex-wrap gap-2">
                {member.hasSecondFactor && (
                  <Button variant="secondary" disabled={!hydrated || busy} onClick={() => reset(member)}>
                    Reset second factor<span className="sr-only"> of {member.name}</span>
                  </Button>
                )}
                <Button variant="secondary" disabled={!hydrated || busy} onClick={() => signOutEverywhere(member)}>
                  Sign out everywhere<span className="sr-only"> — {member.name}</span>
                </Button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
