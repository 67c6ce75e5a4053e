import type { TrendSeries } from '@/lib/dashboard/trends';
import { formatMoney } from '@/lib/money-format';
import { LazyTrendChart } from './trend-chart';

const CURRENCY_NAMES = { GBP: 'UK, £', EUR: 'Ireland, €' } as const;
const ukDay = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** One currency's 12 weeks: the chart (drawn when in view) and the same figures as a table. */
export function TrendPanel({ series, title }: { series: TrendSeries; title: string }) {
  const name = series.currency ? CURRENCY_NAMES[series.currency] : 'currency not known';
  const label = `${title} (${name})`;
  const money = (v: string | null) => (v === null ? '—' : formatMoney(v, series.currency));
  return (
    <div className="min-w-0" data-testid={`trend-${series.currency ?? 'unknown'}`}>
      <h3 className="mb-2 text-sm font-medium text-slate-800">{label}</h3>
      <LazyTrendChart series={series} label={label} />
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-brand-700 underline">Show as table</summary>
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-left tabular-nums" data-testid="trend-table">
            <caption className="sr-only">{label}, per week</caption>
            <thead className="text-xs text-slate-600">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Week beginning
                </th>
                <th scope="col" className="py-1 pr-3 text-right font-medium">
                  Hours
                </th>
                <th scope="col" className="py-1 pr-3 text-right font-medium">
                  Timesheet net
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  Net pay (payslips)
                </th>
              </tr>
            </thead>
            <tbody>
              {series.weeks.map((w) => (
                <tr key={w.start} className="border-t border-slate-100" data-week={w.start}>
                  <th scope="row" className="py-1 pr-3 font-normal">
                    {ukDay(w.start)}
                  </th>
                  <td className="py-1 pr-3 text-right" data-testid="trend-hours">
                    {w.hours ?? '—'}
                  </td>
                  <td className="py-1 pr-3 text-right">{money(w.timesheetNet)}</td>
                  <td className="py-1 text-right">{money(w.payslipNet)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
