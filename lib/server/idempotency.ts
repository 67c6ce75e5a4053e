import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from '@/lib/errors/api-error';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { CurrentUser } from './auth/current-user';
import { db } from './db';
import { env } from './env';

/**
 * Exactly-once single writes to Nxsys (a timesheet, candidate or payment rate create). Nxsys documents no
 * idempotency keys, so the portal keeps its own: the request is claimed in PostgreSQL under UNIQUE(agencyId, key)
 * BEFORE Nxsys is called, and its answer is stored. A double click, a second tab or a retry with the same key gets
 * the same answer (waiting, bounded, while the first is in flight); nothing lives in one instance's memory.
 * A write that certainly created nothing (refused input, a refusal by Nxsys) frees its key, so the corrected form
 * can be sent with it; one whose outcome is unknown (timeout, 5xx, a holder that died) is never sent again blindly.
 */

export type WriteScope = 'timesheet.create' | 'candidate.create' | 'payment_rate.create';

/** What the route answers: status and a minimal JSON `data` (no secrets), replayed as it was. */
export interface WriteAnswer {
  status: number;
  data: Prisma.InputJsonObject;
  nxsysId: string | null;
}

/** A claim the work holds while it runs. */
export interface WriteClaim {
  id: string;
  createdAt: Date;
  /**
   * Renews the claim right before Nxsys is called (fencing): throws when the claim was lost (its lease lapsed and
   * another request took the key over), so a holder that stalled never sends after someone else decided.
   */
  beforeSend(): Promise<void>;
}

export interface WriteSpec {
  scope: WriteScope;
  /** The client's Idempotency-Key (null: none sent, the request still gets a row of its own). */
  key: string | null;
  /** What must be the same for a retry: the body (and query) the route acts on. */
  request: unknown;
  /** Timesheets: at most one create at a time for a candidate and overlapping period (any key, or none). */
  subject?: WriteSubject;
  /**
   * For a key whose earlier attempt's outcome is unknown: the answer when Nxsys holds the record it made (created
   * since `since`), null when it certainly holds none (the request is then sent again). Without it such a key is
   * answered 409 `write_outcome_unknown`.
   */
  recover?: (since: Date) => Promise<WriteAnswer | null>;
}

export interface WriteSubject {
  ref: string;
  /** ISO dates, inclusive. */
  start: string;
  end: string;
}

/** How long a retry waits for the first attempt before answering 409 `write_in_progress`. */
const WAIT_MS = 20_000;
const POLL_MS = 50;

/** A claim outlives the Nxsys call it covers (the write's timeout) with a margin for our own steps around it. */
const leaseSeconds = () => Math.ceil(env().NXSYS_TIMEOUT_MS / 1000) + 15;

/** The Idempotency-Key header: absent → null; present but unusable → 400 at no field. */
export function idempotencyKeyOf(request: Request): string | null {
  const key = request.headers.get('idempotency-key')?.trim();
  if (!key) return null;
  if (!/^[A-Za-z0-9_.:-]{8,100}$/.test(key)) {
    throw new ApiError('validation_failed', 'The Idempotency-Key header must be 8 to 100 letters, digits or - _ . :');
  }
  return key;
}

/** Keys in a stable order, so the same body always hashes the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

export const requestHash = (scope: WriteScope, request: unknown) =>
  createHash('sha256')
    .update(JSON.stringify([scope, canonical(request)]))
    .digest('hex');

/** Errors after which Nxsys certainly holds nothing from this attempt: the key is freed. Anything else: unknown. */
const NOTHING_CREATED = new Set<string>([
  'validation_failed',
  'invalid_json',
  'nxsys_rejected',
  'nxsys_forbidden',
  'nxsys_not_found',
  'nxsys_rate_limited',
  'nxsys_unauthorized',
  'nxsys_not_connected',
  'nxsys_reconnect_required',
  'nxsys_client_refused',
  'nxsys_not_configured',
  'timesheet_exists',
  'candidate_identifier_taken',
  'candidate_identifier_busy',
  'write_in_progress',
]);
const createdNothing = (error: unknown) =>
  (error instanceof ApiError && NOTHING_CREATED.has(error.code)) || (error instanceof Error && error.name === 'ZodError');

interface Row {
  id: string;
  scope: string;
  requestHash: string;
  state: string;
  live: boolean;
  createdAt: Date;
  status: number | null;
  answer: Prisma.JsonValue;
  nxsysId: string | null;
}

type Claimed = { kind: 'claimed'; row: Row } | { kind: 'existing'; row: Row } | { kind: 'busy' };

const NOW = `(now() AT TIME ZONE 'UTC')`;
const ROW = `"id", "scope", "requestHash", "state", "leaseUntil" > ${NOW} AS "live", "createdAt", "status", "answer", "nxsysId"`;

/**
 * One transaction: the key's row, else (for a subject) none of its overlapping creates in flight, then our row.
 * The advisory lock serialises this check-and-insert per agency, scope and subject across every instance.
 */
async function claim(agencyId: string, key: string, hash: string, spec: WriteSpec, createdById: string | null): Promise<Claimed> {
  return db.$transaction(async (tx) => {
    const subject = spec.subject;
    if (subject)
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`write:${agencyId}:${spec.scope}:${subject.ref}`}, 0))`;
    const existing = await tx.$queryRawUnsafe<Row[]>(
      `SELECT ${ROW} FROM "WriteRequest" WHERE "agencyId" = $1 AND "key" = $2`,
      agencyId,
      key,
    );
    if (existing[0]) return { kind: 'existing', row: existing[0] };
    if (subject) {
      const busy = await tx.$queryRawUnsafe<{ id: string }[]>(
        `SELECT "id" FROM "WriteRequest" WHERE "agencyId" = $1 AND "scope" = $2 AND "subjectRef" = $3
           AND "state" = 'IN_FLIGHT' AND "leaseUntil" > ${NOW} AND "periodStart" <= $5 AND "periodEnd" >= $4 LIMIT 1`,
        agencyId,
        spec.scope,
        subject.ref,
        subject.start,
        subject.end,
      );
      if (busy.length) return { kind: 'busy' };
    }
    const inserted = await tx.$queryRawUnsafe<Row[]>(
      `INSERT INTO "WriteRequest" ("id", "agencyId", "key", "scope", "requestHash", "state", "leaseUntil", "subjectRef",
         "periodStart", "periodEnd", "createdById", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, 'IN_FLIGHT', ${NOW} + make_interval(secs => $6), $7, $8, $9, $10, ${NOW}, ${NOW})
       ON CONFLICT ("agencyId", "key") DO NOTHING
       RETURNING ${ROW}`,
      randomUUID(),
      agencyId,
      key,
      spec.scope,
      hash,
      leaseSeconds(),
      subject?.ref ?? null,
      subject?.start ?? null,
      subject?.end ?? null,
      createdById,
    );
    // A conflict here is a concurrent insert without the lock (no subject): read it on the next round.
    return inserted[0] ? { kind: 'claimed', row: inserted[0] } : { kind: 'busy' };
  });
}

const replay = (row: Row): WriteAnswer => ({
  status: row.status ?? 200,
  data: (row.answer ?? {}) as Prisma.InputJsonObject,
  nxsysId: row.nxsysId,
});

/** Stores the answer, if the row is still the one we hold (or, when recovering, still unresolved). */
async function finish(row: Row, answer: WriteAnswer) {
  await db.writeRequest.updateMany({
    where: { id: row.id, state: { in: ['IN_FLIGHT', 'FAILED'] } },
    data: { state: 'DONE', status: answer.status, answer: answer.data, nxsysId: answer.nxsysId },
  });
}

async function run(row: Row, work: (claim: WriteClaim) => Promise<WriteAnswer>): Promise<WriteAnswer> {
  const held: WriteClaim = {
    id: row.id,
    createdAt: row.createdAt,
    async beforeSend() {
      const renewed = await db.$executeRawUnsafe(
        `UPDATE "WriteRequest" SET "leaseUntil" = ${NOW} + make_interval(secs => $2), "updatedAt" = ${NOW}
         WHERE "id" = $1 AND "state" = 'IN_FLIGHT' AND "leaseUntil" > ${NOW}`,
        row.id,
        leaseSeconds(),
      );
      if (renewed !== 1) throw new ApiError('write_in_progress');
    },
  };
  let answer: WriteAnswer;
  try {
    answer = await work(held);
  } catch (error) {
    if (createdNothing(error)) await db.writeRequest.deleteMany({ where: { id: row.id, state: 'IN_FLIGHT' } });
    else await db.writeRequest.updateMany({ where: { id: row.id, state: 'IN_FLIGHT' }, data: { state: 'FAILED' } });
    throw error;
  }
  await finish(row, answer);
  return answer;
}

/**
 * Runs `work` (which calls Nxsys once) exactly once for the key: the first request runs it, a retry with the same
 * key and body gets the stored answer, one with another body 422 `idempotency_key_reused`.
 */
export async function exactlyOnce(
  // The user's id, when there is one, is kept as who entered the record (the weekly reminder's addressee).
  user: Pick<CurrentUser, 'agency'> & { id?: string },
  spec: WriteSpec,
  work: (claim: WriteClaim) => Promise<WriteAnswer>,
): Promise<WriteAnswer> {
  const agencyId = user.agency.id;
  const key = spec.key ?? `server:${randomUUID()}`;
  const hash = requestHash(spec.scope, spec.request);
  const giveUpAt = Date.now() + WAIT_MS;
  for (;;) {
    const claimed = await claim(agencyId, key, hash, spec, user.id ?? null);
    if (claimed.kind === 'claimed') return run(claimed.row, work);
    if (claimed.kind === 'existing') {
      const row = claimed.row;
      if (row.scope !== spec.scope || row.requestHash !== hash) throw new ApiError('idempotency_key_reused');
      if (row.state === 'DONE') return replay(row);
      if (row.state === 'FAILED' || !row.live) {
        // The earlier attempt's outcome is unknown (it failed without an answer, or its holder died mid-call).
        if (!spec.recover) throw new ApiError('write_outcome_unknown');
        const found = await spec.recover(row.createdAt);
        if (found) {
          await finish(row, found);
          return found;
        }
        // Nxsys holds nothing from it: free the key (only if nobody moved the row meanwhile) and claim it again.
        await db.$executeRawUnsafe(
          `DELETE FROM "WriteRequest" WHERE "id" = $1 AND ("state" = 'FAILED' OR ("state" = 'IN_FLIGHT' AND "leaseUntil" <= ${NOW}))`,
          row.id,
        );
        continue;
      }
    }
    // The first attempt (or another create for the same subject) is in flight: wait for it, polling the row.
    if (Date.now() > giveUpAt) throw new ApiError('write_in_progress');
    await sleep(POLL_MS);
  }
}

/** The Nxsys ids of creates the portal made for a subject and an overlapping period (its own record of them). */
export async function sentFor(user: Pick<CurrentUser, 'agency'>, scope: WriteScope, subject: WriteSubject, except?: string) {
  const rows = await db.writeRequest.findMany({
    where: {
      agencyId: user.agency.id,
      scope,
      subjectRef: subject.ref,
      state: 'DONE',
      nxsysId: { not: null },
      periodStart: { lte: subject.end },
      periodEnd: { gte: subject.start },
      ...(except ? { id: { not: except } } : {}),
    },
    orderBy: { createdAt: 'asc' },
    select: { nxsysId: true, periodStart: true, periodEnd: true },
  });
  return rows.map((r) => ({ id: r.nxsysId!, startDate: r.periodStart!, endDate: r.periodEnd! }));
}
