import 'server-only';
import { db } from '@/lib/server/db';
import { listStaff } from './staff';

/** The staff domain's server surface: the agency's people, added and (de)activated by admins. */
export { agencySecondFactors, endMemberSessions, resetMemberSecondFactors, setAgencyMfaPolicy } from './member-security';
export { addStaff, changeOwnPassword, listStaff, resetStaffPassword, setStaffActive, setStaffRole } from './staff';

/** The staff page's list, from the portal's database. */
export const agencyStaff = (agencyId: string) => listStaff(db, agencyId);
