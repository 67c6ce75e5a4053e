import 'server-only';
import { db } from '@/lib/server/db';
import { tokenKeyring } from '@/lib/server/nxsys/settings';
import { connectionSummary } from './connection';

/** The connection domain's server surface: connect (OAuth), disconnect, and what the pages show about it. */
export {
  beginConnect,
  completeConnect,
  connectionSummary,
  disconnect,
  STATE_TTL_MS,
  type CallbackFailure,
  type CallbackResult,
  type ConnectionSummary,
} from './connection';

/** The connection page's summary for an agency. */
export const agencyConnectionSummary = (agencyId: string) => connectionSummary(db, agencyId, tokenKeyring());

/** The agency's connection state for the shell and the dashboard (no secrets), or null when never connected. */
export const connectionStatus = (agencyId: string) =>
  db.nxsysConnection.findUnique({ where: { agencyId }, select: { status: true, environment: true, lastVerifiedAt: true } });
