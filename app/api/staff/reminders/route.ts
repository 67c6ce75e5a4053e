import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';
import { updateReminderSettings } from '@/lib/notifications/server';
import { reminderSettingsSchema } from '@/lib/notifications/schema';

/** PUT /api/staff/reminders (admins): `{ enabled, day, time, timeZone }` — the agency's weekly "timesheets missing" reminder. */
export const PUT = authedRoute(
  async (request, { user }) => {
    const input = await readJson(request, reminderSettingsSchema);
    return Response.json({ data: await updateReminderSettings(db, user, input) });
  },
  { admin: true },
);
