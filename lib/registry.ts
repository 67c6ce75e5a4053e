import 'server-only';
import { passwordResetRequestJob } from '@/lib/account/server';
import { CANDIDATE_LISTS, rightToWorkPage, rightToWorkScanAllJob, rightToWorkScanJob } from '@/lib/candidates/server';
import { importJob, resumeImportsJob } from '@/lib/imports/server';
import { mailSendJob, mailSweepJob } from '@/lib/mail/server';
import { onboardingPurgeJob } from '@/lib/onboarding/server';
import {
  notifyConnectionProblem,
  rightToWorkAgencyJob,
  rightToWorkDigestJob,
  timesheetReminderAgencyJob,
  timesheetRemindersJob,
} from '@/lib/notifications/server';
import { PAYMENT_RATE_LISTS } from '@/lib/payment-rates/server';
import { PAYSLIP_LISTS } from '@/lib/payslips/server';
import { TIMESHEET_LISTS } from '@/lib/timesheets/server';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { sessionSweepJob } from '@/lib/server/auth/sweep';
import { ApiError } from '@/lib/server/http/api-error';
import type { JobDefinition } from '@/lib/server/jobs';
import { reactToConnectionProblems } from '@/lib/server/nxsys/connection-problems';
import { idleRefreshJob } from '@/lib/server/nxsys/idle-refresh';
import { filterKeysOf, getRecord, listPage, type ListDef, type ReadOptions } from '@/lib/server/nxsys/lists';

/*
 * The composition root: the one file above both the kernel (lib/server/) and the domains (lib/<domain>/), which puts
 * together what the kernel serves but must not know by name — the domains' Nxsys lists, their jobs, and who hears of
 * a connection problem. The kernel never imports a domain (tests/unit/architecture.test.ts); routes, pages and
 * instrumentation.ts import this.
 */

/** A connection problem the token layer reports e-mails the agency's admins (once per incident). */
reactToConnectionProblems(notifyConnectionProblem);

/**
 * Every kind of background job the portal runs. A new job is defined next to the code it serves
 * (lib/<domain>/server/…) and listed here, so instrumentation.ts starts a worker for it in every instance.
 */
export const allJobs: readonly JobDefinition[] = [
  idleRefreshJob,
  sessionSweepJob,
  mailSendJob,
  mailSweepJob,
  passwordResetRequestJob,
  rightToWorkDigestJob,
  rightToWorkAgencyJob,
  timesheetRemindersJob,
  timesheetReminderAgencyJob,
  rightToWorkScanJob,
  rightToWorkScanAllJob,
  importJob,
  resumeImportsJob,
  onboardingPurgeJob,
] as unknown as JobDefinition[];

/**
 * The lists the generic read routes (/api/nxsys/[resource]) serve, by URL name. Each list is described in its
 * domain (lib/<domain>/server/lists.ts); this only maps names to them.
 */
export const RESOURCES = { ...CANDIDATE_LISTS, ...PAYMENT_RATE_LISTS, ...TIMESHEET_LISTS, ...PAYSLIP_LISTS } satisfies Record<
  string,
  ListDef
>;

export type ResourceName = keyof typeof RESOURCES;

/** Own keys only: `constructor`, `__proto__`, `toString`… are inherited from Object, not resources. */
export function resourceNamed(name: string): ListDef {
  if (!Object.hasOwn(RESOURCES, name)) throw new ApiError('not_found', `There is no ${name} resource.`);
  return RESOURCES[name as ResourceName];
}

/** Every filter key a list takes (documented or checked), e.g. for the audit log. */
export const filterKeys = (name: ResourceName) => filterKeysOf(RESOURCES[name]);

/**
 * A page of a list. A candidate list filtered on right-to-work expiry is served from the agency's last scan
 * (the lists carry no expiry date; see lib/candidates/server/right-to-work.ts), with when it was checked.
 */
export const listResource = (user: Pick<CurrentUser, 'agency'>, name: string, params: URLSearchParams, options: ReadOptions = {}) => {
  const list = resourceNamed(name);
  if ((name === 'candidates' || name === 'candidates-ireland') && params.get('rightToWork'))
    return rightToWorkPage(user, name, params, options);
  return listPage(user, list, params, options);
};

export const getResource = (user: Pick<CurrentUser, 'agency'>, name: string, id: string) => getRecord(user, resourceNamed(name), id);
