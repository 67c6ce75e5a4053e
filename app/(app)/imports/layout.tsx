import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';

// react-query only for the sections that use it (components/providers.tsx): the dashboard, activity, connection
// and account pages load none of it.
export default function Layout({ children }: { children: ReactNode }) {
  return <Providers>{children}</Providers>;
}
