// Issue 25, fault suite: SIGTERM and SIGKILL while a Nxsys token refresh is under way (rotating refresh tokens),
// with instances as separate processes (tests/helpers/instance-worker.ts: the product's job engine, graceful
// shutdown and callNxsys). SIGTERM: every caller in flight is answered, one refresh, its answer stored, another
// instance goes on with it. SIGKILL: the one documented loss (the rotated grant dies with the process) ends in
// "reconnect required" with that reason and one alert, never a doubled one, and the other instances keep serving.
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { stopJobEngine } from '@/lib/server/jobs';
import { INTERRUPTED_REFRESH_REASON } from '@/lib/server/nxsys/token-manager';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { connectedAdmin, productEnv, sandboxSettings } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';
import { startChild, until, type Child } from './helpers';

const db = testDb();
const key = generateKeyringEntry('k1');
let sb: Sandbox;
const children: Child[] = [];

beforeAll(async () => {
  sb = await sandboxFor();
});
afterAll(async () => {
  for (const { child } of children) child.kill('SIGKILL');
  sb.control.clearFaults();
  await stopJobEngine({ graceful: false });
  await sb.close();
  await db.$disconnect();
});

async function startInstance() {
  const instance = startChild('tests/helpers/instance-worker.ts', { ...productEnv(sb, key), JOBS_WORKERS: 'on', NXSYS_TIMEOUT_MS: '3000' });
  children.push(instance);
  const { port } = (await instance.waitFor((e) => e.event === 'listening', 120_000)) as { port: number };
  return { ...instance, port };
}
const call = (port: number, agencyId: string) =>
  fetch(`http://127.0.0.1:${port}/nxsys?agency=${agencyId}`, { headers: { Connection: 'close' } }).then(
    (r) => r.status,
    () => 'no answer' as const,
  );
const connection = (agencyId: string) => db.nxsysConnection.findUniqueOrThrow({ where: { agencyId } });
const expire = (agencyId: string) => db.nxsysConnection.update({ where: { agencyId }, data: { accessTokenExpiresAt: new Date(0) } });
const leaseTaken = (agencyId: string) =>
  until(
    () => connection(agencyId),
    (row) => !!row.refreshClaimId,
  );

/** An HTTP relay to the sandbox; `refreshSent` resolves once a token request has been passed on whole. */
async function refreshRelay(target: string) {
  let sent!: () => void;
  const refreshSent = new Promise<void>((resolve) => (sent = resolve));
  const server = createServer((request, response) => {
    const upstream = httpRequest(new URL(request.url ?? '/', target), { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    response.on('error', () => undefined);
    request.pipe(upstream);
    if (request.url?.includes('/oauth/token')) request.on('end', () => upstream.on('finish', sent));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refreshSent,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe('signals during a token refresh', () => {
  it('SIGTERM: every caller in flight answered, one refresh stored; another instance carries on with it', async () => {
    const { agency } = await connectedAdmin(db, parseKeyring(key), sandboxSettings(sb, 5000), sb);
    const [a, b] = await Promise.all([startInstance(), startInstance()]);
    await expire(agency.id);
    const before = sb.control.stats().refreshGrants;
    sb.control.setFaults({ latencyMs: 1500, pathPrefix: '/nxsys/oauth/token' });
    const callers = Array.from({ length: 10 }, () => call(a.port, agency.id));
    await leaseTaken(agency.id);
    a.child.kill('SIGTERM');

    expect(await Promise.all(callers)).toEqual(Array(10).fill(200));
    expect(await a.exited).toBe(143);
    sb.control.clearFaults();
    expect(sb.control.stats().refreshGrants - before).toBe(1);
    expect(await connection(agency.id)).toMatchObject({ status: 'CONNECTED', refreshClaimId: null });
    expect(await call(b.port, agency.id)).toBe(200);
    expect(sb.control.stats().refreshGrants - before, 'B used the stored token').toBe(1);
  }, 240_000);

  it('SIGKILL: reconnect required with the reason, admins told once, the other instance serving', async () => {
    const { agency } = await connectedAdmin(db, parseKeyring(key), sandboxSettings(sb, 5000), sb);
    const other = await connectedAdmin(db, parseKeyring(key), sandboxSettings(sb, 5000), sb);
    // The agency's Nxsys calls pass through a relay that says when a refresh request has reached Nxsys whole.
    const relay = await refreshRelay(sb.apiUrl);
    await db.nxsysConnection.update({ where: { agencyId: agency.id }, data: { apiBaseUrl: relay.url } });
    const [a, b] = await Promise.all([startInstance(), startInstance()]);
    await expire(agency.id);
    const before = sb.control.stats().refreshGrants;
    sb.control.setFaults({ latencyMs: 1500, pathPrefix: '/nxsys/oauth/token' });
    const inFlight = call(a.port, agency.id);
    await relay.refreshSent;
    a.child.kill('SIGKILL');
    expect(await inFlight).toBe('no answer');
    // Nxsys still answers the refresh it was sent (rotating the refresh token): the new pair died with A.
    await until(
      async () => sb.control.stats().refreshGrants - before,
      (n) => n === 1,
    );
    sb.control.clearFaults();

    // B waits for A's lease to lapse, takes it over, and is refused: the grant is gone, and it says why.
    expect(await call(b.port, agency.id)).toBe(500);
    expect(await call(b.port, agency.id)).toBe(500);
    expect(await connection(agency.id)).toMatchObject({
      status: 'RECONNECT_REQUIRED',
      lastError: INTERRUPTED_REFRESH_REASON,
      refreshClaimId: null,
    });
    expect(await db.mailOutbox.count({ where: { agencyId: agency.id, kind: 'connection_alert' } })).toBe(1);
    expect(await db.auditEvent.count({ where: { agencyId: agency.id, action: 'nxsys.refresh_failed' } })).toBe(1);
    // B serves every other agency as before.
    expect(await call(b.port, other.agency.id)).toBe(200);
    await relay.close();
  }, 240_000);
});
