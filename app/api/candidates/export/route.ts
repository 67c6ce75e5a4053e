import { csvResponse } from '@/lib/server/csv';
import { allPages } from '@/lib/server/nxsys/normalise';
import { authedRoute } from '@/lib/server/http/route';
import { listResource } from '@/lib/server/nxsys/resources';

const COLUMNS = ['id', 'fullName', 'email', 'mobile', 'NINumber', 'eircode', 'status', 'registrationStatus', 'agencyRef'] as const;

/** GET /api/candidates/export?country&search&sortField&sortType&status — every page of the current view, as CSV. */
export const GET = authedRoute(async (request, { user }) => {
  const params = new URL(request.url).searchParams;
  const country = params.get('country') === 'ie' ? 'ie' : 'uk';
  const columns = COLUMNS.filter((c) => (country === 'uk' ? c !== 'eircode' : c !== 'NINumber'));
  const rows = async function* () {
    const pages = allPages((page) => {
      const q = new URLSearchParams(params);
      q.set('page', String(page));
      q.set('size', '100');
      return listResource(user, country === 'ie' ? 'candidates-ireland' : 'candidates', q);
    });
    for await (const candidate of pages) yield columns.map((c) => (candidate as Record<string, unknown>)[c]);
  };
  // The first page is fetched before answering, so that a Nxsys failure is a JSON error, not a broken file.
  await listResource(
    user,
    country === 'ie' ? 'candidates-ireland' : 'candidates',
    new URLSearchParams({ ...Object.fromEntries(params), page: '1', size: '1' }),
  );
  return csvResponse(`candidates-${country}-${new Date().toISOString().slice(0, 10)}.csv`, [...columns], rows());
});
