// The kinds of e-mail and how they read: zod-free, so the account page's switches load no zod (schema.ts re-exports them).

/** The kinds of e-mail a person can switch off, each on by default. */
export const NOTIFICATION_KINDS = ['connection', 'imports', 'right_to_work', 'timesheet_reminders'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_LABELS: Record<NotificationKind, { label: string; description: string; adminOnly: boolean }> = {
  connection: {
    label: 'Nxsys connection problems',
    description: 'When the connection needs reconnecting, or Nxsys refuses the portal’s client credentials. Once per problem.',
    adminOnly: true,
  },
  imports: {
    label: 'Imports I started',
    description: 'When an import (timesheets or candidates) you started finishes or fails.',
    adminOnly: false,
  },
  right_to_work: {
    label: 'Right-to-work documents expiring',
    description: 'A weekly digest of candidates whose right-to-work document expires within 30 days.',
    adminOnly: true,
  },
  timesheet_reminders: {
    label: 'Timesheets missing this period',
    description: 'A weekly reminder of the workers whose timesheet you entered last period and whose timesheet this period is missing.',
    adminOnly: false,
  },
};
