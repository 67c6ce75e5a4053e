// Security suite, the OAuth callback's own error handling (issue 25, item 7): whatever goes wrong while the
// connection is completed, the admin lands on the connection page with a message (nothing stored), never a 500.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as callbackRoute from '@/app/api/nxsys/callback/route';
import { testDb } from '../helpers/db';
import { call, configure, signedIn } from './harness';

vi.mock('next/headers', () => import('./next-headers-stub'));
// Something unforeseen inside the exchange (a database fault, a bug): completeConnect throws instead of answering.
vi.mock('@/lib/connection/server', async (original) => ({
  ...(await original<typeof import('@/lib/connection/server')>()),
  completeConnect: async () => {
    throw new Error('connection lost to the database');
  },
}));

const db = testDb();
const envBefore = { ...process.env };
beforeAll(() => void configure());
afterAll(async () => {
  process.env = envBefore;
  await db.$disconnect();
});

describe('the OAuth callback', () => {
  it('a thrown error sends the admin to the connection page with a message, with no-referrer and no code in the URL', async () => {
    const admin = await signedIn(db, 'ADMIN');
    const response = await call(callbackRoute.GET, '/api/nxsys/callback?code=SECRETCODE&state=STATE', {}, { cookie: admin.cookie });
    expect(response.status).toBe(303);
    const location = response.headers.get('location') ?? '';
    expect(new URL(location, 'http://x').pathname + new URL(location, 'http://x').search).toBe('/connection?error=callback_failed');
    expect(location).not.toContain('SECRETCODE');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
