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
 * (tests/e2e/helpers.ts `goto`, `reload`, `hydrated`). This effect runs when the shell is hydrated; React hydrates
 * each Suspense boundary after it in tasks of its own, so the mark waits for the first idle moment after those.
 */
export function HydrationMarker() {
  useEffect(() => {
    const mark = () => (document.documentElement.dataset.hydrated = 'true');
    if (typeof requestIdleCallback !== 'function') return void setTimeout(mark); // Safari
    const id = requestIdleCallback(mark);
    return () => cancelIdleCallback(id);
  }, []);
  return null;
}
