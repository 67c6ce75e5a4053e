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
export { payslipExport } from './list-export';
export { REVIEW_HEADER, reviewRows, reviewWorkbook, runPdfZip } from './export';
export { markDifferenceChecked, payRunReview, payRuns, reviewData, type PayslipCheckMark } from './review';
export { runOfRequest } from './run-route';
