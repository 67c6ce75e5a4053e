'use client';

import Link from 'next/link';
import { toast } from '@/components/ui/toast';
import { DataList } from '@/components/list/data-list';
import { Button, buttonClasses } from '@/components/ui/button';
import { useApiForm } from '@/components/forms/use-api-form';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { SelectField, TextField } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { apiFetch } from '@/lib/api-client';
import { OPTIONS } from '@/lib/candidates/options';
import { ukDate } from '@/lib/dates';
import { label, paymentModelLabel } from '@/lib/labels';
import type { OnboardingSummary } from '@/lib/onboarding/schema';
import { useAction } from '@/components/list/use-action';
import { useRefresh } from '@/components/list/use-refresh';

const STATE_TEXT: Record<OnboardingSummary['state'], string> = {
  Invited: 'Invited',
  Started: 'Started',
  Submitted: 'Submitted — to review',
  Expired: 'Expired',
  Revoked: 'Revoked',
  Sent: 'Sent',
};

/** Candidates invited to fill in their own details, with their states; invite, resend, revoke, review. */
export function OnboardingInvitations({ invitations }: { invitations: OnboardingSummary[] }) {
  const { refresh, refreshing } = useRefresh();
  const resend = useAction(
    async (invitation: OnboardingSummary) => {
      await apiFetch(`/api/onboarding/${encodeURIComponent(invitation.id)}/resend`, { method: 'POST', json: {} });
      return invitation;
    },
    (invitation) => toast.success(`A new link is on its way to ${invitation.email}. The previous link no longer works.`),
    refresh,
  );
  const revoke = useAction(
    async (invitation: OnboardingSummary) => {
      await apiFetch(`/api/onboarding/${encodeURIComponent(invitation.id)}`, { method: 'DELETE' });
      return invitation;
    },
    (invitation) => toast.success(`The link sent to ${invitation.email} is revoked.`),
    refresh,
  );

  return (
    <div className="mt-6 grid gap-6 xl:grid-cols-[1fr_22rem]">
      <Card padded={false} className="self-start overflow-hidden">
        <h2 className="px-4 pt-4 font-medium">Onboarding links</h2>
        {invitations.length === 0 ? (
          <p className="px-4 py-4 text-sm text-slate-500">No candidate has been invited yet.</p>
        ) : (
          <DataList
            caption="Onboarding links"
            className="mt-2"
            busy={refreshing}
            rows={invitations}
            rowKey={(invitation) => invitation.id}
            columns={[
              { label: 'Name', className: 'font-medium', cell: (i) => i.name },
              { label: 'Email', className: 'break-all', cell: (i) => i.email },
              { label: 'Country', cell: (i) => (i.country === 'uk' ? 'UK' : 'Ireland') },
              { label: 'State', cell: (i) => (i.state === 'Sent' && i.srId ? `Sent — ${i.srId}` : STATE_TEXT[i.state]) },
              { label: 'Link sent', cell: (i) => ukDate(i.sentAt) },
              {
                label: 'Actions',
                card: 'actions',
                cell: (i) => (
                  <div className="flex flex-wrap gap-2 md:justify-end">
                    {i.state === 'Submitted' && (
                      <Link href={`/candidates/onboarding/${encodeURIComponent(i.id)}`} className={buttonClasses('primary')}>
                        Review
                      </Link>
                    )}
                    {(i.state === 'Invited' || i.state === 'Started' || i.state === 'Expired') && (
                      <Button
                        variant="secondary"
                        aria-label={`Resend the link to ${i.email}`}
                        disabled={resend.isPending}
                        onClick={() => resend.mutate(i)}
                      >
                        Resend
                      </Button>
                    )}
                    {i.state !== 'Sent' && i.state !== 'Revoked' && (
                      <ConfirmDialog
                        trigger={
                          <Button variant="secondary" aria-label={`Revoke the link sent to ${i.email}`}>
                            Revoke
                          </Button>
                        }
                        title={`Revoke the link sent to ${i.email}?`}
                        description="The link stops working at once and anything they typed is deleted."
                        confirmLabel="Revoke"
                        variant="danger"
                        onConfirm={() => revoke.mutate(i)}
                      />
                    )}
                  </div>
                ),
              },
            ]}
          />
        )}
      </Card>
      <InviteForm onInvited={refresh} />
    </div>
  );
}

type InviteValues = {
  name: string;
  email: string;
  country: string;
  payFrequency: string;
  paymentModel: string;
  scheme: string;
  optState: string;
};

function InviteForm({ onInvited }: { onInvited: () => void }) {
  const { register, reset, errors, submitting, submitDisabled, submit } = useApiForm<InviteValues>({
    defaultValues: { country: 'uk' },
    failure: 'Could not send the link.',
    report: 'toast',
  });

  const onSubmit = submit(async ({ name, email, country, ...settings }) => {
    // Only the settings someone chose are sent: the candidate cannot change those.
    const agencySettings = Object.fromEntries(Object.entries(settings).filter(([, v]) => v));
    await apiFetch('/api/onboarding', { method: 'POST', json: { name, email, country, agencySettings } });
    toast.success(`A link to fill in their details is on its way to ${email}.`);
    reset();
    onInvited();
  });

  const choice = (name: keyof InviteValues, text: string, options: readonly string[], words: (o: string) => string = label) => (
    <SelectField label={text} error={errors[name]?.message} {...register(name)}>
      <option value="">The candidate chooses</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {words(o)}
        </option>
      ))}
    </SelectField>
  );

  return (
    <Card>
      <h2 className="mb-1 font-medium">Invite a candidate</h2>
      <p className="mb-4 text-sm text-slate-600">
        They get an e-mail with a link to fill in their own details, valid for 7 days. You review them before anything goes to Nxsys.
      </p>
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Invite a candidate">
        <TextField label="Name" autoComplete="off" error={errors.name?.message} {...register('name')} />
        <TextField label="E-mail address" type="email" autoComplete="off" error={errors.email?.message} {...register('email')} />
        <SelectField label="Country" error={errors.country?.message} {...register('country')}>
          <option value="uk">UK</option>
          <option value="ie">Ireland</option>
        </SelectField>
        {choice('payFrequency', 'Pay frequency', OPTIONS.payFrequency)}
        {choice('paymentModel', 'Payment model', OPTIONS.paymentModel, paymentModelLabel)}
        {choice('scheme', 'Pension scheme', OPTIONS.scheme)}
        {choice('optState', 'Pension status', OPTIONS.optState)}
        <Button type="submit" disabled={submitDisabled}>
          {submitting ? 'Sending…' : 'Send the link'}
        </Button>
      </form>
    </Card>
  );
}
