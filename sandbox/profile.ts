// What the sandbox does beyond the bare docs. By default it follows the docs and nothing else ("docs"
// profile): lists as each endpoint's example shows them, only documented query parameters honoured (any
// other is ignored, as a real server may), only documented fields. The "extended" profile adds what we
// merely guess (filter and sort names, extra fields), so the portal can be tested on both. The other
// switches give the documented variants one at a time (for the contract tests).
import type { ServerResponse } from 'node:http';
import { sendJson } from './http';

export interface Profile {
  /** 'docs' (default): the docs only; 'extended': also our guesses. */
  name: 'docs' | 'extended';
  /** The UK read by id is in the latest docs only; older deployments answer 404 (no such route). */
  ukReadById: boolean;
  /** The list key: as each endpoint's docs example ('docs'), or 'items' / 'data' everywhere. */
  listKey: 'docs' | 'items' | 'data';
  /** Totals: as each endpoint's docs example ('docs': none for `items` lists, `meta` for `data` lists), or one style everywhere. */
  listTotals: 'docs' | 'meta' | 'totalDocs' | 'none';
  /** Every number in an answer sent as a string ("2026", "100.5"), as some doc examples do. */
  numbersAsStrings: boolean;
  /** A UK create answers 201 without a body (docs) or, when true, with `{"data": …}`. */
  ukCreateBody: boolean;
  /**
   * The docs show `NINumber` in examples but never say it is required, so a UK candidate without one is accepted
   * (default). When true, a UK create without one is refused with the documented error body
   * (400 `invalid_parameter`, `details.field: "NINumber"`), as a stricter deployment might.
   */
  niRequired: boolean;
}

export const DOCS_PROFILE: Profile = {
  name: 'docs',
  ukReadById: true,
  listKey: 'docs',
  listTotals: 'docs',
  numbersAsStrings: false,
  ukCreateBody: false,
  niRequired: false,
};

/** From the environment: SANDBOX_PROFILE=extended, SANDBOX_UK_READ_BY_ID=off, SANDBOX_NI_REQUIRED=on. */
export function profileFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<Profile> {
  return {
    ...(env.SANDBOX_PROFILE === 'extended' ? { name: 'extended' as const } : {}),
    ...(env.SANDBOX_UK_READ_BY_ID === 'off' ? { ukReadById: false } : {}),
    ...(env.SANDBOX_NI_REQUIRED === 'on' ? { niRequired: true } : {}),
  };
}

export const extended = (p: Profile) => p.name === 'extended';

function stringifyNumbers(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(stringifyNumbers);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringifyNumbers(v)]));
  return value;
}

/** Answers an API call, with every number as a string when the profile says so. */
export function respond(p: Profile, res: ServerResponse, status: number, body?: unknown) {
  sendJson(res, status, body !== undefined && p.numbersAsStrings ? stringifyNumbers(body) : body);
}

/** A page of a list in the envelope the docs show for it (`docsKey`), or the one the profile forces. */
export function respondList(
  p: Profile,
  res: ServerResponse,
  docsKey: 'items' | 'data',
  docs: unknown[],
  meta: { totalDocs: number; page: number; size: number; totalPages: number },
) {
  const key = p.listKey === 'docs' ? docsKey : p.listKey;
  // Docs: `items` examples carry no totals; `data` lists carry `meta`. The extended profile adds meta everywhere.
  const totals = p.listTotals !== 'docs' ? p.listTotals : docsKey === 'data' || extended(p) ? 'meta' : 'none';
  const body: Record<string, unknown> = { [key]: docs };
  if (totals === 'meta') body.meta = meta;
  if (totals === 'totalDocs') body.totalDocs = meta.totalDocs;
  respond(p, res, 200, body);
}
