import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/account/change-password-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';

export const metadata: Metadata = { title: 'Your account' };

/** The signed-in person's own settings (anyone, staff or admin). */
export default async function AccountPage() {
  const user = await requireUser({ passwordChange: true });
  return (
    <>
      <PageHeader title="Your account" description={`${user.name} · ${user.email} · ${user.role === 'ADMIN' ? 'Admin' : 'Staff'}`} />
      <div className="space-y-6">
        <ChangePasswordForm required={!!user.mustChangePassword} />
      </div>
    </>
  );
}
