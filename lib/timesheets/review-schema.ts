import { z } from 'zod';

/** Where a held timesheet was entered. */
export const DRAFT_SOURCES = ['FORM', 'GRID', 'COPY', 'IMPORT'] as const;
export type DraftSource = (typeof DRAFT_SOURCES)[number];

/** PENDING/RETURNED → APPROVED → SENT | FAILED. */
export const DRAFT_STATUSES = ['PENDING', 'RETURNED', 'APPROVED', 'SENT', 'FAILED'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

const draftRef = z.object({ id: z.string().min(1).max(40), version: z.number().int().min(1) });

/** Approve exactly these drafts, at the versions the reviewer saw. */
export const approveSchema = z.object({
  drafts: z.array(draftRef).min(1, 'Choose at least one timesheet').max(500),
  /** Drafts the reviewer ticked "send anyway" for: sent although a record for the same worker and period exists. */
  sendAnyway: z.array(z.string().min(1).max(40)).max(500).optional(),
});

/** Return these drafts to their authors with a reason they will read. */
export const returnSchema = z.object({
  drafts: z.array(draftRef).min(1, 'Choose at least one timesheet').max(500),
  reason: z.string().trim().min(1, 'Say why the timesheet is returned').max(500, 'Keep the reason under 500 characters'),
});

export const reviewSettingSchema = z.object({ reviewTimesheets: z.boolean() });

export type ApproveInput = z.infer<typeof approveSchema>;
export type ReturnInput = z.infer<typeof returnSchema>;
