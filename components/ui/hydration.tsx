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
 * (tests/e2e/helpers.ts `goto`, `reload`, `hydrated`). This effect runs when the shell is hydrated, but a streamed
 * page is not whole yet: a Suspense boundary waiting for Nxsys (the timesheet list and its filters) arrives later
 * in the same response, and React hydrates it in a task of its own after it lands. Marking at the shell's first idle
 * moment let a test type into the list's filter before React owned it, and the keys were lost (a run under load saw
 * the period filter never reach the URL). So: wait until the document is fully parsed (the stream has ended), then
 * for the first idle moment after the hydration tasks that follow.
 */
export function HydrationMarker() {
  useEffect(() => {
    const mark = () => (document.documentElement.dataset.hydrated = 'true');
    let cancel = () => {};
    const markWhenIdle = () => {
      if (typeof requestIdleCallback !== 'function') {
        const id = window.setTimeout(mark); // Safari
        cancel = () => window.clearTimeout(id);
      } else {
        const id = requestIdleCallback(mark);
        cancel = () => cancelIdleCallback(id);
      }
    };
    if (document.readyState !== 'loading') markWhenIdle();
    else {
      document.addEventListener('DOMContentLoaded', markWhenIdle, { once: true });
      cancel = () => document.removeEventListener('DOMContentLoaded', markWhenIdle);
    }
    return () => cancel();
  }, []);
  return null;
}
