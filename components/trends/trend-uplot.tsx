'use client';

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TrendSeries } from '@/lib/dashboard/trends';

export interface TrendChartProps {
  series: TrendSeries;
  label: string;
}

const HEIGHT = 176;
const SYMBOL = { GBP: '£', EUR: '€' } as const;
// Tailwind's sky-300, emerald-700 and slate-600/200: the canvas takes colours, not classes.
const BAR = '#7dd3fc';
const LINE = '#047857';
const INK = '#475569';
const GRID = '#e2e8f0';

const dayMonth = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}`;

/**
 * Hours as bars (left axis) and the timesheets' net as a line (right axis, £ or €), drawn by uPlot on a canvas as
 * wide as its container. The x axis is the week's index (each tick a Monday as dd/mm), not a time scale: 12
 * evenly spaced bars. A "—" week (null) draws nothing. The exact figures are in the table beside it.
 */
export function TrendUplot({ series, label }: TrendChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = box.current;
    if (!node) return;
    const weeks = series.weeks;
    const symbol = series.currency ? SYMBOL[series.currency] : '';
    const data: uPlot.AlignedData = [
      weeks.map((_, i) => i),
      weeks.map((w) => (w.hours === null ? null : Number(w.hours))),
      weeks.map((w) => (w.timesheetNet === null ? null : Number(w.timesheetNet))),
    ];
    const axis = { stroke: INK, grid: { stroke: GRID, width: 1 }, ticks: { show: false }, font: '11px system-ui, sans-serif' };
    const chart = new uPlot(
      {
        width: Math.max(node.clientWidth, 200),
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        scales: {
          x: { time: false, range: [-0.5, weeks.length - 0.5] },
          hours: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
          money: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
        },
        axes: [
          {
            ...axis,
            grid: { show: false },
            // Every other Monday, so 390 px stays readable.
            splits: () => weeks.flatMap((_, i) => (i % 2 === 0 ? [i] : [])),
            values: (_u, splits) => splits.map((i) => (weeks[i] ? dayMonth(weeks[i].start) : '')),
          },
          { ...axis, scale: 'hours', size: 40, values: (_u, splits) => splits.map((v) => `${v}h`) },
          {
            ...axis,
            scale: 'money',
            side: 1,
            size: 56,
            grid: { show: false },
            values: (_u, splits) => splits.map((v) => `${symbol}${Math.round(v).toLocaleString('en-GB')}`),
          },
        ],
        series: [
          {},
          {
            label: 'Hours',
            scale: 'hours',
            fill: BAR,
            stroke: BAR,
            paths: uPlot.paths.bars!({ size: [0.7, 48] }),
            points: { show: false },
          },
          { label: 'Timesheet net', scale: 'money', stroke: LINE, width: 2, spanGaps: true, points: { show: true, size: 6, fill: LINE } },
        ],
      },
      data,
      node,
    );
    // Always as wide as its place: a phone never scrolls sideways, a resized window redraws.
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(node.clientWidth, 200), height: HEIGHT }));
    resize.observe(node);
    const canvas = node.querySelector('canvas');
    canvas?.setAttribute('role', 'img');
    canvas?.setAttribute('aria-label', `${label}: chart (the figures are in the table below)`);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [series, label]);
  return (
    <figure className="h-full w-full" data-testid="trend-chart">
      <div ref={box} className="w-full overflow-hidden" />
      <figcaption className="flex gap-4 text-xs text-slate-600">
        <span>
          <span aria-hidden className="mr-1 inline-block h-2 w-3 bg-sky-300" />
          Hours
        </span>
        <span>
          <span aria-hidden className="mr-1 inline-block h-0.5 w-3 bg-emerald-700 align-middle" />
          Timesheet net ({series.currency ? SYMBOL[series.currency] : 'currency not known'})
        </span>
      </figcaption>
    </figure>
  );
}
