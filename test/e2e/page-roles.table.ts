/**
 * Who may open which page: every route of the server-rendered pages (src/web) with the roles that may
 * reach it. A DIFF HERE IS A PERMISSION CHANGE — REVIEW IT AS ONE. web-roles.test.ts compares it with
 * the running application and calls each page as each role; route-roles.test.ts counts it among the
 * routes Express serves.
 */
import { ALL_ROLES, Role } from '../../src/common/roles.js';
import { PUBLIC, type RouteSpec } from '../helpers/routes.js';

const { COMMANDER, SUPERVISOR, CLERK, INVESTIGATOR, OFFICER, AUDITOR } = Role;
export const PAGE_STATION_ROLES = [COMMANDER, SUPERVISOR, CLERK, INVESTIGATOR, OFFICER, AUDITOR];
const BORROWERS = [CLERK, INVESTIGATOR, OFFICER, SUPERVISOR, COMMANDER];
const COUNTERS = [CLERK, SUPERVISOR, COMMANDER, AUDITOR];
const REPORT_READERS = [CLERK, SUPERVISOR, COMMANDER, AUDITOR];
const INCIDENT_READERS = [Role.ADMIN, COMMANDER, SUPERVISOR, AUDITOR, CLERK];

/** Keep it sorted by path, then method. */
export const PAGES: RouteSpec[] = [
  { method: 'GET', path: '/', roles: ALL_ROLES },
  { method: 'GET', path: '/audit-log/verify', roles: ALL_ROLES },
  { method: 'GET', path: '/audits', roles: ALL_ROLES },
  { method: 'POST', path: '/audits', roles: COUNTERS },
  { method: 'GET', path: '/audits/:id', roles: ALL_ROLES },
  { method: 'POST', path: '/audits/:id/close', roles: COUNTERS },
  { method: 'POST', path: '/audits/:id/scans', roles: COUNTERS },
  { method: 'GET', path: '/counter', roles: [CLERK, SUPERVISOR] },
  { method: 'POST', path: '/counter/items/:id/events', roles: [CLERK, SUPERVISOR] },
  { method: 'POST', path: '/counter/move', roles: [CLERK, SUPERVISOR] },
  { method: 'GET', path: '/incidents', roles: INCIDENT_READERS },
  { method: 'GET', path: '/incidents/:id', roles: INCIDENT_READERS },
  { method: 'POST', path: '/incidents/:id/resolve', roles: [COMMANDER] },
  { method: 'GET', path: '/items', roles: PAGE_STATION_ROLES },
  { method: 'GET', path: '/items/:id', roles: PAGE_STATION_ROLES },
  { method: 'POST', path: '/items/:id/donation/accept', roles: [COMMANDER] },
  { method: 'POST', path: '/items/:id/donation/decline', roles: [COMMANDER] },
  { method: 'POST', path: '/items/:id/label', roles: [SUPERVISOR, CLERK, INVESTIGATOR] },
  { method: 'GET', path: '/items/new', roles: [CLERK, INVESTIGATOR] },
  { method: 'POST', path: '/items/new', roles: [CLERK, INVESTIGATOR] },
  { method: 'GET', path: '/loans', roles: PAGE_STATION_ROLES },
  { method: 'GET', path: '/loans/:id', roles: PAGE_STATION_ROLES },
  { method: 'POST', path: '/loans/:id/approve', roles: [SUPERVISOR, COMMANDER] },
  { method: 'POST', path: '/loans/:id/cancel', roles: BORROWERS },
  { method: 'POST', path: '/loans/:id/issue', roles: [CLERK] },
  { method: 'POST', path: '/loans/:id/reject', roles: [SUPERVISOR, COMMANDER] },
  { method: 'POST', path: '/loans/:id/return', roles: [CLERK] },
  { method: 'GET', path: '/loans/approvals', roles: [SUPERVISOR, COMMANDER] },
  { method: 'GET', path: '/loans/new', roles: BORROWERS },
  { method: 'POST', path: '/loans/new', roles: BORROWERS },
  { method: 'GET', path: '/login', roles: PUBLIC },
  { method: 'POST', path: '/login', roles: PUBLIC },
  { method: 'POST', path: '/logout', roles: ALL_ROLES },
  { method: 'GET', path: '/reports', roles: REPORT_READERS },
  { method: 'GET', path: '/reports/custody-sheet', roles: [CLERK, INVESTIGATOR, SUPERVISOR, COMMANDER, AUDITOR] },
  { method: 'POST', path: '/reports/issue', roles: [COMMANDER] },
  { method: 'GET', path: '/reports/issued', roles: REPORT_READERS },
  { method: 'GET', path: '/reports/issued/:id', roles: REPORT_READERS },
  { method: 'GET', path: '/reports/issued/:id/file', roles: REPORT_READERS },
  { method: 'POST', path: '/reports/notes', roles: [CLERK, SUPERVISOR] },
  { method: 'GET', path: '/reports/o23.pdf', roles: REPORT_READERS },
  { method: 'GET', path: '/reports/o23.xlsx', roles: REPORT_READERS },
  { method: 'GET', path: '/reports/publication', roles: REPORT_READERS },
  { method: 'GET', path: '/reports/registers', roles: REPORT_READERS },
  { method: 'GET', path: '/reports/registers/:kind', roles: REPORT_READERS },
  { method: 'GET', path: '/shifts', roles: ALL_ROLES },
  { method: 'POST', path: '/shifts', roles: [SUPERVISOR] },
  { method: 'GET', path: '/shifts/:id', roles: ALL_ROLES },
  { method: 'POST', path: '/shifts/:id/close', roles: [SUPERVISOR] },
  { method: 'POST', path: '/shifts/:id/issue', roles: [SUPERVISOR, CLERK] },
  { method: 'POST', path: '/shifts/:id/return', roles: [SUPERVISOR, CLERK] },
];
