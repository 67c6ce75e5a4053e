// Small HTTP helpers for the sandbox: routing, bodies, and the documented Nxsys error body
// {"error":{"code","message","details":{…}}}.
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badParam = (field: string, message: string, extra: Record<string, unknown> = {}) =>
  new HttpError(400, 'invalid_parameter', message, { field, ...extra });
export const invalid = (field: string, message: string) => new HttpError(422, 'invalid_request', message, { field });
export const notFound = (what: string) => new HttpError(404, 'resource_not_found', `${what} not found`);

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  body: unknown;
  form: URLSearchParams | null;
}

export type Handler = (ctx: Ctx) => void | Promise<void>;

export function sendJson(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export function sendError(res: ServerResponse, error: HttpError) {
  sendJson(res, error.status, { error: { code: error.code, message: error.message, details: error.details } }, error.headers);
}

export function sendHtml(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(html);
}

export async function readBody(req: IncomingMessage): Promise<{ body: unknown; form: URLSearchParams | null; raw: string }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!raw) return { body: undefined, form: null, raw };
  if (type === 'application/x-www-form-urlencoded') return { body: undefined, form: new URLSearchParams(raw), raw };
  if (type === 'application/json') {
    try {
      return { body: JSON.parse(raw), form: null, raw };
    } catch {
      throw new HttpError(400, 'invalid_request', 'The request body is not valid JSON');
    }
  }
  return { body: undefined, form: null, raw };
}

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

export class Router {
  private routes: Route[] = [];

  on(method: string, path: string, handler: Handler) {
    const keys: string[] = [];
    const pattern = new RegExp('^' + path.replace(/:([A-Za-z]+)/g, (_m, key: string) => (keys.push(key), '([^/]+)')) + '/?$');
    this.routes.push({ method, pattern, keys, handler });
    return this;
  }

  match(method: string, pathname: string): { handler: Handler; params: Record<string, string> } | 'method' | null {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(pathname);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => (params[key] = decodeURIComponent(m[i + 1]!)));
      return { handler: route.handler, params };
    }
    return pathMatched ? 'method' : null;
  }
}

/** page (default 1, ≥ 1) and size (default 20, 1…100), as documented. */
export function pageParams(url: URL) {
  const page = url.searchParams.get('page') ?? '1';
  const size = url.searchParams.get('size') ?? '20';
  if (!/^\d+$/.test(page) || Number(page) < 1) throw badParam('page', 'page must be an integer of at least 1');
  if (!/^\d+$/.test(size) || Number(size) < 1 || Number(size) > 100) throw badParam('size', 'size must be an integer from 1 to 100');
  return { page: Number(page), size: Number(size) };
}

export function paginate<T>(items: T[], url: URL) {
  const { page, size } = pageParams(url);
  const totalDocs = items.length;
  return {
    docs: items.slice((page - 1) * size, page * size),
    meta: { totalDocs, page, size, totalPages: Math.max(1, Math.ceil(totalDocs / size)) },
  };
}

/** sortType asc|desc on a whitelisted sortField. */
export function sortBy<T>(items: T[], url: URL, fields: Record<string, (item: T) => string | number>, fallback: string): T[] {
  const field = url.searchParams.get('sortField') ?? fallback;
  const type = (url.searchParams.get('sortType') ?? 'asc').toLowerCase();
  const key = fields[field];
  if (!key) throw badParam('sortField', `sortField must be one of ${Object.keys(fields).join(', ')}`);
  if (type !== 'asc' && type !== 'desc') throw badParam('sortType', 'sortType must be asc or desc');
  const dir = type === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return (x < y ? -1 : x > y ? 1 : 0) * dir;
  });
}

/** Documented id format `XX-999999999`. */
export function checkId(id: string, prefix: string) {
  if (!/^[A-Z]{2,3}-\d{1,9}$/.test(id)) {
    throw badParam('id', 'The provided ID format is invalid', { expected_format: 'XX-999999999' });
  }
  if (!id.startsWith(prefix + '-')) throw notFound('Resource');
}

/** A handler that runs for the umbrella company of the request's access token. */
export type ScopedHandler = (companyId: string, ctx: Ctx) => void | Promise<void>;
export type Scope = (handler: ScopedHandler) => Handler;
