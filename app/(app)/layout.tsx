import type { ReactNode } from 'react';
import { ConnectionBanner } from '@/components/connection/connection-banner';
import { AppShell } from '@/components/shell/app-shell';
import { requireUser } from '@/lib/server/auth/current-user';
import { connectionStatus } from '@/lib/connection/server';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser({ passwordChange: true });
  const connection = await connectionStatus(user.agency.id);
  return (
    <AppShell user={{ name: user.name, email: user.email, role: user.role, agencyName: user.agency.name }}>
      {connection?.status === 'RECONNECT_REQUIRED' && <ConnectionBanner isAdmin={user.role === 'ADMIN'} />}
      {children}
    </AppShell>
  );
}
