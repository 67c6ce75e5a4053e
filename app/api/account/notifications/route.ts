import { notificationPreferences, updateNotificationPreferences } from '@/lib/notifications/server';
import { notificationPreferencesSchema } from '@/lib/notifications/schema';
import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';

/** The signed-in person's own e-mail switches (never anyone else's). */
export const GET = authedRoute(async (_request, { user }) => Response.json({ data: await notificationPreferences(db, user.id) }));

export const PUT = authedRoute(async (request, { user }) => {
  const input = await readJson(request, notificationPreferencesSchema);
  return Response.json({ data: await updateNotificationPreferences(db, user, input) });
});
