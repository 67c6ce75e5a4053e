import 'server-only';
import { passwordResetRequestJob } from '@/lib/account/server';
import { rightToWorkScanAllJob, rightToWorkScanJob } from '@/lib/candidates/server';
import { mailSendJob, mailSweepJob } from '@/lib/mail/server';
import { rightToWorkAgencyJob, rightToWorkDigestJob } from '@/lib/notifications/server';
import { sessionSweepJob } from '../auth/sweep';
import { importJob, resumeImportsJob } from '@/lib/imports/server';
import { idleRefreshJob } from '../nxsys/idle-refresh';
import type { JobDefinition } from './define';

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
  rightToWorkScanJob,
  rightToWorkScanAllJob,
  importJob,
  resumeImportsJob,
] as unknown as JobDefinition[];
