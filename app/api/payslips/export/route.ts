import { recordAudit } from '@/lib/server/audit';
import { csvResponse } from '@/lib/server/csv';
import { allPages } from '@/lib/server/nxsys/normalise';
import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';
import { filterKeys, listResource } from '@/lib/registry';
import { parsePayslip, payslipCountries } from '@/lib/payslips/server';
import { taxPeriodLabel } from '@/lib/tax-period';
import { PAYSLIP_BREAKDOWN, PAYSLIP_MONEY_FIELDS } from '@/lib/payslips/schema';
import { ukDate } from '@/lib/dates';
import { label, paymentModelLabel } from '@/lib/labels';
import { currencyOf } from '@/lib/money';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

/** Column headers people read, money columns named as on the payslip. */
const MONEY_HEADERS: Record<string, string> = Object.fromEntries([
  ...PAYSLIP_BREAKDOWN.flatMap((s) => s.rows.map(([key, text]) => [key, text])),
  ['net', 'Net pay'],
]);

/** The list filters only (ids and periods): the URL may also carry a candidate's name, which stays out of the log. */
const auditedFilters = (params: URLSearchParams) =>
  Object.fromEntries(filterKeys('payslips').flatMap((key) => (params.get(key) ? [[key, params.get(key)]] : [])));

/** GET /api/payslips/export?taxYear&taxPeriod&payFrequency&paymentModel&subcontractorIds&sort… — every page of the filtered list, as CSV. */
export const GET = authedRoute(
  async (request, { user }) => {
    await requireRecentSecondFactor(user);
    const params = new URL(request.url).searchParams;
    const pageOf = (page: number, size: number) =>
      listResource(user, 'payslips', new URLSearchParams({ ...Object.fromEntries(params), page: String(page), size: String(size) }));
    // The first page is fetched before answering, so that a Nxsys failure is a JSON error, not a broken file.
    await pageOf(1, 1);
    await recordAudit(db, {
      agencyId: user.agency.id,
      actorId: user.id,
      action: 'payslips.exported',
      targetType: 'payslip',
      details: { filters: auditedFilters(params) },
    });
    const rows = async function* () {
      for await (const item of allPages((page) => pageOf(page, 100))) {
        const p = parsePayslip(item);
        const [country] = await payslipCountries(user, [p]); // the candidates' countries are read once and kept
        yield [
          p.id,
          p.candidateId,
          p.candidateName,
          p.taxYear,
          p.taxPeriod,
          taxPeriodLabel(p),
          p.payFrequency ? label(p.payFrequency) : '',
          p.paymentModel ? paymentModelLabel(p.paymentModel) : '',
          p.payDate ? ukDate(p.payDate) : '',
          currencyOf(country) ?? '',
          ...PAYSLIP_MONEY_FIELDS.map((m) => p.figures[m]),
        ];
      }
    };
    return csvResponse(
      `payslips-${new Date().toISOString().slice(0, 10)}.csv`,
      [
        'Payslip ID',
        'Candidate ID',
        'Candidate',
        'Tax year',
        'Tax period',
        'Period',
        'Pay frequency',
        'Payment model',
        'Pay date',
        'Currency',
        ...PAYSLIP_MONEY_FIELDS.map((m) => MONEY_HEADERS[m] ?? m),
      ],
      rows(),
    );
  },
  { sameOriginOnly: true },
);
