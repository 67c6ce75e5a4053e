import 'server-only';

/** Retry-After in seconds (delta-seconds or an HTTP date), when given: the one parser for Nxsys and its token endpoint. */
export function retryAfterSeconds(response: { headers: { get(name: string): string | null } } | undefined): number | undefined {
  const header = response?.headers.get('retry-after')?.trim();
  if (!header) return undefined;
  if (/^\d+$/.test(header)) return Number(header);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - Date.now()) / 1000)) : undefined;
}
