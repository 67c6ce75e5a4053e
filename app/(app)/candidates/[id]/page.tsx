import type { Metadata } from 'next';
import Link from 'next/link';
import { NxsysNotice } from '@/components/nxsys-notice';
import { buttonClasses } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { getCandidate } from '@/lib/server/candidates';
import { attempt } from '@/lib/server/http/api-error';
import { fromNxsysCandidate, label } from '@/lib/validations/candidate';

export const metadata: Metadata = { title: 'Candidate' };

export default async function CandidatePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ country?: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const result = await attempt(async () => getCandidate(user, id, (await searchParams).country));
  if (!result.ok) return <NxsysNotice code={result.error.code} message={result.error.message} />;
  const { country, raw } = result.value;
  const v = fromNxsysCandidate(country, raw);
  const g = v.generalSetting;
  const b = v.bankSetting;
  const sections: [string, [string, string | undefined][]][] = [
    ['Personal', [['Name', `${label(g.title) === 'None' ? '' : label(g.title) + ' '}${g.forename} ${g.surname}`], ['Date of birth', g.DOB], ['Gender', label(g.gender)], ['Nationality', g.nationality], country === 'uk' ? ['NI number', g.NINumber] : ['PPS number', v.payrollSetting.PPSNumber]]],
    ['Contact', [['Address', [...g.address, g.city, g.county, country === 'uk' ? g.postCode : g.eircode].filter(Boolean).join(', ')], ['Mobile', g.mobile], ['Email', g.email], ['Emergency contact', [g.emergencyName, g.emergencyMobile].filter(Boolean).join(', ')]]],
    ['Employment', [['Joined', g.dateOfJoining], ['Pay', `${label(g.payFrequency)}, ${label(g.payMethod)}`], ['Job', g.jobDescription], ['Right to work', `${label(g.rightToWorkStatus)} (${label(g.documentType)}${g.documentExpiryDate ? `, expires ${g.documentExpiryDate}` : ''})`]]],
    ['Bank and payroll', [['Bank', b.bankName], ['Account', country === 'uk' ? `${b.sortCode} ${b.accountNumber}` : `${b.IBANReference} (${b.SWIFTNo})`], ['Payment model', label(v.payrollSetting.paymentModel)], ['Pension', `${label(v.pensionSetting.scheme)}, ${label(v.pensionSetting.optState)}`]]],
  ];
  return (
    <>
      <PageHeader
        title={`${g.forename} ${g.surname}`}
        description={`${id} · ${country === 'uk' ? 'UK' : 'Ireland'} · ${label(String(raw.status ?? 'ACTIVE'))}`}
        actions={
          <>
            <Link href={`/payslips?${new URLSearchParams({ subcontractorIds: id, candidateName: `${g.forename} ${g.surname}` })}`} className={buttonClasses('secondary')}>Payslips</Link>
            <Link href={`/candidates/${id}/edit?country=${country}`} className={buttonClasses('primary')}>Edit</Link>
          </>
        }
      />
      <div className="grid gap-4 lg:grid-cols-2">
        {sections.map(([title, rows]) => (
          <Card key={title}>
            <h2 className="mb-3 font-medium">{title}</h2>
            <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm">
              {rows.map(([k, value]) => (
                <div key={k} className="contents">
                  <dt className="text-slate-500">{k}</dt>
                  <dd>{value || '—'}</dd>
                </div>
              ))}
            </dl>
          </Card>
        ))}
      </div>
      <p className="mt-6 text-sm"><Link href={`/candidates?country=${country}`} className="text-brand-700 underline">Back to candidates</Link></p>
    </>
  );
}
