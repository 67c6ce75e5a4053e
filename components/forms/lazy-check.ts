import type { z } from 'zod';
import { fieldErrorsOf } from '@/lib/validations/field-errors';

export type LazyCheckResult<T> = { ok: true; data: T } | { ok: false; fieldErrors: Record<string, string> };

/**
 * A form's check against its shared schema (lib/<domain>/schema.ts, the one its route parses with) without zod in
 * the page's first load: zod is ~31 kB gzip, more than a route's whole budget for our code (bench/bundle-size.ts).
 * The schema module is imported on first use — or earlier with `preload()`, e.g. on the form's first focus — and
 * kept. If it cannot be loaded (offline, a deploy replaced the chunk), the form is sent unchecked: the route checks
 * everything anyway and its field errors show at the fields.
 *
 *   const checkCandidate = lazyCheck(() => import('@/lib/candidates/schema').then((m) => m.ukCandidateSchema));
 *   const result = await checkCandidate(values); if (!result.ok) showAtFields(result.fieldErrors);
 */
export function lazyCheck<T>(load: () => Promise<z.ZodType<T>>) {
  let schema: Promise<z.ZodType<T> | null> | undefined;
  const loaded = () =>
    (schema ??= load().catch(() => {
      schema = undefined; // try again next time
      return null;
    }));
  const check = async (values: unknown): Promise<LazyCheckResult<T>> => {
    const found = await loaded();
    if (!found) return { ok: true, data: values as T };
    const result = found.safeParse(values);
    return result.success ? { ok: true, data: result.data } : { ok: false, fieldErrors: fieldErrorsOf(result.error) };
  };
  return Object.assign(check, { preload: () => void loaded() });
}
