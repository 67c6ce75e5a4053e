// UK umbrella payroll arithmetic for the sandbox's payslips (weekly, 2026/27 thresholds rounded to whole
// pounds). Not a payroll engine: believable, internally consistent figures that tests can rely on.
import { centsString as penceToString, percentCents as percentOf } from './rules';

/** `CIS` and `PAYEE` are the spellings the docs show; `UMBRELLA` is our guess for the umbrella model [INF]. */
export type PaymentModel = 'UMBRELLA' | 'PAYEE' | 'CIS';

const WEEKLY = {
  employerNiThreshold: 96_00, // £5,000 / 52
  personalAllowance: 242_00, // £12,570 / 52
  higherRateThreshold: 967_00, // £50,270 / 52
  pensionLowerLimit: 120_00, // £6,240 / 52
};
export const UMBRELLA_MARGIN_PENCE = 20_00;
export const HOLIDAY_PAY_PERCENT = 12.07;

const employerNi = (gross: number) => percentOf(Math.max(0, gross - WEEKLY.employerNiThreshold), 15);
const apprenticeshipLevy = (gross: number) => percentOf(gross, 0.5);
const employerPension = (gross: number) => percentOf(Math.max(0, gross - WEEKLY.pensionLowerLimit), 3);
const employerCost = (gross: number) => gross + employerNi(gross) + apprenticeshipLevy(gross) + employerPension(gross);

/** Largest gross pay whose employer cost fits the pot (umbrella: the worker bears the employer costs). */
function grossFromPot(pot: number): number {
  let low = 0;
  let high = Math.max(0, pot);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (employerCost(mid) <= pot) low = mid;
    else high = mid - 1;
  }
  return low;
}

export interface PayslipFigures {
  timesheetValue: string;
  margin: string;
  employerNI: string;
  apprenticeshipLevy: string;
  employerPension: string;
  basicPay: string;
  holidayPay: string;
  gross: string;
  tax: string;
  employeeNI: string;
  employeePension: string;
  deductions: string;
  materials: string;
  net: string;
}

export function payslipFigures(timesheetValuePence: number, model: PaymentModel): PayslipFigures {
  const margin = model === 'PAYEE' ? 0 : UMBRELLA_MARGIN_PENCE;
  const pot = Math.max(0, timesheetValuePence - margin);
  let gross: number;
  let erNi = 0;
  let levy = 0;
  let erPension = 0;
  let tax: number;
  let eeNi = 0;
  let eePension = 0;
  if (model === 'CIS') {
    gross = pot;
    tax = percentOf(gross, 20); // CIS deduction at the standard rate
  } else {
    gross = model === 'UMBRELLA' ? grossFromPot(pot) : pot;
    erNi = employerNi(gross);
    levy = apprenticeshipLevy(gross);
    erPension = employerPension(gross);
    const taxable = Math.max(0, gross - WEEKLY.personalAllowance);
    const basicBand = WEEKLY.higherRateThreshold - WEEKLY.personalAllowance;
    tax = percentOf(Math.min(taxable, basicBand), 20) + percentOf(Math.max(0, taxable - basicBand), 40);
    eeNi =
      percentOf(Math.max(0, Math.min(gross, WEEKLY.higherRateThreshold) - WEEKLY.personalAllowance), 8) +
      percentOf(Math.max(0, gross - WEEKLY.higherRateThreshold), 2);
    eePension = percentOf(Math.max(0, gross - WEEKLY.pensionLowerLimit), 5);
  }
  // Holiday pay is rolled up into gross: gross = basic + 12.07 % of basic.
  const basic = Math.round(gross / (1 + HOLIDAY_PAY_PERCENT / 100));
  const holiday = gross - basic;
  const net = gross - tax - eeNi - eePension;
  const s = penceToString;
  return {
    timesheetValue: s(timesheetValuePence),
    margin: s(margin),
    employerNI: s(model === 'UMBRELLA' ? erNi : 0),
    apprenticeshipLevy: s(model === 'UMBRELLA' ? levy : 0),
    employerPension: s(model === 'UMBRELLA' ? erPension : 0),
    basicPay: s(basic),
    holidayPay: s(holiday),
    gross: s(gross),
    tax: s(tax),
    employeeNI: s(eeNi),
    employeePension: s(eePension),
    deductions: s(0),
    materials: s(0),
    net: s(net),
  };
}
