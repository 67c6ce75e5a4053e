'use client';

import type { ComponentProps } from 'react';
import { Providers } from '@/components/providers';
import { CandidatePicker } from '@/components/timesheets/candidate-picker';

/**
 * The payslip list's candidate filter: the shared candidate picker, which searches with react-query, with its own
 * client. Loaded as a chunk of its own (payslips-list.tsx), so neither is part of the list's first load.
 */
export function CandidateFilter(props: ComponentProps<typeof CandidatePicker>) {
  return (
    <Providers>
      <CandidatePicker {...props} />
    </Providers>
  );
}
