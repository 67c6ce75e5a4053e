import { ukDate } from '@/lib/dates';
import { formatMoney } from '@/lib/money-format';
import type { ImportKind, ImportPreview, SentBefore } from '@/lib/imports/options';
import { perCurrency } from './money-totals';
import { SendAgainChoice } from './send-again-choice';
import { NOUN, plural } from './wording';

/** The records the preview would create (those left out greyed, with why and the tick), totals per currency. */
export function RecordsToCreate({
  kind,
  preview,
  resend,
  busy,
  onResend,
}: {
  kind: ImportKind;
  preview: ImportPreview;
  resend: string[];
  busy: boolean;
  onResend: (key: string, on: boolean) => void;
}) {
  return (
    <>
      {kind === 'TIMESHEETS' && preview.timesheets.length > 0 && (
        <div className="mt-6 overflow-x-auto">
          <table className="min-w-full text-sm" aria-label="Timesheets to create">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="px-2 py-1">Candidate</th>
                <th className="px-2 py-1">Period</th>
                <th className="px-2 py-1">Lines</th>
                <th className="px-2 py-1 text-right">Net</th>
                <th className="px-2 py-1 text-right">VAT</th>
                <th className="px-2 py-1 text-right">Total</th>
                <th className="px-2 py-1">Rows</th>
              </tr>
            </thead>
            <tbody>
              {preview.timesheets.map((t) => (
                <tr key={t.key} className={`border-t border-slate-100 ${t.skipped ? 'text-slate-400' : ''}`}>
                  <td className="px-2 py-1">
                    {t.candidateName} <span className="text-slate-500">({t.candidateId})</span>
                    <SendAgainChoice
                      sentBefore={t.sentBefore}
                      sentNote={<SentNote sent={t.sentBefore} />}
                      heldInNxsys={t.heldInNxsys}
                      skipped={t.skipped}
                      ticked={resend.includes(t.key)}
                      busy={busy}
                      onChange={(on) => onResend(t.key, on)}
                    />
                  </td>
                  <td className="px-2 py-1">
                    {ukDate(t.startDate)}–{ukDate(t.endDate)} (period {t.taxPeriod})
                  </td>
                  <td className="px-2 py-1">
                    {t.lines.map((l) => `${l.code} ${l.units} × ${formatMoney(l.rate, t.currency)}`).join('; ')}
                  </td>
                  <td className="px-2 py-1 text-right">{formatMoney(t.net, t.currency)}</td>
                  <td className="px-2 py-1 text-right">{formatMoney(t.vat, t.currency)}</td>
                  <td className="px-2 py-1 text-right">{formatMoney(t.total, t.currency)}</td>
                  <td className="px-2 py-1 text-slate-500">{t.lines.map((l) => l.rowNumber).join(', ')}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="border-t-2 border-slate-300 font-semibold" data-testid="file-totals">
                <td className="px-2 py-1" colSpan={3}>
                  Total to send
                  {preview.uncounted > 0 && (
                    <span className="block text-xs font-normal text-slate-600">
                      Not in the totals: {plural(preview.uncounted, NOUN[kind])} whose currency cannot be told.
                    </span>
                  )}
                </td>
                <td className="px-2 py-1 text-right">{perCurrency(preview.totals, (t) => t.net)}</td>
                <td className="px-2 py-1 text-right">{perCurrency(preview.totals, (t) => t.vat)}</td>
                <td className="px-2 py-1 text-right">{perCurrency(preview.totals, (t) => t.total)}</td>
                <td />
              </tr>
            </tfoot>
          </table>
        </div>
      )}

      {kind === 'CANDIDATES' && preview.candidates.length > 0 && (
        <ul className="mt-6 divide-y divide-slate-100 text-sm" aria-label="Candidates to create">
          {preview.candidates.map((c) => (
            <li key={c.key} className={`py-1 ${c.skipped ? 'text-slate-400' : ''}`}>
              Row {c.rowNumber}: {c.name} ({c.email})
              {c.invite && (
                <span className="ml-2 rounded bg-blue-50 px-2 py-0.5 text-xs text-blue-900" data-testid={`invite-${c.rowNumber}`}>
                  will be e-mailed an onboarding link to fill in their own details
                </span>
              )}
              <SendAgainChoice
                sentBefore={c.sentBefore}
                sentNote={<SentNote sent={c.sentBefore} />}
                skipped={c.skipped}
                ticked={resend.includes(c.key)}
                busy={busy}
                onChange={(on) => onResend(c.key, on)}
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** A record an earlier import or copy already sent (or is sending), with a link to that import. */
function SentNote({ sent }: { sent: SentBefore | null }) {
  if (!sent) return null;
  return (
    <>
      already sent{sent.nxsysId ? ` (${sent.nxsysId})` : ''} by{' '}
      <a className="underline" href={`/imports/${sent.importId}`}>
        an earlier import
      </a>
    </>
  );
}
