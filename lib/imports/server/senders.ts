import 'server-only';
import { createdSince, isTimesheetFrom, TIMESHEET_LISTS } from '@/lib/timesheets/server';
import { CANDIDATE_LISTS } from '@/lib/candidates/server';
import { ApiError } from '@/lib/errors/api-error';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { callNxsys } from '@/lib/server/nxsys';
import { text, upstreamPage, type Item } from '@/lib/server/nxsys/lists';
import { scanList, unwrapOne, type Page } from '@/lib/server/nxsys/normalise';
import { inviteCandidate, openInvitations } from '@/lib/onboarding/server';
import { db } from '@/lib/server/db';
import { isInviteBody, type InviteBody } from './candidate-rows';
import type { TimesheetPayload } from './timesheet-rows';

/** The agency, and (for what the portal records as someone's act) the person who started the import. */
type AgencyUser = Pick<CurrentUser, 'agency'> & { id?: string | null };

/** How one kind of item reaches Nxsys: its create call, and how to find out whether a create we lost track of happened. */
export interface Sender {
  /** Creates the record; resolves to its Nxsys id (null when Nxsys created it without saying which). */
  send(user: AgencyUser, body: unknown): Promise<string | null>;
  /**
   * The Nxsys id of a record matching `body` created at or after `since`, not one of `taken` (ids earlier items
   * already account for); null when Nxsys holds none. Throws when Nxsys cannot be asked.
   */
  find(user: AgencyUser, body: unknown, since: Date, taken: Set<string>): Promise<string | null>;
}

/** A look-up could not read Nxsys's list to its end, so "not there" cannot be told from "not seen". */
export class LookupIncomplete extends Error {}

/**
 * Every page of a list, to its end (no page cap: a look-up that stopped early would take "not seen" for "not
 * created" and send again). A list that does not end (a server that sends the same page again) is incomplete, not empty.
 */
async function scanToEnd(fetchPage: (page: number, size: number) => Promise<Page<Item>>, keep: (item: Item) => boolean) {
  const { matches, complete } = await scanList<Item>(fetchPage, { keep, maxPages: Infinity });
  if (!complete) throw new LookupIncomplete('Nxsys did not send the whole list.');
  return matches;
}

export const timesheetSender: Sender = {
  async send(user, body) {
    const payload = body as TimesheetPayload;
    const { body: answer } = await callNxsys(user, {
      method: 'POST',
      path: TIMESHEET_LISTS.timesheets.path,
      body: { ...payload, assignmentRef: null, monthConfig: null },
    });
    return unwrapOne<Item>(answer)?.id ? text(unwrapOne<Item>(answer)!.id) : null;
  },
  async find(user, body, since, taken) {
    const payload = body as TimesheetPayload;
    // Documented filters narrow the list (search by the candidate's id, the period's dates); every page is read and
    // every row checked here, as a server may ignore a filter.
    const query = { search: payload.subcontractorRef, bactchFrom: payload.startDate, bactchTo: payload.endDate };
    const matches = await scanToEnd(
      (page, size) => upstreamPage(user, TIMESHEET_LISTS.timesheets, query, page, size),
      (item) =>
        !taken.has(text(item.id)) &&
        createdSince(item, since) &&
        isTimesheetFrom(item, { candidateId: payload.subcontractorRef, ...payload }),
    );
    return matches.length ? text(matches[0]!.id) : null;
  },
};

/** A UK candidate: created with the documented body (201, usually without one); found in the list by e-mail. */
export const candidateSender: Sender = {
  async send(user, body) {
    const { body: answer } = await callNxsys(user, { method: 'POST', path: CANDIDATE_LISTS.candidates.path, body });
    const id = text(unwrapOne<Item>(answer)?.id);
    if (id) return id;
    const email = text((body as { generalSetting?: Item }).generalSetting?.email);
    return findCandidateByEmail(user, email, new Set());
  },
  async find(user, body, _since, taken) {
    const email = text((body as { generalSetting?: Item }).generalSetting?.email);
    return findCandidateByEmail(user, email, taken);
  },
};

async function findCandidateByEmail(user: AgencyUser, email: string, taken: Set<string>): Promise<string | null> {
  if (!email) throw new ApiError('nxsys_error', 'The candidate has no e-mail to find them by.');
  const wanted = email.toLowerCase();
  const matches = await scanToEnd(
    (page, size) => upstreamPage(user, CANDIDATE_LISTS.candidates, {}, page, size),
    (item) => text(item.email).toLowerCase() === wanted && !taken.has(text(item.id)),
  );
  return matches.length ? text(matches[0]!.id) : null;
}

/**
 * A "Send onboarding link" row: the invitation and its e-mail through lib/onboarding (one open invitation per
 * address and agency, under its lock), not a create in Nxsys. Sent by the import's starter; the item's id is the
 * invitation's. Found again by its address: an open invitation made since the item was sent.
 */
export const inviteSender: Sender = {
  async send(user, body) {
    const { invite } = body as InviteBody;
    if (!user.id)
      throw new ApiError('validation_failed', 'The person who started this import no longer has an account: invite this candidate again.');
    const agency = await db.agency.findUniqueOrThrow({ where: { id: user.agency.id }, select: { name: true } });
    try {
      const { summary } = await inviteCandidate(
        db,
        { id: user.id, name: '', agency: { id: user.agency.id, name: agency.name } },
        {
          ...invite,
          agencySettings: {},
        },
      );
      return summary.id;
    } catch (error) {
      // Another import, or someone on the onboarding page, invited this address first: it has its one link.
      if (error instanceof ApiError && error.code === 'invitation_pending')
        throw new ApiError('validation_failed', 'This address already has an open onboarding link: not sent again.');
      throw error;
    }
  },
  async find(user, body, since, taken) {
    const { invite } = body as InviteBody;
    // The invitation's time is the app's clock, `since` the database's: a minute's allowance for the difference.
    const after = since.getTime() - 60_000;
    const found = (await openInvitations(db, user.agency.id, [invite.email])).find(
      (i) => i.createdAt.getTime() >= after && !taken.has(i.id),
    );
    return found?.id ?? null;
  },
};

/** A candidate file's items: a create in Nxsys, or an onboarding link for a row that asks for one. */
const candidateOrInvite: Sender = {
  send: (user, body) => (isInviteBody(body) ? inviteSender : candidateSender).send(user, body),
  find: (user, body, since, taken) => (isInviteBody(body) ? inviteSender : candidateSender).find(user, body, since, taken),
};

export const SENDERS = { TIMESHEETS: timesheetSender, CANDIDATES: candidateOrInvite } as const;
