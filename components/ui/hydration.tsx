'use client';

import { useEffect, useSyncExternalStore } from 'react';

const noChanges = () => () => {};

/**
 * False while only the server's HTML is on screen, true once React runs the page. A control whose change lives in
 * React state (a controlled checkbox, a JS-only button) is disabled until then: a click before it would be lost.
 */
export function useHydrated() {
  return useSyncExternalStore(
    noChanges,
    () => true,
    () => false,
  );
}

/**
 * Sets `<html data-hydrated="true">` once React has hydrated the page, so the browser tests act only on a live page
 * (tests/e2e/helpers.ts `goto`, `reload`, `hydrated`).
 */
export function HydrationMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return null;
}
