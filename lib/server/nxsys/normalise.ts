import 'server-only';

export interface PageMeta {
  totalDocs: number;
  page: number;
  size: number;
  totalPages: number;
}

export interface Page<T> {
  data: T[];
  meta: PageMeta;
}

const num = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/**
 * Nxsys lists come as `{"items": […]}` (candidates, payslips), `{"data": […], "meta": {…}}`, or the older
 * `{"data": […], "totalDocs": n}`, with numbers sometimes as strings. Pages see one shape.
 */
export function normalisePage<T = Record<string, unknown>>(body: unknown, requested: { page: number; size: number }): Page<T> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const list = Array.isArray(body) ? body : Array.isArray(b.items) ? b.items : Array.isArray(b.data) ? b.data : [];
  const meta = (b.meta && typeof b.meta === 'object' ? b.meta : b) as Record<string, unknown>;
  const size = num(meta.size) ?? num(meta.limit) ?? requested.size;
  const page = num(meta.page) ?? requested.page;
  const totalDocs = num(meta.totalDocs) ?? num(meta.total) ?? (page - 1) * size + list.length;
  const totalPages = num(meta.totalPages) ?? Math.max(1, Math.ceil(totalDocs / Math.max(1, size)));
  return { data: list as T[], meta: { totalDocs, page, size, totalPages } };
}

/** `{"data": x}`, `{"data": [x]}` (timesheet update), `{"data": {"candidate": x}}` (Irish get-by-id) or x. */
export function unwrapOne<T = Record<string, unknown>>(body: unknown): T | null {
  if (!body || typeof body !== 'object') return null;
  let value: unknown = 'data' in body ? (body as { data: unknown }).data : body;
  if (Array.isArray(value)) value = value[0];
  if (value && typeof value === 'object' && 'candidate' in value) value = (value as { candidate: unknown }).candidate;
  return (value ?? null) as T | null;
}
