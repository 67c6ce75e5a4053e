'use client';

import { useEffect, useState } from 'react';

type Money = typeof import('@/lib/money');

let loaded: Money | null = null;
let loading: Promise<Money> | null = null;

/**
 * The money library (lib/money.ts with big.js, ~4 kB gzip) for the live totals of the timesheet forms, loaded as
 * the page starts (right after hydration) instead of in its first load: that keeps these routes under the 150 kB
 * budget (bench/bundle-size.ts). Null until it has loaded, for a moment: amounts read "—" meanwhile, never a guess.
 * Loaded once per page load; a failed load (offline) is tried again by the next form that mounts.
 */
export function useMoney(): Money | null {
  const [money, setMoney] = useState<Money | null>(loaded);
  useEffect(() => {
    if (money) return;
    let live = true;
    (loading ??= import('@/lib/money')).then(
      (m) => {
        loaded = m;
        if (live) setMoney(m);
      },
      () => {
        loading = null;
      },
    );
    return () => {
      live = false;
    };
  }, [money]);
  return money;
}
