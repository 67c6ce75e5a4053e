import 'server-only';
import { ApiError } from '@/lib/errors/catalogue';
import { penceToString, toPence } from '@/lib/money';
import { ukDate } from '@/lib/dates';
import { recordAudit } from '@/lib/server/audit';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { csvRow } from '@/lib/server/csv';
import { db } from '@/lib/server/db';
import { sendJob } from '@/lib/server/jobs';
import {
  importRequestSchema,
  ITEM_STATES,
  type ImportPreview,
  type ImportRequest,
  type ImportStatus,
  type ItemState,
  type RowProblem,
} from '../schema';
import { checkCandidateRows } from './candidate-rows';
import { knownCandidates, knownRates } from './lookups';
import { importJob } from './run';
import { checkTimesheetRows } from './timesheet-rows';

type AgencyUser = Pick<CurrentUser, 'agency'>;

export interface Checked {
  preview: ImportPreview;
  items: { rowNumbers: number[]; matchKey: string; label: string; body: unknown }[];
}

async function check(user: AgencyUser, request: ImportRequest): Promise<Checked> {
  let problems: RowProblem[];
  let items: Checked['items'];
  const preview: ImportPreview = {
    kind: request.kind,
    rowCount: request.rows.length,
    problems: [],
    timesheets: [],
    candidates: [],
    totals: null,
    sameFile: null,
    alreadyImportedCount: 0,
  };
  if (request.kind === 'TIMESHEETS') {
    if (!request.payFrequency)
      throw new ApiError('validation_failed', 'Choose the pay frequency of the file.', { payFrequency: 'Choose the pay frequency' });
    const [{ candidates }, rates] = await Promise.all([knownCandidates(user), knownRates(user)]);
    const result = checkTimesheetRows(request, candidates, rates);
    problems = result.problems;
    preview.timesheets = result.groups.map((g) => g.preview);
    items = result.groups.map((g) => ({
      rowNumbers: g.rowNumbers,
      matchKey: g.matchKey,
      label: `${g.preview.candidateName} (${g.preview.candidateId}), ${ukDate(g.preview.startDate)}–${ukDate(g.preview.endDate)}`,
      body: g.payload,
    }));
    const sum = (pick: (t: (typeof preview.timesheets)[number]) => string) =>
      penceToString(preview.timesheets.reduce((s, t) => s + (toPence(pick(t)) ?? 0), 0));
    preview.totals = { net: sum((t) => t.net), vat: sum((t) => t.vat), total: sum((t) => t.total) };
  } else {
    const { candidates } = await knownCandidates(user);
    const result = checkCandidateRows(request, candidates);
    problems = result.problems;
    preview.candidates = result.candidates.map((c) => c.preview);
    items = result.candidates.map((c) => ({
      rowNumbers: [c.preview.rowNumber],
      matchKey: c.preview.key,
      label: c.preview.name,
      body: c.body,
    }));
  }
  preview.problems = problems.sort((a, b) => a.rowNumber - b.rowNumber);

  // Re-uploads: the same file, and records an earlier import already created.
  const previous = await db.importJob.findFirst({
    where: { agencyId: user.agency.id, fileHash: request.fileHash, kind: request.kind },
    orderBy: { createdAt: 'desc' },
    select: { id: true, createdAt: true, status: true },
  });
  if (previous) preview.sameFile = { importId: previous.id, at: previous.createdAt.toISOString(), status: previous.status };
  const keys = items.map((i) => i.matchKey);
  const done = keys.length
    ? await db.importItem.findMany({
        where: { agencyId: user.agency.id, state: 'CREATED', matchKey: { in: keys } },
        select: { matchKey: true },
      })
    : [];
  const doneKeys = new Set(done.map((d) => d.matchKey));
  preview.alreadyImportedCount = doneKeys.size;
  for (const t of preview.timesheets) t.alreadyImported = doneKeys.has(t.key);
  for (const c of preview.candidates) c.alreadyImported = doneKeys.has(c.key);
  return { preview, items };
}

/** Every row checked against Nxsys and grouped as it would be sent; nothing is sent. */
export async function previewImport(user: AgencyUser, input: unknown): Promise<ImportPreview> {
  return (await check(user, importRequestSchema.parse(input))).preview;
}

/** Starts an import: only a file without problems; its items are stored, then the job is queued. */
export async function startImport(user: CurrentUser, input: unknown): Promise<{ id: string }> {
  const request = importRequestSchema.parse(input);
  const { preview, items } = await check(user, request);
  if (preview.problems.length) {
    throw new ApiError('import_rows_invalid', `${preview.problems.length} row(s) need attention before the import can start.`);
  }
  if (items.length === 0) throw new ApiError('import_rows_invalid', 'The file has nothing to import.');
  return createImportJob(user, {
    kind: request.kind,
    fileName: request.fileName,
    fileHash: request.fileHash,
    payFrequency: request.payFrequency ?? null,
    header: request.header,
    rows: request.rows,
    items,
    details: { rows: request.rows.length, records: items.length, alreadyImported: preview.alreadyImportedCount },
  });
}

/** Stores an import and its items, audits it, and queues its job. */
export async function createImportJob(
  user: CurrentUser,
  input: {
    kind: ImportRequest['kind'];
    fileName: string;
    fileHash: string;
    payFrequency: string | null;
    header: string[];
    rows: ImportRequest['rows'];
    items: Checked['items'];
    details: Record<string, string | number>;
  },
): Promise<{ id: string }> {
  const { items } = input;
  const job = await db.importJob.create({
    data: {
      agencyId: user.agency.id,
      createdById: user.id,
      kind: input.kind,
      fileName: input.fileName,
      fileHash: input.fileHash,
      payFrequency: input.payFrequency,
      header: input.header,
      rows: input.rows,
      total: items.length,
      items: {
        create: items.map((item, seq) => ({
          agencyId: user.agency.id,
          seq,
          rowNumbers: item.rowNumbers,
          matchKey: item.matchKey,
          payload: { label: item.label, body: item.body as object },
        })),
      },
    },
    select: { id: true },
  });
  await recordAudit(db, {
    agencyId: user.agency.id,
    actorId: user.id,
    action: 'import.started',
    targetType: 'import',
    targetId: job.id,
    targetLabel: `Import of ${input.fileName}`,
    details: { kind: input.kind, ...input.details },
  });
  // Should this instance die before the job is queued, the stalled-import sweep queues it (lib/imports/server/run.ts).
  await sendJob(importJob, { importId: job.id });
  return { id: job.id };
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
      nxsysId: i.nxsysId,
      error: i.error,
    })),
  };
}

/** The error report: every original row, with what happened to it (and the Nxsys id when created). */
export async function importReport(user: AgencyUser, id: string): Promise<Response> {
  const job = await ownJob(user, id);
  const items = await db.importItem.findMany({
    where: { jobId: id },
    select: { rowNumbers: true, state: true, nxsysId: true, error: true },
  });
  const byRow = new Map<number, (typeof items)[number]>();
  for (const item of items) for (const n of item.rowNumbers) byRow.set(n, item);
  const header = job.header as string[];
  const rows = job.rows as { rowNumber: number; cells: string[] }[];
  let body = '\uFEFF' + csvRow(['Row', ...header, 'Result', 'Nxsys ID', 'Error']);
  for (const row of rows) {
    const item = byRow.get(row.rowNumber);
    const state = (item?.state ?? 'PENDING') as ItemState;
    body += csvRow([row.rowNumber, ...row.cells, ITEM_STATES[state] ?? state, item?.nxsysId ?? '', item?.error ?? '']);
  }
  const base =
    job.fileName
      .replace(/\.[^.]+$/, '')
      .replace(/[^\w.-]+/g, '-')
      .slice(0, 80) || 'import';
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${base}-report.csv"`,
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
