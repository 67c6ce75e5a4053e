'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/page-header';
import { toast } from '@/components/ui/toast';
import { apiFetch } from '@/lib/api-client';

/** "Ask for changes": e-mails the candidate a new link with the note; their answers stay for them to correct. */
export function AskForChanges({ id }: { id: string }) {
  const router = useRouter();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    if (!note.trim()) return setError('Say what the candidate should change');
    setBusy(true);
    try {
      await apiFetch(`/api/onboarding/${encodeURIComponent(id)}/resend`, { method: 'POST', json: { note } });
      toast.success('A new link with your note is on its way to the candidate.');
      router.push('/candidates/onboarding');
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card className="mt-6">
      <h2 className="mb-2 font-medium">Ask for changes</h2>
      <label htmlFor="changes-note" className="text-sm text-slate-700">
        Note to the candidate (e-mailed with a new link)
      </label>
      <textarea
        id="changes-note"
        className="mt-1 block w-full rounded-md border border-slate-300 p-2 text-sm"
        rows={3}
        maxLength={500}
        value={note}
        aria-invalid={!!error}
        aria-describedby={error ? 'changes-note-error' : undefined}
        onChange={(e) => {
          setNote(e.target.value);
          setError(null);
        }}
      />
      {error && (
        <p id="changes-note-error" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
      <Button variant="secondary" className="mt-3" disabled={busy} onClick={() => void send()}>
        {busy ? 'Sending…' : 'Ask for changes'}
      </Button>
    </Card>
  );
}
