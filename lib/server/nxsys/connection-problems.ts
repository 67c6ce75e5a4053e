import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { log } from '../log';

/** Work with Nxsys stops for the agency until a person acts: an admin reconnects, or the portal's client is fixed. */
export type ConnectionProblem = 'reconnect_required' | 'client_refused';

export interface ConnectionProblemReport {
  agencyId: string;
  problem: ConnectionProblem;
}

/** What the domains do about a problem (lib/notifications e-mails the admins, once per incident). Must not throw. */
export type ConnectionProblemReaction = (db: PrismaClient, report: ConnectionProblemReport) => Promise<unknown>;

/**
 * The token layer only reports a problem; the composition root (lib/registry.ts) says who reacts, so the kernel
 * imports no domain. On globalThis, not in this module: Next bundles instrumentation.ts (which loads the root in every
 * instance) apart from the routes, and each bundle's copy of this module must find the one reaction.
 */
const slot = globalThis as unknown as { nxsysConnectionProblemReaction?: ConnectionProblemReaction };

export function reactToConnectionProblems(reaction: ConnectionProblemReaction) {
  slot.nxsysConnectionProblemReaction = reaction;
}

export async function reportConnectionProblem(db: PrismaClient, report: ConnectionProblemReport): Promise<void> {
  const reaction = slot.nxsysConnectionProblemReaction;
  if (!reaction) {
    log.warn(report, 'Nxsys connection problem with nobody to tell: this process never loaded lib/registry.ts');
    return;
  }
  await reaction(db, report);
}
