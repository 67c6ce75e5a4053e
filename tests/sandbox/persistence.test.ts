// Issue 25, item 8: with a state file the sandbox keeps its store across restarts (grants and tokens, records, id
// counters), so restarting `npm run dev` changes nothing a client sees; /__sandbox/reset still starts afresh.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, client, connect, sandboxFor, token } from './helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const irish = (email: string) => ({
  generalSetting: { forename: 'Aoife', surname: 'Byrne', DOB: '1995-02-01', email, eircode: 'D02 Y006' },
  bankSetting: { IBANReference: 'IE29AIBK93115212345678', SWIFTNo: 'BOFIIE2D' },
  payrollSetting: { PPSNumber: '6433435F', paymentModel: 'PAYEE' },
});

describe('sandbox state across restarts', () => {
  it('a restart keeps the grant, its tokens, the records written and the id counters', async () => {
    const stateFile = path.join(dir, 'kept.json');
    const first = await sandboxFor({ stateFile });
    const tokens = await connect(first);
    const created = await api(first, tokens.accessToken, '/nxsys/candidates/ireland', { method: 'POST', body: irish('kept@example.com') });
    expect(created.status).toBe(201);
    const id = created.body.data.candidate.id as string;
    const refreshed = await token(first, { grantType: 'refresh_token', refreshToken: tokens.refreshToken, ...client });
    expect(refreshed.status).toBe(201);
    const live = refreshed.body as { accessToken: string; refreshToken: string };
    await first.close();

    const second = await sandboxFor({ stateFile });
    try {
      // The access token still works and reads the record written before the restart.
      const read = await api(second, live.accessToken, `/nxsys/candidates/ireland/${id}`);
      expect(read.status).toBe(200);
      expect(read.body.data.candidate).toMatchObject({ id, forename: 'Aoife' });
      // The refresh token rotated before the restart is the live one; the one it replaced stays dead.
      expect((await token(second, { grantType: 'refresh_token', refreshToken: tokens.refreshToken, ...client })).status).toBe(400);
      expect((await token(second, { grantType: 'refresh_token', refreshToken: live.refreshToken, ...client })).status).toBe(201);
      // Ids go on from where they were: a new record never reuses one.
      const next = await api(second, live.accessToken, '/nxsys/candidates/ireland', { method: 'POST', body: irish('next@example.com') });
      expect(Number((next.body.data.candidate.id as string).slice(3))).toBeGreaterThan(Number(id.slice(3)));
    } finally {
      await second.close();
    }
  });

  it('/__sandbox/reset starts afresh, also after a restart', async () => {
    const stateFile = path.join(dir, 'reset.json');
    const first = await sandboxFor({ stateFile });
    const tokens = await connect(first);
    const created = await api(first, tokens.accessToken, '/nxsys/candidates/ireland', { method: 'POST', body: irish('gone@example.com') });
    const id = created.body.data.candidate.id as string;
    expect((await fetch(`${first.apiUrl}/__sandbox/reset`, { method: 'POST' })).status).toBe(200);
    await first.close();

    const second = await sandboxFor({ stateFile });
    try {
      expect((await api(second, tokens.accessToken, `/nxsys/candidates/ireland/${id}`)).status).toBe(401); // grant gone
      const again = await connect(second);
      expect((await api(second, again.accessToken, `/nxsys/candidates/ireland/${id}`)).status).toBe(404); // record gone
    } finally {
      await second.close();
    }
  });

  it('without a state file nothing is written and a restart starts from the seed (the tests’ default)', async () => {
    const first = await sandboxFor();
    const tokens = await connect(first);
    await first.close();
    const second = await sandboxFor();
    try {
      expect((await api(second, tokens.accessToken, '/nxsys/vat-code?size=1')).status).toBe(401);
    } finally {
      await second.close();
    }
  });
});
