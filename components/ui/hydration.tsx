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
 * A streamed Suspense boundary that is not on the page yet. Its content is either still on its way (`<!--$?-->`) or
 * has arrived in a hidden `<div>` and waits for React's batched reveal (`<!--$~-->`): React 19.3 moves arrived
 * boundaries into place on the next animation frame, or up to 300 ms after the last reveal, and hydrates them after
 * that — so the end of the parse is not the end of the page.
 */
function hasUnrevealedBoundary() {
  const comments = document.createTreeWalker(document, NodeFilter.SHOW_COMMENT);
  for (let node = comments.nextNode(); node; node = comments.nextNode()) {
    const data = (node as Comment).data;
    if (data === '$?' || data === '$~') return true;
  }
  return false;
}

/**
 * Sets `<html data-hydrated="true">` once React has hydrated the whole page, so the browser tests act only on a live
 * page (tests/e2e/helpers.ts `goto`, `reload`, `hydrated`). This effect runs when the shell is hydrated, but a
 * streamed page is not whole yet: a Suspense boundary waiting for Nxsys (the timesheet list and its filters) arrives
 * later in the same response, is revealed in a batch after that, and React hydrates it in tasks of its own. A mark
 * set before the reveal let a test focus the list's filter while it sat in the hidden `<div>` (the focus did not
 * take) and type into nothing: under load, the period filter never reached the URL. So: wait until the document is
 * fully parsed and no boundary waits to be revealed, then mark at the first idle moment after that (React's
 * hydration tasks run first); a reveal still due puts the check off to the next idle moment.
 */
export function HydrationMarker() {
  useEffect(() => {
    let cancel = () => {};
    const whenIdle = (callback: () => void) => {
      if (typeof requestIdleCallback !== 'function') {
        const id = window.setTimeout(callback, 50); // Safari
        cancel = () => window.clearTimeout(id);
      } else {
        const id = requestIdleCallback(callback);
        cancel = () => cancelIdleCallback(id);
      }
    };
    const markWhenWhole = () => {
      if (hasUnrevealedBoundary()) whenIdle(markWhenWhole);
      else document.documentElement.dataset.hydrated = 'true';
    };
    if (document.readyState !== 'loading') whenIdle(markWhenWhole);
    else {
      const parsed = () => whenIdle(markWhenWhole);
      document.addEventListener('DOMContentLoaded', parsed, { once: true });
      cancel = () => document.removeEventListener('DOMContentLoaded', parsed);
    }
    return () => cancel();
  }, []);
  return null;
}
