import 'server-only';
import { z } from 'zod';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { appUrl, dispatchMail, queueMail, renderEmail } from '@/lib/mail/server';
import { recordAudit } from '@/lib/server/audit';
import { db as appDb } from '@/lib/server/db';
import type { ConnectionProblem, ConnectionProblemReport } from '@/lib/server/nxsys/connection-problems';
import { adminsToNotify } from './preferences';
import { log } from '@/lib/server/log';

const footer = (agencyName: string) =>
  `You get this because you are an admin of ${agencyName}. You can switch these e-mails off on your account page: ${appUrl('/account')}`;

function connectionEmail(agencyName: string, problem: ConnectionProblem) {
  const action = { label: 'Open the Nxsys connection page', url: appUrl('/connection') };
  if (problem === 'reconnect_required') {
    return renderEmail({
      agencyName,
      subject: `Action needed: reconnect ${agencyName} to Nxsys`,
      heading: 'The Nxsys connection needs to be renewed',
      paragraphs: [
        `Nxsys no longer accepts ${agencyName}'s connection (its permission was revoked or has lapsed).`,
        'Until an admin reconnects, nobody in your agency can read or change candidates, payment rates, timesheets or payslips through the portal.',
        'To fix it, open the Nxsys connection page, click Reconnect and approve on the Nxsys page.',
      ],
      action,
      footer: footer(agencyName),
    });
  }
  return renderEmail({
    agencyName,
    subject: "Nxsys refused the portal's client credentials",
    heading: "Nxsys refused the portal's client credentials",
    paragraphs: [
      "Nxsys refused the client id and secret the portal uses. This is the portal's own configuration, not your agency's connection: reconnecting will not help.",
      "The portal's administrator must check NXSYS_CLIENT_ID and NXSYS_CLIENT_SECRET. Work with Nxsys may stop when the current access token runs out.",
    ],
    action,
    footer: footer(agencyName),
  });
}

/**
 * Tells the agency's admins that work with Nxsys is about to stop: once per incident, not per failed call. An
 * incident stays open until the connection recovers (reconnected, or refreshed successfully since); a second
 * report of the same problem meanwhile sends nothing. Never throws: the token layer's reports reach it (through
 * lib/registry.ts) on their way to answering a request, which a mail problem must not break.
 */
export async function notifyConnectionProblem(db: PrismaClient, { agencyId, problem }: ConnectionProblemReport): Promise<number> {
  try {
    const kind = `connection.${problem}`;
    const mailIds = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`notify:${agencyId}:${kind}`}))`;
      const connection = await tx.nxsysConnection.findUnique({ where: { agencyId }, include: { agency: true } });
      if (!connection) return [];
      const last = await tx.notificationIncident.findFirst({ where: { agencyId, kind, periodKey: null }, orderBy: { openedAt: 'desc' } });
      if (last) {
        const recovered =
          connection.connectedAt > last.openedAt || (!!connection.lastRefreshedAt && connection.lastRefreshedAt > last.openedAt);
        if (!recovered) return []; // the same incident: admins were told already
      }
      const incident = await tx.notificationIncident.create({ data: { agencyId, kind } });
      const ids: string[] = [];
      for (const admin of await adminsToNotify(tx, agencyId, 'connection')) {
        ids.push(
          await queueMail(tx, {
            agencyId,
            userId: admin.id,
            to: admin.email,
            kind: 'connection_alert',
            email: connectionEmail(connection.agency.name, problem),
          }),
        );
        await recordAudit(tx, {
          agencyId,
          actorId: null,
          action: 'notification.queued',
          targetType: 'user',
          targetId: admin.id,
          details: { kind, incident: incident.id },
        });
      }
      return ids;
    });
    await dispatchMail(mailIds);
    return mailIds.length;
  } catch (error) {
    log.error({ err: error }, 'could not notify admins about the Nxsys connection');
    return 0;
  }
}

export const importFinishedSchema = z.object({
  agencyId: z.string().min(1),
  userId: z.string().min(1),
  importId: z.string().min(1).max(100),
  outcome: z.enum(['succeeded', 'failed']),
  /** One or two plain sentences, e.g. "42 timesheets created, 3 rows skipped". */
  summary: z.string().max(1000),
});
export type ImportFinished = z.infer<typeof importFinishedSchema>;

/**
 * An import job finished or failed: tells the person who started it (unless they switched imports off). At most
 * one e-mail per import and person, even if the import job reports twice. Returns whether one was queued.
 */
export async function notifyImportFinished(input: ImportFinished, db: PrismaClient = appDb): Promise<boolean> {
  const { agencyId, userId, importId, outcome, summary } = importFinishedSchema.parse(input);
  const user = await db.user.findFirst({
    where: { id: userId, agencyId, deactivatedAt: null, notificationOptOuts: { none: { kind: 'imports' } } },
    include: { agency: true },
  });
  if (!user) return false;
  const id = `import-${importId}-${userId}`;
  const ok = outcome === 'succeeded';
  try {
    await db.$transaction(async (tx) => {
      await queueMail(tx, {
        id,
        agencyId,
        userId,
        to: user.email,
        kind: 'import_finished',
        email: renderEmail({
          agencyName: user.agency.name,
          subject: ok ? 'Your import has finished' : 'Your import failed',
          heading: ok ? 'Your import has finished' : 'Your import failed',
          paragraphs: [
            `Hello ${user.name},`,
            ok ? 'The import you started has finished.' : 'The import you started could not be completed.',
            summary,
          ],
          action: { label: 'Open the import', url: appUrl(`/imports/${importId}`) },
          footer: `You get this because you started this import. You can switch these e-mails off on your account page: ${appUrl('/account')}`,
        }),
      });
      await recordAudit(tx, {
        agencyId,
        actorId: null,
        action: 'notification.queued',
        targetType: 'user',
        targetId: userId,
        details: { kind: `import.${outcome}`, import: importId },
      });
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return false; // already told about this import
    throw error;
  }
  await dispatchMail([id]);
  return true;
}
