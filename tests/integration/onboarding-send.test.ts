import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  inviteCandidate,
  listOnboarding,
  openOnboarding,
  sendOnboardingToNxsys,
  submissionFor,
  submitOnboarding,
} from '@/lib/onboarding/server';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { stopJobEngine } from '@/lib/server/jobs';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { ieCandidateForm, ukCandidateForm } from '../helpers/fixtures';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';

const db = testDb();
let sb: Sandbox;
let admin: CurrentUser;
const envBefore = { ...process.env };
const stamp = Date.now();
const key = generateKeyringEntry('k1');
const keyring = parseKeyring(key);

beforeAll(async () => {
  sb = await sandboxFor();
  Object.assign(process.env, productEnv(sb, key), { JOBS_WORKERS: 'off' });
  admin = (await connectedAdmin(db, keyring, nxsysSettings(), sb)) as unknown as CurrentUser;
});
afterAll(async () => {
  await stopJobEngine({ graceful: false });
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

const createsSent = () => sb.control.requests().filter((r) => r.path.startsWith('/nxsys/candidates') && r.method === 'POST').length;

describe('sending a submission to Nxsys', () => {
  for (const country of ['uk', 'ie'] as const) {
    it(`${country}: two sends at once make one candidate; the SR id is kept and the submission deleted`, async () => {
      const email = `self-${country}-${stamp}@example.test`;
      const { summary, token } = await inviteCandidate(db, admin, { name: 'Sam Self', email, country, agencySettings: {} });
      const name = { forename: 'Sam', surname: `Self${country}${stamp}`, email };
      await submitOnboarding(db, token, country === 'uk' ? ukCandidateForm(name) : ieCandidateForm(name), { keyring });
      const { values } = await submissionFor(db, admin, summary.id, { keyring });

      const before = createsSent();
      const [a, b] = await Promise.all([
        sendOnboardingToNxsys(admin, summary.id, values),
        sendOnboardingToNxsys(admin, summary.id, values),
      ]);
      expect(createsSent() - before).toBe(1);
      expect(a.id).toMatch(/\S/);
      expect(b.id).toBe(a.id);

      const row = await db.onboardingInvitation.findUniqueOrThrow({ where: { id: summary.id } });
      expect(row).toMatchObject({ srId: a.id, submission: null, tokenHash: null });
      expect((await listOnboarding(db, admin.agency.id)).find((s) => s.id === summary.id)).toMatchObject({ state: 'Sent', srId: a.id });
      expect(await openOnboarding(db, token, { keyring })).toBeNull();
      await expect(submissionFor(db, admin, summary.id, { keyring })).rejects.toMatchObject({ code: 'not_found' });
      expect(await db.auditEvent.count({ where: { agencyId: admin.agency.id, action: 'onboarding.sent', targetId: summary.id } })).toBe(1);
      // Once more later: answered from the invitation, nothing sent.
      expect(await sendOnboardingToNxsys(admin, summary.id, values)).toEqual({ id: a.id });
      expect(createsSent() - before).toBe(1);
    });
  }
});
