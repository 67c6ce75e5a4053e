import { getRequestUser } from '@/lib/server/auth/current-user';
import { db } from '@/lib/server/db';
import { redirectTo } from '@/lib/server/http/redirect';
import { log, requestIdOf } from '@/lib/server/log';
import { completeConnect } from '@/lib/connection/server';
import { nxsysSettings, tokenKeyring } from '@/lib/server/nxsys/settings';

/**
 * The registered redirect URI. Whatever happens, the browser goes on to the connection page, which says
 * what happened; the code never leaves this request (no-referrer, and it is not put in any URL we build).
 */
export async function GET(request: Request) {
  let target: string;
  try {
    const params = new URL(request.url).searchParams;
    const user = await getRequestUser(request);
    if (!user) target = '/connection?error=signed_out';
    else if (user.role !== 'ADMIN') target = '/connection?error=state_other_session';
    else {
      const result = await completeConnect(db, tokenKeyring(), nxsysSettings(), user, {
        state: params.get('state'),
        code: params.get('code'),
        error: params.get('error'),
      });
      target = result.ok ? `${result.returnTo}?connected=1` : `/connection?error=${result.reason}`;
    }
  } catch (error) {
    // Anything unexpected (the database, a configuration fault): the admin still lands on the connection page,
    // told that nothing was stored, never on a bare 500. The log has the cause (never the code or state).
    log.error({ requestId: requestIdOf(request), err: error }, 'the Nxsys callback failed');
    target = '/connection?error=callback_failed';
  }
  return redirectTo(target, { 'Referrer-Policy': 'no-referrer' });
}
