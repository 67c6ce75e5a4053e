import type { z } from 'zod';

/**
 * Zod issues → `{ "a.b": "message" }` (the first message of each field): the shape routes send in `fieldErrors`
 * and forms show at their fields. Type-only zod import: a client component may use this without loading zod.
 */
export function fieldErrorsOf(error: Pick<z.ZodError, 'issues'>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fields;
}
