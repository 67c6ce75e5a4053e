/**
 * `table[key]` for a key that came from outside (a URL, a query, Nxsys): own keys only, so `constructor`,
 * `__proto__` or `toString` never reach Object.prototype's members.
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string | null | undefined): T | undefined {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}
