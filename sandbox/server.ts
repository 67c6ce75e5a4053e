// The Nxsys sandbox: the API host and the login/consent portal host, from one process on two ports.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from './demo';
import { NO_FAULTS, decide, matches, type Faults } from './faults';
import { HttpError, Router, readBody, sendError, sendJson, type Scope } from './http';
import { authenticate, registerOAuth } from './oauth';
import { DOCS_PROFILE, type Profile } from './profile';
import { registerCandidates } from './resources/candidates';
import { registerPaymentRates } from './resources/payment-rates';
import { registerPayslips } from './resources/payslips';
import { approveTimesheet, registerTimesheets } from './resources/timesheets';
import { registerVatCodes } from './resources/vat-codes';
import { makeLargeRun, makeRunDifferences } from './payslip-runs';
import { ANCHOR_DATE, TAX_YEAR, periodOf, seed } from './seed';
import { Store, type ClientApp, type StoreSnapshot } from './store';

export { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_USERS } from './demo';

export interface SandboxOptions {
  host: string;
  apiPort: number;
  portalPort: number;
  /** Public base URLs (default http://localhost:<port>). */
  apiUrl?: string;
  portalUrl?: string;
  /** Redirect URIs registered for the demo client. */
  redirectUris: string[];
  /** More client applications. */
  clients: ClientApp[];
  tokenTtlSeconds: number;
  refreshResponse: 'rotate' | 'same' | 'omit';
  codeTtlMs: number;
  seed: number;
  quiet: boolean;
  /** What the API does beyond the bare docs (default: nothing; see profile.ts). */
  profile: Partial<Profile>;
  /**
   * A JSON file the store (grants, tokens, records, id counters) is kept in: written 0.2 s after a change and on
   * close, read at start, so a restart changes nothing a client can see (`npm run dev` uses
   * .data/sandbox-state.json). Unset: in memory only (tests). reset() starts it afresh from the seed.
   */
  stateFile?: string;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface Sandbox {
  apiUrl: string;
  portalUrl: string;
  store: Store;
  control: SandboxControl;
  close(): Promise<void>;
}

export interface SandboxControl {
  faults: Faults;
  /** Merges into the shared profile, or into one company's when `companyId` is given. */
  setFaults(faults: Partial<Faults>): Faults;
  /** Clears one company's profile, or every profile. */
  clearFaults(companyId?: string): void;
  /** The per-company profiles, by company id. */
  /** Each company's fault profiles, one per (path prefix, method). */
  companyFaults(): Record<string, Faults[]>;
  /** Revokes every grant (of one company, when given): API calls get 401, refreshes invalid_grant. */
  revokeGrants(companyId?: string): number;
  /** Makes every current access token expire now, as if an hour had passed. */
  expireAccessTokens(companyId?: string): number;
  setTokenTtl(seconds: number): void;
  setRefreshResponse(mode: SandboxOptions['refreshResponse']): void;
  approveTimesheet(id: string): void;
  /** A value difference, a duplicate payslip and an unpaid timesheet in one run (sandbox/payslip-runs.ts). */
  makeRunDifferences(input: Parameters<typeof makeRunDifferences>[1]): ReturnType<typeof makeRunDifferences>;
  /** A run of many new workers, paid (sandbox/payslip-runs.ts). */
  makeLargeRun(input: Parameters<typeof makeLargeRun>[1]): ReturnType<typeof makeLargeRun>;
  /**
   * Adds a candidate as Nxsys may hold one from before today's rules (e.g. a legacy NI number), without the
   * checks a create makes; answers its id.
   */
  addLegacyCandidate(input: {
    companyId: string;
    country: 'UK' | 'IE';
    generalSetting: Record<string, unknown>;
    bankSetting?: Record<string, unknown>;
    payrollSetting?: Record<string, unknown>;
  }): string;
  /** The profile now in force; `setProfile` merges into it (kept across reset()). */
  profile: Profile;
  setProfile(profile: Partial<Profile>): Profile;
  /** The latest API requests (method, path, query, JSON body), oldest first, for contract tests. */
  requests(): LoggedRequest[];
  clearRequests(): void;
  reset(): void;
  stats(): Store['stats'];
}

const DEFAULTS: SandboxOptions = {
  host: '127.0.0.1',
  apiPort: 4010,
  portalPort: 4011,
  redirectUris: ['http://localhost:3000/api/nxsys/callback'],
  clients: [],
  tokenTtlSeconds: 3600,
  refreshResponse: 'rotate',
  codeTtlMs: 10 * 60_000,
  seed: 1,
  quiet: true,
  profile: {},
};

export async function startSandbox(overrides: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  const options: SandboxOptions = { ...DEFAULTS, ...overrides };
  let store = new Store();
  const faults: Faults = { ...NO_FAULTS };
  // A company's faults, one profile per (path prefix, method): two tests side by side on one company (a failed save
  // of candidates here, failed reads of payment rates there) each keep their own profile; with one profile per
  // company the second merged into the first, took over its path and method, and the first test's fault never came.
  const companyFaults = new Map<string, Faults[]>();
  const sockets = new Set<Socket>();
  const urls = { api: options.apiUrl ?? '', portal: options.portalUrl ?? '' };
  const profile: Profile = { ...DOCS_PROFILE, ...options.profile };
  const requestLog: LoggedRequest[] = [];

  const saved = (): Store | undefined => {
    if (!options.stateFile || !existsSync(options.stateFile)) return undefined;
    try {
      const snapshot = JSON.parse(readFileSync(options.stateFile, 'utf8')) as StoreSnapshot;
      if (snapshot.version === 1 && snapshot.seed === options.seed) return Store.restore(snapshot);
    } catch (error) {
      console.error(`Nxsys sandbox: ${options.stateFile} could not be read (${String(error)}); starting from the seed.`);
    }
    return undefined;
  };
  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    if (!options.stateFile) return;
    // Written whole and renamed into place: a crash mid-write leaves the previous state, never half a file.
    mkdirSync(path.dirname(options.stateFile), { recursive: true });
    const temporary = `${options.stateFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(store.snapshot(options.seed)));
    renameSync(temporary, options.stateFile);
  };
  const init = (fresh: boolean) => {
    const kept = fresh ? undefined : saved();
    store = kept ?? new Store();
    if (!kept) seed(store, options.seed);
    store.clients.set(DEMO_CLIENT_ID, {
      clientId: DEMO_CLIENT_ID,
      clientSecret: DEMO_CLIENT_SECRET,
      name: 'Agency portal (demo)',
      redirectUris: options.redirectUris,
    });
    for (const client of options.clients) store.clients.set(client.clientId, client);
    save();
  };
  init(false);

  const api = new Router();
  const portal = new Router();
  const scoped: Scope = (handler) => (ctx) => {
    store.stats.apiRequests++;
    return handler(authenticate(store, ctx.req.headers.authorization), ctx);
  };
  registerOAuth(api, portal, store, {
    portalUrl: () => urls.portal,
    tokenTtlSeconds: () => options.tokenTtlSeconds,
    refreshResponse: () => options.refreshResponse,
    codeTtlMs: options.codeTtlMs,
  });
  // Resource modules get the store through a getter so that reset() can swap it.
  const storeProxy = new Proxy({} as Store, { get: (_t, p) => Reflect.get(store, p, store) });
  registerCandidates(api, storeProxy, scoped, profile);
  registerVatCodes(api, storeProxy, scoped, profile);
  registerPaymentRates(api, storeProxy, scoped, profile);
  registerTimesheets(api, storeProxy, scoped, profile);
  registerPayslips(api, storeProxy, scoped, profile);

  const companyOf = (id: string) => [...store.data.entries()].find(([, d]) => d.timesheets.some((t) => t.id === id))?.[0];
  const control: SandboxControl = {
    faults,
    setFaults: (next) => {
      if (!next.companyId) return Object.assign(faults, next);
      const profiles = companyFaults.get(next.companyId) ?? [];
      const sameRule = (f: Faults) => f.pathPrefix === (next.pathPrefix ?? '') && f.method === (next.method ?? '');
      const profile = profiles.find(sameRule) ?? { ...NO_FAULTS };
      if (!profiles.includes(profile)) profiles.push(profile);
      companyFaults.set(next.companyId, profiles);
      return Object.assign(profile, next);
    },
    companyFaults: () => Object.fromEntries(companyFaults),
    clearFaults: (companyId) => {
      if (companyId) return void companyFaults.delete(companyId);
      Object.assign(faults, NO_FAULTS);
      companyFaults.clear();
    },
    revokeGrants: (companyId) => {
      let n = 0;
      for (const g of store.grants.values()) {
        if (companyId && g.companyId !== companyId) continue;
        g.revoked = true;
        n++;
      }
      return n;
    },
    expireAccessTokens: (companyId) => {
      let n = 0;
      for (const t of store.accessTokens.values()) {
        if (companyId && store.grants.get(t.grantId)?.companyId !== companyId) continue;
        t.expiresAt = Date.now() - 1;
        n++;
      }
      return n;
    },
    setTokenTtl: (seconds) => void (options.tokenTtlSeconds = seconds),
    setRefreshResponse: (mode) => void (options.refreshResponse = mode),
    approveTimesheet: (id) => {
      const companyId = companyOf(id);
      if (!companyId) throw new HttpError(404, 'resource_not_found', 'Timesheet not found');
      approveTimesheet(store, companyId, id);
    },
    makeRunDifferences: (input) => makeRunDifferences(store, input),
    makeLargeRun: (input) => makeLargeRun(store, input),
    addLegacyCandidate: ({ companyId, country, generalSetting, bankSetting = {}, payrollSetting = {} }) => {
      const ids = store.nextId('SR', 101000);
      const now = new Date().toISOString();
      store.company(companyId).candidates.push({
        ...ids,
        systemId: `ST-${200000 + ids.incrementId}`,
        country,
        status: 'ACTIVE',
        registrationStatus: 'REGISTRATION_COMPLETE',
        dateLeft: null,
        reason: null,
        generalSetting: { agencyRef: store.companies.get(companyId)?.agencyId, ...generalSetting },
        bankSetting,
        payrollSetting,
        createdAt: now,
        updatedAt: now,
      });
      return ids.id;
    },
    profile,
    setProfile: (next) => Object.assign(profile, next),
    requests: () => [...requestLog],
    clearRequests: () => void requestLog.splice(0),
    reset: () => {
      init(true);
      Object.assign(faults, NO_FAULTS);
      companyFaults.clear();
    },
    stats: () => ({ ...store.stats }),
  };
  registerControl(api, control, options);

  const companyOfCaller = (req: IncomingMessage) => {
    try {
      return authenticate(store, req.headers.authorization);
    } catch {
      return null;
    }
  };

  /** The response's end is held back: the request is acted on now, its answer comes late (or never, to a caller gone). */
  const holdAnswer = (res: ServerResponse, ms: number) => {
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      setTimeout(() => end(...args), ms);
      return res;
    }) as ServerResponse['end'];
  };

  const handle = (router: Router, isApi: boolean) => async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? '/', 'http://sandbox.local');
      // The request is read in full before any latency: a slow Nxsys still acts on a request whose caller gave up.
      const { body, form } = await readBody(req);
      if (isApi && !url.pathname.startsWith('/__sandbox')) {
        const caller = companyFaults.size ? companyOfCaller(req) : null;
        const profiles = [...((caller && companyFaults.get(caller)) || []), faults];
        const request = { method: req.method ?? 'GET', path: url.pathname };
        const latency = Math.max(0, ...profiles.filter((f) => matches(f, request)).map((f) => f.latencyMs));
        if (latency > 0) await new Promise((r) => setTimeout(r, latency));
        const answerLatency = Math.max(0, ...profiles.filter((f) => matches(f, request)).map((f) => f.answerLatencyMs));
        if (answerLatency > 0) holdAnswer(res, answerLatency);
        const fault = profiles.map((f) => decide(f, request, Math.random)).find((d) => d.kind !== 'none') ?? { kind: 'none' };
        if (fault.kind === 'hang') return; // never answered; the socket closes with the server
        if (fault.kind === 'rate_limit')
          throw new HttpError(429, 'rate_limited', 'Too many requests', {}, { 'Retry-After': String(fault.retryAfter) });
        if (fault.kind === 'fail') throw new HttpError(fault.status, 'internal_error', 'The service is temporarily unavailable');
      }
      const route = router.match(req.method ?? 'GET', url.pathname);
      if (route === null) throw new HttpError(404, 'resource_not_found', `No route for ${url.pathname}`);
      if (route === 'method') throw new HttpError(405, 'invalid_request', `${req.method} is not allowed on ${url.pathname}`);
      if (isApi && url.pathname.startsWith('/nxsys/') && !url.pathname.startsWith('/nxsys/oauth')) {
        requestLog.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body });
        if (requestLog.length > 500) requestLog.shift();
      }
      await route.handler({ req, res, url, params: route.params, body, form });
    } catch (error) {
      if (error instanceof HttpError) return sendError(res, error);
      if (!options.quiet) console.error(error);
      sendError(res, new HttpError(500, 'internal_error', 'Internal server error'));
    } finally {
      // Only writes change the store (a refused one too, e.g. a refresh token presented twice). Writing the whole
      // store takes a while, so a burst of writes (an import) is saved once, a moment after; close() saves at once.
      if (req.method !== 'GET' && options.stateFile) saveTimer ??= setTimeout(save, 200);
    }
  };

  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.on('connection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      server.once('error', reject);
      server.listen(port, options.host, () => resolve((server.address() as AddressInfo).port));
    });
  const apiServer = http.createServer(handle(api, true));
  const portalServer = http.createServer(handle(portal, false));
  const apiPort = await listen(apiServer, options.apiPort);
  const portalPort = await listen(portalServer, options.portalPort);
  urls.api ||= `http://localhost:${apiPort}`;
  urls.portal ||= `http://localhost:${portalPort}`;

  return {
    apiUrl: urls.api,
    portalUrl: urls.portal,
    get store() {
      return store;
    },
    control,
    close: async () => {
      save();
      for (const s of sockets) s.destroy();
      await Promise.all([apiServer, portalServer].map((s) => new Promise((r) => s.close(r))));
    },
  };
}

function registerControl(api: Router, control: SandboxControl, options: SandboxOptions) {
  const json = (body: unknown) => (body && typeof body === 'object' ? (body as Record<string, unknown>) : {});
  api.on('GET', '/__sandbox/state', ({ res }) =>
    sendJson(res, 200, {
      profile: control.profile,
      faults: control.faults,
      companyFaults: control.companyFaults(),
      stats: control.stats(),
      tokenTtlSeconds: options.tokenTtlSeconds,
      refreshResponse: options.refreshResponse,
    }),
  );
  api.on('GET', '/__sandbox/stats', ({ res }) => sendJson(res, 200, control.stats()));
  api.on('POST', '/__sandbox/faults', ({ body, res }) => sendJson(res, 200, control.setFaults(json(body) as Partial<Faults>)));
  api.on(
    'DELETE',
    '/__sandbox/faults',
    ({ url, res }) => (control.clearFaults(url.searchParams.get('companyId') ?? undefined), sendJson(res, 200, control.faults)),
  );
  api.on('POST', '/__sandbox/revoke', ({ body, res }) =>
    sendJson(res, 200, { revoked: control.revokeGrants(json(body).companyId as string | undefined) }),
  );
  api.on('POST', '/__sandbox/expire-tokens', ({ body, res }) =>
    sendJson(res, 200, { expired: control.expireAccessTokens(json(body).companyId as string | undefined) }),
  );
  api.on('POST', '/__sandbox/config', ({ body, res }) => {
    const b = json(body);
    if (typeof b.tokenTtlSeconds === 'number') control.setTokenTtl(b.tokenTtlSeconds);
    if (b.refreshResponse === 'rotate' || b.refreshResponse === 'same' || b.refreshResponse === 'omit')
      control.setRefreshResponse(b.refreshResponse);
    if (b.profile && typeof b.profile === 'object') control.setProfile(b.profile as Partial<Profile>);
    sendJson(res, 200, { tokenTtlSeconds: options.tokenTtlSeconds, refreshResponse: options.refreshResponse, profile: control.profile });
  });
  api.on(
    'POST',
    '/__sandbox/time-sheets/:id/approve',
    ({ params, res }) => (control.approveTimesheet(params.id!), sendJson(res, 200, { approved: params.id })),
  );
  const runInput = (body: unknown) => {
    const b = json(body);
    const int = (v: unknown, fallback: number) => (Number.isInteger(v) ? (v as number) : fallback);
    return {
      companyId: typeof b.companyId === 'string' ? b.companyId : 'COM-1',
      taxYear: int(b.taxYear, TAX_YEAR),
      taxPeriod: int(b.taxPeriod, periodOf(ANCHOR_DATE) - 1),
      workers: Math.min(5000, Math.max(1, int(b.workers, 500))),
    };
  };
  api.on('POST', '/__sandbox/payslip-runs/differences', ({ body, res }) => sendJson(res, 200, control.makeRunDifferences(runInput(body))));
  api.on('POST', '/__sandbox/payslip-runs', ({ body, res }) => sendJson(res, 201, control.makeLargeRun(runInput(body))));
  api.on('POST', '/__sandbox/candidates', ({ body, res }) =>
    sendJson(res, 201, { id: control.addLegacyCandidate(json(body) as Parameters<SandboxControl['addLegacyCandidate']>[0]) }),
  );
  api.on('GET', '/__sandbox/requests', ({ res }) => sendJson(res, 200, control.requests()));
  api.on('POST', '/__sandbox/reset', ({ res }) => (control.reset(), sendJson(res, 200, { reset: true })));
}
