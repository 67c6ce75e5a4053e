'use client';

import { lazy, Suspense, useEffect, useSyncExternalStore } from 'react';

/**
 * Toasts (sonner) without sonner in any page's first-load JS: the first toast loads sonner and mounts its
 * Toaster (ToastHost, in the root providers), then shows the message; later ones show at once.
 */
type Sonner = typeof import('sonner');
type Kind = 'success' | 'error' | 'warning' | 'info' | 'message';

let wanted = false;
const listeners = new Set<() => void>();
let mounted: (value: Sonner) => void = () => {};
const ready = new Promise<Sonner>((resolve) => (mounted = resolve));

function show(kind: Kind, message: string) {
  if (!wanted) {
    wanted = true;
    for (const listener of listeners) listener();
  }
  void ready.then(({ toast: sonner }) => (kind === 'message' ? sonner(message) : sonner[kind](message)));
}

export const toast = {
  success: (message: string) => show('success', message),
  error: (message: string) => show('error', message),
  warning: (message: string) => show('warning', message),
  info: (message: string) => show('info', message),
  message: (message: string) => show('message', message),
};

const LazyToaster = lazy(async () => {
  const sonner = await import('sonner');
  function Mounted() {
    useEffect(() => mounted(sonner), []);
    return <sonner.Toaster position="top-right" richColors closeButton />;
  }
  return { default: Mounted };
});

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Where toasts appear: nothing until the first one is asked for. */
export function ToastHost() {
  const needed = useSyncExternalStore(
    subscribe,
    () => wanted,
    () => false,
  );
  return needed ? (
    <Suspense fallback={null}>
      <LazyToaster />
    </Suspense>
  ) : null;
}
