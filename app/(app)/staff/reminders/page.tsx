import type { Metadata } from 'next';
import { ReminderSettings } from '@/components/staff/reminder-settings';
import { PageHeader } from '@/components/ui/page-header';
import { reminderSettings } from '@/lib/notifications/server';
import { requireAdmin } from '@/lib/server/auth/current-user';
import { db } from '@/lib/server/db';

export const metadata: Metadata = { title: 'Timesheet reminders' };

export default async function ReminderSettingsPage() {
  const user = await requireAdmin();
  return (
    <>
      <PageHeader
        title="Timesheet reminders"
        description="Once a week, each person is e-mailed the workers whose timesheet they entered last period and whose timesheet this period is missing."
      />
      <ReminderSettings initial={await reminderSettings(db, user.agency.id)} />
    </>
  );
}
