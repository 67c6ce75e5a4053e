'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { FormError } from '@/components/forms/form-error';
import { useApiForm } from '@/components/forms/use-api-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { toast } from '@/components/ui/toast';
import { apiFetch } from '@/lib/api-client';

interface Props {
  /** dd/mm/yyyy when the app was set up, or null. */
  enrolledOn: string | null;
  unusedRecoveryCodes: number;
  /** The agency requires a second factor and this person has none yet. */
  required: boolean;
}

type Code = { code: string };

/** "Two-factor sign-in" on the account page: set up an authenticator app, its recovery codes, remove it. */
export function TwoFactor({ enrolledOn, unusedRecoveryCodes, required }: Props) {
  const router = useRouter();
  const [setup, setSetup] = useState<{ secret: string; qrSvg: string } | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [starting, setStarting] = useState(false);
  const confirm = useApiForm<Code>({ failure: 'The app could not be confirmed.' });
  const manage = useApiForm<Code>({ failure: 'That did not work.' });

  const start = async () => {
    setStarting(true);
    try {
      const { data } = await apiFetch<{ data: { secret: string; qrSvg: string } }>('/api/account/totp', { method: 'POST' });
      setSetup(data);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : 'Could not start setting up the app.');
    } finally {
      setStarting(false);
    }
  };

  const onConfirm = confirm.submit(async (values) => {
    const { data } = await apiFetch<{ data: { recoveryCodes: string[] } }>('/api/account/totp/confirm', { method: 'POST', json: values });
    setSetup(null);
    setRecoveryCodes(data.recoveryCodes);
  });

  // Which of the two buttons sent the form decides: new recovery codes, or removing the app.
  const onManage = (event: FormEvent<HTMLFormElement>) => {
    const remove = (event.nativeEvent as SubmitEvent).submitter?.getAttribute('value') === 'remove';
    return manage.submit(async (values) => {
      if (remove) {
        await apiFetch('/api/account/totp', { method: 'DELETE', json: values });
        toast.success('The authenticator app was removed.');
        router.refresh();
      } else {
        const { data } = await apiFetch<{ data: { recoveryCodes: string[] } }>('/api/account/recovery-codes', {
          method: 'POST',
          json: values,
        });
        setRecoveryCodes(data.recoveryCodes);
      }
    })(event);
  };

  return (
    <Card className="max-w-lg">
      <h2 className="mb-1 font-medium">Two-factor sign-in</h2>
      {required && (
        <p role="status" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Your agency requires a second factor. Set up an authenticator app or a passkey to go on.
        </p>
      )}
      {recoveryCodes ? (
        <div className="space-y-3">
          <p className="text-sm">
            Your recovery codes. Each works once, if you lose your phone. Keep them somewhere safe: they are shown only now.
          </p>
          <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-1 font-mono text-sm">
            {recoveryCodes.map((code) => (
              <li key={code}>{code}</li>
            ))}
          </ul>
          <Button
            onClick={() => {
              setRecoveryCodes(null);
              router.refresh();
            }}
          >
            I have saved them
          </Button>
        </div>
      ) : enrolledOn ? (
        <form onSubmit={onManage} noValidate className="space-y-4">
          <p className="text-sm">
            Authenticator app set up on {enrolledOn}. {unusedRecoveryCodes} unused recovery code{unusedRecoveryCodes === 1 ? '' : 's'}.
          </p>
          <FormError message={manage.formError} />
          <TextField
            label="Code from your app"
            inputMode="numeric"
            autoComplete="one-time-code"
            hint="To make new recovery codes or to remove the app."
            error={manage.errors.code?.message}
            {...manage.register('code')}
          />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="secondary" value="regenerate" disabled={manage.submitDisabled}>
              Make new recovery codes
            </Button>
            <Button type="submit" variant="danger" value="remove" disabled={manage.submitDisabled}>
              Remove the app
            </Button>
          </div>
        </form>
      ) : setup ? (
        <form onSubmit={onConfirm} noValidate className="space-y-4">
          <p className="text-sm">Scan this code with your authenticator app, then enter the 6-digit code it shows.</p>
          {/* eslint-disable-next-line @next/next/no-img-element -- an SVG made by the server for this person, not a static asset */}
          <img
            src={`data:image/svg+xml;utf8,${encodeURIComponent(setup.qrSvg)}`}
            alt="QR code for your authenticator app"
            width={180}
            height={180}
          />
          <p className="text-sm">
            Or enter this key by hand:{' '}
            <code className="font-mono break-all" data-testid="totp-secret">
              {setup.secret}
            </code>
          </p>
          <FormError message={confirm.formError} />
          <TextField
            label="Code from your app"
            inputMode="numeric"
            autoComplete="one-time-code"
            error={confirm.errors.code?.message}
            {...confirm.register('code')}
          />
          <Button type="submit" disabled={confirm.submitDisabled}>
            {confirm.submitting ? 'Checking…' : 'Confirm'}
          </Button>
        </form>
      ) : (
        <div className="space-y-3">
          <p className="text-sm">Sign in with a code from an authenticator app on your phone as well as your password.</p>
          <Button onClick={start} disabled={starting}>
            Set up an authenticator app
          </Button>
        </div>
      )}
    </Card>
  );
}
