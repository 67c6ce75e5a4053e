'use client';

import { type FormEvent } from 'react';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { FormError } from '@/components/forms/form-error';
import { useApiForm } from '@/components/forms/use-api-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { Modal } from '@/components/ui/modal';
import { apiFetch } from '@/lib/api-client';

export type Ask = 'code' | 'passkey' | 'password';
type Values = { code: string; password: string };

const TITLE = 'Confirm it is you';
const DESCRIPTION: Record<Ask, string> = {
  code: 'This action needs your second factor again (it was last given more than 10 minutes ago).',
  passkey: 'This action needs your passkey again (it was last used more than 10 minutes ago).',
  password: 'This action needs your password again (it was last given more than 10 minutes ago).',
};

/** A passkey's answer to a step-up challenge (the WebAuthn library is loaded only now). */
async function passkeyAnswer() {
  const { data: optionsJSON } = await apiFetch<{ data: PublicKeyCredentialRequestOptionsJSON }>('/api/account/step-up/options', {
    method: 'POST',
  });
  const { startAuthentication } = await import('@simplewebauthn/browser');
  try {
    return await startAuthentication({ optionsJSON });
  } catch {
    throw new Error('The passkey prompt was closed, or this device has none of your passkeys. Try again.');
  }
}

/** The code, the password or a passkey, sent to POST /api/account/step-up; `onDone` once it passed. */
export function StepUpForm({ ask, passkey, onDone, onCancel }: { ask: Ask; passkey: boolean; onDone: () => void; onCancel?: () => void }) {
  const { register, errors, formError, submit, submitDisabled } = useApiForm<Values>({ failure: 'That did not work. Try again.' });
  // Which button sent the form decides: "Use a passkey" beside the code field, or the main one.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const viaPasskey = ask === 'passkey' || (event.nativeEvent as SubmitEvent).submitter?.getAttribute('value') === 'passkey';
    return submit(async (values) => {
      const json = viaPasskey ? { passkey: await passkeyAnswer() } : ask === 'code' ? { code: values.code } : { password: values.password };
      await apiFetch('/api/account/step-up', { method: 'POST', json });
      onDone();
    })(event);
  };
  return (
    <form className="mt-4 space-y-4" noValidate onSubmit={onSubmit}>
      <FormError message={formError} />
      {passkey && ask === 'code' && (
        <Button type="submit" variant="secondary" className="w-full" value="passkey" disabled={submitDisabled}>
          Use a passkey
        </Button>
      )}
      {ask === 'code' && (
        <TextField
          label="Code from your authenticator app"
          hint="Or one of your recovery codes."
          autoComplete="one-time-code"
          autoFocus
          error={errors.code?.message}
          {...register('code')}
        />
      )}
      {ask === 'password' && (
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          autoFocus
          error={errors.password?.message}
          {...register('password')}
        />
      )}
      <div className="flex justify-end gap-2">
        {onCancel && (
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <Button type="submit" disabled={submitDisabled}>
          {ask === 'passkey' ? 'Use your passkey' : 'Confirm'}
        </Button>
      </div>
    </form>
  );
}

/** The prompt's dialog, loaded by ./step-up-prompt.tsx on the first refused action (not in any page's first load). */
export default function StepUpDialog({ ask, passkey, onFinish }: { ask: Ask; passkey: boolean; onFinish: (passed: boolean) => void }) {
  return (
    <Modal open onClose={() => onFinish(false)} title={TITLE} description={DESCRIPTION[ask]}>
      <StepUpForm ask={ask} passkey={passkey} onDone={() => onFinish(true)} onCancel={() => onFinish(false)} />
    </Modal>
  );
}

/** The page a plain form POST (Connect, Disconnect) is sent to when it needs a step-up: then back to where it was. */
export function ConfirmStepUp({ ask, passkey, next }: { ask: Ask; passkey: boolean; next: string }) {
  return (
    <div className="max-w-md rounded-lg border border-slate-200 bg-white p-6">
      <p className="text-sm text-slate-600">{DESCRIPTION[ask]} Then do it again.</p>
      <StepUpForm
        ask={ask}
        passkey={passkey}
        onDone={() => {
          // A full load: the page it came from shows its forms afresh.
          window.location.assign(next);
        }}
      />
    </div>
  );
}
