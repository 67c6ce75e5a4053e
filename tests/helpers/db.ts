import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { hashPassword } from '@/lib/server/auth/password';

/** A client on the run's fresh test database (tests/setup/global-setup.ts). Never a mock. */
export function testDb(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the Vitest global setup did not run.');
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}

const unique = () => randomUUID().slice(0, 8);

export async function createAgency(db: PrismaClient, name = `Agency ${unique()}`) {
  return db.agency.create({ data: { name } });
}

export async function createUser(
  db: PrismaClient,
  agencyId: string,
  overrides: { role?: 'ADMIN' | 'STAFF'; password?: string; email?: string; deactivated?: boolean } = {},
) {
  const password = overrides.password ?? 'correct horse battery staple';
  const user = await db.user.create({
    data: {
      agencyId,
      email: overrides.email ?? `user-${unique()}@example.test`,
      name: `User ${unique()}`,
      role: overrides.role ?? 'STAFF',
      passwordHash: await hashPassword(password),
      deactivatedAt: overrides.deactivated ? new Date() : null,
    },
  });
  return { ...user, password };
}
