import 'server-only';
import { CANDIDATE_LISTS } from '@/lib/candidates/server';
import { PAYMENT_RATE_LISTS } from '@/lib/payment-rates/server';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { text, upstreamPage, type Item } from '@/lib/server/nxsys/lists';
import { scanList } from '@/lib/server/nxsys/normalise';
import { normaliseNino } from '@/lib/validations/identifiers';

type AgencyUser = Pick<CurrentUser, 'agency'>;

export interface KnownCandidate {
  id: string;
  forename: string;
  surname: string;
  nino: string;
  email: string;
  agencyRef: string;
}

export interface KnownRate {
  id: string;
  code: string;
  vatId: string | null;
  vatPercent: string | null;
}

/**
 * The agency's UK candidates, read page by page through the documented list (at most 20 pages of 100): the
 * preview resolves every row against them, so it calls Nxsys a handful of times, not once per row.
 */
export async function knownCandidates(user: AgencyUser): Promise<{ candidates: KnownCandidate[]; complete: boolean }> {
  const list = CANDIDATE_LISTS.candidates;
  const { matches, complete } = await scanList<Item>((page, size) => upstreamPage(user, list, {}, page, size));
  return {
    complete,
    candidates: matches.map((c) => ({
      id: text(c.id),
      forename: text(c.forename),
      surname: text(c.surname),
      nino: normaliseNino(text(c.NINumber)),
      email: text(c.email).toLowerCase(),
      agencyRef: text(c.agencyRef),
    })),
  };
}

export async function knownRates(user: AgencyUser): Promise<KnownRate[]> {
  const list = PAYMENT_RATE_LISTS['payment-rates'];
  const { matches } = await scanList<Item>((page, size) => upstreamPage(user, list, {}, page, size));
  return matches.map((r) => {
    const vat = r.defaultVATCode && typeof r.defaultVATCode === 'object' ? (r.defaultVATCode as Item) : null;
    return {
      id: text(r.id),
      code: text(r.code).toUpperCase(),
      vatId: vat ? text(vat.id) || null : typeof r.defaultVATCode === 'string' ? r.defaultVATCode : null,
      vatPercent: vat ? text(vat.VATRate) || null : null,
    };
  });
}
