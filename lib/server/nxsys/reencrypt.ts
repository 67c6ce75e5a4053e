import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { reencryptToken, TokenDecryptionError, type Keyring } from '../crypto/token-encryption';
import { withTokenLock } from './token-manager';

/**
 * Moves every stored token onto the current key (after a key rotation), one row at a time under the same
 * lock as token refresh. A row that does not decrypt is left as it is and reported (never "fixed").
 */
export async function reencryptAllTokens(db: PrismaClient, keyring: Keyring): Promise<{ changed: number; failed: string[] }> {
  const stale = await db.nxsysConnection.findMany({
    where: { OR: [{ tokenKeyId: { not: keyring.currentKid } }, { tokenKeyId: null }], NOT: { accessTokenCiphertext: null } },
    select: { agencyId: true },
  });
  let changed = 0;
  const failed: string[] = [];
  for (const { agencyId } of stale) {
    try {
      await withTokenLock(db, agencyId, async (tx) => {
        const row = await tx.nxsysConnection.findUniqueOrThrow({ where: { agencyId } });
        await tx.nxsysConnection.update({
          where: { agencyId },
          data: {
            accessTokenCiphertext: row.accessTokenCiphertext && reencryptToken(keyring, row.accessTokenCiphertext, agencyId),
            refreshTokenCiphertext: row.refreshTokenCiphertext && reencryptToken(keyring, row.refreshTokenCiphertext, agencyId),
            tokenKeyId: keyring.currentKid,
          },
        });
      });
      changed++;
    } catch (error) {
      if (!(error instanceof TokenDecryptionError)) throw error;
      failed.push(agencyId);
    }
  }
  return { changed, failed };
}
