import 'server-only';
import { z } from 'zod';
import { candidateSchema } from '@/lib/candidates/schema';
import type { Country } from '@/lib/candidates/options';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { ApiError } from '@/lib/errors/api-error';
import { appUrl, dispatchMail, queueMail, renderEmail } from '@/lib/mail/server';
import { recordAudit } from '@/lib/server/audit';
import { hashLinkToken, isLinkTokenShape, newLinkToken } from '@/lib/server/auth/link-tokens';
import { decryptToken, encryptToken, type Keyring } from '@/lib/server/crypto/token-encryption';
import { tokenKeyring } from '@/lib/server/nxsys/settings';
import { fieldErrorsOf } from '@/lib/validations/field-errors';
import { agencySettingsSchema, type AgencySettings, type NewOnboarding, type OnboardingState, type OnboardingSummary } from '../schema';

/** How long an onboarding link works. */
export const ONBOARDING_TTL_MS = 7 * 24 * 3_600_000;
/** A submission nobody sent to Nxsys is deleted this long after it was submitted (lib/onboarding/server/purge.ts). */
export const SUBMISSION_TTL_MS = 30 * 24 * 3_600_000;

interface Actor {
  id: string;
  name: string;
  agency: { id: string; name: string };
}

interface Options {
  now?: Date;
  keyring?: Keyring;
}

type Row = {
  id: string;
  agencyId: string;
  name: string;
  email: string;
  country: string;
  agencySettings: unknown;
  sentAt: Date;
  expiresAt: Date;
  startedAt: Date | null;
  submittedAt: Date | null;
  revokedAt: Date | null;
  srId: string | null;
  sentToNxsysAt: Date | null;
  submission: string | null;
};

/** What the candidate typed so far: the candidate form's sections of text fields, nothing else, bounded in size. */
export const draftSchema = z.partialRecord(
  z.enum(['generalSetting', 'bankSetting', 'payrollSetting', 'pensionSetting']),
  z.record(z.string().max(40), z.union([z.string().max(500), z.array(z.string().max(500)).max(5)])),
);
export type OnboardingDraft = z.infer<typeof draftSchema>;
const MAX_DRAFT_CHARS = 20_000;

export function stateOf(
  row: Pick<Row, 'sentToNxsysAt' | 'submittedAt' | 'revokedAt' | 'expiresAt' | 'startedAt'>,
  now: Date,
): OnboardingState {
  if (row.sentToNxsysAt) return 'Sent';
  if (row.submittedAt) return 'Submitted';
  if (row.revokedAt) return 'Revoked';
  if (row.expiresAt <= now) return 'Expired';
  return row.startedAt ? 'Started' : 'Invited';
}

const toSummary = (row: Row, now: Date): OnboardingSummary => ({
  id: row.id,
  name: row.name,
  email: row.email,
  country: row.country as Country,
  state: stateOf(row, now),
  sentAt: row.sentAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
  srId: row.srId,
});

/**
 * The submission is encrypted with the token keyring; the agency and invitation ids are its associated data, so a
 * ciphertext copied into another invitation's row does not decrypt.
 */
const aadOf = (row: Pick<Row, 'agencyId' | 'id'>) => `onboarding:${row.agencyId}:${row.id}`;
export const sealDraft = (keyring: Keyring, row: Pick<Row, 'agencyId' | 'id'>, draft: OnboardingDraft) =>
  encryptToken(keyring, JSON.stringify(draft), aadOf(row));
export const openDraft = (keyring: Keyring, row: Pick<Row, 'agencyId' | 'id'>, sealed: string): OnboardingDraft =>
  draftSchema.parse(JSON.parse(decryptToken(keyring, sealed, aadOf(row))));

function onboardingEmail(agencyName: string, name: string, token: string, expiresAt: Date, note?: string) {
  return renderEmail({
    agencyName,
    subject: `${agencyName}: please fill in your details`,
    heading: `Your details for ${agencyName}`,
    paragraphs: [
      `Hello ${name},`,
      `${agencyName} needs a few details to pay you: your address, bank account, tax number and right to work.`,
      ...(note ? [`A note from ${agencyName}: ${note}`] : []),
      `Open the link below on your phone or computer. What you type is saved as you go, so you can finish later on the same link. It works until ${expiresAt.toUTCString().replace(' GMT', ' UTC')}.`,
    ],
    action: { label: 'Fill in your details', url: appUrl(`/onboard/${token}`) },
    footer: 'If you did not expect this e-mail, you can ignore it. Never forward this link: it opens your form.',
  });
}

export async function listOnboarding(db: PrismaClient, agencyId: string, now = new Date()): Promise<OnboardingSummary[]> {
  const rows = await db.onboardingInvitation.findMany({ where: { agencyId }, orderBy: { createdAt: 'desc' }, take: 200 });
  return rows.map((r) => toSummary(r, now));
}

/** Staff invite a candidate: the invitation (token hash only) and its e-mail, in one transaction. */
export async function inviteCandidate(db: PrismaClient, actor: Actor, input: NewOnboarding, { now = new Date() }: Options = {}) {
  const { token, hash } = newLinkToken();
  const expiresAt = new Date(now.getTime() + ONBOARDING_TTL_MS);
  const { row, mailId } = await db.$transaction(async (tx) => {
    // One open invitation per agency and address, also when two people (or a double click) send it at once.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`onboarding:${actor.agency.id}:${input.email}`}))`;
    const open = await tx.onboardingInvitation.findFirst({
      where: { agencyId: actor.agency.id, email: input.email, sentToNxsysAt: null, revokedAt: null, expiresAt: { gt: now } },
    });
    if (open) throw new ApiError('invitation_pending', undefined, { email: 'This address already has an open onboarding link.' });
    const row = await tx.onboardingInvitation.create({
      data: {
        agencyId: actor.agency.id,
        name: input.name,
        email: input.email,
        country: input.country,
        agencySettings: input.agencySettings,
        tokenHash: hash,
        invitedById: actor.id,
        createdAt: now,
        sentAt: now,
        expiresAt,
      },
    });
    const mailId = await queueMail(tx, {
      agencyId: actor.agency.id,
      to: input.email,
      kind: 'onboarding_link',
      email: onboardingEmail(actor.agency.name, input.name, token, expiresAt),
    });
    await recordAudit(tx, {
      agencyId: actor.agency.id,
      actorId: actor.id,
      action: 'onboarding.invited',
      targetType: 'onboarding',
      targetId: row.id,
      targetLabel: input.name,
      details: { country: input.country },
    });
    return { row, mailId };
  });
  await dispatchMail([mailId]);
  return { summary: toSummary(row, now), token };
}

/**
 * The open invitations (not sent to Nxsys, revoked or expired) of these addresses in the agency: what
 * inviteCandidate refuses a second one for. The candidate import checks its rows with it, and looks up an invitation
 * it may have made before it lost track (lib/imports/server/senders.ts).
 */
export async function openInvitations(db: PrismaClient, agencyId: string, emails: string[], now = new Date()) {
  if (emails.length === 0) return [];
  return db.onboardingInvitation.findMany({
    where: { agencyId, email: { in: emails }, sentToNxsysAt: null, revokedAt: null, expiresAt: { gt: now } },
    select: { id: true, email: true, createdAt: true },
    orderBy: { createdAt: 'asc' },
  });
}

async function ownRow(db: PrismaClient, actor: Actor, id: string) {
  const row = await db.onboardingInvitation.findFirst({ where: { id, agencyId: actor.agency.id } });
  if (!row) throw new ApiError('not_found', 'No such onboarding invitation in your agency.');
  return row;
}

/**
 * A new link (the old one stops working) and a fresh 7 days; with a note when staff ask for changes to a
 * submission, which the candidate then edits on the new link. Not once it went to Nxsys.
 */
export async function resendOnboarding(db: PrismaClient, actor: Actor, id: string, note?: string, { now = new Date() }: Options = {}) {
  const current = await ownRow(db, actor, id);
  const { token, hash } = newLinkToken();
  const expiresAt = new Date(now.getTime() + ONBOARDING_TTL_MS);
  const mailId = await db.$transaction(async (tx) => {
    const updated = await tx.onboardingInvitation.updateMany({
      where: { id: current.id, sentToNxsysAt: null, revokedAt: null, ...(note ? {} : { submittedAt: null }) },
      data: { tokenHash: hash, sentAt: now, expiresAt, submittedAt: null },
    });
    if (updated.count === 0) throw new ApiError('link_invalid', 'This invitation can no longer be resent.');
    const mailId = await queueMail(tx, {
      agencyId: actor.agency.id,
      to: current.email,
      kind: 'onboarding_link',
      email: onboardingEmail(actor.agency.name, current.name, token, expiresAt, note),
    });
    await recordAudit(tx, {
      agencyId: actor.agency.id,
      actorId: actor.id,
      action: note ? 'onboarding.changes_requested' : 'onboarding.resent',
      targetType: 'onboarding',
      targetId: current.id,
      targetLabel: current.name,
    });
    return mailId;
  });
  await dispatchMail([mailId]);
  return { token };
}

export async function revokeOnboarding(db: PrismaClient, actor: Actor, id: string, { now = new Date() }: Options = {}) {
  const current = await ownRow(db, actor, id);
  await db.$transaction(async (tx) => {
    // What the candidate typed goes with the link: nobody will send it now.
    const updated = await tx.onboardingInvitation.updateMany({
      where: { id: current.id, sentToNxsysAt: null, revokedAt: null },
      data: { revokedAt: now, tokenHash: null, submission: null },
    });
    if (updated.count === 0) return;
    await recordAudit(tx, {
      agencyId: actor.agency.id,
      actorId: actor.id,
      action: 'onboarding.revoked',
      targetType: 'onboarding',
      targetId: current.id,
      targetLabel: current.name,
    });
  });
}

/** The candidate's view of a link that still works, or null (unknown, submitted, revoked or expired). */
export async function openOnboarding(db: PrismaClient, token: unknown, { now = new Date(), keyring = tokenKeyring() }: Options = {}) {
  if (!isLinkTokenShape(token)) return null;
  const row = await db.onboardingInvitation.findUnique({ where: { tokenHash: hashLinkToken(token) }, include: { agency: true } });
  if (!row || row.submittedAt || row.revokedAt || row.sentToNxsysAt || row.expiresAt <= now) return null;
  return {
    name: row.name,
    country: row.country as Country,
    agencyName: row.agency.name,
    expiresAt: row.expiresAt.toISOString(),
    agencySettings: agencySettingsSchema.parse(row.agencySettings ?? {}),
    draft: row.submission ? openDraft(keyring, row, row.submission) : {},
  };
}

function parseDraft(input: unknown): OnboardingDraft {
  const parsed = draftSchema.safeParse(input);
  if (!parsed.success || JSON.stringify(parsed.data).length > MAX_DRAFT_CHARS) {
    throw new ApiError('validation_failed', 'The form could not be saved: some values are too long.');
  }
  return parsed.data;
}

/** The agency's choices win over anything sent for those fields: the candidate sees them read-only. */
function withAgencySettings(draft: OnboardingDraft, settings: AgencySettings): OnboardingDraft {
  const put = (section: keyof OnboardingDraft, field: string, value: string | undefined) => {
    if (value) draft[section] = { ...draft[section], [field]: value };
  };
  put('generalSetting', 'payFrequency', settings.payFrequency);
  put('payrollSetting', 'paymentModel', settings.paymentModel);
  put('pensionSetting', 'scheme', settings.scheme);
  put('pensionSetting', 'optState', settings.optState);
  return draft;
}

async function linkRow(db: Pick<PrismaClient, 'onboardingInvitation'>, token: unknown, now: Date) {
  if (!isLinkTokenShape(token)) throw new ApiError('link_invalid');
  const row = await db.onboardingInvitation.findUnique({ where: { tokenHash: hashLinkToken(token) } });
  if (!row || row.submittedAt || row.revokedAt || row.sentToNxsysAt || row.expiresAt <= now) throw new ApiError('link_invalid');
  return row;
}

/**
 * Saves what the candidate typed so far (encrypted), only while the link works: a compare-and-set on the token
 * hash, so a save racing a submit, a revoke or a resend changes nothing once the link is gone.
 */
export async function saveDraft(
  db: PrismaClient,
  token: unknown,
  input: unknown,
  { now = new Date(), keyring = tokenKeyring() }: Options = {},
) {
  const row = await linkRow(db, token, now);
  const draft = withAgencySettings(parseDraft(input), agencySettingsSchema.parse(row.agencySettings ?? {}));
  const updated = await db.onboardingInvitation.updateMany({
    where: { id: row.id, tokenHash: row.tokenHash, submittedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { submission: sealDraft(keyring, row, draft), startedAt: row.startedAt ?? now },
  });
  if (updated.count === 0) throw new ApiError('link_invalid');
}

/**
 * Submits the form: checked with the staff form's schema for the country; then the link stops working (its hash
 * is cleared in the same compare-and-set), so a second submit — another tab, a double tap — is refused.
 */
export async function submitOnboarding(
  db: PrismaClient,
  token: unknown,
  input: unknown,
  { now = new Date(), keyring = tokenKeyring() }: Options = {},
) {
  const row = await linkRow(db, token, now);
  const draft = withAgencySettings(parseDraft(input), agencySettingsSchema.parse(row.agencySettings ?? {}));
  const checked = candidateSchema(row.country as Country).safeParse(draft);
  if (!checked.success) throw new ApiError('validation_failed', undefined, fieldErrorsOf(checked.error));
  await db.$transaction(async (tx) => {
    const updated = await tx.onboardingInvitation.updateMany({
      where: { id: row.id, tokenHash: row.tokenHash, submittedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { submission: sealDraft(keyring, row, draft), submittedAt: now, tokenHash: null, startedAt: row.startedAt ?? now },
    });
    if (updated.count === 0) throw new ApiError('link_invalid');
    await recordAudit(tx, {
      agencyId: row.agencyId,
      actorId: null,
      action: 'onboarding.submitted',
      targetType: 'onboarding',
      targetId: row.id,
      targetLabel: row.name,
    });
  });
}

/** A submitted form for staff to review (decrypted), or not_found. */
export async function submissionFor(
  db: PrismaClient,
  actor: Pick<Actor, 'agency'>,
  id: string,
  { keyring = tokenKeyring() }: Options = {},
) {
  const row = await db.onboardingInvitation.findFirst({
    where: { id, agencyId: actor.agency.id, submittedAt: { not: null }, sentToNxsysAt: null },
  });
  if (!row?.submission) throw new ApiError('not_found', 'There is no submitted form to review for this invitation.');
  return {
    id: row.id,
    name: row.name,
    country: row.country as Country,
    values: openDraft(keyring, row, row.submission),
    /** Which submission staff review: a send names it, so a review opened before the candidate changed it is refused. */
    version: row.submittedAt!.toISOString(),
  };
}
