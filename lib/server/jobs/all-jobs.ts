import 'server-only';
import { importJob, resumeImportsJob } from '@/lib/imports/server';
import { idleRefreshJob } from '../nxsys/idle-refresh';
import type { JobDefinition } from './define';

/**
 * Every kind of background job the portal runs. A new job is defined next to the code it serves
 * (lib/<domain>/server/…) and listed here, so instrumentation.ts starts a worker for it in every instance.
 */
export const allJobs: readonly JobDefinition[] = [idleRefreshJob, importJob, resumeImportsJob] as unknown as JobDefinition[];
