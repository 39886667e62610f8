/**
 * The pages' permissions and session rules: the PAGES table equals the running application, every page
 * is called as every role with a session cookie, a missing session leads to the login page, and a form
 * post without the CSRF token is refused. The browser walkthrough is web-walkthrough.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { ALL_ROLES, Role } from '../../src/common/roles.js';
import { CSRF_COOKIE, csrfTokenFor, newCsrfSeed, SESSION_COOKIE } from '../../src/web/web-session.js';
import { startTestApp, TEST_JWT_SECRET, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { allows, key, line, type Method, PUBLIC, reflectRoutes } from '../helpers/routes.js';
import { pageClient } from '../helpers/web.js';
import { PAGES } from './page-roles.table.js';

interface PageCall {
  path: string;
  form?: Record<string, string>;
}

/** Records the pages act on, made in beforeAll: one per role where a second call would conflict. */
interface Fixtures {
  item: { id: string; code: string };
  itemsToMove: Partial<Record<Role, string>>;
  shelf: string;
  /** Free items per borrowing role, for a request through the form. */
  toRequest: Partial<Record<Role, string>>;
  /** Requested loans: per approver to approve or reject, per borrower their own to cancel. */
  toApprove: Partial<Record<Role, string>>;
  toReject: Partial<Record<Role, string>>;
  toCancel: Partial<Record<Role, string>>;
  toIssue: { id: string; code: string };
  toReturn: { id: string; code: string };
  /** Pending donations: one to accept, one to decline. */
  donations: { toAccept: string; toDecline: string };
  shift: string;
  shiftToClose: string;
  /** Weapons (NORMAL risk) per issuing role: one to issue, one already issued to return. */
  shiftWeapons: Partial<Record<Role, string>>;
  shiftReturns: Partial<Record<Role, string>>;
  audit: string;
  auditsToClose: Partial<Record<Role, string>>;
  incident: string;
  /** An O23 report issued for a finished month. */
  issuedReport: string;
}
let fx: Fixtures;
let roomId: string;

/** A day `days` from now as the loan form takes it (วว/ดด/ปปปป, Buddhist era, Thai time). */
function thaiDateIn(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000 + 7 * 3600_000);
  return `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear() + 543}`;
}

/** A request to each page that succeeds for an allowed role. */
const CALLS: Record<string, (role: Role) => PageCall> = {
  'GET /': () => ({ path: '/' }),
  'GET /audit-log/verify': () => ({ path: '/audit-log/verify' }),
  'GET /audits': () => ({ path: '/audits' }),
  'POST /audits': () => ({ path: '/audits', form: { kind: 'DAILY_ARMS' } }),
  'GET /audits/:id': () => ({ path: `/audits/${fx.audit}` }),
  'POST /audits/:id/close': (role) => ({ path: `/audits/${fx.auditsToClose[role] ?? fx.audit}/close`, form: { signerUsername: 'sta.officer', signerPassword: TEST_PASSWORD } }),
  'POST /audits/:id/scans': () => ({ path: `/audits/${fx.audit}/scans`, form: { code: fx.item.code } }),
  'GET /incidents': () => ({ path: '/incidents' }),
  'GET /incidents/:id': () => ({ path: `/incidents/${fx.incident}` }),
  'POST /incidents/:id/resolve': () => ({ path: `/incidents/${fx.incident}/resolve`, form: { note: 'ตรวจสอบแล้ว' } }),
  'GET /reports': () => ({ path: '/reports?period=2569-10' }),
  'GET /reports/custody-sheet': () => ({ path: `/reports/custody-sheet?itemId=${fx.item.id}` }),
  // Section 8 of 2569-08 is written in beforeAll; the month has ended.
  'POST /reports/issue': () => ({ path: '/reports/issue', form: { period: '2569-08' } }),
  'GET /reports/issued': () => ({ path: '/reports/issued' }),
  'GET /reports/issued/:id': () => ({ path: `/reports/issued/${fx.issuedReport}` }),
  'GET /reports/issued/:id/file': () => ({ path: `/reports/issued/${fx.issuedReport}/file?format=pdf` }),
  'POST /reports/notes': () => ({ path: '/reports/notes?period=2569-10', form: { problems: 'ไม่มีปัญหา', correctiveAction: 'ไม่มี' } }),
  'GET /reports/o23.pdf': () => ({ path: '/reports/o23.pdf?period=2569-10' }),
  'GET /reports/o23.xlsx': () => ({ path: '/reports/o23.xlsx?period=2569-10' }),
  'GET /reports/publication': () => ({ path: '/reports/publication' }),
  'GET /reports/registers': () => ({ path: '/reports/registers' }),
  'GET /reports/registers/:kind': () => ({ path: '/reports/registers/evidence?format=pdf' }),
  'GET /shifts': () => ({ path: '/shifts' }),
  'POST /shifts': () => ({ path: '/shifts', form: { name: 'ผลัดบ่าย' } }),
  'GET /shifts/:id': () => ({ path: `/shifts/${fx.shift}` }),
  'POST /shifts/:id/close': () => ({ path: `/shifts/${fx.shiftToClose}/close`, form: {} }),
  'POST /shifts/:id/issue': (role) => ({ path: `/shifts/${fx.shift}/issue`, form: { officerCode: 'sta.officer', issueCode: fx.shiftWeapons[role] ?? fx.item.code } }),
  'POST /shifts/:id/return': (role) => ({ path: `/shifts/${fx.shift}/return`, form: { returnCode: fx.shiftReturns[role] ?? fx.item.code, condition: 'GOOD' } }),
  'GET /counter': () => ({ path: `/counter?code=${fx.item.code}` }),
  'POST /counter/items/:id/events': () => ({ path: `/counter/items/${fx.item.id}/events`, form: { type: 'CONDITION_CHECK', condition: 'GOOD' } }),
  'POST /counter/move': (role) => ({ path: '/counter/move', form: { to: fx.shelf, code: fx.itemsToMove[role] ?? fx.item.code } }),
  'GET /items': () => ({ path: '/items?category=PROPERTY' }),
  'GET /items/:id': () => ({ path: `/items/${fx.item.id}` }),
  'POST /items/:id/donation/accept': () => ({ path: `/items/${fx.donations.toAccept}/donation/accept`, form: {} }),
  'POST /items/:id/donation/decline': () => ({ path: `/items/${fx.donations.toDecline}/donation/decline`, form: { declineNote: 'ไม่ตรงกับความต้องการ' } }),
  'POST /items/:id/label': () => ({ path: `/items/${fx.item.id}/label`, form: {} }),
  'GET /items/new': () => ({ path: '/items/new?category=EVIDENCE' }),
  'POST /items/new': () => ({ path: '/items/new', form: { category: 'EVIDENCE', kind: 'document', description: 'สมุดบัญชี', locationId: roomId, 'evidence.caseNumber': '1/2569' } }),
  'GET /loans': () => ({ path: '/loans?status=OVERDUE' }),
  'GET /loans/:id': () => ({ path: `/loans/${fx.toIssue.id}` }),
  'POST /loans/:id/approve': (role) => ({ path: `/loans/${fx.toApprove[role] ?? fx.toIssue.id}/approve`, form: {} }),
  'POST /loans/:id/cancel': (role) => ({ path: `/loans/${fx.toCancel[role] ?? fx.toIssue.id}/cancel`, form: {} }),
  'POST /loans/:id/issue': () => ({ path: `/loans/${fx.toIssue.id}/issue`, form: { 'items.0.code': fx.toIssue.code } }),
  'POST /loans/:id/reject': (role) => ({ path: `/loans/${fx.toReject[role] ?? fx.toIssue.id}/reject`, form: { note: 'ไม่จำเป็นต้องใช้' } }),
  'POST /loans/:id/return': () => ({ path: `/loans/${fx.toReturn.id}/return`, form: { 'items.0.code': fx.toReturn.code, 'items.0.condition': 'GOOD' } }),
  'GET /loans/approvals': () => ({ path: '/loans/approvals' }),
  'GET /loans/new': () => ({ path: '/loans/new' }),
  'POST /loans/new': (role) => ({
    path: '/loans/new',
    form: { codes: fx.toRequest[role] ?? fx.item.code, purposeType: 'DUTY', purpose: 'ใช้ในราชการ', offPremises: 'false', dueDate: thaiDateIn(3), dueTime: '16:00' },
  }),
  'GET /login': () => ({ path: '/login' }),
  'POST /login': () => ({ path: '/login', form: { username: 'sta.clerk', password: TEST_PASSWORD } }),
  'POST /logout': () => ({ path: '/logout', form: {} }),
};

describe('pages: who may open what', () => {
  let t: TestApp;
  const tokens: Partial<Record<Role, string>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    tokens.ADMIN = t.adminToken;
    for (const role of ALL_ROLES.filter((r) => r !== Role.ADMIN)) tokens[role] = t.a.tokens[role as Exclude<Role, Role.ADMIN>];
    roomId = t.a.room.id;
    const api = async (path: string, body: object, token = tokens.CLERK!) => {
      const res = await t.http().post(path).set('authorization', `Bearer ${token}`).send(body);
      expect(res.status < 300 ? 'ok' : `${res.status} ${JSON.stringify(res.body)}`).toBe('ok');
      return res.body;
    };
    const newItem = async () => api('/api/items', { category: 'PROPERTY', kind: 'furniture', description: 'เก้าอี้', locationId: t.a.room.id });
    const perRole = async <T>(roles: Role[], make: (role: Role) => Promise<T>) => Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await make(r)]))) as Partial<Record<Role, T>>;
    const dueAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const request = async (requester: Role, itemId?: string) =>
      (await api('/api/loans', { items: [{ itemId: itemId ?? (await newItem()).id }], purposeType: 'DUTY', purpose: 'ใช้ในราชการ', offPremises: false, dueAt }, tokens[requester])).id as string;
    const donate = () => api('/api/items', { category: 'DONATION', kind: 'furniture', description: 'โต๊ะบริจาค', locationId: t.a.room.id, donation: { donorName: 'ร้านทดสอบ', receivedAt: '2026-11-01', purpose: 'ใช้ในสถานี' } });
    // Handcuffs: a WEAPON of NORMAL risk, issued on a shift without a witness.
    const newWeapon = () => api('/api/items', { category: 'WEAPON', kind: 'equipment', description: 'กุญแจมือ', locationId: t.a.room.id });
    const shift = (await api('/api/shifts', { name: 'ผลัดเช้า' }, tokens.SUPERVISOR)).id as string;
    /** An incident: a loaned item comes back damaged. */
    const damagedReturn = async () => {
      const damaged = await newItem();
      const loan = await request(Role.OFFICER, damaged.id);
      await t.http().post(`/api/loans/${loan}/approve`).set('authorization', `Bearer ${tokens.SUPERVISOR}`).send({}).expect(200);
      await t.http().post(`/api/loans/${loan}/issue`).set('authorization', `Bearer ${tokens.CLERK}`).send({ items: [{ code: damaged.code }] }).expect(200);
      await t.http().post(`/api/loans/${loan}/return`).set('authorization', `Bearer ${tokens.CLERK}`).send({ items: [{ code: damaged.code, condition: 'DAMAGED' }] }).expect(200);
      const incidents = await t.http().get('/api/incidents').query({ itemId: damaged.id }).set('authorization', `Bearer ${tokens.COMMANDER}`);
      return incidents.body.items[0].id as string;
    };
    /** Section 8 of two finished months by the clerk; the commander issues one of them now, the page the other. */
    const issuedReport = async () => {
      for (const period of ['2569-08', '2569-09']) {
        await t.http().put(`/api/reports/o23/notes?period=${period}`).set('authorization', `Bearer ${tokens.CLERK}`).send({ problems: 'ไม่มีปัญหา', correctiveAction: 'ไม่มี' }).expect(200);
      }
      return (await api('/api/reports/o23/issue', { period: '2569-09' }, tokens.COMMANDER)).id as string;
    };
    const borrowers = [Role.CLERK, Role.INVESTIGATOR, Role.OFFICER, Role.SUPERVISOR, Role.COMMANDER];
    const item = await newItem();
    const shelf = (await api('/api/locations', { code: 'R1-S9', name: 'ชั้นวาง', kind: 'SHELF', parentId: t.a.room.id })).id;
    const issueItem = await newItem();
    const toIssue = await request(Role.OFFICER, issueItem.id);
    await t.http().post(`/api/loans/${toIssue}/approve`).set('authorization', `Bearer ${tokens.SUPERVISOR}`).send({}).expect(200);
    const returnItem = await newItem();
    const toReturn = await request(Role.OFFICER, returnItem.id);
    await t.http().post(`/api/loans/${toReturn}/approve`).set('authorization', `Bearer ${tokens.SUPERVISOR}`).send({}).expect(200);
    await t.http().post(`/api/loans/${toReturn}/issue`).set('authorization', `Bearer ${tokens.CLERK}`).send({ items: [{ code: returnItem.code }] }).expect(200);
    fx = {
      item: { id: item.id, code: item.code },
      shelf,
      itemsToMove: { CLERK: (await newItem()).code, SUPERVISOR: (await newItem()).code },
      toRequest: await perRole(borrowers, async () => (await newItem()).code),
      toApprove: await perRole([Role.SUPERVISOR, Role.COMMANDER], () => request(Role.OFFICER)),
      toReject: await perRole([Role.SUPERVISOR, Role.COMMANDER], () => request(Role.OFFICER)),
      toCancel: await perRole(borrowers, (r) => request(r)),
      toIssue: { id: toIssue, code: issueItem.code },
      toReturn: { id: toReturn, code: returnItem.code },
      donations: { toAccept: (await donate()).id, toDecline: (await donate()).id },
      shift,
      shiftToClose: (await api('/api/shifts', { name: 'ผลัดดึก' }, tokens.SUPERVISOR)).id,
      shiftWeapons: await perRole([Role.SUPERVISOR, Role.CLERK], async () => (await newWeapon()).code),
      shiftReturns: await perRole([Role.SUPERVISOR, Role.CLERK], async () => {
        const weapon = await newWeapon();
        await t.http().post(`/api/shifts/${shift}/issue`).set('authorization', `Bearer ${tokens.CLERK}`).send({ officerId: t.a.users.OFFICER.id, code: weapon.code }).expect(200);
        return weapon.code;
      }),
      audit: (await api('/api/audits', { kind: 'DAILY_ARMS' })).id,
      auditsToClose: await perRole([Role.CLERK, Role.SUPERVISOR, Role.COMMANDER, Role.AUDITOR], async () => (await api('/api/audits', { kind: 'DAILY_ARMS' })).id),
      incident: await damagedReturn(),
      issuedReport: await issuedReport(),
    };
  });
  afterAll(async () => t?.close());

  /** A browser's request: the session cookie (if any), the CSRF cookie, and the form with its token. */
  function send(method: Method, call: PageCall, options: { session?: string; withCsrf?: boolean } = {}): Promise<Response> {
    const browser = pageClient(t, options.session);
    return method === 'GET' ? browser.get(call.path) : browser.post(call.path, call.form, { withCsrf: options.withCsrf });
  }

  it('the table lists each page once, and is the application', () => {
    const keys = PAGES.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(Object.keys(CALLS).sort()).toEqual([...keys].sort());
    expect(reflectRoutes(t, 'pages').map(line).sort()).toEqual(PAGES.map(line).sort());
  });

  describe('each role with a session of its own', () => {
    for (const page of PAGES.filter((p) => p.roles !== PUBLIC)) {
      for (const role of ALL_ROLES) {
        const allowed = allows(page.roles, role);
        it(`${key(page)} as ${role}: ${allowed ? 'allowed' : '403'}`, async () => {
          const res = await send(page.method as Method, CALLS[key(page)](role), { session: tokens[role] });
          if (allowed) {
            expect({ status: res.status, ok: res.status < 400 }).toEqual({ status: res.status, ok: true });
            if (res.status === 303) expect(res.headers.location).not.toMatch(/^\/login\?next/);
          } else {
            expect(res.status).toBe(403);
            expect(res.headers['content-type']).toContain('text/html');
            expect(res.text).toContain('สิทธิ์ของท่านไม่อนุญาตให้เข้าหน้านี้');
          }
        });
      }
    }
  });

  describe('without a session', () => {
    for (const page of PAGES.filter((p) => p.roles !== PUBLIC)) {
      it(`${key(page)} leads to the login page`, async () => {
        const res = await send(page.method as Method, CALLS[key(page)](Role.CLERK));
        expect(res.status).toBe(303);
        expect(res.headers.location).toBe(page.method === 'GET' ? `/login?next=${encodeURIComponent(CALLS[key(page)](Role.CLERK).path)}` : '/login');
      });
    }

    it('a garbage or expired session cookie is cleared and leads to the login page', async () => {
      const res = await send('GET', { path: '/' }, { session: 'not-a-token' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/login?next=%2F');
      expect(String(res.headers['set-cookie'])).toContain(`${SESSION_COOKIE}=;`);
    });
  });

  describe('CSRF', () => {
    for (const page of PAGES.filter((p) => p.method !== 'GET')) {
      it(`${key(page)} without the token is refused (403), even with a valid session`, async () => {
        const res = await send(page.method as Method, CALLS[key(page)](Role.COMMANDER), { session: tokens.COMMANDER, withCsrf: false });
        expect(res.status).toBe(403);
        expect(res.text).toContain('แบบฟอร์มนี้หมดอายุหรือไม่ได้ส่งมาจากหน้าของระบบ');
      });
    }

    it('a token made for another browser\'s cookie is refused', async () => {
      const mine = csrfTokenFor(newCsrfSeed(), TEST_JWT_SECRET);
      const res = await t.http().post('/logout').type('form').set('Cookie', `${CSRF_COOKIE}=${newCsrfSeed()}; ${SESSION_COOKIE}=${tokens.CLERK}`).redirects(0).send({ _csrf: mine });
      expect(res.status).toBe(403);
    });

    it('the API keeps its bearer tokens and needs no CSRF token', async () => {
      await t.http().get('/api/auth/me').set('authorization', `Bearer ${tokens.CLERK}`).expect(200);
    });
  });

  describe('logging in and out', () => {
    it('a good login sets an httpOnly, SameSite session cookie and goes to the page asked for', async () => {
      const res = await send('POST', { path: '/login', form: { username: 'sta.clerk', password: TEST_PASSWORD, next: '/?from=login' } });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/?from=login');
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(new RegExp(`${SESSION_COOKIE}=[^;]+; Max-Age=\\d+; Path=/; Expires=[^;]+; HttpOnly; SameSite=Lax`));
    });

    it('never goes to another site after login', async () => {
      for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
        const res = await send('POST', { path: '/login', form: { username: 'sta.clerk', password: TEST_PASSWORD, next } });
        expect({ next, location: res.headers.location }).toEqual({ next, location: '/' });
      }
    });

    it('a wrong password shows the form again with the reason in Thai, and no session', async () => {
      const res = await send('POST', { path: '/login', form: { username: 'sta.clerk', password: 'wrong-password' } });
      expect(res.status).toBe(401);
      expect(res.text).toContain('ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง');
      expect(String(res.headers['set-cookie'] ?? '')).not.toContain(`${SESSION_COOKIE}=ey`);
    });

    it('logout clears the session cookie', async () => {
      const res = await send('POST', { path: '/logout', form: {} }, { session: tokens.CLERK });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/login?out=1');
      expect(String(res.headers['set-cookie'])).toContain(`${SESSION_COOKIE}=;`);
    });

    it('pages forbid framing and foreign scripts', async () => {
      const res = await send('GET', { path: '/login' });
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    });
  });
});
