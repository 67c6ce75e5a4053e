// `npm run tokens:reencrypt`: after adding a new key at the front of TOKEN_ENCRYPTION_KEY (keeping the old
// ones behind it), re-encrypts every stored Nxsys token and authenticator-app secret under the new key. Then the old
// keys can go.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../lib/generated/prisma/client';
import { parseKeyring } from '../lib/server/crypto/token-encryption';
import { reencryptAllTokens } from '../lib/server/nxsys/reencrypt';
import { reencryptTotpSecrets } from '../lib/server/auth/totp';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set.');
  process.exit(1);
}
const keyring = parseKeyring(process.env.TOKEN_ENCRYPTION_KEY);
const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
try {
  const { changed, failed } = await reencryptAllTokens(db, keyring);
  console.log(`Re-encrypted the tokens of ${changed} connection(s) under key "${keyring.currentKid}".`);
  if (failed.length) {
    console.error(
      `${failed.length} connection(s) could not be decrypted and were left as they are (agencies ${failed.join(', ')}): check TOKEN_ENCRYPTION_KEY holds every old key, or have those agencies reconnect.`,
    );
    process.exitCode = 1;
  }
  const totp = await reencryptTotpSecrets(db, keyring);
  console.log(`Re-encrypted ${totp.changed} authenticator-app secret(s) under key "${keyring.currentKid}".`);
  if (totp.failed.length) {
    console.error(
      `${totp.failed.length} authenticator-app secret(s) could not be decrypted and were left as they are (users ${totp.failed.join(', ')}): check TOKEN_ENCRYPTION_KEY holds every old key, or have an admin reset those members' factors.`,
    );
    process.exitCode = 1;
  }
} finally {
  await db.$disconnect();
}
