'use client';

import { lazy, Suspense, useEffect, useSyncExternalStore, type CSSProperties } from 'react';

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

/**
 * sonner's rich colours (light theme) put 13 px text at 3.1–4.4 : 1 on its backgrounds, below WCAG AA's 4.5 : 1
 * (axe found the success toast at 4.25). Same hues, darker text: 6.1–6.8 : 1 on sonner's own backgrounds.
 */
const AA_TEXT = {
  '--success-text': 'hsl(140, 100%, 20%)',
  '--info-text': 'hsl(210, 92%, 35%)',
  '--warning-text': 'hsl(31, 92%, 30%)',
  '--error-text': 'hsl(360, 100%, 35%)',
} as CSSProperties;

const LazyToaster = lazy(async () => {
  const sonner = await import('sonner');
  function Mounted() {
    useEffect(() => mounted(sonner), []);
    return <sonner.Toaster position="top-right" richColors closeButton style={AA_TEXT} />;
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
