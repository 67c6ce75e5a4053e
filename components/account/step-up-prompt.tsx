'use client';

import { useEffect, useRef, useState } from 'react';
import { FormError } from '@/components/forms/form-error';
import { useApiForm } from '@/components/forms/use-api-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { Modal } from '@/components/ui/modal';
import { apiFetch, setStepUpPrompt } from '@/lib/api-client';

type Ask = 'code' | 'password';
type Values = { code: string; password: string };

const TITLE = 'Confirm it is you';
const DESCRIPTION: Record<Ask, string> = {
  code: 'This action needs your second factor again (it was last given more than 10 minutes ago).',
  password: 'This action needs your password again (it was last given more than 10 minutes ago).',
};

/** The code or the password, sent to POST /api/account/step-up; `onDone` once it passed. */
export function StepUpForm({ ask, onDone, onCancel }: { ask: Ask; onDone: () => void; onCancel?: () => void }) {
  const { register, errors, formError, submit, submitDisabled } = useApiForm<Values>({ failure: 'That did not work. Try again.' });
  return (
    <form
      className="mt-4 space-y-4"
      noValidate
      onSubmit={submit(async (values) => {
        await apiFetch('/api/account/step-up', {
          method: 'POST',
          json: ask === 'code' ? { code: values.code } : { password: values.password },
        });
        onDone();
      })}
    >
      <FormError message={formError} />
      {ask === 'code' ? (
        <TextField
          label="Code from your authenticator app"
          hint="Or one of your recovery codes."
          autoComplete="one-time-code"
          autoFocus
          error={errors.code?.message}
          {...register('code')}
        />
      ) : (
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
          Confirm
        </Button>
      </div>
    </form>
  );
}

/**
 * Mounted on the pages with sensitive actions (exports, staff, account): when one is refused with `step_up_required`,
 * lib/api-client.ts opens this dialog and sends the action again once it passed.
 */
export function StepUpPrompt() {
  const [ask, setAsk] = useState<Ask | null>(null);
  const pending = useRef<((passed: boolean) => void) | null>(null);
  useEffect(() => {
    setStepUpPrompt(
      (what) =>
        new Promise<boolean>((resolve) => {
          pending.current?.(false);
          pending.current = resolve;
          setAsk(what);
        }),
    );
    return () => setStepUpPrompt(null);
  }, []);
  const finish = (passed: boolean) => {
    pending.current?.(passed);
    pending.current = null;
    setAsk(null);
  };
  return (
    <Modal open={ask !== null} onClose={() => finish(false)} title={TITLE} description={ask ? DESCRIPTION[ask] : ''}>
      {ask && <StepUpForm ask={ask} onDone={() => finish(true)} onCancel={() => finish(false)} />}
    </Modal>
  );
}

/** The page a plain form POST (Connect, Disconnect) is sent to when it needs a step-up: then back to where it was. */
export function ConfirmStepUp({ ask, next }: { ask: Ask; next: string }) {
  return (
    <div className="max-w-md rounded-lg border border-slate-200 bg-white p-6">
      <p className="text-sm text-slate-600">{DESCRIPTION[ask]} Then do it again.</p>
      <StepUpForm
        ask={ask}
        onDone={() => {
          // A full load: the page it came from shows its forms afresh.
          window.location.assign(next);
        }}
      />
    </div>
  );
}
