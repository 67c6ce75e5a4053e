'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { FormError } from '@/components/forms/form-error';
import { useApiForm } from '@/components/forms/use-api-form';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { TextField } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { toast } from '@/components/ui/toast';
import { apiFetch } from '@/lib/api-client';

export interface ListedPasskey {
  id: string;
  name: string;
  /** dd/mm/yyyy */
  added: string;
  lastUsed: string | null;
}

/** A browser refusing or cancelled (NotAllowedError…) says so in words, not with the DOM's message. */
const cancelled = (error: unknown) => error instanceof Error && ['NotAllowedError', 'AbortError', 'InvalidStateError'].includes(error.name);

/**
 * "Passkeys" on the account page: several per person, named; added with the browser's own prompt (the WebAuthn library
 * is loaded only when a passkey is added), renamed, removed.
 */
export function Passkeys({ passkeys }: { passkeys: ListedPasskey[] }) {
  const router = useRouter();
  const add = useApiForm<{ name: string }>({
    check: ({ name }) => (name.trim() ? {} : { name: 'Give the passkey a name, e.g. "Work laptop"' }),
    failure: 'The passkey could not be added.',
  });
  const [renaming, setRenaming] = useState<string | null>(null);
  const rename = useApiForm<{ name: string }>({ failure: 'The passkey could not be renamed.' });

  const onAdd = add.submit(async ({ name }) => {
    const { data: optionsJSON } = await apiFetch<{ data: PublicKeyCredentialCreationOptionsJSON }>('/api/account/passkeys/options', {
      method: 'POST',
    });
    const { startRegistration } = await import('@simplewebauthn/browser');
    let response;
    try {
      response = await startRegistration({ optionsJSON });
    } catch (error) {
      throw new Error(
        cancelled(error)
          ? 'No passkey was made (the browser prompt was closed, or this one is already added).'
          : 'This browser could not make a passkey.',
      );
    }
    await apiFetch('/api/account/passkeys', { method: 'POST', json: { name, response } });
    add.reset();
    // The list shows it: no toast over the page.
    router.refresh();
  });

  const remove = async (passkey: ListedPasskey) => {
    try {
      await apiFetch(`/api/account/passkeys/${encodeURIComponent(passkey.id)}`, { method: 'DELETE' });
      toast.success(`Passkey "${passkey.name}" removed.`);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : 'The passkey could not be removed.');
    }
    router.refresh();
  };

  return (
    <Card className="max-w-lg">
      <h2 className="mb-1 font-medium">Passkeys</h2>
      <p className="mb-3 text-sm text-slate-600">
        A passkey on this device (or your phone, or a security key) can be your second factor at sign-in, after your password.
      </p>
      {passkeys.length > 0 && (
        <ul aria-label="Your passkeys" className="mb-4 divide-y divide-slate-100 text-sm">
          {passkeys.map((passkey) => (
            <li key={passkey.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              {renaming === passkey.id ? (
                <form
                  noValidate
                  className="flex w-full flex-wrap items-end gap-2"
                  onSubmit={rename.submit(async ({ name }) => {
                    await apiFetch(`/api/account/passkeys/${encodeURIComponent(passkey.id)}`, { method: 'PATCH', json: { name } });
                    setRenaming(null);
                    router.refresh();
                  })}
                >
                  <div className="min-w-0 flex-1">
                    <TextField
                      label={`New name for ${passkey.name}`}
                      error={rename.errors.name?.message}
                      {...rename.register('name')}
                      defaultValue={passkey.name}
                    />
                  </div>
                  <Button type="submit" variant="secondary" disabled={rename.submitDisabled}>
                    Save
                  </Button>
                  <Button variant="ghost" onClick={() => setRenaming(null)}>
                    Cancel
                  </Button>
                  <FormError message={rename.formError} className="w-full" />
                </form>
              ) : (
                <>
                  <div>
                    <p className="font-medium">{passkey.name}</p>
                    <p className="text-slate-600">
                      Added {passkey.added}
                      {passkey.lastUsed ? ` · last used ${passkey.lastUsed}` : ' · not used yet'}
                    </p>
                  </div>
                  <div className="flex gap-2">
                    <Button variant="secondary" onClick={() => setRenaming(passkey.id)} aria-label={`Rename ${passkey.name}`}>
                      Rename
                    </Button>
                    <ConfirmDialog
                      trigger={
                        <Button variant="secondary" aria-label={`Remove ${passkey.name}`}>
                          Remove
                        </Button>
                      }
                      title={`Remove "${passkey.name}"?`}
                      description="It can no longer be used to sign in here."
                      confirmLabel="Remove"
                      variant="danger"
                      onConfirm={() => void remove(passkey)}
                    />
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={onAdd} noValidate aria-label="Add a passkey" className="space-y-3">
        <FormError message={add.formError} />
        <TextField
          label="Passkey name"
          placeholder="e.g. Work laptop"
          maxLength={60}
          error={add.errors.name?.message}
          {...add.register('name')}
        />
        <Button type="submit" variant="secondary" disabled={add.submitDisabled}>
          {add.submitting ? 'Waiting for the browser…' : 'Add a passkey'}
        </Button>
      </form>
    </Card>
  );
}
