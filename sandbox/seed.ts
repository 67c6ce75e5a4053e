// Deterministic demo data: a believable umbrella company with hundreds of UK and Irish candidates, the
// default VAT codes, pay elements, a few months of weekly timesheets and their payslips; and a second,
// small company so that scoping can be seen. Same seed, same data, every time.
import { centsString, percentCents, ppsLetter, productCents, validIban } from './rules';
import { payslipFigures, type PaymentModel } from './payroll';
import type { Candidate, CompanyData, PaymentRate, Store, Timesheet, TimesheetLine } from './store';

/** The sandbox's "today": fixed, so that tests are deterministic. */
export const ANCHOR_DATE = '2026-11-24';
export const TAX_YEAR = 2026; // 2026/27, from 6 April 2026
const TAX_YEAR_START = Date.UTC(2026, 3, 6);
const DAY = 86_400_000;

export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const weekStart = (period: number) => isoDate(TAX_YEAR_START + (period - 1) * 7 * DAY);
export const weekEnd = (period: number) => isoDate(TAX_YEAR_START + ((period - 1) * 7 + 6) * DAY);
export const periodOf = (date: string) => Math.floor((Date.parse(date) - TAX_YEAR_START) / (7 * DAY)) + 1;

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UK_FORENAMES = [
  'Oliver',
  'Amelia',
  'George',
  'Isla',
  'Harry',
  'Ava',
  'Jack',
  'Mia',
  'Jacob',
  'Sophia',
  'Noah',
  'Grace',
  'Charlie',
  'Lily',
  'Thomas',
  'Freya',
  'Oscar',
  'Emily',
  'William',
  'Ella',
  'James',
  'Poppy',
  'Leo',
  'Evie',
  'Arthur',
  'Chloe',
  'Mohammed',
  'Aisha',
  'Priya',
  'Ravi',
  'Kwame',
  'Zara',
  'Daniel',
  'Hannah',
  'Samuel',
  'Ruby',
];
const UK_SURNAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Jackson',
  'Clarke',
  'Patel',
  'Khan',
  'Lewis',
  'Hughes',
  'Edwards',
  'Ahmed',
  'Okafor',
  'Singh',
  'Turner',
  'Harris',
];
const IE_FORENAMES = [
  'Seán',
  'Aoife',
  'Conor',
  'Niamh',
  'Cian',
  'Ciara',
  'Darragh',
  'Saoirse',
  'Oisín',
  'Róisín',
  'Patrick',
  'Siobhán',
  'Eoin',
  'Orla',
  'Fionn',
  'Aisling',
];
const IE_SURNAMES = [
  'Murphy',
  'Kelly',
  "O'Sullivan",
  'Walsh',
  'Byrne',
  'Ryan',
  "O'Brien",
  "O'Connor",
  'McCarthy',
  'Doyle',
  'Lynch',
  'Murray',
  'Quinn',
  'Moore',
  'McLoughlin',
  'Brennan',
];
const UK_PLACES: [string, string, string][] = [
  ['London', 'Greater London', 'SW1A 1AA'],
  ['Manchester', 'Greater Manchester', 'M1 1AE'],
  ['Birmingham', 'West Midlands', 'B33 8TH'],
  ['Croydon', 'Greater London', 'CR2 6XH'],
  ['Leeds', 'West Yorkshire', 'LS1 4AP'],
  ['Edinburgh', 'Midlothian', 'EH1 1YZ'],
  ['Glasgow', 'Lanarkshire', 'G2 3AA'],
  ['Bristol', 'Bristol', 'BS1 4DJ'],
  ['Cardiff', 'South Glamorgan', 'CF10 1EP'],
  ['Newcastle upon Tyne', 'Tyne and Wear', 'NE1 7RU'],
  ['Liverpool', 'Merseyside', 'L1 8JQ'],
  ['Nottingham', 'Nottinghamshire', 'NG1 5FS'],
];
const IE_PLACES: [string, string, string][] = [
  ['Dublin', 'Dublin', 'D02 Y006'],
  ['Cork', 'Cork', 'T12 X70A'],
  ['Galway', 'Galway', 'H91 E2K3'],
  ['Limerick', 'Limerick', 'V94 T9PX'],
  ['Athlone', 'Westmeath', 'N37 A6F8'],
  ['Dundalk', 'Louth', 'A91 K584'],
  ['Waterford', 'Waterford', 'X91 YX59'],
];
const STREETS = ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Mill Lane', 'Park Avenue', 'Queen Street', 'Main Street'];
const JOBS = [
  'Warehouse operative',
  'HGV driver',
  'Registered nurse',
  'Site labourer',
  'Software contractor',
  'Care assistant',
  'Electrician',
  'Chef',
];
const NI_FIRST = 'ABCEGHJKLMNPRSTWXYZ';
const NI_SECOND = 'ABCEGHJKLMNPRSTWXYZ';

function ieIban(r: () => number): string {
  const bban = 'AIBK' + String(930000 + Math.floor(r() * 9999)).padStart(6, '0') + String(Math.floor(r() * 1e8)).padStart(8, '0');
  for (let check = 2; check < 99; check++) {
    const iban = `IE${String(check).padStart(2, '0')}${bban}`;
    if (validIban(iban)) return iban;
  }
  throw new Error('no IBAN check digits');
}

export function seed(store: Store, seedValue = 1) {
  const r = prng(seedValue);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const created = `${ANCHOR_DATE}T09:00:00.000Z`;

  store.vatCodes = [
    ['Standard', '20%', 'S', 20],
    ['Reduced', '5%', 'R', 5],
    ['Zero rated', '0%', 'Z', 0],
    ['Exempt', '0%', 'E', 0],
    ['Outside the scope', '0%', 'O', 0],
    ['Domestic reverse charge', '20%', 'RC', 0],
  ].map(([description, VATRate, VATCode, percent]) => ({
    ...store.nextId('VC'),
    description: description as string,
    VATRate: VATRate as string,
    VATCode: VATCode as string,
    percent: percent as number,
    createdAt: created,
    updatedAt: created,
  }));

  const companies = [
    { name: 'Brightwater Umbrella Ltd', agencyName: 'Northwind Recruitment', uk: 240, ie: 60 },
    { name: 'Harbour Payroll Services Ltd', agencyName: 'Southbank Staffing', uk: 12, ie: 4 },
    { name: 'Meridian Umbrella Ltd', agencyName: 'Eastgate Talent', uk: 6, ie: 2 },
    // 45 UK candidates: three pages at 20 a page, the last one short (browser tests page through it).
    { name: 'Keystone Umbrella Ltd', agencyName: 'Westfield Staffing', uk: 45, ie: 3 },
    // Three UK candidates and no timesheets: a payroll week starting from nothing (the browser test of issue 29).
    { name: 'Heron Umbrella Ltd', agencyName: 'Heron Recruitment', uk: 3, ie: 0, timesheets: false },
  ];
  for (const spec of companies) {
    const company = { ...store.nextId('COM'), name: spec.name, agencyId: store.nextId('AY', 1000).id, agencyName: spec.agencyName };
    store.companies.set(company.id, company);
    const data: CompanyData = { candidates: [], paymentRates: [], timesheets: [], payslips: [] };
    store.data.set(company.id, data);

    const rate = (
      code: string,
      description: string,
      units: PaymentRate['units'],
      hoursPerUnit: number,
      extra: Partial<PaymentRate> = {},
    ): PaymentRate => ({
      ...store.nextId('PR', 1900),
      code,
      description,
      displayOnPayslip: description,
      status: 'ACTIVE',
      type: 'RATE',
      units,
      hoursPerUnit,
      includeInCisCalculation: true,
      includeNICalculation: true,
      includeTaxCalculation: true,
      includePensionCalculation: true,
      includeAccrueHolidayPay: true,
      raiseInvoice: true,
      includeInPayeUmbrellaCalculation: true,
      isStatutory: false,
      defaultVATCodeId: store.vatCodes[0]!.id,
      createdAt: created,
      updatedAt: created,
      ...extra,
    });
    data.paymentRates.push(
      rate('PR100', 'Basic hourly', 'HOURLY', 1),
      rate('PR101', 'Basic daily', 'DAILY', 7.5),
      rate('PR102', 'Overtime x1.5', 'HOURLY', 1),
      rate('PR103', 'Night shift', 'HOURLY', 1),
      rate('PR104', 'Weekly retainer', 'WEEKLY', 37.5),
      rate('PRCOMS', 'Cost of materials', 'DAILY', 0, {
        type: 'FIXED',
        includeNICalculation: false,
        includeTaxCalculation: false,
        includePensionCalculation: false,
        includeAccrueHolidayPay: false,
        defaultVATCodeId: store.vatCodes[2]!.id,
      }),
      rate('SSP', 'Statutory sick pay', 'DAILY', 0, { isStatutory: true, raiseInvoice: false, includeAccrueHolidayPay: false }),
    );

    const makeCandidate = (country: 'UK' | 'IE', index: number): Candidate => {
      const ids = store.nextId('SR', 101000);
      const forename = pick(country === 'UK' ? UK_FORENAMES : IE_FORENAMES);
      const surname = pick(country === 'UK' ? UK_SURNAMES : IE_SURNAMES);
      const [city, county, code] = pick(country === 'UK' ? UK_PLACES : IE_PLACES);
      const dob = isoDate(Date.UTC(1962 + Math.floor(r() * 42), Math.floor(r() * 12), 1 + Math.floor(r() * 28)));
      const email = `${forename}.${surname}.${ids.incrementId}@example.com`
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^a-z0-9.@]/g, '');
      const mobile =
        country === 'UK'
          ? `07${700 + Math.floor(r() * 299)} ${String(Math.floor(r() * 1e6)).padStart(6, '0')}`
          : `08${3 + Math.floor(r() * 7)} ${String(Math.floor(r() * 1e7)).padStart(7, '0')}`;
      const general: Record<string, unknown> = {
        agencyRef: company.agencyId,
        title: pick(['MR', 'MRS', 'MS', 'MISS', 'NONE']),
        gender: pick(['MALE', 'FEMALE']),
        forename,
        surname,
        DOB: dob,
        maritalStatus: pick(['SINGLE', 'MARRIED', 'NONE']),
        nationality: country === 'UK' ? 'GB' : 'IE',
        address: [`${1 + Math.floor(r() * 180)} ${pick(STREETS)}`],
        city,
        county,
        country: country === 'UK' ? 'GB' : 'IE',
        mobile,
        email,
        registrationStatus: index % 9 === 0 ? 'ONGOING' : 'REGISTRATION_COMPLETE',
        dateOfJoining: isoDate(Date.parse(ANCHOR_DATE) - Math.floor(r() * 700) * DAY),
        payFrequency: 'WEEKLY',
        payMethod: 'BACS',
        jobDescription: pick(JOBS),
        annualSalary: 0,
        rateHour: 12 + Math.floor(r() * 30),
        hours: 37.5,
        emergencyName: `${pick(country === 'UK' ? UK_FORENAMES : IE_FORENAMES)} ${surname}`,
        emergencyMobile: mobile,
        rightToWorkStatus: 'VERIFIED',
        documentType: country === 'UK' ? pick(['PASSPORT', 'BIOMETRIC_RESIDENCE_PERMIT']) : 'PASSPORT',
        documentExpiryDate: isoDate(Date.parse(ANCHOR_DATE) + (200 + Math.floor(r() * 2000)) * DAY),
        pensionSetting: {
          scheme: 'NEST',
          reference: `NEST${ids.incrementId}`,
          outsideUKWorker: false,
          optState: 'OPTED_IN',
          isSalarySacrifice: false,
          pensionCalculationType: 'NET_PAY_ARRANGEMENT',
          memberId: null,
        },
      };
      const ni = `${pick([...NI_FIRST])}${pick([...NI_SECOND])}${String(Math.floor(r() * 1e6)).padStart(6, '0')}${pick(['A', 'B', 'C', 'D'])}`;
      let bank: Record<string, unknown>;
      let payroll: Record<string, unknown>;
      if (country === 'UK') {
        Object.assign(general, {
          NINumber: ni,
          postCode: code,
          primaryAgencyId: company.agencyId,
          secondaryAgencyId: null,
          department: pick(['Logistics', 'Healthcare', 'Construction', 'IT']),
        });
        bank = {
          bankName: pick(['Barclays', 'HSBC UK', 'Lloyds Bank', 'NatWest', 'Santander UK', 'Nationwide']),
          accountName: `${forename} ${surname}`,
          accountNumber: String(10000000 + Math.floor(r() * 89999999)),
          sortCode: String(100000 + Math.floor(r() * 899999)),
          buildingSocietyNumber: null,
          IBANReference: null,
          SWIFTNo: null,
        };
        payroll = {
          paymentModel: index % 10 === 0 ? 'PAYEE' : index % 17 === 0 ? 'CIS' : 'UMBRELLA',
          cisStatus: index % 17 === 0 ? 'NET' : null,
          holidayPayMethod: 'ROLLED_UP',
          holidayPayRate: 12.07,
          taxCode: '1257L',
          taxBasis: 'CUMULATIVE',
        };
      } else {
        const digits = String(1000000 + Math.floor(r() * 8999999));
        Object.assign(general, { eircode: code, shareCodeVerified: true });
        // Every other Irish candidate is sparse, as real records are: no gender, pay settings or pension.
        if (index % 2 === 1)
          for (const key of ['gender', 'payFrequency', 'payMethod', 'pensionSetting', 'title', 'maritalStatus']) delete general[key];
        bank = {
          bankName: 'AIB',
          accountName: `${forename} ${surname}`,
          IBANReference: ieIban(r),
          SWIFTNo: 'AIBKIE2D',
          isInternalAccount: false,
          country: 'IE',
        };
        payroll = {
          paymentModel: 'PAYEE',
          PPSNumber: `${digits}${ppsLetter(digits)}`,
          cisStatus: null,
          holidayPayMethod: 'NO_HOLIDAY_PAY',
          holidayPayRate: 12.07,
          taxBasis: 'W1M1',
          employmentStatus: 'EMPLOYED',
        };
      }
      return {
        ...ids,
        systemId: `ST-${200000 + ids.incrementId}`,
        country,
        status: index % 23 === 0 ? 'INACTIVE' : 'ACTIVE',
        registrationStatus: String(general.registrationStatus),
        dateLeft: null,
        reason: null,
        generalSetting: general,
        bankSetting: bank,
        payrollSetting: payroll,
        createdAt: `${String(general.dateOfJoining)}T10:00:00.000Z`,
        updatedAt: `${String(general.dateOfJoining)}T10:00:00.000Z`,
      };
    };
    for (let i = 0; i < spec.uk; i++) data.candidates.push(makeCandidate('UK', i));
    for (let i = 0; i < spec.ie; i++) data.candidates.push(makeCandidate('IE', i));

    // Weekly timesheets for the last twelve weeks for a working subset; all but the latest week approved.
    const current = periodOf(ANCHOR_DATE);
    const workers = 'timesheets' in spec ? [] : data.candidates.filter((c, i) => c.status === 'ACTIVE' && i % 6 === 0);
    for (let period = current - 12; period < current; period++) {
      for (const worker of workers) {
        const basic = data.paymentRates[worker.incrementId % 2]!; // PR100 or PR101
        const hourly = basic.units === 'HOURLY';
        const lines: TimesheetLine[] = [
          lineFor(
            store,
            basic,
            hourly ? `${15 + (worker.incrementId % 12)}.50` : `${120 + (worker.incrementId % 60)}`,
            hourly ? `${30 + Math.floor(r() * 15)}` : `${3 + Math.floor(r() * 3)}`,
          ),
        ];
        if (r() < 0.25) lines.push(lineFor(store, data.paymentRates[2]!, '24.75', `${2 + Math.floor(r() * 6)}`));
        const approved = period < current - 1 || r() < 0.3;
        const ts: Timesheet = {
          ...store.nextId('TS'),
          candidateId: worker.id,
          assignmentRef: null,
          startDate: weekStart(period),
          endDate: weekEnd(period),
          taxYear: TAX_YEAR,
          taxPeriod: period,
          taxPeriodConfig: period,
          monthConfig: null,
          payFrequency: 'WEEKLY',
          paymentModel: worker.payrollSetting.paymentModel as PaymentModel,
          approveStatus: approved ? 'APPROVED' : 'PENDING_AGENCY_APPROVAL',
          invoiceStatus: approved ? 'INVOICED' : 'AWAITING_INVOICING',
          lines,
          createdAt: `${weekEnd(period)}T17:00:00.000Z`,
          updatedAt: `${weekEnd(period)}T17:00:00.000Z`,
        };
        data.timesheets.push(ts);
        if (approved) issuePayslip(store, company.id, ts);
      }
    }
  }

  store.users.push(
    { email: 'payroll@brightwater.example', password: 'sandbox-demo', name: 'Priya Shah', companyId: 'COM-1' },
    { email: 'payroll@harbour.example', password: 'sandbox-demo', name: 'Liam Doyle', companyId: 'COM-2' },
    { email: 'payroll@meridian.example', password: 'sandbox-demo', name: 'Nia Evans', companyId: 'COM-3' },
    { email: 'payroll@keystone.example', password: 'sandbox-demo', name: 'Owen Price', companyId: 'COM-4' },
    { email: 'payroll@heron.example', password: 'sandbox-demo', name: 'Cara Flynn', companyId: 'COM-5' },
  );
}

/** A timesheet line with exact pence for net and VAT. */
export function lineFor(store: Store, rate: PaymentRate, rateValue: string, units: string, vatId = rate.defaultVATCodeId): TimesheetLine {
  const net = productCents(rateValue, units)!;
  return {
    rateId: rate.id,
    rate: rateValue,
    units,
    vatID: vatId,
    netPence: net,
    vatPence: percentCents(net, store.vatCode(vatId)?.percent ?? 0),
  };
}

export function issuePayslip(store: Store, companyId: string, ts: Timesheet) {
  const data = store.company(companyId);
  const candidate = data.candidates.find((c) => c.id === ts.candidateId);
  const net = ts.lines.reduce((sum, l) => sum + l.netPence, 0);
  const g = candidate?.generalSetting ?? {};
  data.payslips.push({
    ...store.nextId('PL', 1181000),
    timesheetId: ts.id,
    candidateId: ts.candidateId,
    subcontractorName: `${String(g.forename)} ${String(g.surname)}`,
    taxYear: ts.taxYear,
    taxPeriod: ts.taxPeriod,
    payFrequency: ts.payFrequency,
    paymentModel: ts.paymentModel,
    payDate: isoDate(Date.parse(ts.endDate) + 5 * DAY),
    createdAt: `${isoDate(Date.parse(ts.endDate) + 3 * DAY)}T08:00:00.000Z`,
    ...payslipFigures(net, ts.paymentModel),
  });
}

export const pounds = centsString;
