import { COUNTING_ROLES } from '../../audits/audits.service.js';
import { Role } from '../../common/roles.js';

/**
 * Who may use each operations page: exactly the roles of the matching API routes (test/e2e/route-roles.test.ts),
 * so a page never lets anyone do what the API would refuse them, nor refuses what it allows.
 */
/** Open and close a shift: the duty supervisor. */
export const SHIFT_SUPERVISORS: Role[] = [Role.SUPERVISOR];
/** Issue and take back weapons: the supervisor or the armory clerk. */
export const SHIFT_ISSUERS: Role[] = [Role.SUPERVISOR, Role.CLERK];
/** Start, scan and close a count. */
export const COUNTERS: Role[] = [...COUNTING_ROLES];
/** Read incidents (the administrator across stations). */
export const INCIDENT_READERS: Role[] = [Role.ADMIN, Role.COMMANDER, Role.SUPERVISOR, Role.AUDITOR, Role.CLERK];
/** Resolve an incident, with a note (DESIGN §2). */
export const INCIDENT_RESOLVERS: Role[] = [Role.COMMANDER];
