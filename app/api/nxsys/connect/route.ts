import { db } from '@/lib/server/db';
import { redirectTo } from '@/lib/server/http/redirect';
import { authedRoute } from '@/lib/server/http/route';
import { beginConnect } from '@/lib/connection/server';
import { nxsysSettings, tokenKeyring } from '@/lib/server/nxsys/settings';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

/** Connect / Reconnect (a form POST): 303 to the Nxsys consent page with a fresh single-use state. */
export const POST = authedRoute(
  async (_request, { user }) => {
    await requireRecentSecondFactor(user);
    const settings = nxsysSettings();
    if (!settings.client) return redirectTo('/connection?error=not_configured');
    const url = await beginConnect(db, tokenKeyring(), settings, user);
    return new Response(null, { status: 303, headers: { Location: url, 'Cache-Control': 'no-store' } });
  },
  { admin: true },
);
