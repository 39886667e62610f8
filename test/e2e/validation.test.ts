import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { ownerQuery } from '../helpers/database.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';

const THAI = /[\u0E00-\u0E7F]/;
const SQLI = "'; DROP TABLE users; --";
const TRAVERSAL = '../../etc/passwd';
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/** Every error answer: a 4xx with `{statusCode, code, message, messageTh}`, the Thai message not empty. */
function expectErrorShape(res: supertest.Response) {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body.statusCode).toBe(res.status);
  expect(res.body.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  expect(typeof res.body.message).toBe('string');
  expect(res.body.message.trim().length).toBeGreaterThan(0);
  expect(typeof res.body.messageTh).toBe('string');
  expect(res.body.messageTh).toMatch(THAI);
}

type Who = 'admin' | 'clerkA' | 'commanderA' | 'none';
type Method = 'get' | 'post' | 'patch' | 'delete';

interface Case {
  name: string;
  method: Method;
  path: string;
  who: Who;
  /** A JSON value to send, or `raw` text sent as it is. */
  body?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
  status: number;
  code: string;
}

/** What the database holds, compared before and after the table of refused requests. */
async function snapshot(t: TestApp) {
  const count = async (table: string) => Number((await ownerQuery<{ n: string }>(t.db, `SELECT count(*) AS n FROM ${table}`))[0].n);
  return {
    stations: await count('stations'),
    users: await count('users'),
    locations: await count('locations'),
    audit_log: await count('audit_log'),
    login_throttle: await count('login_throttle'),
    chainHeads: await ownerQuery(t.db, 'SELECT chain_key, seq::text, hash FROM audit_chain_heads ORDER BY chain_key'),
    stationRows: await ownerQuery(t.db, 'SELECT id, code, name_th, name_en, settings::text AS settings, settings_version FROM stations ORDER BY id'),
    userRows: await ownerQuery(t.db, 'SELECT id, username, password_hash, display_name, rank, position, roles::text AS roles, station_id, active FROM users ORDER BY id'),
    locationRows: await ownerQuery(t.db, 'SELECT id, code, name, kind, parent_id, secure FROM locations ORDER BY id'),
  };
}

describe('validation (e2e)', () => {
  let t: TestApp;
  const tokenOf = (who: Who) => (who === 'admin' ? t.adminToken : who === 'clerkA' ? t.a.tokens.CLERK : who === 'commanderA' ? t.a.tokens.COMMANDER : undefined);

  function send(c: Pick<Case, 'method' | 'path' | 'who' | 'body' | 'raw' | 'contentType' | 'headers'>) {
    let req = t.http()[c.method](c.path);
    const token = tokenOf(c.who);
    if (token) req = req.set('authorization', `Bearer ${token}`);
    for (const [k, v] of Object.entries(c.headers ?? {})) req = req.set(k, v);
    if (c.raw !== undefined) return req.set('content-type', c.contentType ?? 'application/json').send(c.raw);
    if (c.body !== undefined) return req.set('content-type', 'application/json').send(JSON.stringify(c.body));
    return req;
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  // Valid bodies; each case below breaks exactly one thing (the last describe shows they are accepted).
  const station = () => ({ code: 'VAL1', nameTh: 'สถานีตำรวจทดสอบความถูกต้อง', nameEn: 'Validation Station' });
  const user = () => ({ username: 'val.user', password: 'long-enough-password', displayName: 'ผู้ใช้ทดสอบ', rank: 'ด.ต.', roles: ['CLERK'], stationId: t.a.station.id });
  const location = () => ({ code: 'VAL-SHELF', name: 'ชั้นวางทดสอบ', kind: 'SHELF', parentId: t.a.room.id });
  const settings = () => ({ settings: { thaiNumerals: true, overdueEscalationDays: 10, extraHighRiskKinds: ['electronics'] } });
  const password = () => ({ password: 'another-good-password' });
  const credentials = () => ({ username: 'sta.clerk', password: TEST_PASSWORD });
  const without = <T extends object>(body: T, key: keyof T) => {
    const copy = { ...body };
    delete copy[key];
    return copy;
  };

  function cases(): Case[] {
    const settingsPath = `/api/stations/${t.a.station.id}/settings`;
    const passwordPath = `/api/users/${t.a.users.CLERK.id}/password`;
    const list: Case[] = [];
    const bad = (name: string, method: Case['method'], path: string, who: Who, body: unknown, status = 400, code = 'VALIDATION_FAILED') =>
      list.push({ name, method, path, who, body, status, code });

    // POST /api/stations (ADMIN)
    const S = (name: string, body: unknown, status?: number, code?: string) => bad(`stations: ${name}`, 'post', '/api/stations', 'admin', body, status, code);
    S('empty object', {});
    S('missing code', without(station(), 'code'));
    S('missing nameTh', without(station(), 'nameTh'));
    S('missing nameEn', without(station(), 'nameEn'));
    S('code as number', { ...station(), code: 1234 });
    S('code as array', { ...station(), code: ['VAL1'] });
    S('nameTh as number', { ...station(), nameTh: 42 });
    S('nameEn as object', { ...station(), nameEn: { en: 'x' } });
    S('nameTh null', { ...station(), nameTh: null });
    S('empty code', { ...station(), code: '' });
    S('empty nameTh', { ...station(), nameTh: '' });
    S('blank nameEn', { ...station(), nameEn: '    ' });
    S('code with a space', { ...station(), code: 'VA L1' });
    S('code in Thai', { ...station(), code: 'สภ' });
    S('code with a dash', { ...station(), code: 'VA-1' });
    S('code starting with a digit', { ...station(), code: '1VAL' });
    S('code too long', { ...station(), code: 'VALIDATION1' });
    S('code SQL injection', { ...station(), code: SQLI });
    S('code path traversal', { ...station(), code: TRAVERSAL });
    S('nameTh too long', { ...station(), nameTh: 'ก'.repeat(201) });
    S('nameEn too long (astral characters)', { ...station(), nameEn: '🚓'.repeat(201) });
    S('unknown field id', { ...station(), id: NO_SUCH_ID });
    S('unknown field settings', { ...station(), settings: { thaiNumerals: true } });
    S('unknown field __proto__', JSON.parse(`{"code":"VAL1","nameTh":"ก","nameEn":"x","__proto__":{"admin":true}}`));
    S('unknown field constructor', { ...station(), constructor: { name: 'x' } });
    S('JSON array as the body', [station()]);
    S('empty JSON array as the body', []);
    S('existing code', { ...station(), code: 'STA' }, 409, 'ALREADY_EXISTS');
    S('existing code in lower case', { ...station(), code: 'sta' }, 409, 'ALREADY_EXISTS');
    S('NUL character in a name', { ...station(), nameEn: 'Val\u0000idation' }, 400, 'INVALID_VALUE');

    // POST /api/users (ADMIN)
    const U = (name: string, body: unknown, status?: number, code?: string) => bad(`users: ${name}`, 'post', '/api/users', 'admin', body, status, code);
    U('empty object', {});
    for (const key of ['username', 'password', 'displayName', 'rank', 'roles'] as const) U(`missing ${key}`, without(user(), key));
    U('username as number', { ...user(), username: 12345 });
    U('username too short', { ...user(), username: 'ab' });
    U('username too long', { ...user(), username: 'a'.repeat(65) });
    U('username with a space', { ...user(), username: 'val user' });
    U('username in Thai', { ...user(), username: 'สมชาย' });
    U('username SQL injection', { ...user(), username: SQLI });
    U('username path traversal', { ...user(), username: TRAVERSAL });
    U('empty username', { ...user(), username: '' });
    U('password too short', { ...user(), password: 'short' });
    U('password of spaces', { ...user(), password: '          ' });
    U('password too long', { ...user(), password: 'p'.repeat(201) });
    U('password as number', { ...user(), password: 123456789 });
    U('displayName too long', { ...user(), displayName: 'ส'.repeat(201) });
    U('empty displayName', { ...user(), displayName: '' });
    U('rank as boolean', { ...user(), rank: true });
    U('position as number', { ...user(), position: 7 });
    U('position too long', { ...user(), position: 'x'.repeat(201) });
    U('roles as string', { ...user(), roles: 'CLERK' });
    U('roles as object', { ...user(), roles: { 0: 'CLERK' } });
    U('roles empty', { ...user(), roles: [] });
    U('roles with duplicates', { ...user(), roles: ['CLERK', 'CLERK'] });
    U('roles with a bad value', { ...user(), roles: ['KING'] });
    U('roles in lower case', { ...user(), roles: ['clerk'] });
    U('roles with a number', { ...user(), roles: [1] });
    U('roles too many', { ...user(), roles: ['CLERK', 'OFFICER', 'AUDITOR', 'COMMANDER', 'SUPERVISOR', 'INVESTIGATOR', 'ADMIN', 'CLERK'] });
    U('stationId not a UUID', { ...user(), stationId: 'station-a' });
    U('stationId as number', { ...user(), stationId: 1 });
    U('empty stationId', { ...user(), stationId: '' });
    U('stationId SQL injection', { ...user(), stationId: SQLI });
    U('unknown field active', { ...user(), active: false });
    U('unknown field prototype', { ...user(), prototype: { roles: ['ADMIN'] } });
    U('unknown field passwordHash', { ...user(), passwordHash: '$argon2id$v=19$m=1024,t=1,p=1$x$y' });
    U('JSON array as the body', [user()]);
    U('ADMIN with station roles', { ...user(), roles: ['ADMIN', 'CLERK'] }, 422, 'ADMIN_ROLE_ALONE');
    U('ADMIN with a station', { ...user(), roles: ['ADMIN'] }, 422, 'ADMIN_HAS_NO_STATION');
    U('station role without a station', without(user(), 'stationId'), 422, 'STATION_REQUIRED');
    U('station that does not exist', { ...user(), stationId: NO_SUCH_ID }, 404, 'NOT_FOUND');
    U('username taken', { ...user(), username: 'sta.clerk' }, 409, 'USERNAME_TAKEN');
    U('username taken, other case', { ...user(), username: 'STA.Clerk' }, 409, 'USERNAME_TAKEN');
    U('NUL character in displayName', { ...user(), displayName: 'ผู้ใช้\u0000' }, 400, 'INVALID_VALUE');

    // POST /api/locations (CLERK of station A; ADMIN where said)
    const L = (name: string, body: unknown, status?: number, code?: string, who: Who = 'clerkA') => bad(`locations: ${name}`, 'post', '/api/locations', who, body, status, code);
    L('empty object', {});
    for (const key of ['code', 'name', 'kind'] as const) L(`missing ${key}`, without(location(), key));
    L('code as number', { ...location(), code: 7 });
    L('empty code', { ...location(), code: '' });
    L('code with a space', { ...location(), code: 'R1 S2' });
    L('code in Thai', { ...location(), code: 'ห้อง1' });
    L('code too long', { ...location(), code: 'R'.repeat(33) });
    L('code SQL injection', { ...location(), code: SQLI });
    L('code path traversal', { ...location(), code: TRAVERSAL });
    L('name too long', { ...location(), name: 'ห'.repeat(201) });
    L('empty name', { ...location(), name: '' });
    L('name as array', { ...location(), name: ['ชั้น'] });
    L('kind not in the list', { ...location(), kind: 'CLOSET' });
    L('kind in lower case', { ...location(), kind: 'shelf' });
    L('kind as number', { ...location(), kind: 1 });
    L('secure as string', { ...location(), secure: 'true' });
    L('secure as number', { ...location(), secure: 1 });
    L('secure as array', { ...location(), secure: [true] });
    L('parentId not a UUID', { ...location(), parentId: 'R1' });
    L('parentId path traversal', { ...location(), parentId: TRAVERSAL });
    L('stationId not a UUID', { ...location(), stationId: 'A' });
    L('unknown field', { ...location(), capacity: 10 });
    L('JSON array as the body', [location()]);
    L('parent that does not exist', { ...location(), parentId: NO_SUCH_ID }, 422, 'PARENT_NOT_FOUND');
    L("parent in another station", { ...location(), parentId: t.b.room.id }, 422, 'PARENT_NOT_FOUND');
    L('another station', { ...location(), stationId: t.b.station.id }, 404, 'NOT_FOUND');
    L('code taken', { ...location(), code: 'R1' }, 409, 'LOCATION_CODE_TAKEN');
    L('code taken, lower case', { ...location(), code: 'safe1' }, 409, 'LOCATION_CODE_TAKEN');
    L('ADMIN without a station', without(location(), 'parentId'), 422, 'STATION_REQUIRED', 'admin');
    L('ADMIN, station that does not exist', { ...location(), stationId: NO_SUCH_ID }, 404, 'NOT_FOUND', 'admin');

    // PATCH /api/stations/:id/settings (COMMANDER of station A)
    const P = (name: string, body: unknown, status?: number, code?: string, path = settingsPath, who: Who = 'commanderA') => bad(`settings: ${name}`, 'patch', path, who, body, status, code);
    P('empty object (settings missing)', {});
    P('settings null', { settings: null });
    P('settings as string', { settings: 'thaiNumerals=true' });
    P('settings as number', { settings: 1 });
    P('settings as array', { settings: [] });
    P('settings as array of objects', { settings: [{ thaiNumerals: true }] });
    P('thaiNumerals as string', { settings: { thaiNumerals: 'true' } });
    P('thaiNumerals as number', { settings: { thaiNumerals: 1 } });
    P('itaItemNumber bad', { settings: { itaItemNumber: 'X23' } });
    P('itaItemNumber as number', { settings: { itaItemNumber: 23 } });
    P('itaItemNumber empty', { settings: { itaItemNumber: '' } });
    P('materialsThresholdBaht negative', { settings: { materialsThresholdBaht: -1 } });
    P('materialsThresholdBaht as string', { settings: { materialsThresholdBaht: '5000' } });
    P('overdueEscalationDays zero', { settings: { overdueEscalationDays: 0 } });
    P('overdueEscalationDays too big', { settings: { overdueEscalationDays: 91 } });
    P('overdueEscalationDays fractional', { settings: { overdueEscalationDays: 1.5 } });
    P('samplingPercent over 100', { settings: { samplingPercent: 101 } });
    P('extraHighRiskKinds as object', { settings: { extraHighRiskKinds: { a: 'drugs' } } });
    P('extraHighRiskKinds as string', { settings: { extraHighRiskKinds: 'drugs' } });
    P('extraHighRiskKinds with a number', { settings: { extraHighRiskKinds: [1] } });
    P('extraHighRiskKinds with duplicates', { settings: { extraHighRiskKinds: ['drugs', 'drugs'] } });
    P('extraHighRiskKinds with an empty string', { settings: { extraHighRiskKinds: [''] } });
    P('extraHighRiskKinds value too long', { settings: { extraHighRiskKinds: ['k'.repeat(41)] } });
    P('extraHighRiskKinds naming a kind that does not exist', { settings: { extraHighRiskKinds: ['spaceship'] } });
    P('extraHighRiskKinds too many', { settings: { extraHighRiskKinds: Array.from({ length: 51 }, (_, i) => `kind${i}`) } });
    P('unknown setting', { settings: { ...settings().settings, maxLoanDays: 3 } });
    P('unknown top-level field', { ...settings(), settingsVersion: 9 });
    P('__proto__ inside settings', JSON.parse('{"settings":{"thaiNumerals":true,"__proto__":{"itaItemNumber":"O99"}}}'));
    P('nested 40 levels deep', { settings: { extraHighRiskKinds: JSON.parse('['.repeat(40) + ']'.repeat(40)) } }, 400, 'BODY_TOO_DEEP');
    P('JSON array as the body', [settings()]);
    P('path id not a UUID', settings(), 400, 'INVALID_ID', `/api/stations/not-a-uuid/settings`);
    P('path id SQL injection', settings(), 400, 'INVALID_ID', `/api/stations/${encodeURIComponent(SQLI)}/settings`);
    P('path id path traversal', settings(), 400, 'INVALID_ID', `/api/stations/..%2F..%2Fetc%2Fpasswd/settings`);
    P('station that does not exist', settings(), 404, 'NOT_FOUND', `/api/stations/${NO_SUCH_ID}/settings`, 'admin');
    P('another station', settings(), 404, 'NOT_FOUND', `/api/stations/${t.b.station.id}/settings`);
    P('role that may not', settings(), 403, 'FORBIDDEN', settingsPath, 'clerkA');

    // POST /api/users/:id/password (ADMIN)
    const W = (name: string, body: unknown, status?: number, code?: string, path = passwordPath, who: Who = 'admin') => bad(`password: ${name}`, 'post', path, who, body, status, code);
    W('empty object', {});
    W('empty password', { password: '' });
    W('password too short', { password: 'short' });
    W('password of spaces', { password: '           ' });
    W('password too long', { password: 'p'.repeat(201) });
    W('password as number', { password: 1234567890 });
    W('password as array', { password: ['long-enough-password'] });
    W('unknown field', { ...password(), oldPassword: TEST_PASSWORD });
    W('JSON array as the body', [password()]);
    W('path id not a UUID', password(), 400, 'INVALID_ID', '/api/users/sta.clerk/password');
    W('user that does not exist', password(), 404, 'NOT_FOUND', `/api/users/${NO_SUCH_ID}/password`);
    W('role that may not', password(), 403, 'FORBIDDEN', passwordPath, 'commanderA');
    W('no token', password(), 401, 'UNAUTHENTICATED', passwordPath, 'none');

    // POST /api/auth/login (public): refused before any password check, so no throttle row either.
    const N = (name: string, body: unknown, status?: number, code?: string) => bad(`login: ${name}`, 'post', '/api/auth/login', 'none', body, status, code);
    N('empty object', {});
    N('missing username', without(credentials(), 'username'));
    N('missing password', without(credentials(), 'password'));
    N('username as number', { ...credentials(), username: 1 });
    N('username as object', { ...credentials(), username: { $ne: '' } });
    N('password as boolean', { ...credentials(), password: true });
    N('password as array', { ...credentials(), password: [TEST_PASSWORD] });
    N('empty username', { ...credentials(), username: '' });
    N('empty password', { ...credentials(), password: '' });
    N('username too long', { ...credentials(), username: 'u'.repeat(65) });
    N('password too long', { ...credentials(), password: 'p'.repeat(201) });
    N('unknown field', { ...credentials(), rememberMe: true });
    N('JSON array as the body', [credentials()]);
    N('NUL character in username', { ...credentials(), username: 'sta.clerk\u0000' }, 400, 'INVALID_VALUE');

    // Bodies that are not JSON objects at all, for every write route.
    const routes: Array<Pick<Case, 'method' | 'path' | 'who'>> = [
      { method: 'post', path: '/api/stations', who: 'admin' },
      { method: 'post', path: '/api/users', who: 'admin' },
      { method: 'post', path: '/api/locations', who: 'clerkA' },
      { method: 'patch', path: settingsPath, who: 'commanderA' },
      { method: 'post', path: passwordPath, who: 'admin' },
      { method: 'post', path: '/api/auth/login', who: 'none' },
    ];
    for (const r of routes) {
      const at = `${r.method.toUpperCase()} ${r.path.replace(/[0-9a-f-]{36}/, ':id')}`;
      list.push({ ...r, name: `${at}: malformed JSON`, raw: '{"code": "VAL1", "nameTh": ', status: 400, code: 'MALFORMED_JSON' });
      list.push({ ...r, name: `${at}: single-quoted JSON`, raw: "{'password': 'x'}", status: 400, code: 'MALFORMED_JSON' });
      list.push({ ...r, name: `${at}: a JSON string as the body`, raw: '"VAL1"', status: 400, code: 'MALFORMED_JSON' });
      list.push({ ...r, name: `${at}: JSON null as the body`, raw: 'null', status: 400, code: 'MALFORMED_JSON' });
      list.push({ ...r, name: `${at}: a JSON number as the body`, raw: '42', status: 400, code: 'MALFORMED_JSON' });
      list.push({ ...r, name: `${at}: a JSON array of strings`, raw: '["VAL1"]', status: 400, code: 'VALIDATION_FAILED' });
      list.push({ ...r, name: `${at}: no body`, status: 400, code: 'VALIDATION_FAILED' });
      list.push({ ...r, name: `${at}: form-encoded body`, raw: 'code=VAL1&password=long-enough-password', contentType: 'application/x-www-form-urlencoded', status: 400, code: 'VALIDATION_FAILED' });
      list.push({ ...r, name: `${at}: body over 1 MB`, raw: JSON.stringify({ nameTh: 'ก'.repeat(400_000) }), status: 413, code: 'PAYLOAD_TOO_LARGE' });
      list.push({ ...r, name: `${at}: deeply nested arrays`, raw: `{"password": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, status: 400, code: 'BODY_TOO_DEEP' });
      list.push({ ...r, name: `${at}: unsupported charset`, raw: '{}', contentType: 'application/json; charset=ebcdic', status: 415, code: 'BAD_BODY' });
      list.push({ ...r, name: `${at}: unsupported content encoding`, raw: '{}', headers: { 'content-encoding': 'x-squash' }, status: 415, code: 'BAD_BODY' });
    }
    return list;
  }

  describe('malformed writes are refused with 4xx and write nothing', () => {
    let before: Awaited<ReturnType<typeof snapshot>>;
    const table: Case[] = [];

    beforeAll(async () => {
      table.push(...cases());
      before = await snapshot(t);
    });

    it('refuses every case with the expected 4xx in the error shape', async () => {
      const wrong: string[] = [];
      for (const c of table) {
        const res = await send(c);
        try {
          expectErrorShape(res);
          expect({ status: res.status, code: res.body.code }).toEqual({ status: c.status, code: c.code });
        } catch {
          wrong.push(`${c.name}: got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(table.length).toBeGreaterThan(200);
    });

    it('names the offending field in the validation message', async () => {
      const res = await send({ method: 'post', path: '/api/users', who: 'admin', body: { ...user(), roles: ['KING'], nickname: 'x' } });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/roles/);
      expect(res.body.message).toMatch(/nickname/);
      expect(res.body.messageTh).toMatch(/roles/);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.stringMatching(/nickname/)]));
      expect(JSON.stringify(res.body)).not.toContain('long-enough-password');
    });

    it('wrote nothing: stations, users, locations, audit_log and login_throttle are as they were', async () => {
      expect(await snapshot(t)).toEqual(before);
    });
  });

  describe('queries, paths and routes', () => {
    const lists: Array<[string, Who]> = [
      ['/api/stations', 'admin'],
      ['/api/users', 'admin'],
      ['/api/locations', 'clerkA'],
      ['/api/audit-log', 'commanderA'],
    ];
    const badQueries = ['page=0', 'page=-1', 'page=abc', 'page=1.5', 'page=1&page=2', 'pageSize=0', 'pageSize=10000', 'pageSize=abc', 'foo=1', 'page=1&sort=name', "page='; DROP TABLE users; --"];

    it.each(lists)('%s refuses unknown query parameters and bad paging with 400', async (path, who) => {
      for (const query of badQueries) {
        const res = await send({ method: 'get', path: `${path}?${query}`, who });
        expectErrorShape(res);
        expect([query, res.status, res.body.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
      }
      const ok = await send({ method: 'get', path: `${path}?page=1&pageSize=200`, who });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ page: 1, pageSize: 200 });
    });

    it('refuses bad filters on the list routes with 400', async () => {
      const bad: Array<[string, Who]> = [
        ['/api/users?role=KING', 'admin'],
        ['/api/users?active=maybe', 'admin'],
        ['/api/users?stationId=station-a', 'admin'],
        [`/api/users?q=${'x'.repeat(101)}`, 'admin'],
        ['/api/locations?kind=CLOSET', 'clerkA'],
        ['/api/locations?secure=1', 'clerkA'],
        ['/api/locations?parentId=R1', 'clerkA'],
        ['/api/audit-log?actorId=me', 'commanderA'],
        ['/api/audit-log/verify?stationId=x', 'admin'],
      ];
      for (const [path, who] of bad) {
        const res = await send({ method: 'get', path, who });
        expectErrorShape(res);
        expect([path, res.status]).toEqual([path, 400]);
      }
    });

    it('takes SQL-looking and wildcard text in a search as data (200, not 5xx)', async () => {
      for (const q of [SQLI, TRAVERSAL, '%', '_', '\\', "ก' OR '1'='1"]) {
        const res = await send({ method: 'get', path: `/api/users?q=${encodeURIComponent(q)}`, who: 'admin' });
        expect([q, res.status]).toEqual([q, 200]);
        expect(res.body.items).toEqual([]);
      }
      const [{ n }] = await ownerQuery<{ n: string }>(t.db, 'SELECT count(*) AS n FROM users');
      expect(Number(n)).toBeGreaterThan(1);
      // A NUL character cannot be stored or searched in PostgreSQL text: a 400, not a 500.
      const nul = await send({ method: 'get', path: '/api/users?q=a%00b', who: 'admin' });
      expectErrorShape(nul);
      expect([nul.status, nul.body.code]).toEqual([400, 'INVALID_VALUE']);
    });

    it('refuses bad ids in paths with 400 and unknown ids with 404', async () => {
      for (const path of ['/api/stations/abc', '/api/users/1', `/api/locations/${encodeURIComponent(SQLI)}`, '/api/locations/..%2F..%2Fetc%2Fpasswd', `/api/users/${NO_SUCH_ID}x`]) {
        const res = await send({ method: 'get', path, who: 'admin' });
        expectErrorShape(res);
        expect([path, res.status, res.body.code]).toEqual([path, 400, 'INVALID_ID']);
      }
      for (const path of [`/api/stations/${NO_SUCH_ID}`, `/api/users/${NO_SUCH_ID}`, `/api/locations/${NO_SUCH_ID}`]) {
        const res = await send({ method: 'get', path, who: 'admin' });
        expectErrorShape(res);
        expect([path, res.status, res.body.code]).toEqual([path, 404, 'NOT_FOUND']);
      }
    });

    it('answers an unknown route with 404 in the same error shape', async () => {
      const requests: Array<[Method, string, Who]> = [
        ['get', '/api/nothing-here', 'none'],
        ['get', '/api/nothing-here', 'admin'],
        ['post', '/api/stations/extra/deeper', 'admin'],
        ['delete', `/api/stations/${NO_SUCH_ID}`, 'admin'],
        ['get', `/api/../../etc/passwd`, 'none'],
        ['get', '/api/%E0%B8%84%E0%B8%A5%E0%B8%B1%E0%B8%87', 'none'],
      ];
      for (const [method, path, who] of requests) {
        const res = await send({ method, path, who });
        expectErrorShape(res);
        expect([method, path, res.status, res.body.code]).toEqual([method, path, 404, 'ROUTE_NOT_FOUND']);
      }
    });
  });

  describe('what is accepted is stored verbatim', () => {
    const stored = async (sql: string, id: string) => (await ownerQuery(t.db, sql, [id]))[0];

    it('accepts each valid base body of the table (so each refused case was refused for its one defect)', async () => {
      const s = await send({ method: 'post', path: '/api/stations', who: 'admin', body: station() });
      expect(s.status).toBe(201);
      const u = await send({ method: 'post', path: '/api/users', who: 'admin', body: user() });
      expect(u.status).toBe(201);
      const l = await send({ method: 'post', path: '/api/locations', who: 'clerkA', body: location() });
      expect(l.status).toBe(201);
      const before = (await send({ method: 'get', path: `/api/stations/${t.a.station.id}`, who: 'commanderA' })).body;
      expect(before.settings.itaItemNumber).toBe('O23');
      const p = await send({ method: 'patch', path: `/api/stations/${t.a.station.id}/settings`, who: 'commanderA', body: settings() });
      expect(p.status).toBe(200);
      // A partial update changes the settings it names and keeps every other one.
      expect(p.body.settings).toEqual({ ...before.settings, ...settings().settings });
      expect(p.body.settingsVersion).toBe(before.settingsVersion + 1);
      const [row] = await ownerQuery<{ settings: unknown }>(t.db, 'SELECT settings FROM stations WHERE id = $1', [t.a.station.id]);
      expect(row.settings).toEqual(p.body.settings);
      const w = await send({ method: 'post', path: `/api/users/${t.a.users.CLERK.id}/password`, who: 'admin', body: password() });
      expect(w.status).toBe(204);
      const n = await send({ method: 'post', path: '/api/auth/login', who: 'none', body: { username: 'sta.clerk', password: password().password } });
      expect(n.status).toBe(200);
    });

    it('stores SQL-looking and path-like text exactly as sent', async () => {
      const nasty = {
        nameTh: `สถานี ${SQLI}`,
        nameEn: TRAVERSAL,
        displayName: `Robert'); DROP TABLE students;-- ${SQLI}`,
        rank: '..\\..\\windows\\system32',
        position: '<script>alert(1)</script> %s %n ${7*7} {{7*7}}',
        locationName: `${TRAVERSAL} ชั้น ๒ 🚔 "quoted" \\ back\\slash`,
      };
      const s = await send({ method: 'post', path: '/api/stations', who: 'admin', body: { code: 'SQLI', nameTh: nasty.nameTh, nameEn: nasty.nameEn } });
      expect(s.status).toBe(201);
      expect(s.body).toMatchObject({ nameTh: nasty.nameTh, nameEn: nasty.nameEn });
      expect(await stored('SELECT name_th, name_en FROM stations WHERE id = $1', s.body.id)).toEqual({ name_th: nasty.nameTh, name_en: nasty.nameEn });

      const u = await send({
        method: 'post',
        path: '/api/users',
        who: 'admin',
        body: { username: 'sqli.user', password: SQLI, displayName: nasty.displayName, rank: nasty.rank, position: nasty.position, roles: ['OFFICER'], stationId: s.body.id },
      });
      expect(u.status).toBe(201);
      expect(await stored('SELECT display_name, rank, position FROM users WHERE id = $1', u.body.id)).toEqual({
        display_name: nasty.displayName,
        rank: nasty.rank,
        position: nasty.position,
      });
      // A SQL-looking password is a password like any other.
      const logged = await send({ method: 'post', path: '/api/auth/login', who: 'none', body: { username: 'sqli.user', password: SQLI } });
      expect(logged.status).toBe(200);

      const l = await send({ method: 'post', path: '/api/locations', who: 'clerkA', body: { code: 'SQLI.1', name: nasty.locationName, kind: 'LOCKER' } });
      expect(l.status).toBe(201);
      expect(await stored('SELECT name, code FROM locations WHERE id = $1', l.body.id)).toEqual({ name: nasty.locationName, code: 'SQLI.1' });

      // The tables are all still there, and the audit chains still verify.
      const tables = await ownerQuery<{ n: string }>(t.db, `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('users', 'stations', 'locations', 'audit_log')`);
      expect(Number(tables[0].n)).toBe(4);
      for (const [who, query] of [['commanderA', ''], ['admin', ''], ['admin', `?stationId=${s.body.id}`]] as const) {
        const v = await send({ method: 'get', path: `/api/audit-log/verify${query}`, who });
        expect(v.status).toBe(200);
        expect(v.body).toMatchObject({ ok: true, firstBadSeq: null });
      }
    });

    it('takes SQL-looking and path-like usernames at login as unknown users (401, not 5xx)', async () => {
      for (const username of [SQLI, TRAVERSAL, "admin' --", 'admin"; --']) {
        const res = await send({ method: 'post', path: '/api/auth/login', who: 'none', body: { username, password: 'whatever-password' } });
        expectErrorShape(res);
        expect([username, res.status, res.body.code]).toEqual([username, 401, 'INVALID_CREDENTIALS']);
      }
    });

    it('normalises a station or location code to upper case (trimmed) rather than refusing it', async () => {
      const s = await send({ method: 'post', path: '/api/stations', who: 'admin', body: { ...station(), code: ' val2 ' } });
      expect(s.status).toBe(201);
      expect(s.body.code).toBe('VAL2');
      const l = await send({ method: 'post', path: '/api/locations', who: 'clerkA', body: { ...location(), code: 'val-shelf-2' } });
      expect(l.status).toBe(201);
      expect(l.body.code).toBe('VAL-SHELF-2');
    });
  });
});
