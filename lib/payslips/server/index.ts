import 'server-only';

/** The payslips domain's server surface: find one in the documented list, read it, print it. */
export {
  getPayslip,
  parsePayslip,
  payslipCountries,
  payslipCurrency,
  payslipPdf,
  payslipsPage,
  withCurrencies,
  type PayslipHints,
} from './payslips';
export { PAYSLIP_LISTS } from './lists';
export { exportPayRunReview, runPdfZip } from './export';
export { payslipExport } from './list-export';
export { markDifferenceChecked, payRunReview, payRuns, reviewData, type PayslipCheckMark } from './review';
export { runOfRequest } from './run-route';
