/**
 * Who may call what: every HTTP route with the roles that may reach it.
 *
 * A DIFF IN `ROUTES` (OR `OUTSIDE_NEST`) IS A PERMISSION CHANGE — REVIEW IT AS ONE.
 *
 * The table is compared with the routes the running application actually has (Nest's controller
 * metadata, read by reflection, and Express's router), so a new route, a removed route, or a changed
 * @Roles/@Public fails here until the table is updated. Then every route is called over HTTP with a
 * token of each role, and without a valid token at all.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { ALL_ROLES, Role } from '../../src/common/roles.js';
import type { UserView } from '../../src/users/users.dto.js';
import { startTestApp, type StationFixture, TEST_JWT_SECRET, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { allows, expressRoutes, key, line, type Method, PUBLIC, reflectRoutes, type RouteSpec } from '../helpers/routes.js';
import { PAGES } from './page-roles.table.js';

const { ADMIN, COMMANDER, SUPERVISOR, CLERK, INVESTIGATOR, OFFICER, AUDITOR } = Role;
const ANY = ALL_ROLES;
const BORROWERS = [CLERK, INVESTIGATOR, OFFICER, SUPERVISOR, COMMANDER];
const INCIDENT_READERS = [ADMIN, COMMANDER, SUPERVISOR, AUDITOR, CLERK];
const STATION = [COMMANDER, SUPERVISOR, CLERK, INVESTIGATOR, OFFICER, AUDITOR];

/**
 * Records the stateful routes need, made in beforeAll: per role where each allowed role needs its own
 * (a loan to cancel must be the caller's own), and one for everybody else (refused before it is read).
 */
interface Fixtures {
  freeItems: Partial<Record<Role, string>>;
  anyLoan: string;
  toApprove: Partial<Record<Role, string>>;
  toReject: Partial<Record<Role, string>>;
  toCancel: Partial<Record<Role, string>>;
  toIssue: { id: string; code: string };
  toReturn: { id: string; code: string };
  shift: string;
  shiftToClose: string;
  shiftWeapons: Partial<Record<Role, string>>;
  shiftReturns: Partial<Record<Role, string>>;
  officerId: string;
  audit: string;
  auditsToClose: Partial<Record<Role, string>>;
  incident: string;
  disposalItems: Partial<Record<Role, string>>;
  disposalToApprove: string;
  disposalToReject: string;
  disposalsToExecute: Partial<Record<Role, string>>;
  donation: string;
  donationToDecline: string;
  /** An O23 report issued for a month that has ended. */
  issuedReport: string;
}
let fx: Fixtures;

/** Every route of the Nest application and who may call it. Keep it sorted by path, then method. */
const ROUTES: RouteSpec[] = [
  { method: 'GET', path: '/api/audit-log', roles: [ADMIN, COMMANDER, SUPERVISOR, AUDITOR] },
  { method: 'GET', path: '/api/audit-log/verify', roles: ANY },
  { method: 'GET', path: '/api/audits', roles: ANY },
  { method: 'POST', path: '/api/audits', roles: [CLERK, SUPERVISOR, COMMANDER, AUDITOR] },
  { method: 'GET', path: '/api/audits/:id', roles: ANY },
  { method: 'GET', path: '/api/audits/:id/expected', roles: ANY },
  { method: 'POST', path: '/api/audits/:id/close', roles: [CLERK, SUPERVISOR, COMMANDER, AUDITOR] },
  { method: 'POST', path: '/api/audits/:id/scans', roles: [CLERK, SUPERVISOR, COMMANDER, AUDITOR] },
  { method: 'POST', path: '/api/auth/login', roles: PUBLIC },
  { method: 'GET', path: '/api/auth/me', roles: ANY },
  { method: 'GET', path: '/api/disposals', roles: ANY },
  { method: 'POST', path: '/api/disposals', roles: [CLERK, INVESTIGATOR, SUPERVISOR] },
  { method: 'GET', path: '/api/disposals/:id', roles: ANY },
  { method: 'POST', path: '/api/disposals/:id/approve', roles: [COMMANDER] },
  { method: 'POST', path: '/api/disposals/:id/execute', roles: [CLERK, SUPERVISOR] },
  { method: 'POST', path: '/api/disposals/:id/reject', roles: [COMMANDER] },
  { method: 'GET', path: '/api/donations', roles: ANY },
  { method: 'GET', path: '/api/donations/:itemId', roles: ANY },
  { method: 'POST', path: '/api/donations/:itemId/accept', roles: [COMMANDER] },
  { method: 'POST', path: '/api/donations/:itemId/decline', roles: [COMMANDER] },
  { method: 'GET', path: '/api/evidence/due-for-disposition', roles: ANY },
  { method: 'GET', path: '/api/evidence/firearms-unchecked', roles: ANY },
  { method: 'GET', path: '/api/incidents', roles: INCIDENT_READERS },
  { method: 'GET', path: '/api/incidents/:id', roles: INCIDENT_READERS },
  { method: 'POST', path: '/api/incidents/:id/resolve', roles: [COMMANDER] },
  { method: 'GET', path: '/api/incidents/counts', roles: INCIDENT_READERS },
  { method: 'GET', path: '/api/items', roles: ANY },
  { method: 'POST', path: '/api/items', roles: [CLERK, INVESTIGATOR] },
  { method: 'GET', path: '/api/items/:id', roles: ANY },
  { method: 'GET', path: '/api/items/:id/custody', roles: ANY },
  { method: 'POST', path: '/api/items/:id/events', roles: [CLERK, SUPERVISOR] },
  { method: 'GET', path: '/api/items/:id/label.png', roles: [SUPERVISOR, CLERK, INVESTIGATOR] },
  { method: 'GET', path: '/api/items/by-code/:code', roles: ANY },
  { method: 'POST', path: '/api/labels/sheet', roles: [SUPERVISOR, CLERK, INVESTIGATOR] },
  { method: 'GET', path: '/api/loans', roles: ANY },
  { method: 'POST', path: '/api/loans', roles: BORROWERS },
  { method: 'GET', path: '/api/loans/:id', roles: ANY },
  { method: 'POST', path: '/api/loans/:id/approve', roles: [SUPERVISOR, COMMANDER] },
  { method: 'POST', path: '/api/loans/:id/cancel', roles: BORROWERS },
  { method: 'POST', path: '/api/loans/:id/issue', roles: [CLERK] },
  { method: 'POST', path: '/api/loans/:id/reject', roles: [SUPERVISOR, COMMANDER] },
  { method: 'POST', path: '/api/loans/:id/return', roles: [CLERK] },
  { method: 'GET', path: '/api/locations', roles: ANY },
  { method: 'POST', path: '/api/locations', roles: [ADMIN, CLERK] },
  { method: 'GET', path: '/api/locations/:id', roles: ANY },
  { method: 'GET', path: '/api/notifications', roles: ANY },
  { method: 'GET', path: '/api/publication/flowchart', roles: STATION },
  { method: 'GET', path: '/api/publication/forms/:form', roles: STATION },
  { method: 'GET', path: '/api/publication/guidelines', roles: STATION },
  { method: 'GET', path: '/api/publication/package', roles: STATION },
  { method: 'GET', path: '/api/publication/rules', roles: STATION },
  { method: 'GET', path: '/api/reports/custody-sheet/:itemId', roles: [CLERK, INVESTIGATOR, SUPERVISOR, COMMANDER, AUDITOR] },
  { method: 'GET', path: '/api/reports/o23', roles: [CLERK, SUPERVISOR, COMMANDER, AUDITOR] },
  { method: 'GET', path: '/api/reports/o23/figures', roles: [CLERK, SUPERVISOR, COMMANDER, AUDITOR] },
  { method: 'GET', path: '/api/reports/o23/notes', roles: [CLERK, SUPERVISOR, COMMANDER, AUDITOR] },
  { method: 'PUT', path: '/api/reports/o23/notes', roles: [CLERK, SUPERVISOR] },
  { method: 'POST', path: '/api/reports/o23/issue', roles: [COMMANDER] },
  { method: 'GET', path: '/api/reports/o23/issued', roles: [CLERK, SUPERVISOR, COMMANDER, AUDITOR] },
  { method: 'GET', path: '/api/reports/o23/issued/:id', roles: [CLERK, SUPERVISOR, COMMANDER, AUDITOR] },
  { method: 'GET', path: '/api/reports/o23/issued/:id/file', roles: [CLERK, SUPERVISOR, COMMANDER, AUDITOR] },
  { method: 'GET', path: '/api/reports/registers/:kind', roles: [CLERK, SUPERVISOR, COMMANDER, AUDITOR] },
  { method: 'GET', path: '/api/shifts', roles: ANY },
  { method: 'POST', path: '/api/shifts', roles: [SUPERVISOR] },
  { method: 'GET', path: '/api/shifts/:id', roles: ANY },
  { method: 'POST', path: '/api/shifts/:id/close', roles: [SUPERVISOR] },
  { method: 'POST', path: '/api/shifts/:id/issue', roles: [SUPERVISOR, CLERK] },
  { method: 'POST', path: '/api/shifts/:id/return', roles: [SUPERVISOR, CLERK] },
  { method: 'GET', path: '/api/stations', roles: ANY },
  { method: 'POST', path: '/api/stations', roles: [ADMIN] },
  { method: 'GET', path: '/api/stations/:id', roles: ANY },
  { method: 'PATCH', path: '/api/stations/:id/settings', roles: [ADMIN, COMMANDER] },
  { method: 'GET', path: '/api/users', roles: ANY },
  { method: 'POST', path: '/api/users', roles: [ADMIN] },
  { method: 'GET', path: '/api/users/:id', roles: ANY },
  { method: 'POST', path: '/api/users/:id/deactivate', roles: [ADMIN] },
  { method: 'POST', path: '/api/users/:id/password', roles: [ADMIN] },
  { method: 'POST', path: '/api/users/:id/reactivate', roles: [ADMIN] },
  { method: 'GET', path: '/health', roles: PUBLIC },
  { method: 'GET', path: '/public/:code/o23', roles: PUBLIC },
  { method: 'POST', path: '/public/:code/o23/check', roles: PUBLIC },
  { method: 'GET', path: '/public/:code/o23/files/:name', roles: PUBLIC },
  { method: 'GET', path: '/public/:code/o23.zip', roles: PUBLIC },
];

/**
 * Routes Express serves that are not Nest handlers, so the auth guard never sees them: they are open
 * to anyone. Today only the OpenAPI documentation (DESIGN §1), mounted by SwaggerModule.
 */
const OUTSIDE_NEST: { method: Method; path: string }[] = [
  { method: 'GET', path: '/api/docs' },
  { method: 'GET', path: '/api/docs/' },
  { method: 'GET', path: '/api/docs-json' },
  { method: 'GET', path: '/api/docs-yaml' },
  { method: 'GET', path: '/api/docs/LICENSE' },
  { method: 'GET', path: '/api/docs/docs/swagger-ui-init.js' },
  { method: 'GET', path: '/api/docs/index.html' },
  { method: 'GET', path: '/api/docs/swagger-ui-init.js' },
];

/** The caller of one request: a role, its token, and the station it works in (station A for ADMIN). */
interface Caller {
  role: Role;
  token: string;
  username: string;
  station: StationFixture;
  /** A user of the caller's station that may be deactivated and have its password changed. */
  spareUser: UserView;
  /** A NORMAL item of the caller's station (station A), in its plain room. */
  item: { id: string; code: string };
  /** Unique per request, for codes and usernames of things a successful create makes. */
  n: number;
}

interface Call {
  path: string;
  body?: Record<string, unknown>;
}

/** A reasonable request per route: the caller's own station's ids, a valid body. */
const REQUESTS: Record<string, (c: Caller) => Call> = {
  'GET /api/audit-log': () => ({ path: '/api/audit-log' }),
  'GET /api/audit-log/verify': () => ({ path: '/api/audit-log/verify' }),
  'POST /api/auth/login': (c) => ({ path: '/api/auth/login', body: { username: c.username, password: TEST_PASSWORD } }),
  'GET /api/auth/me': () => ({ path: '/api/auth/me' }),
  'GET /api/audits': () => ({ path: '/api/audits' }),
  'POST /api/audits': () => ({ path: '/api/audits', body: { kind: 'DAILY_ARMS' } }),
  'GET /api/audits/:id': () => ({ path: `/api/audits/${fx.audit}` }),
  'GET /api/audits/:id/expected': () => ({ path: `/api/audits/${fx.audit}/expected` }),
  'POST /api/audits/:id/close': (c) => ({ path: `/api/audits/${fx.auditsToClose[c.role] ?? fx.audit}/close`, body: { witness: { username: 'sta.officer', password: TEST_PASSWORD } } }),
  'POST /api/audits/:id/scans': (c) => ({ path: `/api/audits/${fx.audit}/scans`, body: { code: c.item.code } }),
  'GET /api/disposals': () => ({ path: '/api/disposals' }),
  'POST /api/disposals': (c) => ({
    path: '/api/disposals',
    body: { method: 'DESTROY', items: [{ itemId: fx.disposalItems[c.role] ?? c.item.id }], legalBasis: 'COMMITTEE_ORDER', documentRef: `คำสั่งคณะกรรมการ ${c.n}/2569` },
  }),
  'GET /api/disposals/:id': () => ({ path: `/api/disposals/${fx.disposalToApprove}` }),
  'POST /api/disposals/:id/approve': () => ({ path: `/api/disposals/${fx.disposalToApprove}/approve`, body: {} }),
  'POST /api/disposals/:id/execute': (c) => ({ path: `/api/disposals/${fx.disposalsToExecute[c.role] ?? fx.disposalToApprove}/execute`, body: { witness: { username: 'sta.officer', password: TEST_PASSWORD } } }),
  'POST /api/disposals/:id/reject': () => ({ path: `/api/disposals/${fx.disposalToReject}/reject`, body: { note: 'ไม่อนุมัติ' } }),
  'GET /api/donations': () => ({ path: '/api/donations' }),
  'GET /api/donations/:itemId': () => ({ path: `/api/donations/${fx.donation}` }),
  'POST /api/donations/:itemId/accept': () => ({ path: `/api/donations/${fx.donation}/accept`, body: {} }),
  'POST /api/donations/:itemId/decline': () => ({ path: `/api/donations/${fx.donationToDecline}/decline`, body: { note: 'ไม่รับบริจาค' } }),
  'GET /api/evidence/due-for-disposition': () => ({ path: '/api/evidence/due-for-disposition' }),
  'GET /api/evidence/firearms-unchecked': () => ({ path: '/api/evidence/firearms-unchecked' }),
  'GET /api/incidents': () => ({ path: '/api/incidents' }),
  'GET /api/incidents/:id': () => ({ path: `/api/incidents/${fx.incident}` }),
  'POST /api/incidents/:id/resolve': () => ({ path: `/api/incidents/${fx.incident}/resolve`, body: { note: 'ตรวจสอบแล้ว' } }),
  'GET /api/incidents/counts': () => ({ path: '/api/incidents/counts' }),
  'GET /api/items': () => ({ path: '/api/items' }),
  'POST /api/items': (c) => ({
    path: '/api/items',
    body: { category: 'EVIDENCE', kind: 'electronics', description: `โทรศัพท์มือถือ ${c.n}`, locationId: c.station.room.id, evidence: { caseNumber: `${c.n}/2568` } },
  }),
  'GET /api/items/:id': (c) => ({ path: `/api/items/${c.item.id}` }),
  'GET /api/items/:id/custody': (c) => ({ path: `/api/items/${c.item.id}/custody` }),
  'POST /api/items/:id/events': (c) => ({ path: `/api/items/${c.item.id}/events`, body: { type: 'CONDITION_CHECK', condition: 'GOOD', note: `ตรวจสภาพ ${c.n}` } }),
  'GET /api/items/by-code/:code': (c) => ({ path: `/api/items/by-code/${c.item.code}` }),
  'GET /api/items/:id/label.png': (c) => ({ path: `/api/items/${c.item.id}/label.png` }),
  'POST /api/labels/sheet': (c) => ({ path: '/api/labels/sheet', body: { itemIds: [c.item.id], locationIds: [c.station.safe.id], template: 'a4-3x8' } }),
  'GET /api/loans': () => ({ path: '/api/loans' }),
  'POST /api/loans': (c) => ({
    path: '/api/loans',
    body: { items: [{ itemId: fx.freeItems[c.role] ?? c.item.id }], purposeType: 'DUTY', purpose: `ใช้ในราชการ ${c.n}`, offPremises: false, dueAt: new Date(Date.now() + 86_400_000).toISOString() },
  }),
  'GET /api/loans/:id': () => ({ path: `/api/loans/${fx.anyLoan}` }),
  'POST /api/loans/:id/approve': (c) => ({ path: `/api/loans/${fx.toApprove[c.role] ?? fx.anyLoan}/approve`, body: { note: 'อนุมัติ' } }),
  'POST /api/loans/:id/cancel': (c) => ({ path: `/api/loans/${fx.toCancel[c.role] ?? fx.anyLoan}/cancel`, body: {} }),
  'POST /api/loans/:id/issue': () => ({ path: `/api/loans/${fx.toIssue.id}/issue`, body: { items: [{ code: fx.toIssue.code }] } }),
  'POST /api/loans/:id/reject': (c) => ({ path: `/api/loans/${fx.toReject[c.role] ?? fx.anyLoan}/reject`, body: { note: 'ไม่อนุมัติ' } }),
  'POST /api/loans/:id/return': () => ({ path: `/api/loans/${fx.toReturn.id}/return`, body: { items: [{ code: fx.toReturn.code, condition: 'GOOD' }] } }),
  'GET /api/locations': () => ({ path: '/api/locations' }),
  'POST /api/locations': (c) => ({
    path: '/api/locations',
    body: {
      code: `RR-${c.n}`,
      name: `ชั้นวาง ${c.n}`,
      kind: 'SHELF',
      parentId: c.station.room.id,
      ...(c.role === ADMIN ? { stationId: c.station.station.id } : {}),
    },
  }),
  'GET /api/locations/:id': (c) => ({ path: `/api/locations/${c.station.safe.id}` }),
  'GET /api/notifications': () => ({ path: '/api/notifications' }),
  'GET /api/publication/flowchart': () => ({ path: '/api/publication/flowchart' }),
  'GET /api/publication/forms/:form': () => ({ path: '/api/publication/forms/borrow-request' }),
  'GET /api/publication/guidelines': () => ({ path: '/api/publication/guidelines?format=pdf' }),
  'GET /api/publication/package': () => ({ path: '/api/publication/package' }),
  'GET /api/publication/rules': () => ({ path: '/api/publication/rules' }),
  'GET /api/reports/custody-sheet/:itemId': (c) => ({ path: `/api/reports/custody-sheet/${c.item.id}?format=pdf` }),
  'GET /api/reports/registers/:kind': () => ({ path: '/api/reports/registers/evidence?format=xlsx' }),
  'GET /api/reports/o23': () => ({ path: '/api/reports/o23?period=2569-11&format=xlsx' }),
  'GET /api/reports/o23/figures': () => ({ path: '/api/reports/o23/figures?period=2569-11' }),
  'GET /api/reports/o23/notes': () => ({ path: '/api/reports/o23/notes?period=2569-11' }),
  'PUT /api/reports/o23/notes': (c) => ({ path: '/api/reports/o23/notes?period=2569-11', body: { problems: `ปัญหา ${c.n}`, correctiveAction: `การแก้ไข ${c.n}` } }),
  // Section 8 of 2569-10 is written in makeFixtures; the month has ended.
  'POST /api/reports/o23/issue': () => ({ path: '/api/reports/o23/issue', body: { period: '2569-10' } }),
  'GET /api/reports/o23/issued': () => ({ path: '/api/reports/o23/issued' }),
  'GET /api/reports/o23/issued/:id': () => ({ path: `/api/reports/o23/issued/${fx.issuedReport}` }),
  'GET /api/reports/o23/issued/:id/file': () => ({ path: `/api/reports/o23/issued/${fx.issuedReport}/file?format=pdf` }),
  'GET /api/shifts': () => ({ path: '/api/shifts' }),
  'POST /api/shifts': (c) => ({ path: '/api/shifts', body: { name: `ผลัด ${c.n}` } }),
  'GET /api/shifts/:id': () => ({ path: `/api/shifts/${fx.shift}` }),
  'POST /api/shifts/:id/close': () => ({ path: `/api/shifts/${fx.shiftToClose}/close`, body: {} }),
  'POST /api/shifts/:id/issue': (c) => ({ path: `/api/shifts/${fx.shift}/issue`, body: { officerId: fx.officerId, code: fx.shiftWeapons[c.role] ?? c.item.code } }),
  'POST /api/shifts/:id/return': (c) => ({ path: `/api/shifts/${fx.shift}/return`, body: { code: fx.shiftReturns[c.role] ?? c.item.code } }),
  'GET /api/stations': () => ({ path: '/api/stations' }),
  'POST /api/stations': (c) => ({ path: '/api/stations', body: { code: `RR${c.n}`, nameTh: `สถานีทดสอบ ${c.n}`, nameEn: `Route test ${c.n}` } }),
  'GET /api/stations/:id': (c) => ({ path: `/api/stations/${c.station.station.id}` }),
  'PATCH /api/stations/:id/settings': (c) => ({ path: `/api/stations/${c.station.station.id}/settings`, body: { settings: { samplingPercent: 25 } } }),
  'GET /api/users': () => ({ path: '/api/users' }),
  'POST /api/users': (c) => ({
    path: '/api/users',
    body: {
      username: `rr.${c.role.toLowerCase()}.${c.n}`,
      password: TEST_PASSWORD,
      displayName: `ผู้ใช้ทดสอบ ${c.n}`,
      rank: 'ส.ต.ต.',
      roles: [OFFICER],
      stationId: c.station.station.id,
    },
  }),
  'GET /api/users/:id': (c) => ({ path: `/api/users/${c.spareUser.id}` }),
  'POST /api/users/:id/deactivate': (c) => ({ path: `/api/users/${c.spareUser.id}/deactivate` }),
  'POST /api/users/:id/password': (c) => ({ path: `/api/users/${c.spareUser.id}/password`, body: { password: 'another-password-2568' } }),
  'POST /api/users/:id/reactivate': (c) => ({ path: `/api/users/${c.spareUser.id}/reactivate` }),
  'GET /health': () => ({ path: '/health' }),
  'GET /public/:code/o23': (c) => ({ path: `/public/${c.station.station.code}/o23` }),
  'POST /public/:code/o23/check': (c) => ({ path: `/public/${c.station.station.code}/o23/check`, body: { sha256: '0'.repeat(64) } }),
  'GET /public/:code/o23/files/:name': (c) => ({ path: `/public/${c.station.station.code}/o23/files/form-return-receipt.pdf` }),
  'GET /public/:code/o23.zip': (c) => ({ path: `/public/${c.station.station.code}/o23.zip` }),
};

/** The loans, shifts and counts the stateful routes act on, all in station A, all of NORMAL items (no witness needed). */
async function makeFixtures(t: TestApp): Promise<Fixtures> {
  const as = (role: Exclude<Role, Role.ADMIN>) => t.a.tokens[role];
  async function call(token: string, path: string, body: Record<string, unknown>, status = 201): Promise<Record<string, any>> {
    const res = await t.http().post(path).set('authorization', `Bearer ${token}`).send(body);
    expect(res.status === status ? 'ok' : summary(res)).toBe('ok');
    return res.body;
  }
  let made = 0;
  const newItem = async (category: 'PROPERTY' | 'WEAPON' = 'PROPERTY') => {
    made += 1;
    const body = category === 'WEAPON'
      ? { category, kind: 'equipment', description: `กุญแจมือ ${made}`, locationId: t.a.room.id }
      : { category, kind: 'furniture', description: `เก้าอี้ ${made}`, locationId: t.a.room.id };
    const item = await call(as(CLERK), '/api/items', body);
    return { id: item.id as string, code: item.code as string };
  };
  const dueAt = new Date(Date.now() + 86_400_000).toISOString();
  const request = async (requester: Exclude<Role, Role.ADMIN>, itemId?: string) =>
    (await call(as(requester), '/api/loans', { items: [{ itemId: itemId ?? (await newItem()).id }], purposeType: 'DUTY', purpose: 'ใช้ในราชการ', offPremises: false, dueAt })).id as string;
  const perRole = async <T>(roles: Role[], make: (role: Role) => Promise<T>) => Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await make(r)]))) as Partial<Record<Role, T>>;

  const freeItems = await perRole(BORROWERS, async () => (await newItem()).id);
  const toApprove = await perRole([SUPERVISOR, COMMANDER], () => request(OFFICER));
  const toReject = await perRole([SUPERVISOR, COMMANDER], () => request(OFFICER));
  const toCancel = await perRole(BORROWERS, (r) => request(r as Exclude<Role, Role.ADMIN>));
  const issueItem = await newItem();
  const toIssue = await request(OFFICER, issueItem.id);
  await call(as(SUPERVISOR), `/api/loans/${toIssue}/approve`, {}, 200);
  const returnItem = await newItem();
  const toReturn = await request(OFFICER, returnItem.id);
  await call(as(SUPERVISOR), `/api/loans/${toReturn}/approve`, {}, 200);
  await call(as(CLERK), `/api/loans/${toReturn}/issue`, { items: [{ code: returnItem.code }] }, 200);

  const officerId = t.a.users.OFFICER.id;
  const shift = (await call(as(SUPERVISOR), '/api/shifts', { name: 'ผลัดเช้า' })).id as string;
  const shiftToClose = (await call(as(SUPERVISOR), '/api/shifts', { name: 'ผลัดดึก' })).id as string;
  const shiftWeapons = await perRole([SUPERVISOR, CLERK], async () => (await newItem('WEAPON')).code);
  const shiftReturns = await perRole([SUPERVISOR, CLERK], async () => {
    const weapon = await newItem('WEAPON');
    await call(as(CLERK), `/api/shifts/${shift}/issue`, { officerId, code: weapon.code }, 200);
    return weapon.code;
  });
  const audit = (await call(as(CLERK), '/api/audits', { kind: 'DAILY_ARMS' })).id as string;
  const auditsToClose = await perRole([CLERK, SUPERVISOR, COMMANDER, AUDITOR], async () => (await call(as(CLERK), '/api/audits', { kind: 'DAILY_ARMS' })).id as string);
  // An incident: a loaned item comes back damaged.
  const damagedItem = await newItem();
  const damagedLoan = await request(OFFICER, damagedItem.id);
  await call(as(SUPERVISOR), `/api/loans/${damagedLoan}/approve`, {}, 200);
  await call(as(CLERK), `/api/loans/${damagedLoan}/issue`, { items: [{ code: damagedItem.code }] }, 200);
  await call(as(CLERK), `/api/loans/${damagedLoan}/return`, { items: [{ code: damagedItem.code, condition: 'DAMAGED' }] }, 200);
  const incidents = await t.http().get('/api/incidents').query({ itemId: damagedItem.id }).set('authorization', `Bearer ${as(COMMANDER)}`);
  const incident = incidents.body.items[0].id as string;

  const requestDisposal = async () =>
    (await call(as(CLERK), '/api/disposals', { method: 'DESTROY', items: [{ itemId: (await newItem()).id }], legalBasis: 'COMMITTEE_ORDER', documentRef: 'คำสั่งคณะกรรมการ 1/2569' })).id as string;
  const disposalItems = await perRole([CLERK, INVESTIGATOR, SUPERVISOR], async () => (await newItem()).id);
  const disposalToApprove = await requestDisposal();
  const disposalToReject = await requestDisposal();
  const disposalsToExecute = await perRole([CLERK, SUPERVISOR], async () => {
    const id = await requestDisposal();
    await call(as(COMMANDER), `/api/disposals/${id}/approve`, {}, 200);
    return id;
  });
  const newDonation = async () =>
    (await call(as(CLERK), '/api/items', { category: 'DONATION', kind: 'furniture', description: 'ตู้เอกสารบริจาค', locationId: t.a.room.id, donation: { donorName: 'ร้านทดสอบ', receivedAt: '2026-11-01', purpose: 'ใช้ในสถานี' } })).id as string;
  const donation = await newDonation();
  const donationToDecline = await newDonation();
  const note = { problems: 'ไม่มีปัญหา', correctiveAction: 'ไม่มี' };
  for (const period of ['2569-09', '2569-10']) {
    const res = await t.http().put(`/api/reports/o23/notes?period=${period}`).set('authorization', `Bearer ${as(CLERK)}`).send(note);
    expect(res.status === 200 ? 'ok' : summary(res)).toBe('ok');
  }
  const issuedReport = (await call(as(COMMANDER), '/api/reports/o23/issue', { period: '2569-09' })).id;
  return { issuedReport, incident, disposalItems, disposalToApprove, disposalToReject, disposalsToExecute, donation, donationToDecline, freeItems, anyLoan: toIssue, toApprove, toReject, toCancel, toIssue: { id: toIssue, code: issueItem.code }, toReturn: { id: toReturn, code: returnItem.code }, shift, shiftToClose, shiftWeapons, shiftReturns, officerId, audit, auditsToClose };
}

function send(t: TestApp, method: Method, call: Call, token?: string) {
  const req = t.http()[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](call.path);
  if (token !== undefined) req.set('authorization', `Bearer ${token}`);
  return call.body ? req.send(call.body) : req;
}

function summary(res: Response): string {
  return `${res.status} ${JSON.stringify(res.body)}`;
}

describe('route × role (a diff here is a permission change)', () => {
  let t: TestApp;
  let spare: { A: UserView; B: UserView };
  let item: { id: string; code: string };
  let counter = 0;

  beforeAll(async () => {
    t = await startTestApp();
    const make = async (fixture: StationFixture, username: string) => {
      const res = await t
        .http()
        .post('/api/users')
        .set('authorization', `Bearer ${t.adminToken}`)
        .send({ username, password: TEST_PASSWORD, displayName: 'ผู้ใช้สำรอง', rank: 'ส.ต.ต.', roles: [OFFICER], stationId: fixture.station.id });
      expect(res.status).toBe(201);
      return res.body as UserView;
    };
    spare = { A: await make(t.a, 'sta.spare'), B: await make(t.b, 'stb.spare') };
    const registered = await t
      .http()
      .post('/api/items')
      .set('authorization', `Bearer ${t.a.tokens.CLERK}`)
      .send({ category: 'PROPERTY', kind: 'furniture', description: 'โต๊ะทำงาน', locationId: t.a.room.id });
    expect(registered.status).toBe(201);
    item = { id: registered.body.id, code: registered.body.code };
    fx = await makeFixtures(t);
  });
  afterAll(async () => t?.close());

  function caller(role: Role): Caller {
    counter += 1;
    if (role === ADMIN) return { role, token: t.adminToken, username: t.admin.username, station: t.a, spareUser: spare.A, item, n: counter };
    return { role, token: t.a.tokens[role], username: t.a.users[role].username, station: t.a, spareUser: spare.A, item, n: counter };
  }

  describe('the table is the application', () => {
    it('lists each route once', () => {
      const keys = ROUTES.map(key);
      expect(new Set(keys).size).toBe(keys.length);
      expect(Object.keys(REQUESTS).sort()).toEqual([...keys].sort());
    });

    it('matches the routes and roles reflected from the controllers', () => {
      const reflected = reflectRoutes(t, 'api').map(line).sort();
      expect(reflected).toEqual(ROUTES.map(line).sort());
    });

    it('matches what Express serves: the API routes, the pages (web-roles.test.ts) and the listed outside-Nest routes, nothing else', () => {
      expect(expressRoutes(t).sort()).toEqual([...ROUTES.map(key), ...PAGES.map(key), ...OUTSIDE_NEST.map(key)].sort());
    });

    it('the matrix covers the seven roles of DESIGN §2 (a new role needs this table reviewed)', () => {
      expect([...ALL_ROLES].sort()).toEqual([ADMIN, AUDITOR, CLERK, COMMANDER, INVESTIGATOR, OFFICER, SUPERVISOR].sort());
    });
  });

  describe('each role over HTTP, with a token of its own', () => {
    for (const route of ROUTES) {
      for (const role of ALL_ROLES) {
        const allowed = allows(route.roles, role);
        it(`${key(route)} as ${role}: ${allowed ? 'allowed' : '403'}`, async () => {
          const c = caller(role);
          const res = await send(t, route.method, REQUESTS[key(route)](c), c.token);
          const seen = summary(res);
          expect(res.body.code === 'ROUTE_NOT_FOUND' ? seen : 'route exists').toBe('route exists');
          if (allowed) {
            // A valid request by an allowed role succeeds; in particular it is neither 401 nor 403.
            expect([401, 403].includes(res.status) ? seen : 'not refused').toBe('not refused');
            expect(res.status >= 200 && res.status < 300 ? 'success' : seen).toBe('success');
          } else {
            expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
          }
        });
      }
    }
  });

  describe('without a valid token', () => {
    const otherSecret = new JwtService({ secret: 'another-secret-another-secret-another-0' });
    const sameSecret = new JwtService({ secret: TEST_JWT_SECRET });
    const unsigned = (claims: object) =>
      [Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })), Buffer.from(JSON.stringify(claims))].map((b) => b.toString('base64url')).join('.') + '.';

    type Variant = { name: string; token: () => Promise<string | undefined>; code: string };
    const variants: Variant[] = [
      { name: 'no Authorization header', token: async () => undefined, code: 'UNAUTHENTICATED' },
      { name: 'a garbage token', token: async () => 'not-a-jwt-at-all', code: 'TOKEN_INVALID' },
      { name: 'a token signed with another secret', token: () => otherSecret.signAsync({ sub: t.admin.id, st: null }), code: 'TOKEN_INVALID' },
      { name: 'an unsigned (alg: none) token', token: async () => unsigned({ sub: t.admin.id, st: null }), code: 'TOKEN_INVALID' },
      {
        name: 'an expired token',
        token: () => sameSecret.signAsync({ sub: t.admin.id, st: null, exp: Math.floor(Date.now() / 1000) - 60 }),
        code: 'TOKEN_EXPIRED',
      },
      { name: 'a token of an unknown user id', token: () => sameSecret.signAsync({ sub: randomUUID(), st: t.a.station.id }), code: 'ACCOUNT_INACTIVE' },
    ];

    it('a control: the same secret and a real user id are accepted (so the refusals below are about the token)', async () => {
      const token = await sameSecret.signAsync({ sub: t.admin.id, st: null });
      await t.http().get('/api/auth/me').set('authorization', `Bearer ${token}`).expect(200);
    });

    for (const route of ROUTES.filter((r) => r.roles !== PUBLIC)) {
      it(`${key(route)} → 401 for each bad token`, async () => {
        const outcomes: Record<string, unknown> = {};
        const expected: Record<string, unknown> = {};
        for (const variant of variants) {
          const res = await send(t, route.method, REQUESTS[key(route)](caller(ADMIN)), await variant.token());
          outcomes[variant.name] = { status: res.status, code: res.body.code };
          expected[variant.name] = { status: 401, code: variant.code };
        }
        expect(outcomes).toEqual(expected);
      });
    }

    it('a deactivated user’s token stops working at once', async () => {
      const token = await t.token(spare.B);
      await t.http().get('/api/auth/me').set('authorization', `Bearer ${token}`).expect(200);
      await t.http().post(`/api/users/${spare.B.id}/deactivate`).set('authorization', `Bearer ${t.adminToken}`).expect(200);
      const res = await t.http().get('/api/auth/me').set('authorization', `Bearer ${token}`);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'ACCOUNT_INACTIVE' });
    });
  });

  describe('public routes need no token', () => {
    it('GET /health', async () => {
      await t.http().get('/health').expect(200, { status: 'ok', database: 'up' });
    });

    it('POST /api/auth/login, whose token then opens the closed routes', async () => {
      const res = await t.http().post('/api/auth/login').send({ username: t.a.users.CLERK.username, password: TEST_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ id: t.a.users.CLERK.id, roles: [CLERK] });
      const me = await t.http().get('/api/auth/me').set('authorization', `Bearer ${res.body.accessToken}`);
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(t.a.users.CLERK.id);
    });

    it('the public O23 page, its files and its ZIP', async () => {
      const code = t.a.station.code;
      expect((await t.http().get(`/public/${code}/o23`)).status).toBe(200);
      expect((await t.http().get(`/public/${code}/o23/files/guidelines.pdf`)).status).toBe(200);
      expect((await t.http().get(`/public/${code}/o23.zip`)).status).toBe(200);
      expect((await t.http().post(`/public/${code}/o23/check`).type('form').send({ sha256: '0'.repeat(64) })).status).toBe(200);
    });

    it('the OpenAPI document (served outside Nest) is open', async () => {
      const res = await t.http().get('/api/docs-json');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.paths)).toContain('/api/locations');
    });
  });

});
