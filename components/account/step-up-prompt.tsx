'use client';

import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { setStepUpPrompt } from '@/lib/api-client';
import type { Ask } from './step-up-form';

// The dialog and its form load on the first refused action: the pages that mount this prompt carry only this file.
const StepUpDialog = lazy(() => import('./step-up-form'));

/**
 * Mounted on the pages with sensitive actions (exports, staff, account): when one is refused with `step_up_required`,
 * lib/api-client.ts opens the dialog (the code, a passkey or the password) and sends the action again once it passed.
 */
export function StepUpPrompt() {
  const [asked, setAsked] = useState<{ ask: Ask; passkey: boolean } | null>(null);
  const pending = useRef<((passed: boolean) => void) | null>(null);
  useEffect(() => {
    setStepUpPrompt(
      (ask, passkey) =>
        new Promise<boolean>((resolve) => {
          pending.current?.(false);
          pending.current = resolve;
          setAsked({ ask, passkey });
        }),
    );
    return () => setStepUpPrompt(null);
  }, []);
  const finish = (passed: boolean) => {
    pending.current?.(passed);
    pending.current = null;
    setAsked(null);
  };
  if (!asked) return null;
  return (
    <Suspense fallback={null}>
      <StepUpDialog ask={asked.ask} passkey={asked.passkey} onFinish={finish} />
    </Suspense>
  );
}
