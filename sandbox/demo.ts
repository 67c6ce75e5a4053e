// The demo client application and Nxsys users that `npm run dev` and the tests use.
export const DEMO_CLIENT_ID = 'NXSYS.SANDBOXDEMOAGENCYPORTAL000000001';
export const DEMO_CLIENT_SECRET = '5a4d1b9e0c3f7a2b8e6d4c1f0a9b7e3d5c2f8a1b6e4d0c97';
export const DEMO_USERS = [
  { email: 'payroll@brightwater.example', password: 'sandbox-demo', company: 'COM-1 Brightwater Umbrella Ltd' },
  { email: 'payroll@harbour.example', password: 'sandbox-demo', company: 'COM-2 Harbour Payroll Services Ltd' },
  { email: 'payroll@meridian.example', password: 'sandbox-demo', company: 'COM-3 Meridian Umbrella Ltd' },
  { email: 'payroll@keystone.example', password: 'sandbox-demo', company: 'COM-4 Keystone Umbrella Ltd (45 UK candidates)' },
  { email: 'payroll@heron.example', password: 'sandbox-demo', company: 'COM-5 Heron Umbrella Ltd (3 candidates, no timesheets)' },
] as const;
