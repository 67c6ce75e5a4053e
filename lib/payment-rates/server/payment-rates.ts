import 'server-only';
import { ApiError } from '@/lib/errors/api-error';
import { isRecordId } from '@/lib/ids';
import { auditLabel, recordAudit } from '@/lib/server/audit';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { recordChange } from '@/lib/server/changes';
import { db } from '@/lib/server/db';
import { sharedCached } from '@/lib/server/shared-cache';
import { callNxsys } from '@/lib/server/nxsys';
import { getRecord } from '@/lib/server/nxsys/lists';
import { normalisePage, unwrapOne } from '@/lib/server/nxsys/normalise';
import { paymentRateSchema } from '../schema';
import { PAYMENT_RATE_LISTS } from './lists';

export interface VatCode {
  id: string;
  description: string;
  VATRate: string;
  VATCode: string;
}

/**
 * The default VAT codes hardly ever change: one upstream call per agency every 10 minutes, shared by every app
 * instance (lib/server/shared-cache.ts), so all of them show the same codes.
 */
export const VAT_CODES_TTL_MS = 10 * 60_000;
export async function vatCodes(user: Pick<CurrentUser, 'agency'>): Promise<VatCode[]> {
  return sharedCached(`vat-codes:${user.agency.id}`, VAT_CODES_TTL_MS, async () => {
    const { body } = await callNxsys(user, { method: 'GET', path: PAYMENT_RATE_LISTS['vat-codes'].path, query: { page: 1, size: 100 } });
    return normalisePage<VatCode>(body, { page: 1, size: 100 }).data;
  });
}

export async function savePaymentRate(user: CurrentUser, input: unknown, id?: string): Promise<{ id: string }> {
  if (id !== undefined && !isRecordId('paymentRate', id)) throw new ApiError('not_found', 'No such payment rate.');
  const values = paymentRateSchema.parse(input);
  const { code, ...rest } = values;
  // The documented update body has no `code`: a code cannot be changed once created.
  const body = { ...(id ? {} : { code }), ...rest, displayOnPayslip: values.displayOnPayslip || values.description };
  const { body: answer } = await callNxsys(user, {
    method: id ? 'PUT' : 'POST',
    path: id ? `/nxsys/payment-rate/${id}` : '/nxsys/payment-rate',
    body,
  });
  const savedId = id ?? unwrapOne<{ id?: string }>(answer)?.id;
  if (!savedId) throw new ApiError('nxsys_error', 'Nxsys saved the payment rate but did not say its id.');
  await recordAudit(db, {
    agencyId: user.agency.id,
    actorId: user.id,
    action: id ? 'payment_rate.updated' : 'payment_rate.created',
    targetType: 'payment_rate',
    targetId: savedId,
    targetLabel: auditLabel(`Payment rate ${values.code}`, values.description),
    details: { code: values.code },
  });
  await recordChange(user.agency.id, 'payment-rates');
  return { id: savedId };
}

/** One payment rate as Nxsys holds it. */
export const getPaymentRate = (user: Pick<CurrentUser, 'agency'>, id: string) => getRecord(user, PAYMENT_RATE_LISTS['payment-rates'], id);
