'use client';

import type { TrendSeries } from '@/lib/dashboard/trends';

export interface TrendSvgProps {
  series: TrendSeries;
  label: string;
}

const W = 600;
const H = 200;
const PAD = { left: 8, right: 8, top: 12, bottom: 28 };

/**
 * Hours as bars and the timesheets' net as a line, each on its own scale (the exact figures are in the table).
 * Plain SVG: for 12 bars and a line a chart library would cost more than it draws. A "—" week draws nothing.
 */
export function TrendSvg({ series, label }: TrendSvgProps) {
  const weeks = series.weeks;
  const hours = weeks.map((w) => (w.hours === null ? null : Number(w.hours)));
  const net = weeks.map((w) => (w.timesheetNet === null ? null : Number(w.timesheetNet)));
  const top = (values: (number | null)[]) => Math.max(1, ...values.map((v) => v ?? 0));
  const maxHours = top(hours);
  const maxNet = top(net);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / weeks.length;
  const y = (v: number, max: number) => PAD.top + plotH - (v / max) * plotH;
  const points = net.flatMap((v, i) => (v === null ? [] : [`${PAD.left + step * (i + 0.5)},${y(v, maxNet)}`]));
  return (
    <figure className="h-full w-full" data-testid="trend-chart">
      <svg viewBox={`0 0 ${W} ${H}`} className="h-44 w-full" role="img" aria-label={`${label}: chart (the figures are in the table)`}>
        <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} className="stroke-slate-300" />
        {hours.map((v, i) =>
          v === null ? null : (
            <rect
              key={weeks[i]!.start}
              x={PAD.left + step * i + step * 0.15}
              width={step * 0.7}
              y={y(v, maxHours)}
              height={PAD.top + plotH - y(v, maxHours)}
              className="fill-sky-300"
            />
          ),
        )}
        {points.length > 1 && <polyline points={points.join(' ')} fill="none" strokeWidth={2} className="stroke-emerald-700" />}
        {points.map((p) => {
          const [cx, cy] = p.split(',');
          return <circle key={p} cx={cx} cy={cy} r={3} className="fill-emerald-700" />;
        })}
        {weeks.map((w, i) =>
          i % 2 === 0 ? (
            <text key={w.start} x={PAD.left + step * (i + 0.5)} y={H - 8} textAnchor="middle" className="fill-slate-600 text-[11px]">
              {`${w.start.slice(8, 10)}/${w.start.slice(5, 7)}`}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="flex gap-4 text-xs text-slate-600">
        <span>
          <span aria-hidden className="mr-1 inline-block h-2 w-3 bg-sky-300" />
          Hours
        </span>
        <span>
          <span aria-hidden className="mr-1 inline-block h-0.5 w-3 bg-emerald-700 align-middle" />
          Timesheet net
        </span>
      </figcaption>
    </figure>
  );
}
