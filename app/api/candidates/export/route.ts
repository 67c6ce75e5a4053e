import type { RightToWorkPage } from '@/lib/candidates/server';
import { ApiError } from '@/lib/errors/api-error';
import { recordAudit } from '@/lib/server/audit';
import { csvResponse } from '@/lib/server/csv';
import { db } from '@/lib/server/db';
import { allPages } from '@/lib/server/nxsys/normalise';
import { authedRoute } from '@/lib/server/http/route';
import { filterKeys, listResource } from '@/lib/registry';
import { label } from '@/lib/labels';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

type Row = Record<string, unknown>;
const sent = (v: unknown) => (v === null || v === undefined || typeof v === 'object' ? '' : String(v));
const word = (v: unknown) => (sent(v) ? label(sent(v)) : '');

/** The export's columns: a header people read, and the value Nxsys sent (enum values as words: "Active", not `ACTIVE`). */
const COLUMNS: { header: string; value: (c: Row) => string; country?: 'uk' | 'ie' }[] = [
  { header: 'Candidate ID', value: (c) => sent(c.id) },
  { header: 'First name', value: (c) => sent(c.forename) },
  { header: 'Last name', value: (c) => sent(c.surname) },
  { header: 'Full name', value: (c) => sent(c.fullName) || [sent(c.forename), sent(c.surname)].filter(Boolean).join(' ') },
  { header: 'NI number', value: (c) => sent(c.NINumber), country: 'uk' },
  { header: 'PPS number', value: (c) => sent(c.PPSNumber), country: 'ie' },
  { header: 'Email', value: (c) => sent(c.email) },
  { header: 'Mobile', value: (c) => sent(c.mobile) },
  { header: 'Eircode', value: (c) => sent(c.eircode), country: 'ie' },
  { header: 'Status', value: (c) => word(c.status) },
  { header: 'Registration', value: (c) => word(c.registrationStatus) },
  { header: 'Pay frequency', value: (c) => word(c.payFrequency) },
  { header: 'Agency reference', value: (c) => sent(c.agencyRef) },
];

/**
 * GET /api/candidates/export?country&search&status… — every page of the current view, as CSV. It holds NI/PPS
 * numbers: downloads come only from our own pages and each one is audited (filters only, never personal data).
 */
export const GET = authedRoute(
  async (request, { user }) => {
    await requireRecentSecondFactor(user);
    const params = new URL(request.url).searchParams;
    const country = params.get('country') === 'ie' ? 'ie' : 'uk';
    const resource = country === 'ie' ? 'candidates-ireland' : 'candidates';
    const columns = COLUMNS.filter((c) => !c.country || c.country === country);
    // The first page is fetched before answering, so that a Nxsys failure is a JSON error, not a broken file.
    const first = await listResource(user, resource, new URLSearchParams({ ...Object.fromEntries(params), page: '1', size: '1' }));
    // A right-to-work view before its first scan has no rows yet: an empty file would look like "none".
    if ((first as Partial<RightToWorkPage>).rightToWork?.state === 'checking') throw new ApiError('right_to_work_checking');
    // The filter keys only: a search term may be a name or an NI number, which stays out of the log.
    const filters = Object.fromEntries(
      [...filterKeys(resource), 'rightToWork'].flatMap((key) => (key !== 'search' && params.get(key) ? [[key, params.get(key)]] : [])),
    );
    await recordAudit(db, {
      agencyId: user.agency.id,
      actorId: user.id,
      action: 'candidates.exported',
      targetType: 'candidate',
      details: { country, filters, searched: !!params.get('search') },
    });
    const rows = async function* () {
      const pages = allPages((page) => {
        const q = new URLSearchParams(params);
        q.set('page', String(page));
        q.set('size', '100');
        return listResource(user, resource, q);
      });
      for await (const candidate of pages) yield columns.map((c) => c.value(candidate as Row));
    };
    return csvResponse(
      `candidates-${country}-${new Date().toISOString().slice(0, 10)}.csv`,
      columns.map((c) => c.header),
      rows(),
    );
  },
  { sameOriginOnly: true },
);
