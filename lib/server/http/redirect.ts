import 'server-only';
import { env } from '../env';

/** A 303 to a path of ours, absolute against the configured public URL (not whatever Host came in). */
export function redirectTo(path: string, headers: Record<string, string> = {}) {
  return new Response(null, {
    status: 303,
    headers: { Location: new URL(path, env().NEXTAUTH_URL).toString(), 'Cache-Control': 'no-store', ...headers },
  });
}
