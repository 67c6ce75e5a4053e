'use client';

import { useEffect, useRef, useState, type ComponentType } from 'react';
import type { TrendSeries } from '@/lib/dashboard/trends';
import type { TrendChartProps } from './trend-uplot';

/**
 * The chart is drawn only once its place scrolls into view: its code (uPlot and its CSS) is a separate chunk loaded
 * then (dynamic import), so no route's first load carries it. Until then (and without JavaScript) the table beside it has the figures.
 */
export function LazyTrendChart({ series, label }: { series: TrendSeries; label: string }) {
  const place = useRef<HTMLDivElement>(null);
  const [Chart, setChart] = useState<ComponentType<TrendChartProps> | null>(null);
  useEffect(() => {
    const node = place.current;
    if (!node) return;
    let cancelled = false;
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      void import('./trend-uplot').then((m) => {
        if (!cancelled) setChart(() => m.TrendUplot);
      });
    });
    observer.observe(node);
    return () => {
      cancelled = true;
      observer.disconnect();
    };
  }, []);
  return (
    <div ref={place} className="h-52 w-full" data-testid="trend-chart-place">
      {Chart ? <Chart series={series} label={label} /> : <div aria-hidden className="h-full w-full rounded bg-slate-50" />}
    </div>
  );
}
