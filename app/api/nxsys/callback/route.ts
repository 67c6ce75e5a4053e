import { getRequestUser } from '@/lib/server/auth/current-user';
import { db } from '@/lib/server/db';
import { redirectTo } from '@/lib/server/http/redirect';
import { completeConnect } from '@/lib/connection/server';
import { nxsysSettings, tokenKeyring } from '@/lib/server/nxsys/settings';

/**
 * The registered redirect URI. Whatever happens, the browser goes on to the connection page, which says
 * what happened; the code never leaves this request (no-referrer, and it is not put in any URL we build).
 */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const user = await getRequestUser(request);
  let target: string;
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
  return redirectTo(target, { 'Referrer-Policy': 'no-referrer' });
}
