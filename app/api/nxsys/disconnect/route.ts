import { db } from '@/lib/server/db';
import { redirectTo } from '@/lib/server/http/redirect';
import { authedRoute } from '@/lib/server/http/route';
import { disconnect } from '@/lib/connection/server';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

/** Disconnect (a form POST): deletes the stored tokens, then back to the connection page. */
export const POST = authedRoute(
  async (_request, { user }) => {
    await requireRecentSecondFactor(user);
    await disconnect(db, user);
    return redirectTo('/connection?disconnected=1');
  },
  { admin: true },
);
