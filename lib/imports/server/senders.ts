import 'server-only';
import { createdSince, isTimesheetFrom, TIMESHEET_LISTS } from '@/lib/timesheets/server';
import { CANDIDATE_LISTS } from '@/lib/candidates/server';
import { ApiError } from '@/lib/errors/api-error';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { callNxsys } from '@/lib/server/nxsys';
import { text, upstreamPage, type Item } from '@/lib/server/nxsys/lists';
import { scanList, unwrapOne, type Page } from '@/lib/server/nxsys/normalise';
import type { TimesheetPayload } from './timesheet-rows';

type AgencyUser = Pick<CurrentUser, 'agency'>;

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

export const SENDERS = { TIMESHEETS: timesheetSender, CANDIDATES: candidateSender } as const;
