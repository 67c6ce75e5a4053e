/**
 * One UK date format everywhere (dd/mm/yyyy; "27 Nov 2026, 08:32" for times), for UK and Irish users alike,
 * whatever the browser's language. Nxsys sends and takes ISO dates (yyyy-mm-dd).
 */

/**
 * "2026-11-24" or "2026-11-24T10:00:00.000Z" (Nxsys sends both) → "24/11/2026", the way UK and Irish users
 * read dates; "—" when Nxsys sent nothing, and anything unreadable as it came.
 */
export function ukDate(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(String(value));
  return m ? `${m[3]}/${m[2]}/${m[1]}` : String(value);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A moment → "27 Nov 2026, 08:32" in UK time (Europe/London), whatever the browser's or server's locale. */
export function ukDateTime(value: Date | string | null | undefined): string {
  const parts = londonParts(value);
  if (typeof parts === 'string') return parts;
  return `${Number(parts.day)} ${MONTHS[Number(parts.month) - 1]} ${parts.year}, ${parts.hour}:${parts.minute}`;
}

/** A moment → "27/11/2026 08:32" in UK time (Europe/London): the same in the browser and on the server, wherever either is. */
export function ukNumericDateTime(value: Date | string | null | undefined): string {
  const parts = londonParts(value);
  if (typeof parts === 'string') return parts;
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** The moment's date and time in Europe/London (two digits each), or what to show instead ("—", or the value as it came). */
function londonParts(value: Date | string | null | undefined): Record<string, string> | string {
  if (value === null || value === undefined || value === '') return '—';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
}

/** Whether yyyy-mm-dd is a real calendar date. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * What someone typed in a date field → yyyy-mm-dd, or null when it is not a real date. Day first, always:
 * "24/11/2026", "24/11/26", "24-11-2026", "24.11.2026", "2/3/2026" (2 March); an ISO date is taken as it is.
 */
export function parseUkDate(text: string): string | null {
  const value = text.trim();
  if (isIsoDate(value)) return value;
  const m = /^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{2}|\d{4})$/.exec(value);
  if (!m) return null;
  const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  const iso = `${String(year).padStart(4, '0')}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** yyyy-mm-dd → dd/mm/yyyy for a date field; anything else (a half-typed value) as it is. */
export function isoToUkInput(value: string | null | undefined): string {
  if (!value) return '';
  return isIsoDate(value) ? ukDate(value) : value;
}
