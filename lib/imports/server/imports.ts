import 'server-only';
import { createHash } from 'node:crypto';
import { ApiError } from '@/lib/errors/api-error';
import { ukDate } from '@/lib/dates';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { csvRow } from '@/lib/server/csv';
import { db } from '@/lib/server/db';
import {
  importRequestSchema,
  ITEM_STATES,
  type ColumnFix,
  type ImportPreview,
  type ImportRequest,
  type ImportStatus,
  type ItemState,
  type RowProblem,
  type UploadedFile,
} from '../schema';
import { openInvitations } from '@/lib/onboarding/server';
import { holdForReview, reviewRequired, type TimesheetBody } from '@/lib/timesheets/server';
import { checkCandidateRows, isInviteBody } from './candidate-rows';
import { knownCandidates, knownRates } from './lookups';
import { parseUpload, type ParseOptions } from './parse';
import { attachCandidates, markHeldInNxsys, markSent, sentBefore, startJob, totalsByCurrency, type PlannedItem } from './start';
import { checkTimesheetRows, type CellFixes } from './timesheet-rows';

type AgencyUser = Pick<CurrentUser, 'agency'>;
type Upload = { id: string; fileName: string; fileHash: string; header: string[] };

/**
 * Reads an uploaded file and keeps it on the server with the SHA-256 of its bytes (computed here, never taken from
 * the browser): the preview and the import refer to it by id.
 */
export async function uploadImportFile(
  user: Pick<CurrentUser, 'agency' | 'id'>,
  fileName: string,
  bytes: Uint8Array,
  options: ParseOptions = {},
): Promise<UploadedFile> {
  const parsed = await parseUpload(fileName, bytes, options);
  const upload = await db.importUpload.create({
    data: {
      agencyId: user.agency.id,
      createdById: user.id,
      fileName: parsed.fileName,
      fileHash: createHash('sha256').update(bytes).digest('hex'),
      header: parsed.header,
      rows: parsed.rows,
    },
    select: { id: true },
  });
  return {
    uploadId: upload.id,
    fileName: parsed.fileName,
    header: parsed.header,
    rows: parsed.rows,
    ...(parsed.encoding && { encoding: parsed.encoding, delimiter: parsed.delimiter }),
    ...(parsed.sheets && { sheets: parsed.sheets, sheet: parsed.sheet }),
    ...(parsed.notes && { notes: parsed.notes }),
  };
}

async function uploadOf(user: AgencyUser, id: string): Promise<Upload> {
  const upload = await db.importUpload.findFirst({
    where: { id, agencyId: user.agency.id },
    select: { id: true, fileName: true, fileHash: true, header: true },
  });
  if (!upload) throw new ApiError('import_upload_expired', 'This upload is no longer kept: choose the file again.');
  return { ...upload, header: upload.header as string[] };
}

interface Checked {
  preview: ImportPreview;
  items: PlannedItem[];
}

/** The file's own name for a field's column ("Surname", "Tax Week"), for reasons and the report. */
const columnLabel = (request: ImportRequest, upload: Upload, field: string) =>
  field === '_' ? 'Row' : (upload.header[request.mapping[field] ?? -1] ?? field);

/** A row's problems in one line, each with its column: "Payment Code: PR999 does not exist in Nxsys; …". */
const reasonOf = (request: ImportRequest, upload: Upload, problem: RowProblem) =>
  Object.entries(problem.errors)
    .map(([field, message]) => `${columnLabel(request, upload, field)}: ${message}`)
    .join('; ');

function columnFixes(request: ImportRequest, fixes: CellFixes, codes: string[]): ColumnFix[] {
  const out: ColumnFix[] = [];
  const names = fixes.nxsysName;
  const mapped = (field: string) => request.mapping[field] !== undefined;
  if (names.length && (mapped('forename') || mapped('surname'))) {
    out.push({
      kind: 'nxsysName',
      label: `Use the name Nxsys holds for ${names.length === 1 ? 'this id' : `these ${names.length} ids`}`,
      changes: names.flatMap((n) => [
        ...(mapped('forename') ? [{ rowNumber: n.rowNumber, field: 'forename', value: n.forename }] : []),
        ...(mapped('surname') ? [{ rowNumber: n.rowNumber, field: 'surname', value: n.surname }] : []),
      ]),
    });
  }
  if (fixes.taxPeriod.length) {
    out.push({
      kind: 'taxPeriod',
      label: `Take the tax period from the start date (${fixes.taxPeriod.length === 1 ? '1 row' : `${fixes.taxPeriod.length} rows`})`,
      changes: fixes.taxPeriod.map((f) => ({ rowNumber: f.rowNumber, field: 'taxPeriod', value: f.value })),
    });
  }
  const unknown = new Map<string, number[]>();
  for (const f of fixes.paymentCode) unknown.set(f.code, [...(unknown.get(f.code) ?? []), f.rowNumber]);
  for (const [code, rows] of unknown) {
    out.push({
      kind: 'paymentCode',
      label: `Map payment code ${code} to another code (${rows.length === 1 ? '1 row' : `${rows.length} rows`})`,
      from: code,
      choices: codes,
      changes: rows.map((rowNumber) => ({ rowNumber, field: 'paymentCode', value: '' })),
    });
  }
  return out;
}

/** The rows' checks for one kind: problems, the column fixes found, and the items they would send. */
async function checkRows(user: AgencyUser, request: ImportRequest, preview: ImportPreview) {
  if (request.kind === 'TIMESHEETS') {
    if (!request.payFrequency)
      throw new ApiError('validation_failed', 'Choose the pay frequency of the file.', { payFrequency: 'Choose the pay frequency' });
    const [{ candidates, complete }, rates] = await Promise.all([knownCandidates(user), knownRates(user)]);
    const result = checkTimesheetRows(request, candidates, rates, complete);
    preview.duplicates = result.duplicates;
    preview.timesheets = result.groups.map((g) => g.preview);
    await attachCandidates(user, preview.timesheets);
    const items: PlannedItem[] = result.groups.map((g) => ({
      rowNumbers: g.rowNumbers,
      matchKey: g.matchKey,
      label: `${g.preview.candidateName} (${g.preview.candidateId}), ${ukDate(g.preview.startDate)}–${ukDate(g.preview.endDate)}`,
      body: g.payload,
    }));
    // The codes an unknown one can be mapped to: those a line can be sent with (a default VAT code).
    const codes = rates
      .filter((r) => r.vatId)
      .map((r) => r.code)
      .sort();
    return { problems: result.problems, fixes: result.fixes, items, codes };
  }
  const emailAt = request.mapping.email;
  const emails = emailAt === undefined ? [] : request.rows.map((r) => (r.cells[emailAt] ?? '').trim().toLowerCase()).filter(Boolean);
  const [{ candidates }, open] = await Promise.all([knownCandidates(user), openInvitations(db, user.agency.id, [...new Set(emails)])]);
  const result = checkCandidateRows(request, candidates, new Set(open.map((i) => i.email)));
  preview.candidates = result.candidates.map((c) => c.preview);
  const items: PlannedItem[] = result.candidates.map((c) => ({
    rowNumbers: [c.preview.rowNumber],
    matchKey: c.preview.key,
    label: c.preview.invite ? `Onboarding link to ${c.preview.name} (${c.preview.email})` : c.preview.name,
    body: c.body,
  }));
  return { problems: result.problems, fixes: { nxsysName: [], taxPeriod: [], paymentCode: [] } as CellFixes, items, codes: [] };
}

async function check(user: AgencyUser, request: ImportRequest, upload: Upload): Promise<Checked> {
  const preview: ImportPreview = {
    kind: request.kind,
    rowCount: request.rows.length,
    problems: [],
    skippedRows: [],
    fixes: [],
    timesheets: [],
    candidates: [],
    totals: [],
    uncounted: 0,
    duplicates: [],
    sameFile: null,
    alreadyImportedCount: 0,
  };
  // Skipped rows are taken out before anything is checked or grouped: what is sent is exactly the other rows. They
  // are checked on their own only to say why they were skipped.
  const skip = new Set(request.skip ?? []);
  const kept = skip.size ? { ...request, rows: request.rows.filter((r) => !skip.has(r.rowNumber)) } : request;
  const { problems, fixes, items, codes } = await checkRows(user, kept, preview);
  preview.problems = problems.sort((a, b) => a.rowNumber - b.rowNumber);
  if (skip.size) {
    const left = { ...request, rows: request.rows.filter((r) => skip.has(r.rowNumber)) };
    const own = await checkRows(user, left, { ...preview });
    const why = new Map(own.problems.map((p) => [p.rowNumber, reasonOf(request, upload, p)]));
    preview.skippedRows = left.rows.map((r) => ({ rowNumber: r.rowNumber, reason: why.get(r.rowNumber) ?? 'Skipped (no problem found)' }));
  }
  preview.fixes = columnFixes(request, fixes, codes);

  // Re-uploads: the same file (by the hash of its bytes), records an earlier import sent or is sending, and
  // timesheets Nxsys already holds for the same candidate and period, however they were made.
  const previous = await db.importJob.findFirst({
    where: { agencyId: user.agency.id, fileHash: upload.fileHash, kind: request.kind },
    orderBy: { createdAt: 'desc' },
    select: { id: true, createdAt: true, status: true },
  });
  if (previous) preview.sameFile = { importId: previous.id, at: previous.createdAt.toISOString(), status: previous.status };
  const sent = await sentBefore(
    user.agency.id,
    items.map((i) => i.matchKey),
  );
  markSent(preview.timesheets, sent, request.resend);
  markSent(preview.candidates, sent, request.resend);
  await markHeldInNxsys(user, preview.timesheets, items, request.resend);
  preview.alreadyImportedCount = [...preview.timesheets, ...preview.candidates].filter((r) => r.alreadyImported).length;
  Object.assign(preview, totalsByCurrency(preview.timesheets));
  return { preview, items };
}

/** Every row checked against Nxsys and grouped as it would be sent; nothing is sent. */
export async function previewImport(user: AgencyUser, input: unknown): Promise<ImportPreview> {
  const request = importRequestSchema.parse(input);
  return (await check(user, request, await uploadOf(user, request.uploadId))).preview;
}

/**
 * The report before anything is sent: the rows as they stand (with the user's corrections) and a Problems column
 * (each problem with its column, or why the row is skipped), so the file can be fixed and uploaded again.
 */
export async function previewReport(user: AgencyUser, input: unknown): Promise<Response> {
  const request = importRequestSchema.parse(input);
  const upload = await uploadOf(user, request.uploadId);
  const { preview } = await check(user, request, upload);
  const why = new Map(preview.problems.map((p) => [p.rowNumber, reasonOf(request, upload, p)]));
  for (const s of preview.skippedRows) why.set(s.rowNumber, `Skipped: ${s.reason}`);
  let body = '\uFEFF' + csvRow([...upload.header, 'Problems']);
  for (const row of request.rows) body += csvRow([...row.cells, why.get(row.rowNumber) ?? '']);
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${reportBase(upload.fileName)}-problems.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}

const reportBase = (fileName: string) =>
  fileName
    .replace(/\.[^.]+$/, '')
    .replace(/[^\w.-]+/g, '-')
    .slice(0, 80) || 'import';

/**
 * Starts an import: only a file without problems; records sent before are left out unless ticked, duplicate lines
 * unless kept. One job per upload: starting it again (double click, another tab) answers with the first job.
 */
export async function startImport(user: CurrentUser, input: unknown): Promise<{ id: string; held?: number; message?: string }> {
  const request = importRequestSchema.parse(input);
  const upload = await uploadOf(user, request.uploadId);
  const startKey = `upload:${upload.id}`;
  const started = await db.importJob.findUnique({
    where: { agencyId_startKey: { agencyId: user.agency.id, startKey } },
    select: { id: true },
  });
  if (started) return { id: started.id };
  const { preview, items } = await check(user, request, upload);
  if (preview.problems.length) {
    throw new ApiError('import_rows_invalid', `${preview.problems.length} row(s) need attention before the import can start.`);
  }
  if (items.length === 0) throw new ApiError('import_rows_invalid', 'The file has nothing to import.');
  // The agency reviews timesheets first: the file's timesheets wait as drafts (once per upload), nothing is sent yet.
  if (request.kind === 'TIMESHEETS' && (await reviewRequired(user.agency.id))) {
    const skipped = new Set(preview.timesheets.filter((t) => t.skipped).map((t) => t.key));
    const sheets = items.filter((i) => !skipped.has(i.matchKey)).map((i) => i.body as TimesheetBody);
    if (sheets.length === 0) throw new ApiError('import_rows_invalid', 'Every timesheet was already sent, or Nxsys holds it already.');
    const { held, message } = await holdForReview(user, { source: 'IMPORT', key: startKey, sheets });
    return { id: '', held, message };
  }
  const { id } = await startJob(user, {
    startKey,
    kind: request.kind,
    fileName: upload.fileName,
    fileHash: upload.fileHash,
    payFrequency: request.payFrequency ?? null,
    header: upload.header,
    rows: request.rows,
    items,
    resend: request.resend,
    skipped: [
      ...preview.duplicates
        .filter((d) => !d.kept)
        .map((d) => ({ rowNumbers: [d.rowNumber], reason: `The same line as row ${d.sameAs}: left out (not kept)` })),
      ...preview.skippedRows.map((s) => ({ rowNumbers: [s.rowNumber], reason: `Skipped: ${s.reason}` })),
    ],
    details: { rows: request.rows.length, skippedRows: preview.skippedRows.length, alreadyImported: preview.alreadyImportedCount },
  });
  return { id };
}

async function ownJob(user: AgencyUser, id: string) {
  const job = await db.importJob.findFirst({ where: { id, agencyId: user.agency.id } });
  if (!job) throw new ApiError('not_found', 'No such import.');
  return job;
}

/** An import's progress and per-record results (polled by the progress page). */
export async function importStatus(user: AgencyUser, id: string): Promise<ImportStatus> {
  const job = await ownJob(user, id);
  const items = await db.importItem.findMany({
    where: { jobId: id },
    orderBy: { seq: 'asc' },
    select: { seq: true, rowNumbers: true, state: true, nxsysId: true, error: true, payload: true },
  });
  const count = (state: ItemState) => items.filter((i) => i.state === state).length;
  return {
    id: job.id,
    kind: job.kind as ImportStatus['kind'],
    fileName: job.fileName,
    status: job.status as ImportStatus['status'],
    total: job.total,
    created: count('CREATED'),
    failed: count('FAILED'),
    unknown: count('UNKNOWN'),
    cancelled: count('CANCELLED'),
    done: count('CREATED') + count('FAILED') + count('UNKNOWN') + count('CANCELLED'),
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    error: job.error,
    items: items.map((i) => ({
      seq: i.seq,
      rowNumbers: i.rowNumbers,
      label: String((i.payload as { label?: unknown }).label ?? ''),
      state: i.state as ItemState,
      // An invitation's id is the portal's, not a record in Nxsys.
      nxsysId: isInviteBody((i.payload as { body?: unknown }).body) ? null : i.nxsysId,
      error: i.error,
    })),
  };
}

/** The error report: every original row, with what happened to it (and the Nxsys id when created). */
export async function importReport(user: AgencyUser, id: string): Promise<Response> {
  const job = await ownJob(user, id);
  const items = await db.importItem.findMany({
    where: { jobId: id },
    select: { rowNumbers: true, state: true, nxsysId: true, error: true, payload: true },
  });
  const byRow = new Map<number, (typeof items)[number]>();
  for (const item of items) for (const n of item.rowNumbers) byRow.set(n, item);
  const notSent = new Map<number, string>();
  for (const s of (job.skipped ?? []) as { rowNumbers: number[]; reason: string }[]) for (const n of s.rowNumbers) notSent.set(n, s.reason);
  const header = job.header as string[];
  const rows = job.rows as { rowNumber: number; cells: string[] }[];
  let body = '\uFEFF' + csvRow(['Row', ...header, 'Result', 'Nxsys ID', 'Error']);
  for (const row of rows) {
    const item = byRow.get(row.rowNumber);
    const reason = notSent.get(row.rowNumber);
    if (!item && reason) {
      body += csvRow([row.rowNumber, ...row.cells, 'Not sent', '', reason]);
      continue;
    }
    const state = (item?.state ?? 'PENDING') as ItemState;
    if (item && isInviteBody((item.payload as { body?: unknown }).body)) {
      const result = state === 'CREATED' ? 'Onboarding link sent' : `Onboarding link: ${ITEM_STATES[state] ?? state}`;
      body += csvRow([row.rowNumber, ...row.cells, result, '', item.error ?? '']);
      continue;
    }
    body += csvRow([row.rowNumber, ...row.cells, ITEM_STATES[state] ?? state, item?.nxsysId ?? '', item?.error ?? '']);
  }
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${reportBase(job.fileName)}-report.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}

/** The agency's recent imports (newest first). */
export async function recentImports(user: AgencyUser) {
  return db.importJob.findMany({
    where: { agencyId: user.agency.id },
    orderBy: { createdAt: 'desc' },
    take: 20,
    select: {
      id: true,
      kind: true,
      fileName: true,
      status: true,
      total: true,
      created: true,
      failed: true,
      unknown: true,
      createdAt: true,
    },
  });
}
