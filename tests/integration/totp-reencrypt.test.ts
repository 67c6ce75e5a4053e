// `npm run tokens:reencrypt` after a key rotation moves the authenticator-app secrets onto the new key too: the app's
// codes still pass with the old key gone, and a secret that does not decrypt is reported, never rewritten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmTotpEnrolment, startTotpEnrolment, verifySecondFactor } from '@/lib/server/auth/factors';
import { reencryptTotpSecrets } from '@/lib/server/auth/totp';
import { decryptToken, generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { createAgency, createUser, testDb } from '../helpers/db';
import { TEST_APP_ORIGIN, TEST_NEXTAUTH_SECRET } from '../helpers/nxsys';
import { totpCode, totpStep } from '../helpers/totp';

const db = testDb();
const envBefore = { ...process.env };
const oldEntry = generateKeyringEntry('old1');
const newEntry = generateKeyringEntry('new2');

// The portal's own keyring writes with the old key and can read the new one: what a server sees mid-rotation.
beforeAll(() => {
  Object.assign(process.env, {
    NEXTAUTH_URL: TEST_APP_ORIGIN,
    NEXTAUTH_SECRET: TEST_NEXTAUTH_SECRET,
    TOKEN_ENCRYPTION_KEY: `${oldEntry},${newEntry}`,
  });
});
afterAll(async () => {
  process.env = envBefore;
  await db.$disconnect();
});

describe('tokens:reencrypt and authenticator-app secrets', () => {
  it('moves each secret onto the current key; codes still pass with only the new key; a broken one is reported', async () => {
    const agency = await createAgency(db);
    const user = await createUser(db, agency.id);
    const broken = await createUser(db, agency.id);
    const person = { id: user.id, email: user.email, agency: { id: agency.id } };
    const { secret } = await startTotpEnrolment(db, person);
    const then = new Date(Date.now() - 90_000);
    await confirmTotpEnrolment(db, person, totpCode(secret, totpStep(then)), then);
    // Another user's ciphertext copied into this row: it does not decrypt for them (the user id is bound to it).
    const stored = (await db.totpFactor.findUniqueOrThrow({ where: { userId: user.id } })).secretCiphertext;
    await db.totpFactor.create({ data: { userId: broken.id, secretCiphertext: stored, confirmedAt: new Date() } });
    expect(stored.startsWith('v1.old1.')).toBe(true);

    const rotated = parseKeyring(`${newEntry},${oldEntry}`);
    const result = await reencryptTotpSecrets(db, rotated);
    expect(result.failed).toContain(broken.id);
    expect(result.failed).not.toContain(user.id);
    expect(result.changed).toBeGreaterThanOrEqual(1);
    const moved = (await db.totpFactor.findUniqueOrThrow({ where: { userId: user.id } })).secretCiphertext;
    expect(moved.startsWith('v1.new2.')).toBe(true);
    expect(moved).not.toContain(secret);
    expect((await db.totpFactor.findUniqueOrThrow({ where: { userId: broken.id } })).secretCiphertext).toBe(stored);

    // A second run has nothing left to move for this user.
    const again = await reencryptTotpSecrets(db, rotated);
    expect(again.failed).toContain(broken.id);
    expect((await db.totpFactor.findUniqueOrThrow({ where: { userId: user.id } })).secretCiphertext).toBe(moved);

    // With the old key gone, the moved secret still reads (bound to this user), and the app's code of now passes.
    expect(decryptToken(parseKeyring(newEntry), moved, `totp:${user.id}`)).toBe(secret);
    const now = new Date();
    expect(await verifySecondFactor(db, { id: user.id, agencyId: agency.id }, totpCode(secret, totpStep(now)), now)).toBe('totp');
  });
});
