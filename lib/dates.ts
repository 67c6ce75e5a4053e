/**
 * "2026-11-24" or "2026-11-24T10:00:00.000Z" (Nxsys sends both) → "24/11/2026", the way UK and Irish users
 * read dates; "—" when Nxsys sent nothing, and anything unreadable as it came.
 */
export function ukDate(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(String(value));
  return m ? `${m[3]}/${m[2]}/${m[1]}` : String(value);
}
