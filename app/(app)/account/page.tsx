import type { Metadata } from 'next';
import { NotificationPreferences } from '@/components/account/notification-preferences';
import { PageHeader } from '@/components/ui/page-header';
import { notificationPreferences } from '@/lib/notifications/server';
import { requireUser } from '@/lib/server/auth/current-user';
import { db } from '@/lib/server/db';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const user = await requireUser();
  const preferences = await notificationPreferences(db, user.id);
  return (
    <>
      <PageHeader title="Account" description={`${user.name} · ${user.email}`} />
      <div className="max-w-2xl">
        <NotificationPreferences initial={preferences} isAdmin={user.role === 'ADMIN'} />
      </div>
    </>
  );
}
