// Demo data for the embedded default: one agency with an admin and a staff user (printed by `npm run dev`),
// and a second agency so that agency isolation can be seen and tested. Idempotent: existing rows are kept.
import { pathToFileURL } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../lib/generated/prisma/client';
import { hashPassword } from '../../lib/server/auth/password';

export const DEMO_AGENCY = 'Northwind Recruitment';
export const DEMO_USERS = [
  { email: 'admin@northwind.example', name: 'Alex Morgan', role: 'ADMIN', password: 'northwind-admin-demo', agency: DEMO_AGENCY },
  { email: 'staff@northwind.example', name: 'Sam Patel', role: 'STAFF', password: 'northwind-staff-demo', agency: DEMO_AGENCY },
  { email: 'admin@southbank.example', name: 'Jo Byrne', role: 'ADMIN', password: 'southbank-admin-demo', agency: 'Southbank Staffing' },
  { email: 'admin@eastgate.example', name: 'Ruth Okafor', role: 'ADMIN', password: 'eastgate-admin-demo', agency: 'Eastgate Talent' },
  { email: 'staff@eastgate.example', name: 'Ben Carter', role: 'STAFF', password: 'eastgate-staff-demo', agency: 'Eastgate Talent' },
  // A second Eastgate admin: the browser tests check that a revoked grant e-mails each admin once.
  { email: 'ops@eastgate.example', name: 'Mo Ahmed', role: 'ADMIN', password: 'eastgate-ops-demo', agency: 'Eastgate Talent' },
  // Used by the browser tests that page through a whole list (sandbox COM-4: 45 UK candidates).
  { email: 'admin@westfield.example', name: 'Dana Hughes', role: 'ADMIN', password: 'westfield-admin-demo', agency: 'Westfield Staffing' },
  // Kestrel: the two-factor browser test turns on "require a second factor" here, an agency no other test signs in to.
  { email: 'admin@kestrel.example', name: 'Kim Lee', role: 'ADMIN', password: 'kestrel-admin-demo', agency: 'Kestrel Recruitment' },
  { email: 'staff@kestrel.example', name: 'Rowan Ellis', role: 'STAFF', password: 'kestrel-staff-demo', agency: 'Kestrel Recruitment' },
  // Osprey: the browser test of issue 27's "Done when" (passkeys, app, step-up), an agency no other test signs in to.
  { email: 'admin@osprey.example', name: 'Jo Park', role: 'ADMIN', password: 'osprey-admin-demo', agency: 'Osprey Staffing' },
  { email: 'keys@osprey.example', name: 'Pat Quinn', role: 'STAFF', password: 'osprey-keys-demo', agency: 'Osprey Staffing' },
  { email: 'app@osprey.example', name: 'Lee Shaw', role: 'STAFF', password: 'osprey-app-demo', agency: 'Osprey Staffing' },
  // Heron (sandbox COM-5: three workers, no timesheets): the browser test of issue 29's "Done when" (the pay week).
  { email: 'admin@heron.example', name: 'Nell Byrne', role: 'ADMIN', password: 'heron-admin-demo', agency: 'Heron Recruitment' },
  { email: 'staff@heron.example', name: 'Tom Reid', role: 'STAFF', password: 'heron-staff-demo', agency: 'Heron Recruitment' },
  // Ibis (sandbox COM-1, past weeks only): the review's browser test of a returned draft changed and of "send anyway".
  { email: 'admin@ibis.example', name: 'Ines Walsh', role: 'ADMIN', password: 'ibis-admin-demo', agency: 'Ibis Recruitment' },
  { email: 'staff@ibis.example', name: 'Cal Doyle', role: 'STAFF', password: 'ibis-staff-demo', agency: 'Ibis Recruitment' },
] as const;

export async function seedDemoData(databaseUrl: string): Promise<void> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    for (const demo of DEMO_USERS) {
      if (await db.user.findUnique({ where: { email: demo.email } })) continue;
      const agency =
        (await db.agency.findFirst({ where: { name: demo.agency } })) ?? (await db.agency.create({ data: { name: demo.agency } }));
      await db.user.create({
        data: {
          agencyId: agency.id,
          email: demo.email,
          name: demo.name,
          role: demo.role,
          passwordHash: await hashPassword(demo.password),
        },
      });
    }
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set.');
    process.exit(1);
  }
  await seedDemoData(url);
  console.log('Demo data is in place.');
}
