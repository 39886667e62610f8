/**
 * Security (issue 8): what the other suites do not already check.
 *
 * Already covered elsewhere, so not repeated here:
 *  - route-roles.test.ts: every API route × every role with a valid request of the caller's own station
 *    (allowed → 2xx, refused → 403); every non-public API route refuses no token, a garbage token,
 *    another secret, alg:none, an expired token and an unknown user id (401); a deactivated user's
 *    token on /api/auth/me; the table is the reflected routes and Express's router.
 *  - web-roles.test.ts: every page × every role with a session; no session → the login page; a form
 *    post without its CSRF token, or with another browser's, → 403; no open redirect after login.
 *  - cross-station.test.ts: another station's stations, users and locations by id (404), its settings
 *    (404), its users' deactivate/reactivate/password (403); the lists of users, locations, stations and
 *    the audit log, also with ?stationId=; the audit-log verification per station; a parent in B.
 *  - validation.test.ts: malformed bodies of the station, user, location, settings, password and login
 *    routes; SQL-looking and path-like text stored verbatim in stations, users and locations; SQL text
 *    in the user search; bad ids in paths.
 *  - auth.test.ts: the API login's lock-out (429 in Thai, the right password refused while locked,
 *    other users unaffected, unlocked after the window, unknown names locked alike); tokens with a
 *    changed payload or signature, another secret, alg:none, HS512 or a malformed subject on
 *    /api/auth/me; deactivation; password change.
 *  - publication.test.ts: the public page lists only its station's issued reports and answers a pasted
 *    hash (GET); no suspect, owner or case in the page, its files or the ZIP; another station's files
 *    and path-like names → 404.
 *  - fuzz.test.ts: random and malformed input on every route; a refused request writes nothing.
 *
 * Added here:
 *  1. another station's id on EVERY route with an id (API and pages), as each station role: the same
 *     answer as an id nobody has (404; 403 where the role is refused), nothing written, while the
 *     caller's own id is found (the ADMIN is system-wide: cross-station.test.ts);
 *  2. another station's ids in every id field of every API body, every id filter of every API list,
 *     and the ids and codes the pages take in their query;
 *  3. every GET route (lists, pages, PDFs) as each station role: nothing of the other station in it;
 *  4. tokens (payload changed, another secret, alg:none, expired, not yet valid, a deactivated user, a
 *     user moved to another station) on API reads and writes and on page reads and posts;
 *  5. SQL-injection and path-traversal text in every text field of every API body (stored as sent or
 *     refused), in every path parameter and in every query parameter;
 *  6. login throttling through the login page and through a witness's password (one counter);
 *  7. the public page's hash check (POST) and ZIP never answer for another station's report.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { Role, STATION_ROLES } from '../../src/common/roles.js';
import type { UserView } from '../../src/users/users.dto.js';
import { startTestApp, TEST_JWT_SECRET, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { auth, binary, type Json, OwnerDb, type Res, THAI } from '../helpers/checks.js';
import {
  answerExcerpt,
  answerProblems,
  bodySchemaOf,
  browserIdentity,
  DbWatch,
  discoverForms,
  type FieldPath,
  fieldPaths,
  formBody,
  getAt,
  isIdField,
  isText,
  jsonBody,
  leakedKeys,
  namesARow,
  NOT_WRITES,
  openApi,
  type OpenApi,
  operationOf,
  type PageForm,
  paramsOf,
  paramValue,
  queryParamsOf,
  rawRequest,
  SECRET_NAMES,
  seedRecords,
  setAt,
  SQLI,
  type StationRecords,
  type StationRole,
  surfaceOf,
  textOf,
  TRAVERSAL,
  uuidFor,
  validRequest,
  withField,
} from '../helpers/fuzz.js';
import { barePdfText, bareThai, requireTool } from '../helpers/pdf-tools.js';
import { monthOf } from '../helpers/periods.js';
import { allows, key, PUBLIC, reflectRoutes, type RouteSpec } from '../helpers/routes.js';

const MAX_FAILURES = 3;
const ROLES = STATION_ROLES as StationRole[];

/** A request: its path (with query), and a JSON body (API) or form fields (pages). */
interface Call {
  path: string;
  body?: unknown;
  form?: Array<[string, string]>;
}

const outcome = (res: Res) => ({ status: res.status, code: jsonBody(res)?.code as string | undefined });
/** A 403 of the role check (the API's FORBIDDEN, the pages' "your role may not open this page"), not a domain rule's. */
const refusedByRole = (res: Res) => res.status === 403 && (jsonBody(res)?.code === 'FORBIDDEN' || textOf(res).includes('สิทธิ์ของท่านไม่อนุญาตให้เข้าหน้านี้'));
const isValidationFailure = (res: Res) => res.status === 400 && ['VALIDATION_FAILED', 'INVALID_ID', 'MALFORMED_JSON'].includes(outcome(res).code ?? '');

describe('security', () => {
  let t: TestApp;
  const db = new OwnerDb();
  let watch: DbWatch;
  let doc: OpenApi;
  let A: StationRecords;
  let B: StationRecords;
  let apiRoutes: RouteSpec[];
  let pageRoutes: RouteSpec[];
  let forms: Map<string, PageForm[]>;
  let keysOfB: Map<string, string>;
  const none = new Set<string>();

  beforeAll(async () => {
    requireTool('pdftotext');
    t = await startTestApp({ LOGIN_MAX_FAILURES: String(MAX_FAILURES), LOGIN_LOCK_SECONDS: '600' });
    await db.open(t.db.ownerUrl);
    watch = new DbWatch(db);
    await watch.init();
    A = await seedRecords(t, t.a);
    B = await seedRecords(t, t.b);
    doc = await openApi(t);
    const all = reflectRoutes(t, 'api');
    apiRoutes = all.filter((r) => !r.path.startsWith('/public/'));
    pageRoutes = [...reflectRoutes(t, 'pages'), ...all.filter((r) => r.path.startsWith('/public/'))];
    forms = await discoverForms(t, pageRoutes, A);
    keysOfB = await watch.stationKeys(B.fixture.station.id);
  });
  afterAll(async () => {
    await db.close();
    await t?.close();
  });

  /** A request as an API client (bearer token, JSON) or a browser (session cookie, form with its CSRF token) sends it. */
  function send(route: RouteSpec, call: Call, token?: string) {
    if (surfaceOf(route.path) === 'api') {
      const bearer: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      if (route.method === 'GET') return rawRequest(t, 'GET', call.path, bearer).buffer(true).parse(binary as never);
      return rawRequest(t, route.method, call.path, { ...bearer, 'content-type': 'application/json' }, JSON.stringify(call.body ?? {}));
    }
    const browser = browserIdentity(token);
    if (route.method === 'GET') return rawRequest(t, 'GET', call.path, { cookie: browser.cookie }).buffer(true).parse(binary as never);
    return rawRequest(t, 'POST', call.path, { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' }, formBody([...(call.form ?? []), ['_csrf', browser.csrf]]));
  }

  /** A valid request of station A to a route (pages: with the form the pages render), path parameters from `value` where it gives one. */
  function callFor(route: RouteSpec, value?: (param: string) => string | undefined): Call {
    const valid = validRequest(doc, route, A, value);
    if (surfaceOf(route.path) === 'api' || route.method === 'GET') return valid;
    const sample = forms.get(key(route))?.[0];
    const query = sample?.action.includes('?') ? sample.action.slice(sample.action.indexOf('?')) : '';
    return { path: valid.path + query, form: sample?.fields ?? [] };
  }

  /** A station role the route allows (the first in STATION_ROLES), with its token; else the ADMIN, else none. */
  function callerFor(route: RouteSpec): { role: Role; token: string } | undefined {
    const role = ROLES.find((r) => allows(route.roles, r));
    if (role) return { role, token: t.a.tokens[role] };
    return allows(route.roles, Role.ADMIN) ? { role: Role.ADMIN, token: t.adminToken } : undefined;
  }

  const rowRoutes = () => [...apiRoutes, ...pageRoutes].filter((r) => paramsOf(r.path).some((p) => namesARow(r.path, p)));

  describe("1. another station's id on every route with an id", () => {
    /** An id of the same kind that no row has. */
    const nobody = (param: string) => (param === 'code' ? `${A.fixture.station.code}-GP69-999999` : randomUUID());

    for (const role of ROLES) {
      it(`as A's ${role}: answered like an id nobody has — 404, or 403 where the role is refused — and nothing written; A's own id is found`, async () => {
        const token = t.a.tokens[role];
        const wrong: string[] = [];
        for (const route of rowRoutes()) {
          const allowed = allows(route.roles, role);
          const theirs = (param: string) => (namesARow(route.path, param) ? encodeURIComponent(paramValue(route.path, param, B)) : undefined);
          const unknown = (param: string) => (namesARow(route.path, param) ? encodeURIComponent(nobody(param)) : undefined);
          const before = await watch.fingerprint();
          const b = await send(route, callFor(route, theirs), token);
          const u = await send(route, callFor(route, unknown), token);
          const written = DbWatch.changed(before, await watch.fingerprint(), NOT_WRITES);
          const own = await send(route, callFor(route), token);
          const want = allowed ? 404 : 403;
          if (b.status !== want || u.status !== want || outcome(b).code !== outcome(u).code) {
            wrong.push(`${key(route)}: another station's id → ${answerExcerpt(b)}; an unknown id → ${answerExcerpt(u)}; want ${want} for both`);
          }
          if (written.length) wrong.push(`${key(route)}: wrote to ${written.join(', ')}`);
          // A domain refusal (403 NOT_REQUESTER, 409, 422) is fine: the row was found.
          const ownRefused = [401, 404].includes(own.status) || refusedByRole(own) || isValidationFailure(own) || own.status >= 500;
          if (allowed ? ownRefused : own.status !== 403) wrong.push(`${key(route)}: A's own id → ${answerExcerpt(own)}`);
        }
        expect(wrong).toEqual([]);
        expect(rowRoutes().length).toBeGreaterThanOrEqual(50);
      });
    }
  });

  describe("2. another station's ids in bodies and filters", () => {
    /** The other station's id for a list filter: one with rows behind it, so a leak would show. */
    function filterValue(name: string, r: StationRecords): string {
      if (/location|parent/i.test(name)) return r.fixture.room.id;
      if (/station/i.test(name)) return r.fixture.station.id;
      if (/audit/i.test(name)) return r.audit;
      if (/actor|user/i.test(name)) return r.fixture.users.CLERK.id;
      return r.damagedItem.id;
    }

    it('every id field of every API body: refused like an unknown id, nothing written', async () => {
      const wrong: string[] = [];
      let checked = 0;
      for (const route of apiRoutes.filter((r) => r.method !== 'GET')) {
        const schema = bodySchemaOf(doc, operationOf(doc, route.method, route.path));
        const role = ROLES.find((r) => allows(route.roles, r));
        if (!schema || !role) continue;
        const base = callFor(route);
        for (const field of fieldPaths(doc, schema, isIdField)) {
          const name = String(field[field.length - 1]);
          const withId = (id: string) => ({ ...base, body: setAt(base.body, field, Array.isArray(getAt(base.body, field)) || name === 'committee' ? [id] : id) });
          const before = await watch.fingerprint();
          const b = await send(route, withId(uuidFor(name, B)), t.a.tokens[role]);
          const u = await send(route, withId(randomUUID()), t.a.tokens[role]);
          const written = DbWatch.changed(before, await watch.fingerprint(), NOT_WRITES);
          checked += 1;
          if (b.status < 400 || b.status >= 500 || JSON.stringify(outcome(b)) !== JSON.stringify(outcome(u))) {
            wrong.push(`${key(route)} ${field.join('.')} as ${role}: another station's id → ${answerExcerpt(b)}; an unknown id → ${answerExcerpt(u)}`);
          }
          if (written.length) wrong.push(`${key(route)} ${field.join('.')}: wrote to ${written.join(', ')}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(checked).toBeGreaterThanOrEqual(10);
    });

    it('every id filter of every API list: nothing of the other station, the same answer as an unknown id', async () => {
      const wrong: string[] = [];
      for (const route of apiRoutes.filter((r) => r.method === 'GET')) {
        const caller = callerFor(route);
        const filters = queryParamsOf(operationOf(doc, route.method, route.path)).filter((p) => p.schema.format === 'uuid' || /Id$/.test(p.name));
        if (!caller || caller.role === Role.ADMIN) continue;
        const base = callFor(route);
        const sep = base.path.includes('?') ? '&' : '?';
        for (const filter of filters) {
          const b = await send(route, { path: `${base.path}${sep}${filter.name}=${filterValue(filter.name, B)}` }, caller.token);
          const u = await send(route, { path: `${base.path}${sep}${filter.name}=${randomUUID()}` }, caller.token);
          const total = (res: Res) => (res.status === 200 ? jsonBody(res)?.total : undefined);
          const leaked = b.status < 300 ? leakedKeys(textOf(b), keysOfB, none) : [];
          if (b.status >= 500 || b.status !== u.status || total(b) !== total(u) || leaked.length) {
            wrong.push(`${key(route)}?${filter.name}=<B's> as ${caller.role}: ${answerExcerpt(b)} (unknown id: ${answerExcerpt(u)})${leaked.length ? ` leaked ${leaked.join(', ')}` : ''}`);
          }
        }
      }
      expect(wrong).toEqual([]);
    });
  });

  describe("2b. pages that take an id or a code in the query", () => {
    const asked = (r: StationRecords, unknown: boolean) => [
      `/reports/custody-sheet?itemId=${unknown ? randomUUID() : r.item.id}`,
      `/counter?code=${unknown ? `${r.fixture.station.code}-GP69-999999` : r.item.code}`,
      `/items?q=${unknown ? `${r.fixture.station.code}-GP69-999999` : r.item.code}`,
      `/loans?itemId=${unknown ? randomUUID() : r.damagedItem.id}`,
    ];

    it("another station's is answered like one nobody has, and shows nothing of it", async () => {
      const wrong: string[] = [];
      const theirs = asked(B, false);
      const unknown = asked(B, true);
      for (const [i, path] of theirs.entries()) {
        const route = pageRoutes.find((r) => r.method === 'GET' && r.path === path.split('?')[0])!;
        const b = await send(route, { path }, t.a.tokens.CLERK);
        const u = await send(route, { path: unknown[i] }, t.a.tokens.CLERK);
        const leaked = leakedKeys(textOf(b), keysOfB, new Set([B.item.id, B.item.code.toLowerCase(), B.damagedItem.id]));
        if (b.status !== u.status || b.status >= 500 || leaked.length) wrong.push(`${path}: ${answerExcerpt(b)} (unknown: ${u.status})${leaked.length ? ` shows ${leaked.join(', ')}` : ''}`);
      }
      expect(wrong).toEqual([]);
    });
  });

  describe('3. every GET route as each station role: nothing of the other station', () => {
    const pdfChecked = new Set<string>();
    const secretsOfB = () => Object.values(SECRET_NAMES(B.fixture.station.code)).map(bareThai);
    const codesOfB = () => [...keysOfB].filter(([, table]) => table === 'items.code').map(([code]) => code);

    /** What of station B a PDF shows: its item codes, the names on its evidence. */
    function foreignInPdf(pdf: Buffer): string[] {
      const text = barePdfText(pdf);
      return [...codesOfB(), ...secretsOfB()].filter((k) => text.includes(k));
    }

    it("the control: B's own lists and PDFs show B's ids and codes, so the checks below would see them", async () => {
      const list = await t.http().get('/api/items?pageSize=200').set(auth(t.b.tokens.CLERK));
      expect(leakedKeys(textOf(list), keysOfB, none).length).toBeGreaterThan(5);
      const register = await t.http().get('/api/reports/registers/property?format=pdf').set(auth(t.b.tokens.CLERK)).buffer(true).parse(binary as never);
      expect(register.status).toBe(200);
      expect(foreignInPdf(register.body as Buffer).length).toBeGreaterThan(0);
    });

    for (const role of ROLES) {
      it(`as A's ${role}: lists, pages and files (JSON, HTML, PDF) name nothing of B, even when asked for B's station`, async () => {
        const wrong: string[] = [];
        for (const route of [...apiRoutes, ...pageRoutes].filter((r) => r.method === 'GET' && r.roles !== PUBLIC && allows(r.roles, role))) {
          const call = callFor(route);
          const asksForStation = queryParamsOf(operationOf(doc, route.method, route.path)).some((p) => p.name === 'stationId');
          const paths = [call.path, ...(asksForStation ? [`${call.path}${call.path.includes('?') ? '&' : '?'}stationId=${B.fixture.station.id}`] : [])];
          for (const path of paths) {
            const res = await send(route, { path }, t.a.tokens[role]);
            const type = String(res.headers['content-type'] ?? '');
            // Each route is looked at: its valid request succeeds (asked for B's station, it may be refused).
            if (res.status >= 300) {
              if (res.status >= 500 || path === call.path) wrong.push(`${key(route)} ${path}: ${answerExcerpt(res)}`);
              continue;
            }
            const leaked = /json|html|text/.test(type) ? leakedKeys(textOf(res), keysOfB, none) : type.includes('pdf') && !pdfChecked.has(key(route)) ? foreignInPdf(res.body as Buffer) : [];
            if (type.includes('pdf')) pdfChecked.add(key(route));
            if (leaked.length) wrong.push(`${key(route)} ${path}: shows B's ${leaked.join(', ')}`);
          }
        }
        expect(wrong).toEqual([]);
        // The PDFs a report reader opens: the O23 report, registers, custody sheet, issued file, publication.
        if (allows([Role.CLERK, Role.SUPERVISOR, Role.COMMANDER, Role.AUDITOR], role)) expect(pdfChecked.size).toBeGreaterThanOrEqual(6);
      });
    }
  });

  describe('4. tokens on API reads and writes and on page reads and posts', () => {
    const sameSecret = new JwtService({ secret: TEST_JWT_SECRET });
    const otherSecret = new JwtService({ secret: 'another-secret-another-secret-another-0123' });
    const now = () => Math.floor(Date.now() / 1000);
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const routeOf = (k: string) => [...apiRoutes, ...pageRoutes].find((r) => key(r) === k)!;

    /** A read and a write of each kind, all open to a CLERK of station A. */
    const sample = (): Array<{ route: RouteSpec; call: Call }> => [
      { route: routeOf('GET /api/items/:id'), call: { path: `/api/items/${A.item.id}` } },
      { route: routeOf('GET /api/loans'), call: { path: '/api/loans' } },
      { route: routeOf('POST /api/items/:id/events'), call: { path: `/api/items/${A.item.id}/events`, body: { type: 'CONDITION_CHECK', condition: 'GOOD' } } },
      { route: routeOf('PUT /api/reports/o23/notes'), call: { path: `/api/reports/o23/notes?period=${monthOf(new Date())}`, body: { problems: 'ไม่มี', correctiveAction: 'ไม่มี' } } },
      { route: routeOf('GET /items/:id'), call: { path: `/items/${A.item.id}` } },
      { route: routeOf('POST /counter/items/:id/events'), call: { path: `/counter/items/${A.item.id}/events`, form: [['type', 'CONDITION_CHECK'], ['condition', 'GOOD']] } },
    ];

    async function newClerk(username: string): Promise<UserView> {
      const res = await t.http().post('/api/users').set(auth(t.adminToken)).send({ username, password: TEST_PASSWORD, displayName: `ผู้ใช้ ${username}`, rank: 'ด.ต.', roles: ['CLERK'], stationId: A.fixture.station.id });
      expect(res.status).toBe(201);
      return res.body as UserView;
    }

    /** Refused: 401 with its code from the API; the login page (and the session cookie cleared) from a page. */
    function refusal(route: RouteSpec, res: Res, code: string): string | null {
      if (surfaceOf(route.path) === 'api') return res.status === 401 && outcome(res).code === code ? null : answerExcerpt(res);
      const cleared = String(res.headers['set-cookie'] ?? '').includes('khlang_session=;');
      return res.status === 303 && String(res.headers.location).startsWith('/login') && cleared ? null : `${res.status} → ${res.headers.location} ${cleared ? '' : '(session cookie not cleared)'}`;
    }

    it('a valid token of a CLERK of A opens each sampled route (the control for the refusals below)', async () => {
      const token = await t.token(await newClerk('tok.control'));
      for (const { route, call } of sample()) {
        const res = await send(route, call, token);
        expect({ route: key(route), ok: res.status < 400 }).toEqual({ route: key(route), ok: true });
      }
    });

    it('refuses a changed payload, another secret, alg:none, an expired or not-yet-valid token, and a deactivated user, on every sampled route, writing nothing', async () => {
      const user = await newClerk('tok.deactivated');
      const valid = await t.token(user);
      const [head, payload, signature] = valid.split('.');
      const claims = { sub: user.id, st: A.fixture.station.id };
      const variants: Array<[string, string, string]> = [
        ['payload changed, not re-signed', `${head}.${b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: t.a.users.COMMANDER.id })}.${signature}`, 'TOKEN_INVALID'],
        ['signed with another secret', await otherSecret.signAsync(claims), 'TOKEN_INVALID'],
        ['alg: none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iat: now() })}.`, 'TOKEN_INVALID'],
        ['expired', await sameSecret.signAsync({ ...claims, iat: now() - 7200, exp: now() - 60 }), 'TOKEN_EXPIRED'],
        ['not yet valid', await sameSecret.signAsync({ ...claims, nbf: now() + 3600 }), 'TOKEN_INVALID'],
      ];
      await t.http().post(`/api/users/${user.id}/deactivate`).set(auth(t.adminToken)).expect(200);
      variants.push(['of a deactivated user', valid, 'ACCOUNT_INACTIVE']);
      const before = await watch.fingerprint();
      const wrong: string[] = [];
      for (const [name, token, code] of variants) {
        for (const { route, call } of sample()) {
          const problem = refusal(route, await send(route, call, token), code);
          if (problem) wrong.push(`${name} on ${key(route)}: ${problem}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(DbWatch.changed(before, await watch.fingerprint(), NOT_WRITES)).toEqual([]);
    });

    it("a user moved to another station: the old token (naming A in its claims) reads and writes nothing of A", async () => {
      const user = await newClerk('tok.moved');
      const token = await t.token(user);
      await t.http().get(`/api/items/${A.item.id}`).set(auth(token)).expect(200);
      await db.query('UPDATE users SET station_id = $1 WHERE id = $2', [B.fixture.station.id, user.id]);
      const before = await watch.stationFingerprint(A.fixture.station.id);
      const keysOfA = await watch.stationKeys(A.fixture.station.id);
      const wrong: string[] = [];
      for (const { route, call } of sample()) {
        const res = await send(route, call, token);
        const leaked = res.status < 300 ? leakedKeys(textOf(res), keysOfA, none) : [];
        const refused = res.status === 401 || (res.status === 303 && String(res.headers.location).startsWith('/login'));
        // A's rows named by id are "not found"; a list or a month's notes are now B's.
        const fine = refused || (paramsOf(route.path).length ? res.status === 404 : res.status < 300);
        if (!fine || leaked.length) wrong.push(`${key(route)}: ${answerExcerpt(res)}${leaked.length ? ` shows A's ${leaked.join(', ')}` : ''}`);
      }
      expect(wrong).toEqual([]);
      const me = await t.http().get('/api/auth/me').set(auth(token));
      expect(me.status === 401 ? 'refused' : me.body.stationId).toEqual(me.status === 401 ? 'refused' : B.fixture.station.id);
      expect(DbWatch.changed(before, await watch.stationFingerprint(A.fixture.station.id))).toEqual([]);
    });
  });

  describe('5. SQL-injection and path-traversal text', () => {
    const NASTY = [SQLI[0], SQLI[3], TRAVERSAL[0], TRAVERSAL[2]];
    let storedSql = '';

    /** Whether a text is held anywhere in the database, as sent or as the field normalises it (upper case, no spaces). */
    async function stored(text: string): Promise<boolean> {
      if (!storedSql) {
        const tables = await db.rows<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
        storedSql = tables
          .map((r) => `SELECT 1 FROM "${r.name}" x WHERE EXISTS (SELECT 1 FROM jsonb_path_query(to_jsonb(x), 'strict $.**') v WHERE jsonb_typeof(v) = 'string' AND v #>> '{}' = ANY($1))`)
          .join(' UNION ALL ');
      }
      const forms = [text, text.toUpperCase(), text.replace(/\s+/g, '').toUpperCase()];
      return (await db.rows(`SELECT 1 FROM (${storedSql}) found LIMIT 1`, [forms])).length > 0;
    }

    /** An item's category follows the details it carries (evidence, property, weapon, donation details). */
    function itemOfDetails(route: RouteSpec, field: FieldPath, body: unknown): unknown {
      const category = { evidence: 'EVIDENCE', property: 'PROPERTY', weapon: 'WEAPON', donation: 'DONATION' }[String(field[0])];
      return route.path === '/api/items' && category ? { ...(body as Json), category, kind: category === 'WEAPON' ? 'equipment' : 'document' } : body;
    }

    /** Row counts per table from a fingerprint (`count:xmin`). */
    const counts = (f: Record<string, string>) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, Number(v.split(':')[0])]));

    it('in every text field of every API body: stored exactly as sent, or refused with 4xx writing nothing; never a 5xx; no row lost', async () => {
      const wrong: string[] = [];
      const tally = { stored: 0, refused: 0 };
      let n = 0;
      for (const route of apiRoutes.filter((r) => r.method !== 'GET')) {
        const schema = bodySchemaOf(doc, operationOf(doc, route.method, route.path));
        const caller = callerFor(route);
        if (!schema || !caller) continue;
        for (const field of fieldPaths(doc, schema, isText)) {
          for (const nasty of NASTY) {
            const base = callFor(route);
            const text = `${nasty} #${(n += 1)}`;
            const body = withField(doc, schema, itemOfDetails(route, field, base.body), field, text, A);
            const before = await watch.fingerprint();
            const res = await send(route, { ...base, body }, caller.token);
            const after = await watch.fingerprint();
            const at = `${key(route)} ${field.join('.')} = ${JSON.stringify(text)}`;
            const lost = Object.entries(counts(after)).filter(([table, count]) => table !== 'login_throttle' && count < (counts(before)[table] ?? 0));
            if (res.status >= 500 || Object.keys(after).length !== Object.keys(before).length || lost.length) wrong.push(`${at}: ${answerExcerpt(res)} lost ${JSON.stringify(lost)}`);
            else if (res.status >= 400) {
              tally.refused += 1;
              const written = DbWatch.changed(before, after, route.path === '/api/auth/login' ? [...NOT_WRITES, 'audit_log', 'audit_chain_heads', 'audit_log.max_id'] : NOT_WRITES);
              if (written.length) wrong.push(`${at}: refused (${res.status}) but wrote to ${written.join(', ')}`);
            } else {
              tally.stored += 1;
              const secret = /password/i.test(String(field[field.length - 1]));
              // A password is never kept as sent; any other accepted text is kept exactly.
              if ((await stored(text)) === secret) wrong.push(`${at}: ${secret ? 'a password stored in clear' : 'accepted but not stored as sent'} (${res.status})`);
            }
          }
        }
      }
      console.log(`security: nasty text in body fields: ${tally.stored} accepted and stored as sent, ${tally.refused} refused`);
      expect(wrong).toEqual([]);
      expect(tally.stored).toBeGreaterThan(20);
      for (const station of [t.a, t.b]) {
        const verify = await t.http().get('/api/audit-log/verify').set(auth(station.tokens.AUDITOR));
        expect(verify.body).toMatchObject({ ok: true, firstBadSeq: null });
      }
    });

    it('in every path parameter of every route (API, pages, public): 4xx, never 5xx, nothing written', async () => {
      const wrong: string[] = [];
      const raw = ['..%2F..%2Fetc%2Fpasswd', '%2e%2e', '..'];
      for (const route of [...apiRoutes, ...pageRoutes].filter((r) => paramsOf(r.path).length)) {
        const caller = route.roles === PUBLIC ? undefined : callerFor(route);
        if (route.roles !== PUBLIC && !caller) continue;
        for (const param of paramsOf(route.path)) {
          for (const value of [...NASTY.map(encodeURIComponent), ...raw]) {
            const before = await watch.fingerprint();
            const res = await send(route, callFor(route, (p) => (p === param ? value : undefined)), caller?.token);
            const written = DbWatch.changed(before, await watch.fingerprint(), NOT_WRITES);
            const problems = [...answerProblems(surfaceOf(route.path), res), ...(res.status < 400 ? [`answered ${res.status}`] : []), ...(written.length ? [`wrote to ${written.join(', ')}`] : [])];
            if (problems.length) wrong.push(`${key(route)} :${param} = ${value}: ${problems.join('; ')} ${answerExcerpt(res)}`);
          }
        }
      }
      expect(wrong).toEqual([]);
    });

    it('in every query parameter of every API route: never 5xx; refused ones write nothing', async () => {
      const wrong: string[] = [];
      for (const route of apiRoutes) {
        const caller = callerFor(route);
        const params = queryParamsOf(operationOf(doc, route.method, route.path));
        if (!caller || !params.length) continue;
        const base = callFor(route);
        for (const param of params) {
          for (const nasty of NASTY) {
            const [path, query = ''] = base.path.split('?');
            const pairs = new URLSearchParams(query);
            pairs.set(param.name, nasty);
            const before = await watch.fingerprint();
            const res = await send(route, { ...base, path: `${path}?${pairs.toString()}` }, caller.token);
            const written = res.status >= 400 ? DbWatch.changed(before, await watch.fingerprint(), NOT_WRITES) : [];
            const problems = [...answerProblems('api', res), ...(written.length ? [`refused but wrote to ${written.join(', ')}`] : [])];
            if (problems.length) wrong.push(`${key(route)} ?${param.name}=${nasty}: ${problems.join('; ')} ${answerExcerpt(res)}`);
          }
        }
      }
      expect(wrong).toEqual([]);
    });
  });

  describe('6. login throttling beyond the API login (auth.test.ts has the API login itself)', () => {
    async function newUser(username: string, role: StationRole): Promise<UserView> {
      const res = await t.http().post('/api/users').set(auth(t.adminToken)).send({ username, password: TEST_PASSWORD, displayName: `ผู้ใช้ ${username}`, rank: 'ด.ต.', roles: [role], stationId: A.fixture.station.id });
      expect(res.status).toBe(201);
      return res.body as UserView;
    }
    const apiLogin = (username: string, password: string) => t.http().post('/api/auth/login').send({ username, password });
    const pageLogin = (username: string, password: string) => {
      const browser = browserIdentity();
      return rawRequest(t, 'POST', '/login', { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' }, formBody([['username', username], ['password', password], ['_csrf', browser.csrf]]));
    };
    const session = (res: Res) => /khlang_session=ey/.test(String(res.headers['set-cookie'] ?? ''));

    it('the login page shares the counter with the API: locked in Thai (429), the right password refused on both, no session; others unaffected', async () => {
      const user = await newUser('thr.page', Role.CLERK);
      for (let i = 1; i < MAX_FAILURES; i++) expect((await apiLogin(user.username, `wrong-${i}`)).status).toBe(401);
      const last = await pageLogin(user.username, 'wrong-last');
      expect({ status: last.status, session: session(last) }).toEqual({ status: 429, session: false });
      expect(last.headers['content-type']).toContain('text/html');
      expect(last.text).toContain('เข้าสู่ระบบผิดหลายครั้งเกินไป');
      const right = await pageLogin(user.username, TEST_PASSWORD);
      expect({ status: right.status, session: session(right), thai: THAI.test(right.text) }).toEqual({ status: 429, session: false, thai: true });
      expect((await apiLogin(user.username.toUpperCase(), TEST_PASSWORD)).body.code).toBe('LOGIN_LOCKED');
      const other = await pageLogin(t.a.users.AUDITOR.username, TEST_PASSWORD);
      expect({ status: other.status, session: session(other) }).toEqual({ status: 303, session: true });
    });

    it("a witness's wrong passwords count too: once locked the witness can neither log in nor co-sign, even with the right password, and nothing is written", async () => {
      const witness = await newUser('thr.witness', Role.SUPERVISOR);
      const intake = (password: string) =>
        t.http().post('/api/items').set(auth(t.a.tokens.CLERK)).send({
          category: 'EVIDENCE',
          kind: 'drugs',
          description: 'ยาบ้า 5 เม็ด',
          locationId: A.fixture.safe.id,
          sealNumber: 'S-9',
          weightGrams: 1.5,
          evidence: { caseNumber: '5/2569' },
          witness: { username: witness.username, password },
        });
      const before = await watch.fingerprint();
      const answers: number[] = [];
      for (let i = 0; i < MAX_FAILURES; i++) answers.push((await intake(`wrong-${i}`)).status);
      expect(answers.every((s) => s === 422 || s === 429)).toBe(true);
      const login = await apiLogin(witness.username, TEST_PASSWORD);
      expect({ status: login.status, code: login.body.code }).toEqual({ status: 429, code: 'LOGIN_LOCKED' });
      const cosign = await intake(TEST_PASSWORD);
      expect({ status: cosign.status, code: cosign.body.code, thai: THAI.test(cosign.body.messageTh) }).toEqual({ status: 429, code: 'WITNESS_LOCKED', thai: true });
      expect(DbWatch.changed(before, await watch.fingerprint(), NOT_WRITES)).toEqual([]);
      // Another witness is not affected.
      const other = await t.http().post('/api/items').set(auth(t.a.tokens.CLERK)).send({
        category: 'EVIDENCE',
        kind: 'drugs',
        description: 'ยาบ้า 5 เม็ด',
        locationId: A.fixture.safe.id,
        sealNumber: 'S-10',
        weightGrams: 1.5,
        evidence: { caseNumber: '6/2569' },
        witness: { username: t.a.users.SUPERVISOR.username, password: TEST_PASSWORD },
      });
      expect(other.status).toBe(201);
    });
  });

  describe("7. the public O23 page never answers for another station's report", () => {
    it("the hash check (POST) and the ZIP of A know nothing of B's issued report; neither page shows a name from either station's evidence", async () => {
      const issuedB = await t.http().get(`/api/reports/o23/issued/${B.issuedReport}`).set(auth(t.b.tokens.COMMANDER));
      expect(issuedB.status).toBe(200);
      const hashB = issuedB.body.pdf.sha256 as string;
      const code = A.fixture.station.code;
      const check = await t.http().post(`/public/${code}/o23/check`).type('form').send({ sha256: hashB });
      expect(check.status).toBe(200);
      expect(check.text).toContain('ไม่พบรายงานหรือเอกสาร');
      const zip = await t.http().get(`/public/${code}/o23.zip`).buffer(true).parse(binary as never);
      expect(zip.status).toBe(200);
      expect((zip.body as Buffer).includes(Buffer.from(hashB))).toBe(false);
      for (const station of [A, B]) {
        const page = await t.http().get(`/public/${station.fixture.station.code}/o23`);
        expect(page.status).toBe(200);
        for (const names of [SECRET_NAMES(A.fixture.station.code), SECRET_NAMES(B.fixture.station.code)]) {
          expect(page.text).not.toContain(names.suspect);
          expect(page.text).not.toContain(names.owner);
        }
      }
    });
  });
});
