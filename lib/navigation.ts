/** The app's sections, in menu order. `adminOnly` items are hidden from staff (and their pages refuse them). */
export const NAV_ITEMS = [
  { href: '/', label: 'Dashboard' },
  { href: '/candidates', label: 'Candidates' },
  { href: '/payment-rates', label: 'Payment rates' },
  { href: '/timesheets', label: 'Timesheets' },
  { href: '/timesheets/review', label: 'Approvals', adminOnly: true },
  { href: '/payslips', label: 'Payslips' },
  { href: '/connection', label: 'Nxsys connection' },
  { href: '/staff', label: 'Staff', adminOnly: true },
  { href: '/activity', label: 'Activity', adminOnly: true },
] as const;
