import 'server-only';
import { ApiError } from '@/lib/errors/api-error';
import { runFromUrl, type RunKey } from '../review';

/** The run a route's path and `?frequency` name; a path that names none is a 404. */
export function runOfRequest(request: Request, params: { year: string; period: string }): RunKey {
  const run = runFromUrl(params.year, params.period, new URL(request.url).searchParams.get('frequency'));
  if (!run) throw new ApiError('not_found', 'No such pay run.');
  return run;
}
