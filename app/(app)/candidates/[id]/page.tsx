import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { Skeleton } from '@/components/ui/page-header';
import { CandidatePayslips, CandidateTimesheets, daysUntil } from './work';
import { TrendSection } from '../../trend-section';
import { NxsysNotice } from '@/components/nxsys-notice';
import { buttonClasses } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/page-header';
import { ukDate } from '@/lib/dates';
import { requireUser } from '@/lib/server/auth/current-user';
import { getCandidate } from '@/lib/candidates/server';
import { attempt } from '@/lib/server/http/api-error';
import { candidateView } from '@/lib/candidates/nxsys';
import { label, paymentModelLabel } from '@/lib/labels';

export const metadata: Metadata = { title: 'Candidate' };

/** An enumeration as words, or null when Nxsys sent nothing (shown as "—", never a default). */
const words = (v: string | null) => (v ? label(v) : null);
const joined = (parts: (string | null)[], sep = ', ') => parts.filter(Boolean).join(sep) || null;

export default async function CandidatePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ country?: string }>;
}) {
  const user = await requireUser();
  const { id } = await params;
  const result = await attempt(async () => getCandidate(user, id, (await searchParams).country));
  if (!result.ok)
    return (
      <NxsysNotice code={result.error.code} message={result.error.message} back={{ href: '/candidates', label: 'Back to candidates' }} />
    );
  const { country, raw, source } = result.value;
  const v = candidateView(raw);
  const g = v.general;
  const name = joined([g.forename, g.surname], ' ') ?? g.fullName ?? id;
  const title = g.title && g.title !== 'NONE' ? `${label(g.title)} ` : '';
  const sections: [string, [string, string | null][]][] = [
    [
      'Personal',
      [
        ['Name', `${title}${name}`],
        ['Date of birth', g.DOB && ukDate(g.DOB)],
        ['Gender', words(g.gender)],
        ['Nationality', g.nationality],
        country === 'uk' ? ['NI number', g.NINumber] : ['PPS number', v.payroll.PPSNumber],
      ],
    ],
    [
      'Contact',
      [
        ['Address', joined([...g.address, g.city, g.county, country === 'uk' ? g.postCode : g.eircode])],
        ['Mobile', g.mobile],
        ['Email', g.email],
        ['Emergency contact', joined([g.emergencyName, g.emergencyMobile])],
      ],
    ],
    [
      'Employment',
      [
        ['Joined', g.dateOfJoining && ukDate(g.dateOfJoining)],
        ['Pay frequency', words(g.payFrequency)],
        ['Pay method', words(g.payMethod)],
        ['Job', g.jobDescription],
        [
          'Right to work',
          joined([words(g.rightToWorkStatus), words(g.documentType), g.documentExpiryDate && `expires ${ukDate(g.documentExpiryDate)}`]),
        ],
      ],
    ],
    [
      'Bank and payroll',
      [
        ['Bank', v.bank.bankName],
        [
          'Account',
          country === 'uk'
            ? joined([v.bank.sortCode, v.bank.accountNumber], ' ')
            : joined([v.bank.IBANReference, v.bank.SWIFTNo && `(${v.bank.SWIFTNo})`], ' '),
        ],
        ['Payment model', v.payroll.paymentModel && paymentModelLabel(v.payroll.paymentModel)],
        ['Pension', joined([words(v.pension.scheme), words(v.pension.optState)])],
      ],
    ],
  ];
  // Right to work: a document that expires within 30 days (or has expired) is flagged.
  const expiresIn = g.documentExpiryDate && /^\d{4}-\d{2}-\d{2}/.test(g.documentExpiryDate) ? daysUntil(g.documentExpiryDate) : null;
  const status = joined([
    words(v.status),
    v.registrationStatus === 'ONGOING' ? 'onboarding' : (v.registrationStatus && words(v.registrationStatus)?.toLowerCase()) || null,
  ]);
  return (
    <>
      <PageHeader
        title={name}
        description={[id, country === 'uk' ? 'UK' : 'Ireland', status].filter(Boolean).join(' · ')}
        actions={
          <>
            <Link
              href={`/payslips?${new URLSearchParams({ subcontractorIds: id, candidateName: name })}`}
              className={buttonClasses('secondary')}
            >
              Payslips
            </Link>
            {source === 'record' && (
              <Link href={`/candidates/${id}/edit?country=${country}`} className={buttonClasses('primary')}>
                Edit
              </Link>
            )}
          </>
        }
      />
      {source === 'list' && (
        <p
          role="note"
          className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
          data-testid="list-only"
        >
          This Nxsys does not offer a read of one UK candidate, so only what its candidate list holds is shown, and the candidate cannot be
          edited here.
        </p>
      )}
      {expiresIn !== null && expiresIn <= 30 && (
        <p
          role="note"
          data-testid="rtw-expiry"
          className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
        >
          <strong>Right to work:</strong> the {words(g.documentType)?.toLowerCase() ?? 'document'}{' '}
          {expiresIn < 0
            ? `expired on ${ukDate(g.documentExpiryDate)}.`
            : expiresIn === 0
              ? 'expires today.'
              : `expires on ${ukDate(g.documentExpiryDate)}, in ${expiresIn} ${expiresIn === 1 ? 'day' : 'days'}.`}{' '}
          Check it with the candidate before they work again.
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        {sections.map(([sectionTitle, rows]) => (
          <Card key={sectionTitle}>
            <h2 className="mb-3 font-medium">{sectionTitle}</h2>
            <dl className="grid grid-cols-[8rem_minmax(0,1fr)] gap-y-2 text-sm sm:grid-cols-[10rem_minmax(0,1fr)]">
              {rows.map(([k, value]) => (
                <div key={k} className="contents">
                  <dt className="text-slate-500">{k}</dt>
                  <dd data-testid={`candidate-${k.toLowerCase().replace(/\s+/g, '-')}`}>{value || '—'}</dd>
                </div>
              ))}
            </dl>
          </Card>
        ))}
        <Suspense fallback={<Skeleton className="h-40 w-full" />}>
          <CandidateTimesheets user={user} id={id} name={name} country={country} />
        </Suspense>
        <Suspense fallback={<Skeleton className="h-40 w-full" />}>
          <CandidatePayslips user={user} id={id} name={name} country={country} />
        </Suspense>
      </div>
      <TrendSection user={user} subject={{ candidateId: id, country }} className="mt-4" />
      <p className="mt-6 text-sm">
        <Link href={`/candidates?country=${country}`} className="text-brand-700 underline">
          Back to candidates
        </Link>
      </p>
    </>
  );
}
