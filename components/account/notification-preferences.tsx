'use client';

import { toast } from '@/components/ui/toast';
import { Button } from '@/components/ui/button';
import { useValuesForm } from '@/components/forms/use-values-form';
import { useHydrated } from '@/components/ui/hydration';
import { Card } from '@/components/ui/page-header';
import { apiFetch } from '@/lib/api-client';
import { NOTIFICATION_KINDS, NOTIFICATION_LABELS } from '@/lib/notifications/options';
import type { NotificationPreferences as Preferences } from '@/lib/notifications/schema';

/** Each person's e-mail switches, one per kind; admins see the admin-only kinds too. */
export function NotificationPreferences({ initial, isAdmin }: { initial: Preferences; isAdmin: boolean }) {
  // Save is offered while the switches differ from those last saved (a switch turned back is no change).
  const form = useValuesForm<Preferences>({ initialValues: initial, checkOn: 'submit', what: 'e-mail settings' });
  // A box ticked on the server's HTML would change the page but not `values`: Save would stay disabled.
  const hydrated = useHydrated();
  const save = () =>
    form.saving(async () => {
      try {
        const { data } = await apiFetch<{ data: Preferences }>('/api/account/notifications', { method: 'PUT', json: form.latest() });
        form.update(() => data);
        form.markSaved(data);
        toast.success('E-mail settings saved.');
      } catch (error) {
        toast.error(error instanceof Error ? error.message : 'The e-mail settings could not be saved.');
      }
    });
  const kinds = NOTIFICATION_KINDS.filter((kind) => isAdmin || !NOTIFICATION_LABELS[kind].adminOnly);

  return (
    <Card>
      <h2 className="font-medium">E-mail notifications</h2>
      <p className="mt-1 text-sm text-slate-600">
        Choose which e-mails the portal sends you. Invitations and password links are always sent.
      </p>
      <form
        className="mt-4 space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <fieldset className="space-y-3">
          <legend className="sr-only">E-mails to receive</legend>
          {kinds.map((kind) => (
            <label key={kind} className="flex items-start gap-3 text-sm">
              <input type="checkbox" className="mt-0.5 h-4 w-4 rounded border-slate-300" {...form.checkbox(kind)} disabled={!hydrated} />
              <span>
                <span className="block font-medium text-slate-800">{NOTIFICATION_LABELS[kind].label}</span>
                <span className="block text-slate-500">{NOTIFICATION_LABELS[kind].description}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <Button type="submit" disabled={form.submitting || !form.dirty}>
          {form.submitting ? 'Saving…' : 'Save e-mail settings'}
        </Button>
      </form>
    </Card>
  );
}
