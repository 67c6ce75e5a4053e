import type { Metadata } from 'next';
import { ConfirmStepUp } from '@/components/account/step-up-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { stepUpAsk } from '@/lib/server/auth/step-up';
import { db } from '@/lib/server/db';

export const metadata: Metadata = { title: 'Confirm it is you' };

/** Only a path of ours: `/x`, never `//host` or `/\host` (which browsers read as another site). */
const safeNext = (next: string | string[] | undefined) => (typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/');

/** Where a plain form POST that needs a step-up (Connect, Disconnect) sends the browser: confirm, then back. */
export default async function ConfirmPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const { ask, passkey } = await stepUpAsk(db, user.id);
  return (
    <>
      <PageHeader title="Confirm it is you" />
      <ConfirmStepUp ask={ask} passkey={passkey} next={safeNext((await searchParams).next)} />
    </>
  );
}
