import type { Metadata } from 'next';
import { ForgotPasswordForm } from '@/components/account/forgot-password-form';
import { PublicCard } from '@/components/account/public-card';

export const metadata: Metadata = { title: 'Forgot password' };

export default function ForgotPasswordPage() {
  return (
    <PublicCard title="Forgot your password?" subtitle="We will e-mail you a link to choose a new one.">
      <ForgotPasswordForm />
    </PublicCard>
  );
}
