import 'server-only';
import type { ListError, PageMeta } from '@/lib/list/page';
import { ApiError } from '@/lib/server/http/api-error';
import { ERRORS } from '@/lib/errors/catalogue';
import { log } from '@/lib/server/log';

/**
 * A list page's first read, for its client list (components/list): the page of rows (with whatever else the read
 * returned), or the error as the list API would answer it (`{ code, message }`), so the list shows the same message
 * and "Try again" as before.
 */
export async function readListPage<Page extends { data: unknown[]; meta: PageMeta }>(
  load: () => Promise<Page>,
): Promise<(Page & { error?: undefined }) | { data?: undefined; meta?: undefined; error: ListError }> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ApiError) return { error: { code: error.code, message: error.message } };
    log.error({ err: error }, 'a list page could not be read');
    return { error: { code: 'internal_error', message: ERRORS.internal_error.message } };
  }
}
