import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/account/change-password-form';
import { NotificationPreferences } from '@/components/account/notification-preferences';
import { Passkeys } from '@/components/account/passkeys';
import { SessionsList } from '@/components/account/sessions-list';
import { TwoFactor } from '@/components/account/two-factor';
import { ukDate, ukDateTime } from '@/lib/dates';
import { secondFactorStatus } from '@/lib/server/auth/factors';
import { PageHeader } from '@/components/ui/page-header';
import { notificationPreferences } from '@/lib/notifications/server';
import { requireUser } from '@/lib/server/auth/current-user';
import { passkeysOf } from '@/lib/server/auth/passkeys';
import { listSessionsOf } from '@/lib/server/auth/sessions';
import { db } from '@/lib/server/db';
import { StepUpPrompt } from '@/components/account/step-up-prompt';

export const metadata: Metadata = { title: 'Your account' };

/** The signed-in person's own settings (anyone, staff or admin): their password, second factor, sessions and e-mail notifications. */
export default async function AccountPage() {
  const user = await requireUser({ passwordChange: true });
  const [preferences, factors, sessions, passkeys] = await Promise.all([
    notificationPreferences(db, user.id),
    secondFactorStatus(db, user.id),
    listSessionsOf(db, user.id, user.sessionId),
    passkeysOf(db, user.id),
  ]);
  return (
    <>
      <PageHeader title="Your account" description={`${user.name} · ${user.email} · ${user.role === 'ADMIN' ? 'Admin' : 'Staff'}`} />
      <div className="max-w-2xl space-y-6">
        <ChangePasswordForm required={!!user.mustChangePassword} />
        <TwoFactor
          enrolledOn={factors.totpConfirmedAt ? ukDate(factors.totpConfirmedAt.toISOString()) : null}
          unusedRecoveryCodes={factors.unusedRecoveryCodes}
          required={!!user.mustEnrolMfa}
        />
        <Passkeys
          passkeys={passkeys.map(({ id, name, createdAt, lastUsedAt }) => ({
            id,
            name,
            added: ukDate(createdAt.toISOString()),
            lastUsed: lastUsedAt ? ukDateTime(lastUsedAt) : null,
          }))}
        />
        <SessionsList
          sessions={sessions.map(({ id, device, current, createdAt, lastSeenAt }) => ({
            id,
            device,
            current,
            created: ukDateTime(createdAt),
            lastSeen: ukDateTime(lastSeenAt),
          }))}
        />
        <NotificationPreferences initial={preferences} isAdmin={user.role === 'ADMIN'} />
      </div>
      <StepUpPrompt />
    </>
  );
}
