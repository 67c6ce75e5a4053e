// UK candidates (/nxsys/candidates: list as {"items"}, create 201 without a body) and Irish candidates
// (/nxsys/candidates/ireland: create 201 with a body, get-by-id as {"data":{"candidate":{…bank, setting}}}).
import { checkId, notFound, paginate, sendJson, sortBy, type Router, type Scope } from '../http';
import { ANCHOR_DATE } from '../seed';
import type { Candidate, Store } from '../store';
import { Problems, isObject, requireBody, str, validateCandidate } from '../validation';

const BLOCKS = ['generalSetting', 'bankSetting', 'payrollSetting', 'pensionSetting'] as const;

const fullName = (c: Candidate) => `${str(c.generalSetting.forename)} ${str(c.generalSetting.surname)}`.trim();

export function listItem(c: Candidate) {
  const g = c.generalSetting;
  return {
    id: c.id, incrementId: c.incrementId, systemId: c.systemId, forename: g.forename, surname: g.surname, fullName: fullName(c),
    ...(c.country === 'UK' ? { NINumber: g.NINumber } : { eircode: g.eircode }), mobile: g.mobile, email: g.email, agencyRef: g.agencyRef,
    status: c.status, registrationStatus: c.registrationStatus,
  };
}

const full = (c: Candidate) => ({
  id: c.id, incrementId: c.incrementId, systemId: c.systemId, status: c.status, registrationStatus: c.registrationStatus,
  generalSetting: c.generalSetting, bankSetting: c.bankSetting, payrollSetting: c.payrollSetting, pensionSetting: c.pensionSetting,
  createdAt: c.createdAt, updatedAt: c.updatedAt,
});

const irishById = (c: Candidate) => ({
  candidate: {
    id: c.id, incrementId: c.incrementId, systemId: c.systemId, generalSetting: c.generalSetting, pensionSetting: c.pensionSetting,
    bank: c.bankSetting, setting: c.payrollSetting, status: c.status, registrationStatus: c.registrationStatus, dateLeft: c.dateLeft, reason: c.reason,
  },
});

function filtered(store: Store, companyId: string, country: 'UK' | 'IE', url: URL) {
  const q = url.searchParams;
  const search = (q.get('search') ?? '').trim().toLowerCase();
  const status = q.get('status');
  const registrationStatus = q.get('registrationStatus');
  const items = store.company(companyId).candidates.filter((c) => {
    if (c.country !== country) return false;
    if (status && c.status !== status) return false;
    if (registrationStatus && c.registrationStatus !== registrationStatus) return false;
    if (!search) return true;
    const g = c.generalSetting;
    return [c.id, fullName(c), g.email, g.NINumber, g.mobile, g.agencyRef].some((v) => String(v ?? '').toLowerCase().includes(search));
  });
  return sortBy(items, url, {
    incrementId: (c) => c.incrementId, forename: (c) => str(c.generalSetting.forename).toLowerCase(), surname: (c) => str(c.generalSetting.surname).toLowerCase(),
    email: (c) => str(c.generalSetting.email).toLowerCase(), createdAt: (c) => c.createdAt, status: (c) => c.status,
  }, 'incrementId');
}

function blocksOf(body: Record<string, unknown>) {
  const p = new Problems();
  const blocks: Record<string, Record<string, unknown>> = {};
  for (const block of BLOCKS) {
    const value = body[block];
    if (value === undefined) continue;
    if (!isObject(value)) p.add(block, `${block} must be an object`);
    else blocks[block] = value;
  }
  if (!blocks.generalSetting && body.generalSetting === undefined) p.add('generalSetting', 'generalSetting is required');
  p.throwIfAny();
  return blocks;
}

function emailTaken(store: Store, companyId: string, email: unknown, except?: string) {
  const wanted = str(email).toLowerCase();
  return store.company(companyId).candidates.some((c) => c.id !== except && str(c.generalSetting.email).toLowerCase() === wanted);
}

export function registerCandidates(api: Router, store: Store, scoped: Scope) {
  // Irish routes first: `/nxsys/candidates/ireland` must not be taken for a UK candidate id.
  for (const country of ['IE', 'UK'] as const) {
    const base = country === 'UK' ? '/nxsys/candidates' : '/nxsys/candidates/ireland';
    const find = (companyId: string, id: string) => {
      checkId(id, 'SR');
      const c = store.company(companyId).candidates.find((x) => x.id === id && x.country === country);
      if (!c) throw notFound('Candidate');
      return c;
    };

    api.on('GET', base, scoped((companyId, { url, res }) => {
      const { docs, meta } = paginate(filtered(store, companyId, country, url), url);
      // UK lists are documented as {"items": […]}; Irish ones use the general {"data", "meta"} envelope.
      sendJson(res, 200, country === 'UK' ? { items: docs.map(listItem), meta } : { data: docs.map(listItem), meta });
    }));

    api.on('GET', `${base}/:id`, scoped((companyId, { params, res }) => {
      const c = find(companyId, params.id!);
      sendJson(res, 200, { data: country === 'UK' ? full(c) : irishById(c) });
    }));

    api.on('POST', base, scoped((companyId, { body, res }) => {
      const blocks = blocksOf(requireBody(body));
      validateCandidate(blocks, country, ANCHOR_DATE);
      if (emailTaken(store, companyId, blocks.generalSetting!.email)) {
        const p = new Problems();
        p.add('generalSetting.email', 'A candidate with this email already exists');
        p.throwIfAny('Conflict');
      }
      const now = new Date().toISOString();
      const ids = store.nextId('SR', 101000);
      const c: Candidate = {
        ...ids, systemId: `ST-${200000 + ids.incrementId}`, country, status: 'ACTIVE',
        registrationStatus: str(blocks.generalSetting!.registrationStatus) || 'ONGOING', dateLeft: null, reason: null,
        generalSetting: { agencyRef: store.companies.get(companyId)!.agencyId, ...blocks.generalSetting }, bankSetting: blocks.bankSetting ?? {},
        payrollSetting: blocks.payrollSetting ?? {}, pensionSetting: blocks.pensionSetting ?? {}, createdAt: now, updatedAt: now,
      };
      store.company(companyId).candidates.push(c);
      if (country === 'UK') sendJson(res, 201); // documented: 201 with no body
      else sendJson(res, 201, { data: full(c) });
    }));

    api.on('PUT', `${base}/:id`, scoped((companyId, { params, body, res }) => {
      const c = find(companyId, params.id!);
      const changes = requireBody(body);
      const merged: Record<string, Record<string, unknown>> = {};
      for (const block of BLOCKS) {
        const change = changes[block];
        if (change !== undefined && !isObject(change)) {
          const p = new Problems();
          p.add(block, `${block} must be an object`);
          p.throwIfAny();
        }
        merged[block] = { ...(c[block] as Record<string, unknown>), ...(isObject(change) ? change : {}) };
      }
      validateCandidate(merged, country, ANCHOR_DATE);
      if (emailTaken(store, companyId, merged.generalSetting!.email, c.id)) {
        const p = new Problems();
        p.add('generalSetting.email', 'A candidate with this email already exists');
        p.throwIfAny('Conflict');
      }
      Object.assign(c, merged, { updatedAt: new Date().toISOString() });
      if (str(merged.generalSetting!.registrationStatus)) c.registrationStatus = str(merged.generalSetting!.registrationStatus);
      sendJson(res, 200, { data: full(c) });
    }));
  }
}
