import 'server-only';
import { env } from '@/lib/server/env';

/** An absolute link into the portal (NEXTAUTH_URL is its public base URL). */
export function appUrl(pathAndQuery: string): string {
  return new URL(pathAndQuery, env().NEXTAUTH_URL).toString();
}
