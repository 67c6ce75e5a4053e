import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError } from '@/lib/errors/api-error';

/**
 * A failed save, shown where the user is: field errors (ours or Nxsys's) at their fields, focus on the first,
 * and the message for the form's banner. Nothing typed is touched.
 */
export function showSaveError<T extends FieldValues>(error: unknown, setError: UseFormSetError<T>, what: string): string {
  if (error instanceof ApiError && error.fieldErrors && Object.keys(error.fieldErrors).length) {
    let first = true;
    for (const [field, message] of Object.entries(error.fieldErrors)) {
      setError(field as Path<T>, { type: 'server', message }, { shouldFocus: first });
      first = false;
    }
    // The reason is at its field; the banner only points there, so the same message is never shown twice.
    const count = Object.keys(error.fieldErrors).length;
    return error.code === 'nxsys_rejected'
      ? `Nxsys did not accept this: see the ${count === 1 ? 'field' : 'fields'} marked below.`
      : `Some fields need attention: see the ${count === 1 ? 'field' : 'fields'} marked below.`;
  }
  return `${error instanceof Error ? error.message : `The ${what} could not be saved.`} Everything you typed is still here.`;
}
