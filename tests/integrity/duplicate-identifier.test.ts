// One NI (UK) or PPS (Irish) number per person: onboarding refuses a second candidate with a number another
// candidate already holds (409 `candidate_identifier_taken` naming that candidate, with a link) unless the request
// confirms it is a different person (`differentFrom`, never sent to Nxsys); the same on an edit that changes the
// number. Two onboardings with one number at once are serialised in PostgreSQL: at most one goes through unconfirmed.
// Also: a form left untouched sends no choice nobody made. Real PostgreSQL, the in-process sandbox (docs profile:
// the UK list carries NINumber, the Irish list no PPS number, so Irish candidates are read by id).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyCandidate } from '@/lib/candidates/empty-form';
import { createCandidate, updateCandidate } from '@/lib/candidates/server';
import { ApiError } from '@/lib/errors/api-error';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { toErrorResponse } from '@/lib/server/http/route';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { freshNi, freshPps, ieCandidateForm, ukCandidateForm } from '../helpers/fixtures';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';
import { until } from './wait';

const db = testDb();
let sb: Sandbox;
let admin: CurrentUser;
const envBefore = { ...process.env };
const stamp = Date.now();
let n = 0;
const person = (forename: string) => ({
  forename,
  surname: `Dup${stamp}`,
  email: `${forename.toLowerCase()}.${stamp}.${++n}@example.test`,
});

beforeAll(async () => {
  sb = await sandboxFor();
  const key = generateKeyringEntry('k1');
  Object.assign(process.env, productEnv(sb, key));
  admin = (await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb)) as unknown as CurrentUser;
});
afterAll(async () => {
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

const compact = (v: unknown) =>
  String(v ?? '')
    .replace(/\s+/g, '')
    .toUpperCase();
const candidates = () => sb.store.company('COM-1').candidates;
const holdingNi = (ni: string) => candidates().filter((c) => c.country === 'UK' && compact(c.generalSetting.NINumber) === ni);
const holdingPps = (pps: string) => candidates().filter((c) => c.country === 'IE' && compact(c.payrollSetting.PPSNumber) === pps);
const refusal = (work: Promise<unknown>) =>
  work.then(
    () => null,
    (error: unknown) => error,
  );
const bodyOf = async (error: unknown) => (await toErrorResponse(error).json()) as { error: Record<string, unknown> };
/** Saves held open at Nxsys (latency on the create only), so unserialised checks would all pass before any create lands. */
async function slowCreates<T>(work: () => Promise<T>): Promise<T> {
  sb.control.setFaults({ companyId: 'COM-1', method: 'POST', pathPrefix: '/nxsys/candidates', latencyMs: 300 });
  try {
    return await work();
  } finally {
    sb.control.clearFaults('COM-1');
  }
}
const sentTo = (method: string, path: RegExp) =>
  sb.control
    .requests()
    .filter((r) => r.method === method && path.test(r.path))
    .map((r) => r.body as Record<string, Record<string, unknown>>);

describe('a UK NI number another candidate holds', () => {
  it('is refused with 409 naming that candidate (name, SR id, link); confirmed as a different person, it is created', async () => {
    const ni = freshNi();
    const first = await createCandidate(admin, 'uk', ukCandidateForm(person('Dana'), ni));
    expect(first.id).toMatch(/^SR-/);

    // The same number typed differently (spaces, lower case) is the same number.
    const spaced = `${ni.slice(0, 2)} ${ni.slice(2, 4)} ${ni.slice(4, 6)} ${ni.slice(6, 8)} ${ni.slice(8)}`.toLowerCase();
    const second = ukCandidateForm(person('Eli'), spaced);
    sb.control.clearRequests();
    const refused = await refusal(createCandidate(admin, 'uk', second));
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'candidate_identifier_taken', status: 409 });
    const response = toErrorResponse(refused);
    expect(response.status).toBe(409);
    const { error } = (await response.json()) as { error: Record<string, unknown> };
    expect(error.message).toContain(`Dana Dup${stamp} (${first.id})`);
    expect(error.details).toEqual({
      field: 'NINumber',
      holders: [{ id: first.id, name: `Dana Dup${stamp}`, country: 'uk', href: `/candidates/${first.id}?country=uk` }],
    });
    expect(sentTo('POST', /^\/nxsys\/candidates$/)).toHaveLength(0); // nothing reached Nxsys
    expect(holdingNi(ni)).toHaveLength(1);

    // Confirmed: created, and the confirmation stays out of the Nxsys body.
    const confirmed = await createCandidate(admin, 'uk', { ...second, differentFrom: [first.id] });
    expect(confirmed.id).toMatch(/^SR-/);
    expect(
      holdingNi(ni)
        .map((c) => c.id)
        .sort(),
    ).toEqual([first.id, confirmed.id].sort());
    const [sent] = sentTo('POST', /^\/nxsys\/candidates$/);
    expect(sent).not.toHaveProperty('differentFrom');
    expect(JSON.stringify(sent)).not.toContain('differentFrom');
  });

  it('a number Nxsys holds written another way (spaces, lower case) is the same number', async () => {
    const ni = freshNi();
    const legacy = sb.control.addLegacyCandidate({
      companyId: 'COM-1',
      country: 'UK',
      generalSetting: {
        forename: 'Old',
        surname: `Record${stamp}`,
        email: `old.${stamp}@example.test`,
        NINumber: ` ${ni.slice(0, 4).toLowerCase()} ${ni.slice(4)}`,
      },
    });
    const refused = await refusal(createCandidate(admin, 'uk', ukCandidateForm(person('New'), ni)));
    expect(refused).toMatchObject({ code: 'candidate_identifier_taken' });
    expect(((await bodyOf(refused)).error.details as { holders: { id: string }[] }).holders.map((h) => h.id)).toEqual([legacy]);
  });

  it('a confirmation names the candidates it covers: one who took the number since is still refused', async () => {
    const ni = freshNi();
    const first = await createCandidate(admin, 'uk', ukCandidateForm(person('Fay'), ni));
    const second = await createCandidate(admin, 'uk', { ...ukCandidateForm(person('Gus'), ni), differentFrom: [first.id] });
    const refused = await refusal(createCandidate(admin, 'uk', { ...ukCandidateForm(person('Hal'), ni), differentFrom: [first.id] }));
    expect(refused).toMatchObject({ code: 'candidate_identifier_taken' });
    const holders = ((await bodyOf(refused)).error.details as { holders: { id: string }[] }).holders.map((h) => h.id);
    expect(holders.sort()).toEqual([first.id, second.id].sort());
    expect(holdingNi(ni)).toHaveLength(2);
  });

  it('on edit: changing the NI number to one another candidate holds is refused, unless confirmed; unchanged, never', async () => {
    const ni = freshNi();
    const holder = await createCandidate(admin, 'uk', ukCandidateForm(person('Ivy'), ni));
    const values = ukCandidateForm(person('Jon'));
    const editor = await createCandidate(admin, 'uk', values);
    const changed = { ...values, generalSetting: { ...values.generalSetting, NINumber: ni } };
    const refused = await refusal(updateCandidate(admin, 'uk', editor.id!, changed));
    expect(refused).toMatchObject({ code: 'candidate_identifier_taken', status: 409 });
    expect(((await bodyOf(refused)).error.details as { holders: { id: string }[] }).holders.map((h) => h.id)).toEqual([holder.id]);
    expect(holdingNi(ni).map((c) => c.id)).toEqual([holder.id]);

    await updateCandidate(admin, 'uk', editor.id!, { ...changed, differentFrom: [holder.id] });
    expect(
      holdingNi(ni)
        .map((c) => c.id)
        .sort(),
    ).toEqual([holder.id, editor.id].sort());
    // Both now hold it (confirmed): editing anything else is not refused again.
    await updateCandidate(admin, 'uk', editor.id!, { ...changed, generalSetting: { ...changed.generalSetting, city: 'Leeds' } });
  });

  it('two onboardings of different people with one NI number at once: at most one goes through unconfirmed', async () => {
    const ni = freshNi();
    const results = await slowCreates(() =>
      Promise.allSettled([
        createCandidate(admin, 'uk', ukCandidateForm(person('Kim'), ni)),
        createCandidate(admin, 'uk', ukCandidateForm(person('Lou'), ni)),
        createCandidate(admin, 'uk', ukCandidateForm(person('Max'), ni)),
      ]),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'candidate_identifier_taken' });
    expect(holdingNi(ni)).toHaveLength(1);
  });

  // The lock is held on a connection of its own for as long as the Nxsys save takes. PostgreSQL may end that
  // connection meanwhile (a restart, a failover, an administrator): pg then emits 'error' on the client, and an
  // 'error' nobody listens for is thrown out of the socket's handler — it would end the whole instance, every
  // request in flight with it. The save in flight finishes; only the lock's connection is gone.
  it("the lock's own connection ended by PostgreSQL mid-save: the save finishes, the instance does not crash", async () => {
    const ni = freshNi();
    sb.control.setFaults({ companyId: 'COM-1', method: 'POST', pathPrefix: '/nxsys/candidates', latencyMs: 1_500 });
    try {
      const saving = createCandidate(admin, 'uk', ukCandidateForm(person('Noor'), ni));
      // Once the lock is held (its connection waits while Nxsys is slow to answer), PostgreSQL ends that connection.
      const [ended] = await until(
        () =>
          db.$queryRaw<{ ended: boolean }[]>`
            SELECT pg_terminate_backend(a.pid) AS ended FROM pg_stat_activity a
            JOIN pg_locks l ON l.pid = a.pid AND l.locktype = 'advisory' AND l.granted
              AND l.objid::bigint = (hashtext(${`${admin.agency.id}:${ni}`})::bigint & 4294967295)
            WHERE a.application_name = 'nxsys-portal-identifier-lock' AND a.datname = current_database()`,
        (rows) => rows.length > 0,
        30_000,
      );
      expect(ended?.ended).toBe(true);
      expect((await saving).id).toMatch(/^SR-/);
      expect(holdingNi(ni)).toHaveLength(1);
    } finally {
      sb.control.clearFaults('COM-1');
    }
  });
});

describe('an Irish PPS number another candidate holds', () => {
  it('is refused with 409 naming that candidate (found by reading each Irish candidate); confirmed, created', async () => {
    const pps = freshPps();
    const first = await createCandidate(admin, 'ie', ieCandidateForm(person('Niamh'), pps));
    const second = ieCandidateForm(person('Oisin'), pps.toLowerCase());
    const refused = await refusal(createCandidate(admin, 'ie', second));
    expect(refused).toMatchObject({ code: 'candidate_identifier_taken', status: 409 });
    const { error } = await bodyOf(refused);
    expect(error.message).toContain(`Niamh Dup${stamp} (${first.id})`);
    expect(error.details).toEqual({
      field: 'PPSNumber',
      holders: [{ id: first.id, name: `Niamh Dup${stamp}`, country: 'ie', href: `/candidates/${first.id}?country=ie` }],
    });
    expect(holdingPps(pps)).toHaveLength(1);

    sb.control.clearRequests();
    await createCandidate(admin, 'ie', { ...second, differentFrom: [first.id] });
    expect(holdingPps(pps)).toHaveLength(2);
    expect(JSON.stringify(sentTo('POST', /^\/nxsys\/candidates\/ireland$/))).not.toContain('differentFrom');
  });

  it('two Irish onboardings with one PPS number at once: at most one goes through unconfirmed', async () => {
    const pps = freshPps();
    const results = await slowCreates(() =>
      Promise.allSettled([
        createCandidate(admin, 'ie', ieCandidateForm(person('Pol'), pps)),
        createCandidate(admin, 'ie', ieCandidateForm(person('Rua'), pps)),
      ]),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(holdingPps(pps)).toHaveLength(1);
  });
});

describe('nothing invented', () => {
  it('an onboarding form whose choices were never touched sends no title, gender, marital status, nationality or pension', async () => {
    const untouched = emptyCandidate('uk');
    // Only what a person must type or choose (pay frequency and payment model have no pre-selection).
    const filled = ukCandidateForm(person('Quinn'));
    Object.assign(untouched.generalSetting, {
      forename: filled.generalSetting.forename,
      surname: filled.generalSetting.surname,
      email: filled.generalSetting.email,
      DOB: filled.generalSetting.DOB,
      NINumber: filled.generalSetting.NINumber,
      address: filled.generalSetting.address,
      city: filled.generalSetting.city,
      postCode: filled.generalSetting.postCode,
      mobile: filled.generalSetting.mobile,
      payFrequency: 'WEEKLY',
    });
    untouched.bankSetting = filled.bankSetting;
    untouched.payrollSetting.paymentModel = 'CIS';
    sb.control.clearRequests();
    await createCandidate(admin, 'uk', untouched);
    const [sent] = sentTo('POST', /^\/nxsys\/candidates$/);
    for (const key of [
      'title',
      'gender',
      'maritalStatus',
      'nationality',
      'pensionSetting',
      'payMethod',
      'rightToWorkStatus',
      'documentType',
    ])
      expect(sent!.generalSetting, key).not.toHaveProperty(key);
    expect(sent).not.toHaveProperty('pensionSetting');
    expect(JSON.stringify(sent)).not.toMatch(/"(NONE|MALE|NEST|OPTED_IN|BACS|PENDING|PASSPORT)"|""|null/);
  });

  it('a form without a pay frequency or payment model is refused at those fields (a choice, never a default)', async () => {
    const values = emptyCandidate('uk');
    const refused = await refusal(
      createCandidate(admin, 'uk', {
        ...ukCandidateForm(person('Rex')),
        generalSetting: { ...ukCandidateForm(person('Rex')).generalSetting, payFrequency: values.generalSetting.payFrequency },
        payrollSetting: values.payrollSetting,
      }),
    );
    const { error } = await bodyOf(refused);
    expect(error.code).toBe('validation_failed');
    expect(Object.keys(error.fieldErrors as object).sort()).toEqual(['generalSetting.payFrequency', 'payrollSetting.paymentModel']);
  });
});
