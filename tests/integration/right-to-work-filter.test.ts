// The candidate list's right-to-work filter: one scan per agency (the same one the weekly digest uses), kept in
// PostgreSQL for every instance, refreshed by a job; the filtered view says when it was checked and how many
// candidates could not be (an older Nxsys without the UK read by id), and never shows a date Nxsys did not send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rightToWorkPage, rightToWorkState, scanRightToWork } from '@/lib/candidates/server';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { stopJobEngine } from '@/lib/server/jobs';
import { listResource } from '@/lib/registry';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';

const db = testDb();
let sb: Sandbox;
let admin: CurrentUser;
const envBefore = { ...process.env };

// Days counted from today in UK time, as the filter counts them.
const ukDay = (offset: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + offset * 86_400_000),
  );

beforeAll(async () => {
  sb = await sandboxFor();
  const key = generateKeyringEntry('k1');
  Object.assign(process.env, productEnv(sb, key), { JOBS_POLL_SECONDS: '0.5' });
  // Harbour (COM-2): a small company, so a scan reads every candidate by id quickly.
  admin = (await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb, 'payroll@harbour.example')) as unknown as CurrentUser;
  const candidates = sb.store.company('COM-2').candidates;
  for (const c of candidates) delete (c.generalSetting as Record<string, unknown>).documentExpiryDate;
  const uk = candidates.filter((c) => c.country === 'UK');
  const ie = candidates.filter((c) => c.country === 'IE');
  expect(uk.length).toBeGreaterThanOrEqual(3);
  expect(ie.length).toBeGreaterThanOrEqual(1);
  const set = (c: (typeof candidates)[number], day: string) => ((c.generalSetting as Record<string, unknown>).documentExpiryDate = day);
  set(uk[0]!, ukDay(10)); // expiring
  set(uk[1]!, ukDay(-3)); // expired
  set(uk[2]!, ukDay(90)); // later: in neither view
  set(ie[0]!, ukDay(0)); // expiring today
  fixture = { expiring: uk[0]!.id, expired: uk[1]!.id, later: uk[2]!.id, irish: ie[0]!.id, ukCount: uk.length };
});
let fixture: { expiring: string; expired: string; later: string; irish: string; ukCount: number };

afterAll(async () => {
  await stopJobEngine({ graceful: false });
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

const view = (resource: 'candidates' | 'candidates-ireland', filter: string, extra: Record<string, string> = {}) =>
  rightToWorkPage(admin, resource, new URLSearchParams({ rightToWork: filter, page: '1', size: '20', ...extra }));

describe('the right-to-work filter', () => {
  it('before any scan: asks for one and shows an empty list marked "checking", never one that looks complete', async () => {
    const first = await view('candidates', 'expiring');
    expect(first.rightToWork).toMatchObject({ state: 'checking', checkedAt: null });
    expect(first.data).toEqual([]);
    expect((await rightToWorkState(admin.agency.id)).pending).toBe(true);
    // The scan job was queued (pg-boss, on our PostgreSQL), once per agency however often it is asked.
    await view('candidates', 'expired');
    const queued = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'right-to-work-scan' AND singleton_key = $1 AND state = 'created'`,
      admin.agency.id,
    );
    expect(queued[0]!.n).toBe(1);
  });

  it('filters on the last scan: expiring within 30 days, expired; with the dates Nxsys sent and when they were checked', async () => {
    const before = Date.now();
    const stored = await scanRightToWork(admin.agency.id);
    expect(stored.unchecked).toBe(0);
    expect(Date.parse(stored.checkedAt)).toBeGreaterThanOrEqual(before);
    // Kept in PostgreSQL: what any instance reads.
    expect(await db.sharedCacheEntry.count({ where: { key: `right-to-work-scan:${admin.agency.id}` } })).toBe(1);

    const expiring = await view('candidates', 'expiring');
    expect(expiring.rightToWork).toMatchObject({ state: 'ready', checkedAt: stored.checkedAt, unchecked: 0, incomplete: false });
    expect(expiring.data.map((c) => c.id)).toEqual([fixture.expiring]);
    expect(expiring.rightToWork.expiries).toEqual({ [fixture.expiring]: ukDay(10) });
    expect(expiring.meta.totalDocs).toBe(1);

    const expired = await view('candidates', 'expired');
    expect(expired.data.map((c) => c.id)).toEqual([fixture.expired]);
    expect(expired.rightToWork.expiries).toEqual({ [fixture.expired]: ukDay(-3) });

    const irish = await view('candidates-ireland', 'expiring');
    expect(irish.data.map((c) => c.id)).toEqual([fixture.irish]);

    // The generic list route serves the same view (the URL's filter), and a search narrows it further.
    const routed = await listResource(admin, 'candidates', new URLSearchParams({ rightToWork: 'expiring', page: '1', size: '20' }));
    expect(routed.data.map((c) => c.id)).toEqual([fixture.expiring]);
    expect((await view('candidates', 'expiring', { search: 'nobody-has-this-name' })).data).toEqual([]);
  });

  it('says how many candidates could not be checked when Nxsys has no UK read by id, and shows none of their dates', async () => {
    sb.control.setProfile({ ukReadById: false });
    try {
      const stored = await scanRightToWork(admin.agency.id);
      expect(stored.uncheckedByCountry).toEqual({ uk: fixture.ukCount, ie: 0 });
      const uk = await view('candidates', 'expiring');
      expect(uk.rightToWork).toMatchObject({ state: 'ready', unchecked: fixture.ukCount });
      expect(uk.data).toEqual([]); // no UK date was sent, so none is shown or guessed
      expect(uk.rightToWork.expiries).toEqual({});
      const ie = await view('candidates-ireland', 'expiring');
      expect(ie.rightToWork.unchecked).toBe(0);
      expect(ie.data.map((c) => c.id)).toEqual([fixture.irish]);
    } finally {
      sb.control.setProfile({ ukReadById: true });
    }
  });

  it('a re-check asked for after the last scan shows "checking again" until a newer scan ends', async () => {
    await scanRightToWork(admin.agency.id);
    expect((await view('candidates', 'expiring')).rightToWork.state).toBe('ready');
    const { POST } = await import('@/app/api/candidates/right-to-work/route');
    const { createSession } = await import('@/lib/server/auth/sessions');
    const { encode } = await import('next-auth/jwt');
    const sid = await createSession(db, admin.id, { idleMs: 3_600_000, absoluteMs: 3_600_000 });
    const cookie = `next-auth.session-token=${await encode({ token: { sub: admin.id, sid }, secret: process.env.NEXTAUTH_SECRET! })}`;
    const origin = process.env.NEXTAUTH_URL!;
    const answer = await POST(
      new Request(`${origin}/api/candidates/right-to-work`, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: origin, 'Sec-Fetch-Site': 'same-origin' },
      }),
      { params: Promise.resolve({}) },
    );
    expect(answer.status).toBe(202);
    const rechecking = await view('candidates', 'expiring');
    expect(rechecking.rightToWork.state).toBe('rechecking');
    expect(rechecking.data.map((c) => c.id)).toEqual([fixture.expiring]); // the last result stays while the new one is made
    await scanRightToWork(admin.agency.id);
    expect((await view('candidates', 'expiring')).rightToWork.state).toBe('ready');
  });
});
