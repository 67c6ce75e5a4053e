// UK candidates (/nxsys/candidates: list as {"items"} without totals, create 201 without a body) and Irish
// candidates (/nxsys/candidates/ireland: create 201 with a body). Reads by id answer as the documented Irish
// one does: {"data":{"candidate":{…general fields, pensionSetting, bank, setting, status, …}}}. Requests carry
// `pensionSetting` inside `generalSetting`, as every published example does.
import { badParam, checkId, notFound, paginate, sortBy, type Router, type Scope } from '../http';
import { extended, respond, respondList, type Profile } from '../profile';
import { ANCHOR_DATE } from '../seed';
import type { Candidate, Store } from '../store';
import { Problems, isObject, requireBody, str, validateCandidate } from '../validation';

const BLOCKS = ['generalSetting', 'bankSetting', 'payrollSetting'] as const;

const fullName = (c: Candidate) => `${str(c.generalSetting.forename)} ${str(c.generalSetting.surname)}`.trim();

/** The documented UK list item (the Irish one is its twin without NINumber); extended adds the Eircode. */
export function listItem(c: Candidate, p: Profile) {
  const g = c.generalSetting;
  return {
    id: c.id,
    incrementId: c.incrementId,
    systemId: c.systemId,
    forename: g.forename,
    surname: g.surname,
    fullName: fullName(c),
    ...(c.country === 'UK' ? { NINumber: g.NINumber } : extended(p) ? { eircode: g.eircode } : {}),
    mobile: g.mobile,
    email: g.email,
    agencyRef: g.agencyRef,
    status: c.status,
    registrationStatus: c.registrationStatus,
  };
}

/** The documented Irish read by id (the UK one is assumed to be its twin). */
const documentedById = (c: Candidate) => ({
  candidate: {
    id: c.id,
    incrementId: c.incrementId,
    systemId: c.systemId,
    ...c.generalSetting,
    bank: c.bankSetting,
    setting: c.payrollSetting,
    status: c.status,
    registrationStatus: c.registrationStatus,
    dateLeft: c.dateLeft,
    reason: c.reason,
  },
});

/** Extended profile, UK: the blocks as sent (our earlier guess at the undocumented shape). */
const blocksById = (c: Candidate) => ({
  id: c.id,
  incrementId: c.incrementId,
  systemId: c.systemId,
  status: c.status,
  registrationStatus: c.registrationStatus,
  generalSetting: c.generalSetting,
  bankSetting: c.bankSetting,
  payrollSetting: c.payrollSetting,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

function listed(store: Store, companyId: string, country: 'UK' | 'IE', url: URL, p: Profile) {
  const all = store.company(companyId).candidates.filter((c) => c.country === country);
  // Only page and size are documented for candidate lists: the docs profile ignores everything else.
  if (!extended(p)) return all;
  const q = url.searchParams;
  const search = (q.get('search') ?? '').trim().toLowerCase();
  const status = q.get('status');
  const registrationStatus = q.get('registrationStatus');
  const items = all.filter((c) => {
    if (status && c.status !== status) return false;
    if (registrationStatus && c.registrationStatus !== registrationStatus) return false;
    if (!search) return true;
    const g = c.generalSetting;
    return [c.id, fullName(c), g.email, g.NINumber, g.mobile, g.agencyRef].some((v) =>
      String(v ?? '')
        .toLowerCase()
        .includes(search),
    );
  });
  return sortBy(
    items,
    url,
    {
      incrementId: (c) => c.incrementId,
      forename: (c) => str(c.generalSetting.forename).toLowerCase(),
      surname: (c) => str(c.generalSetting.surname).toLowerCase(),
      email: (c) => str(c.generalSetting.email).toLowerCase(),
      createdAt: (c) => c.createdAt,
      status: (c) => c.status,
    },
    'incrementId',
  );
}

/** The blocks of a create/update body. A `pensionSetting` beside the blocks is not where the docs put it: only the extended profile takes it. */
function blocksOf(body: Record<string, unknown>, p: Profile, required: boolean) {
  const problems = new Problems();
  const blocks: Record<string, Record<string, unknown>> = {};
  for (const block of BLOCKS) {
    const value = body[block];
    if (value === undefined) continue;
    if (!isObject(value)) problems.add(block, `${block} must be an object`);
    else blocks[block] = { ...value };
  }
  if (required && !blocks.generalSetting) problems.add('generalSetting', 'generalSetting is required');
  problems.throwIfAny();
  if (extended(p) && isObject(body.pensionSetting))
    blocks.generalSetting = {
      ...blocks.generalSetting,
      pensionSetting: { ...(blocks.generalSetting?.pensionSetting as object), ...body.pensionSetting },
    };
  return blocks;
}

function emailTaken(store: Store, companyId: string, email: unknown, except?: string) {
  const wanted = str(email).toLowerCase();
  return store.company(companyId).candidates.some((c) => c.id !== except && str(c.generalSetting.email).toLowerCase() === wanted);
}

function checkEmail(store: Store, companyId: string, email: unknown, except?: string) {
  if (!emailTaken(store, companyId, email, except)) return;
  const problems = new Problems();
  problems.add('generalSetting.email', 'A candidate with this email already exists');
  problems.throwIfAny('Conflict');
}

export function registerCandidates(api: Router, store: Store, scoped: Scope, profile: Profile) {
  // Irish routes first: `/nxsys/candidates/ireland` must not be taken for a UK candidate id.
  for (const country of ['IE', 'UK'] as const) {
    const base = country === 'UK' ? '/nxsys/candidates' : '/nxsys/candidates/ireland';
    const find = (companyId: string, id: string) => {
      checkId(id, 'SR');
      const c = store.company(companyId).candidates.find((x) => x.id === id && x.country === country);
      if (!c) throw notFound('Candidate');
      return c;
    };
    const byId = (c: Candidate) => (country === 'UK' && extended(profile) ? blocksById(c) : documentedById(c));

    api.on(
      'GET',
      base,
      scoped((companyId, { url, res }) => {
        const { docs, meta } = paginate(listed(store, companyId, country, url, profile), url);
        respondList(
          profile,
          res,
          country === 'UK' ? 'items' : 'data',
          docs.map((c) => listItem(c, profile)),
          meta,
        );
      }),
    );

    api.on(
      'GET',
      `${base}/:id`,
      scoped((companyId, { params, res }) => {
        // Older deployments have no UK read by id: the route does not exist.
        if (country === 'UK' && !profile.ukReadById) throw notFound(`No route for ${base}/${params.id}`);
        respond(profile, res, 200, { data: byId(find(companyId, params.id!)) });
      }),
    );

    api.on(
      'POST',
      base,
      scoped((companyId, { body, res }) => {
        const blocks = blocksOf(requireBody(body), profile, true);
        // A stricter deployment (SANDBOX_NI_REQUIRED=on): the documented error body, naming the bare field.
        if (country === 'UK' && profile.niRequired && !str(blocks.generalSetting!.NINumber))
          throw badParam('NINumber', 'NINumber is required');
        validateCandidate(blocks, country, ANCHOR_DATE);
        checkEmail(store, companyId, blocks.generalSetting!.email);
        const now = new Date().toISOString();
        const ids = store.nextId('SR', 101000);
        const c: Candidate = {
          ...ids,
          systemId: `ST-${200000 + ids.incrementId}`,
          country,
          status: 'ACTIVE',
          registrationStatus: str(blocks.generalSetting!.registrationStatus) || 'ONGOING',
          dateLeft: null,
          reason: null,
          generalSetting: { agencyRef: store.companies.get(companyId)!.agencyId, ...blocks.generalSetting },
          bankSetting: blocks.bankSetting ?? {},
          payrollSetting: blocks.payrollSetting ?? {},
          createdAt: now,
          updatedAt: now,
        };
        store.company(companyId).candidates.push(c);
        if (country === 'UK' && !profile.ukCreateBody)
          respond(profile, res, 201); // documented: 201 with no body
        else respond(profile, res, 201, { data: byId(c) });
      }),
    );

    api.on(
      'PUT',
      `${base}/:id`,
      scoped((companyId, { params, body, res }) => {
        const c = find(companyId, params.id!);
        const changes = blocksOf(requireBody(body), profile, false);
        const merged: Record<string, Record<string, unknown>> = {};
        for (const block of BLOCKS) merged[block] = { ...c[block], ...changes[block] };
        const pension = changes.generalSetting?.pensionSetting;
        if (isObject(pension))
          merged.generalSetting!.pensionSetting = {
            ...(isObject(c.generalSetting.pensionSetting) ? c.generalSetting.pensionSetting : {}),
            ...pension,
          };
        validateCandidate(merged, country, ANCHOR_DATE, {
          generalSetting: c.generalSetting,
          bankSetting: c.bankSetting,
          payrollSetting: c.payrollSetting,
        });
        checkEmail(store, companyId, merged.generalSetting!.email, c.id);
        Object.assign(c, merged, { updatedAt: new Date().toISOString() });
        if (str(merged.generalSetting!.registrationStatus)) c.registrationStatus = str(merged.generalSetting!.registrationStatus);
        respond(profile, res, 200, { data: byId(c) });
      }),
    );
  }
}
