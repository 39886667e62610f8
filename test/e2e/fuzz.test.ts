/**
 * Bad input, fuzzed (issue 8; DESIGN §3 rule 8, §7): thousands of random and malformed requests to
 * every route of the application — the API routes (reflected from the controllers, bodies generated
 * from the OpenAPI document and then broken), the pages (session cookie and CSRF token, forms taken from
 * the pages themselves and then broken) and the public O23 routes. For every answer:
 *  - never a 5xx;
 *  - an API error is `{statusCode, code, message, messageTh}` (JSON); a page error is an HTML page;
 *  - a refused request (any 4xx) wrote nothing: every table's row count and newest row version, and
 *    the audit log's last id, are as they were (NOT_WRITES aside: the login throttle and the record of
 *    chain verifications; a failed login may also add its LOGIN_LOCKED audit row);
 *  - a station user's successful answer names nothing of the other station (no id or item code of it
 *    that no request planted), and at the end no row of one station refers to a row of the other;
 *  - a role the route does not allow is refused (403) before its input is looked at;
 *  - and, not at random: every number field of every API body at the edges of JSON numbers, and every
 *    list of objects holding lists or scalars instead.
 *
 * Seeded: the seed is printed; replay with FUZZ_SEED=<seed>. FUZZ_REQUESTS sets how many (default 3600:
 * the file takes about a minute on the 2-core machine). Each request draws from its own generator
 * (seed, index), so a failing request is reproduced by the same seed alone (FUZZ_ONLY=<index,…>
 * replays just those); the failure list prints each kind of failure once, with its first request.
 *
 * Left to other suites: the exact status and code of each known bad input (validation.test.ts), each
 * role's valid request (route-roles.test.ts, web-roles.test.ts), tokens (auth.test.ts, security.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { ALL_ROLES, Role } from '../../src/common/roles.js';
import { startTestApp, TEST_JWT_SECRET, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { type Json, OwnerDb, type Res } from '../helpers/checks.js';
import {
  answerExcerpt,
  answerProblems,
  bodySchemaOf,
  browserIdentity,
  DbWatch,
  discoverForms,
  type FieldPath,
  fieldPaths,
  fillPath,
  objectLists,
  formBody,
  getAt,
  isNumber,
  keysIn,
  leakedKeys,
  namesARow,
  NOT_WRITES,
  openApi,
  type OpenApi,
  operationOf,
  type PageForm,
  paramValue,
  queryParamsOf,
  rawRequest,
  type Schema,
  seedRecords,
  setAt,
  SQLI,
  type StationRecords,
  type StationRole,
  surfaceOf,
  TRAVERSAL,
  validRequest,
  valueFor,
} from '../helpers/fuzz.js';
import { Prng } from '../helpers/prng.js';
import { allows, key, type Method, PUBLIC, reflectRoutes, type RouteSpec } from '../helpers/routes.js';

/** A fixed seed by default, so CI's verdict is the same on every run; FUZZ_SEED=random explores a new one. */
const SEED = process.env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED ?? 20_261_126);
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 3600);
/** FUZZ_ONLY=219,1000003 replays just those requests (with FUZZ_SEED of the failing run). */
const ONLY = process.env.FUZZ_ONLY ? new Set(process.env.FUZZ_ONLY.split(',').map(Number)) : null;
/** Shares of the requests: the API, the pages, the public O23 routes. */
const SHARE = { api: 0.6, pages: 0.3, public: 0.1 };

/** One generated request, kept whole so a failure can be read and replayed. */
interface Probe {
  index: number;
  route: RouteSpec;
  method: Method;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  caller: string;
  /** The caller's station records (for the leak check), or null (ADMIN, nobody, a broken token). */
  station: 'A' | 'B' | null;
  /** A valid token of a role the route does not allow, on a well-formed request: must be 403. */
  refusedByRole: boolean;
  /** Login routes may count a failure (login_throttle) and lock an account (one audit row). */
  login: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Nasty values.

const STRINGS = [
  '',
  ' ',
  '\t\r\n',
  'ก'.repeat(5000),
  'x'.repeat(70_000),
  'a\u0000b',
  '\u0000',
  '\u202Eevil\u202C',
  '🚓🔫💊'.repeat(200),
  '\uD800',
  '\uFEFF',
  'ด่วนที่สุด ๑๒๓/๒๕๖๙',
  'Ｆｕｌｌｗｉｄｔｈ',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}%s%n',
  'null',
  'true',
  '1e309',
  '-0',
  '00000000-0000-0000-0000-000000000000',
  '2569-13',
  '2025-02-30T25:61:00+07:00',
  '9999-12-31T23:59:59+14:00',
  ...SQLI,
  ...TRAVERSAL,
];
const NUMBERS = [0, -1, -0.0001, 1e-7, 1.5, 0.0001, 1e308, -1e308, 2 ** 53 + 2, 4294967296, 1e-320, 123456789.123456];
const OTHERS: unknown[] = [null, true, false, [], {}, [null], [[]], { a: {} }, [1, 'x', null]];
const INF = '\u0001INF';
/** Numbers at the edges of what JSON and JavaScript hold: tiny fractions (printed with an exponent), huge, unsafe, infinite. */
const EDGE_NUMBERS: unknown[] = [1e-7, -1e-7, 5e-324, 0.1 + 0.2, 1e21, 1e308, 2 ** 53 + 2, -0, INF];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * Whether a JSON body gets past the body parser, which runs before the auth guard and refuses what is
 * over 1 MB (413), not a JSON object or array, nested deeper than 32 levels or holds a prototype key (400).
 */
function passesBodyParser(body: string | Buffer | undefined): boolean {
  if (body === undefined) return true;
  if (Buffer.byteLength(body) > 1024 * 1024) return false;
  let value: unknown;
  try {
    value = JSON.parse(String(body));
  } catch {
    return false;
  }
  if (!value || typeof value !== 'object') return false;
  return nodesOf(value).every((path) => path.length < 32 && !path.some((k) => PROTO_KEYS.includes(String(k))));
}

const BAD_IDS = (other: string) => [
  other,
  randomUUID(),
  '00000000-0000-0000-0000-000000000000',
  'abc',
  '0',
  '-1',
  '..',
  '%2e%2e',
  '..%2F..%2Fetc%2Fpasswd',
  '%2F',
  encodeURIComponent(SQLI[0]),
  encodeURIComponent(TRAVERSAL[0]),
  'x'.repeat(3000),
  `${other}x`,
  other.toUpperCase(),
  `%7B${other}%7D`,
  '%00',
  '%E0%B8%81%E0%B8%82',
  '%ZZ',
  '%',
  encodeURIComponent('🚓'),
  'null',
  'NaN',
  '1e9',
];

// ---------------------------------------------------------------------------------------------------
// JSON mutations.

function nodesOf(value: unknown, path: FieldPath = []): FieldPath[] {
  const out: FieldPath[] = [path];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...nodesOf(v, [...path, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...nodesOf(v, [...path, k]));
  return out;
}

/** A deep copy with the node at `path` replaced by what `change` makes of it (undefined removes it). */
function changeAt(value: unknown, path: FieldPath, change: (old: unknown) => unknown): unknown {
  if (path.length === 0) return change(value);
  const [head, ...rest] = path;
  const copy: Json = Array.isArray(value) ? [...value] : { ...(value as Json) };
  const next = changeAt(copy[head as string], rest, change);
  if (next === undefined && rest.length === 0) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head as string];
  } else copy[head as string] = next;
  return copy;
}

function nested(depth: number, leaf: unknown, rng: Prng): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = rng.chance(0.5) ? { a: v } : [v];
  return v;
}

/** An object with an own, enumerable key such as "__proto__", as JSON.parse would make it. */
function withOwnKey(object: Json, name: string, value: unknown): Json {
  const copy = { ...object };
  Object.defineProperty(copy, name, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

/** One random change of a JSON body: a field dropped, added or of the wrong kind; deep, huge, odd. */
function mutateJson(value: unknown, rng: Prng, ids: string[]): unknown {
  const path = rng.pick(nodesOf(value));
  const old = getAt(value, path);
  switch (rng.int(11)) {
    case 0:
      return path.length ? changeAt(value, path, () => undefined) : {};
    case 1:
      return changeAt(value, path, () => rng.pick(STRINGS));
    case 2:
      return changeAt(value, path, () => rng.pick(NUMBERS));
    case 3:
      return changeAt(value, path, () => rng.pick(OTHERS));
    case 4:
      return changeAt(value, path, (o) => (rng.chance(0.5) ? [o] : { value: o }));
    case 5: {
      const target = old && typeof old === 'object' && !Array.isArray(old) ? path : [];
      const name = rng.chance(0.5) ? rng.pick(PROTO_KEYS) : rng.pick(['extra', 'id', 'stationId', 'isAdmin', 'roles', 'status', 'ก']);
      const payload = rng.chance(0.5) ? { isAdmin: true, roles: ['ADMIN'] } : rng.pick(STRINGS);
      return changeAt(value, target, (o) => withOwnKey((o && typeof o === 'object' ? o : {}) as Json, name, payload));
    }
    case 6:
      return changeAt(value, path, (o) => nested(10 + rng.int(30), o ?? 1, rng));
    case 7:
      return changeAt(value, path, (o) => Array.from({ length: rng.pick([0, 2, 101, 2000]) }, () => o ?? 'x'));
    case 8:
      return changeAt(value, path, () => rng.pick(ids));
    case 9:
      return changeAt(value, path, () => (rng.chance(0.5) ? INF : `-${INF}`));
    default:
      return changeAt(value, path, (o) => (typeof o === 'string' ? o + rng.pick(STRINGS) : typeof o === 'number' ? -o : o));
  }
}

/** JSON text, with the infinity markers as numbers JSON.parse reads as ±Infinity. */
const serialize = (value: unknown) => (JSON.stringify(value) ?? 'null').replaceAll(JSON.stringify(INF), '1e999').replaceAll(JSON.stringify(`-${INF}`), '-1e999');

/** A body broken below JSON: cut, padded, mis-declared, mis-encoded. */
function mutateRaw(text: string, rng: Prng): { body: string | Buffer; headers: Record<string, string> } {
  const json = { 'content-type': 'application/json' };
  switch (rng.int(12)) {
    case 0:
      return { body: text.slice(0, rng.int(text.length)), headers: json };
    case 1:
      return { body: text + rng.pick(['}', ',', ']', 'garbage', '\u0000', '{"a":1}']), headers: json };
    case 2:
      return { body: '\uFEFF' + text, headers: json };
    case 3:
      return { body: text.replace('{', '{"a":1,"a":{"b":2},'), headers: json };
    case 4:
      return { body: text.replaceAll('"', "'"), headers: json };
    case 5:
      return { body: Buffer.concat([Buffer.from(text.slice(0, text.length >> 1)), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(text.slice(text.length >> 1))]), headers: json };
    case 6: {
      const type = rng.pick(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/vnd.api+json', '*/*', 'application/octet-stream']);
      return { body: text, headers: { 'content-type': type } };
    }
    case 7:
      return { body: text, headers: { ...json, 'content-encoding': rng.pick(['gzip', 'deflate', 'br', 'x-squash', 'identity']) } };
    case 8:
      return { body: rng.pick(['', ' ', '[]', '"x"', 'null', '0', 'true', '[[[[', '{"a":']), headers: json };
    case 9:
      return { body: `{"x":"${'ก'.repeat(rng.pick([10, 400_000]))}"}`, headers: json };
    case 10:
      return { body: `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`, headers: json };
    default:
      return { body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n', headers: { 'content-type': 'multipart/form-data; boundary=x' } };
  }
}

// ---------------------------------------------------------------------------------------------------
// Queries and headers.

/** One `name=value` pair as sent (already encoded, or deliberately not). */
type Pair = [string, string];

function queryString(pairs: Pair[]): string {
  return pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : '';
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** encodeURIComponent, except that a lone surrogate (which it refuses) is sent as its raw UTF-8 bytes. */
function enc(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '')) + '%ED%A0%80';
  }
}

/** Odd query pairs: repeated, bracketed, huge, unknown, undecodable, of the wrong kind. */
function mutateQuery(pairs: Pair[], rng: Prng, names: string[], ids: string[]): Pair[] {
  const name = names.length && rng.chance(0.7) ? rng.pick(names) : rng.pick(['foo', 'stationId', '__proto__', 'constructor[prototype][x]', 'page', 'ก']);
  const value = () =>
    rng.pick([
      enc(rng.pick(STRINGS).slice(0, 3000)),
      enc(rng.pick(ids)),
      'x'.repeat(8000),
      '%00',
      '%E0%A4%A',
      '%',
      '-1',
      '0',
      '1e309',
      '0x10',
      'maybe',
      'TRUE',
      '',
      enc(SQLI[rng.int(SQLI.length)]),
    ]);
  switch (rng.int(5)) {
    case 0:
      return [...pairs, [enc(name), value()], [enc(name), value()]];
    case 1:
      return [...pairs, [`${enc(name)}[]`, value()], [`${enc(name)}[x]`, value()]];
    case 2:
      return [...pairs, [enc(name), value()]];
    case 3:
      return pairs.length ? pairs.map(([k, v], i) => (i === rng.int(pairs.length) ? [k, value()] : [k, v])) : [[enc(name), value()]];
    default:
      return [...pairs, ...Array.from({ length: 600 }, (_, i): Pair => [`k${i}`, String(i)])];
  }
}

function oddHeaders(rng: Prng): Record<string, string> {
  if (!rng.chance(0.15)) return {};
  return rng.pick<Record<string, string>>([
    { cookie: `big=${'a'.repeat(8000)}` },
    { accept: rng.pick(['application/xml', 'text/html', '*/*', 'image/png', 'nonsense']) },
    { 'x-request-id': rng.pick(['../../etc/passwd', 'x'.repeat(500), 'ok-id_1', "';--"]) },
    { 'x-http-method-override': 'DELETE' },
    { 'accept-language': 'th-TH,th;q=0.9' },
    { 'x-forwarded-for': '203.0.113.9, <script>' },
    { origin: 'https://evil.example', referer: 'https://evil.example/form' },
    { range: 'bytes=0-10' },
    { 'if-none-match': '*' },
    { 'x-csrf-token': 'x'.repeat(200) },
  ]);
}

// ---------------------------------------------------------------------------------------------------

describe('fuzz: random and malformed requests to every route', () => {
  let t: TestApp;
  const db = new OwnerDb();
  let watch: DbWatch;
  let doc: OpenApi;
  let A: StationRecords;
  let B: StationRecords;
  let apiRoutes: RouteSpec[];
  let pageRoutes: RouteSpec[];
  let forms: Map<string, PageForm[]>;
  let keysOf: { A: Map<string, string>; B: Map<string, string> };
  let fingerprint: Record<string, string>;
  const statuses: Record<string, number> = {};
  /** Every id and item code some request sent (see leakedKeys). */
  const planted = new Set<string>();
  let sent = 0;

  const otherSecret = new JwtService({ secret: 'another-secret-another-secret-another-0' });
  const sameSecret = new JwtService({ secret: TEST_JWT_SECRET });

  beforeAll(async () => {
    console.log(`fuzz: FUZZ_SEED=${SEED} FUZZ_REQUESTS=${TOTAL}`);
    t = await startTestApp();
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
    await refreshKeys();
    fingerprint = await watch.fingerprint();
  });
  afterAll(async () => {
    await db.close();
    await t?.close();
  });

  async function refreshKeys() {
    keysOf = { A: await watch.stationKeys(A.fixture.station.id), B: await watch.stationKeys(B.fixture.station.id) };
  }

  const recordsOf = (station: 'A' | 'B') => (station === 'A' ? A : B);
  const other = (station: 'A' | 'B') => (station === 'A' ? 'B' : 'A');
  /** Ids worth planting anywhere: both stations' rows, and ids nobody has. */
  const idPool = () => [A.item.id, B.item.id, A.evidence.id, B.evidence.id, A.fixture.room.id, B.fixture.room.id, B.loanRequested, B.fixture.users.CLERK.id, B.fixture.station.id, B.item.code, randomUUID(), '00000000-0000-0000-0000-000000000000'];

  // -------------------------------------------------------------------------------------------------
  // Callers.

  interface Caller {
    label: string;
    token?: string;
    /** A broken Authorization header (API) or session cookie value (pages), instead of a token. */
    broken?: string;
    station: 'A' | 'B' | null;
    refused: boolean;
  }

  async function brokenToken(rng: Prng): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const sub = t.a.users.CLERK.id;
    switch (rng.int(9)) {
      case 0:
        return 'not-a-jwt';
      case 1:
        return `${t.a.tokens.CLERK}x`;
      case 2:
        return await otherSecret.signAsync({ sub, st: t.a.station.id });
      case 3:
        return await sameSecret.signAsync({ sub, st: t.a.station.id, exp: now - 60 });
      case 4:
        return await sameSecret.signAsync({ sub, st: t.a.station.id, nbf: now + 3600 });
      case 5:
        return [{ alg: 'none', typ: 'JWT' }, { sub: t.admin.id, st: null }].map((p) => Buffer.from(JSON.stringify(p)).toString('base64url')).join('.') + '.';
      case 6:
        return await sameSecret.signAsync({ sub: "' OR 1=1 --", st: null });
      case 7:
        return 'a'.repeat(6000);
      default:
        return await sameSecret.signAsync({ sub: randomUUID(), st: t.a.station.id });
    }
  }

  /** Who sends a request: mostly a role the route allows (so it reaches validation), also refused roles, the other station, and broken credentials. */
  async function pickCaller(rng: Prng, route: RouteSpec): Promise<Caller> {
    if (route.roles === PUBLIC) return rng.chance(0.7) ? { label: 'nobody', station: null, refused: false } : { label: 'CLERK@A', token: t.a.tokens.CLERK, station: 'A', refused: false };
    const allowed = ALL_ROLES.filter((r) => allows(route.roles, r));
    const refused = ALL_ROLES.filter((r) => !allows(route.roles, r));
    const roll = rng.next();
    const tokenOf = (role: Role, station: 'A' | 'B') => (role === Role.ADMIN ? t.adminToken : (station === 'A' ? t.a : t.b).tokens[role as StationRole]);
    if (roll < 0.62 && allowed.length) {
      const role = rng.pick(allowed);
      return { label: `${role}@A`, token: tokenOf(role, 'A'), station: role === Role.ADMIN ? null : 'A', refused: false };
    }
    if (roll < 0.77 && refused.length) {
      const role = rng.pick(refused);
      return { label: `${role}@A (refused)`, token: tokenOf(role, 'A'), station: role === Role.ADMIN ? null : 'A', refused: true };
    }
    const stationAllowed = allowed.filter((r) => r !== Role.ADMIN);
    if (roll < 0.87 && stationAllowed.length) {
      const role = rng.pick(stationAllowed);
      return { label: `${role}@B`, token: tokenOf(role, 'B'), station: 'B', refused: false };
    }
    if (rng.chance(0.3)) return { label: 'no credentials', station: null, refused: false };
    const broken = await brokenToken(rng);
    return { label: `broken token ${broken.slice(0, 20)}…`, broken, station: null, refused: false };
  }

  function authHeaders(rng: Prng, caller: Caller): Record<string, string> {
    if (caller.token) return { authorization: rng.chance(0.1) ? `bearer   ${caller.token}` : `Bearer ${caller.token}` };
    if (!caller.broken) return rng.chance(0.3) ? { authorization: rng.pick(['Bearer', 'Bearer ', 'Basic c3RhLmNsZXJrOng=', 'Token abc', 'Bearer a b c']) } : {};
    return { authorization: `Bearer ${caller.broken}` };
  }

  // -------------------------------------------------------------------------------------------------
  // Building requests.

  /** A route's path: mostly the caller's own ids, else another station's, none, or garbage. */
  function pathFor(rng: Prng, route: RouteSpec, own: StationRecords, theirs: StationRecords): { path: string; mutated: boolean } {
    let mutated = false;
    const path = fillPath(route.path, own, (param) => {
      if (!rng.chance(0.3)) return undefined;
      mutated = true;
      const theirValue = namesARow(route.path, param) ? paramValue(route.path, param, theirs) : rng.pick(['arms', 'x', 'leave-request', 'O23-STA-2569-01-v9.pdf']);
      return rng.pick(BAD_IDS(encodeURIComponent(theirValue)));
    });
    if (!rng.chance(0.05)) return { path, mutated };
    return { path: rng.pick([`${path}/`, `${path}//`, `${path}/extra`, path.toUpperCase(), `${path};x=1`, `${path}/..`, path.replace('/', '//')]), mutated: true };
  }

  async function apiProbe(rng: Prng, index: number, route: RouteSpec): Promise<Probe> {
    const caller = await pickCaller(rng, route);
    const own = recordsOf(caller.station ?? 'A');
    const theirs = recordsOf(other(caller.station ?? 'A'));
    const op = operationOf(doc, route.method, route.path);
    const { path, mutated: pathMutated } = pathFor(rng, route, own, theirs);
    const valid = validRequest(doc, route, own, undefined, rng);
    const queryParams = queryParamsOf(op);
    let pairs: Pair[] = [
      ...new URLSearchParams(valid.path.split('?')[1] ?? '').entries(),
      ...queryParams.filter((p) => !p.required && rng.chance(0.4)).map((p) => [p.name, String(valueFor(doc, p.schema, p.name, { records: own, rng }))]),
    ].map(([k, v]): Pair => [k, enc(v)]);
    if (rng.chance(0.3)) pairs = mutateQuery(pairs, rng, queryParams.map((p) => p.name), idPool());
    const headers: Record<string, string> = { ...authHeaders(rng, caller), ...oddHeaders(rng) };
    let body: string | Buffer | undefined;
    let rawMutated = false;
    if (route.method !== 'GET') {
      let value: unknown = route.path === '/api/auth/login' ? { username: own.fixture.users.CLERK.username, password: rng.pick(['wrong-password', TEST_PASSWORD]) } : (valid.body ?? {});
      const mutations = rng.chance(0.2) ? 0 : 1 + rng.int(3);
      for (let i = 0; i < mutations; i++) value = mutateJson(value, rng, idPool());
      body = serialize(value);
      headers['content-type'] = 'application/json';
      if (rng.chance(0.15)) {
        const raw = mutateRaw(body, rng);
        body = raw.body;
        Object.assign(headers, raw.headers);
        rawMutated = true;
      }
    }
    return {
      index,
      route,
      method: route.method,
      path: path + queryString(pairs),
      headers,
      body,
      caller: caller.label,
      station: caller.station,
      refusedByRole: caller.refused && !pathMutated && !rawMutated && passesBodyParser(body),
      login: route.path === '/api/auth/login',
    };
  }

  /** A page's form fields, broken: dropped, repeated, odd, unknown. */
  function mutateFields(fields: Array<[string, string]>, rng: Prng): Array<[string, string]> {
    const out = [...fields];
    const which = () => rng.int(out.length);
    switch (rng.int(6)) {
      case 0:
        if (out.length) out.splice(which(), 1);
        break;
      case 1:
        if (out.length) out.push([out[which()][0], rng.pick(STRINGS).slice(0, 5000)]);
        break;
      case 2:
        if (out.length) {
          const i = which();
          out[i] = [out[i][0], rng.pick(STRINGS).slice(0, 5000)];
        }
        break;
      case 3:
        out.push([rng.pick(['__proto__', 'constructor', 'items.0.code', 'items.999999.code', 'a[b]', 'roles', 'stationId', 'next']), rng.pick(STRINGS).slice(0, 2000)]);
        break;
      case 4:
        if (out.length) {
          const i = which();
          out[i] = [out[i][0], rng.pick(idPool())];
        }
        break;
      default:
        for (let i = 0; i < 50; i++) out.push([`f${i}`, 'x']);
    }
    return out;
  }

  async function pageProbe(rng: Prng, index: number, route: RouteSpec): Promise<Probe> {
    const caller = await pickCaller(rng, route);
    const own = recordsOf(caller.station ?? 'A');
    const theirs = recordsOf(other(caller.station ?? 'A'));
    const session = caller.token ?? caller.broken;
    const browser = browserIdentity(session);
    const headers: Record<string, string> = { cookie: browser.cookie, ...oddHeaders(rng) };
    if (headers.cookie !== browser.cookie) headers.cookie = `${browser.cookie}; ${headers.cookie}`;
    let { path, mutated } = pathFor(rng, route, own, theirs);
    let pairs: Pair[] = [];
    if (route.method === 'GET') {
      if (rng.chance(0.5)) pairs = mutateQuery(pairs, rng, ['period', 'from', 'to', 'category', 'status', 'code', 'q', 'itemId', 'page', 'format', 'next', 'sha256', 'kind', 'done', 'expired'], idPool());
      return { index, route, method: 'GET', path: path + queryString(pairs), headers, caller: caller.label, station: caller.station, refusedByRole: caller.refused && !mutated, login: false };
    }
    // A form the pages render for this route, its action with the caller's own ids.
    const samples = forms.get(key(route)) ?? [];
    const sample = samples.length ? rng.pick(samples) : undefined;
    let fields: Array<[string, string]> = sample ? [...sample.fields] : [];
    if (sample && !mutated && sample.action.includes('?')) path += sample.action.slice(sample.action.indexOf('?'));
    if (route.path === '/login') fields = [['username', own.fixture.users.OFFICER.username], ['password', 'wrong-password']];
    const mutations = rng.chance(0.2) ? 0 : 1 + rng.int(3);
    for (let i = 0; i < mutations; i++) fields = mutateFields(fields, rng);
    const csrf = rng.chance(0.92);
    if (csrf) fields.push(['_csrf', rng.chance(0.97) ? browser.csrf : 'forged-token']);
    let body: string | Buffer = formBody(fields);
    headers['content-type'] = 'application/x-www-form-urlencoded';
    if (rng.chance(0.12)) {
      const raw = mutateRaw(serialize(Object.fromEntries(fields)), rng);
      body = raw.body;
      Object.assign(headers, raw.headers);
      mutated = true;
    } else if (rng.chance(0.03)) {
      body = formBody([...fields, ['big', 'x'.repeat(250_000)]]);
      mutated = true;
    }
    const parsable = !mutated && fields.every(([name]) => !PROTO_KEYS.includes(name));
    return { index, route, method: 'POST', path, headers, body, caller: caller.label, station: caller.station, refusedByRole: caller.refused && parsable && csrf, login: route.path === '/login' };
  }

  const PUBLIC_FILES = (r: StationRecords) => ['guidelines.pdf', 'guidelines.docx', 'flowchart.pdf', 'form-borrow-request.pdf', r.issuedFile, r.issuedFile.replace('.pdf', '.xlsx')];

  async function publicProbe(rng: Prng, index: number, route: RouteSpec): Promise<Probe> {
    const r = rng.chance(0.5) ? A : B;
    const code = rng.chance(0.8) ? r.fixture.station.code : rng.pick(['sta', 'NOPE', enc(SQLI[0]), '..', '%2e%2e', 'x'.repeat(2000), '%00', enc('สภ')]);
    const name = rng.chance(0.6) ? rng.pick(PUBLIC_FILES(rng.chance(0.5) ? A : B)) : rng.pick(BAD_IDS(randomUUID()).concat(TRAVERSAL.map(enc), ['guidelines.txt', 'form-..pdf', '.%2Fguidelines.pdf']));
    let path = route.path.replace(':code', code).replace(':name', name);
    const headers: Record<string, string> = { ...oddHeaders(rng) };
    if (rng.chance(0.3)) headers.cookie = browserIdentity(t.a.tokens.CLERK).cookie;
    let body: string | Buffer | undefined;
    if (route.method === 'GET') {
      const sha = rng.pick(['0'.repeat(64), 'F'.repeat(64), 'not-a-hash', '', 'x'.repeat(9000), enc(SQLI[1]), '%00', '%E0%A4%A']);
      if (rng.chance(0.6)) path += queryString(rng.chance(0.7) ? [['sha256', sha]] : mutateQuery([['sha256', sha]], rng, ['sha256'], idPool()));
    } else {
      const boundary = 'fuzzboundary';
      switch (rng.int(4)) {
        case 0:
          headers['content-type'] = 'application/x-www-form-urlencoded';
          body = formBody(mutateFields([['sha256', rng.pick(['0'.repeat(64), 'zz', ''])]], rng));
          break;
        case 1:
          headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
          body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${rng.pick(['a.pdf', '../../x', 'ก.pdf'])}"\r\nContent-Type: application/pdf\r\n\r\n${rng.pick(['%PDF-1.4', '', 'x'.repeat(10_000)])}\r\n--${boundary}--\r\n`;
          break;
        case 2:
          headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
          body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc`;
          break;
        default: {
          const raw = mutateRaw(serialize({ sha256: '0'.repeat(64) }), rng);
          body = raw.body;
          Object.assign(headers, raw.headers);
        }
      }
    }
    return { index, route, method: route.method, path, headers, body, caller: headers.cookie ? 'CLERK@A (cookie)' : 'nobody', station: null, refusedByRole: false, login: false };
  }

  // -------------------------------------------------------------------------------------------------
  // Sending and checking.

  const describeProbe = (p: Probe) => {
    const body = p.body === undefined ? '' : ` body=${(Buffer.isBuffer(p.body) ? `<${p.body.length} bytes>` : p.body).slice(0, 300)}`;
    const headers = Object.entries(p.headers)
      .filter(([k]) => !['authorization', 'cookie'].includes(k))
      .map(([k, v]) => `${k}: ${v.slice(0, 60)}`)
      .join(', ');
    return `#${p.index} ${p.method} ${p.path.slice(0, 300)} as ${p.caller}${headers ? ` [${headers}]` : ''}${body}`;
  };

  /** The audit rows written since `id` other than a login lock (the one row a refused login may add). */
  async function auditRowsBesidesLocks(sinceId: number): Promise<string[]> {
    const rows = await db.rows<{ action: string }>('SELECT action FROM audit_log WHERE id > $1', [sinceId]);
    return rows.map((r) => r.action).filter((a) => a !== 'LOGIN_LOCKED');
  }

  async function check(p: Probe, res: Res): Promise<string[]> {
    const surface = surfaceOf(p.path);
    const problems = answerProblems(surface, res);
    // 431: Node refuses a request line over 16 KB before any route or guard sees it.
    if (p.refusedByRole && res.status !== 403 && res.status !== 431) problems.push(`a refused role got ${res.status}, not 403`);
    const before = fingerprint;
    fingerprint = await watch.fingerprint();
    if (res.status >= 400 && res.status < 500) {
      const allowed = p.login ? [...NOT_WRITES, 'audit_log', 'audit_chain_heads', 'audit_log.max_id'] : NOT_WRITES;
      const changed = DbWatch.changed(before, fingerprint, allowed);
      if (p.login && before['audit_log.max_id'] !== fingerprint['audit_log.max_id']) changed.push(...(await auditRowsBesidesLocks(Number(before['audit_log.max_id']))).map((a) => `audit_log(${a})`));
      if (changed.length) problems.push(`a refused request wrote to ${changed.join(', ')}`);
    }
    const type = String(res.headers['content-type'] ?? '');
    if (p.station && res.status < 300 && /json|html|text/.test(type) && !p.route.path.startsWith('/public/')) {
      const leaked = leakedKeys(res.text ?? '', keysOf[other(p.station)], planted);
      if (leaked.length) problems.push(`the other station's rows in the answer: ${leaked.slice(0, 3).join(', ')}`);
    }
    return problems;
  }

  /** Sends one request and answers what is wrong with its answer (nothing: an empty list). */
  async function fire(p: Probe): Promise<string[]> {
    for (const k of keysIn(`${decodeURIComponentSafe(p.path)} ${String(p.body ?? '')}`)) planted.add(k);
    let res: Res;
    try {
      res = await rawRequest(t, p.method, p.path, p.headers, p.body);
    } catch (err) {
      return [`no answer: ${(err as Error).message}`];
    }
    sent += 1;
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    const problems = await check(p, res);
    if (sent % 300 === 0) await refreshKeys();
    return problems.length ? [...problems, `← ${answerExcerpt(res)}`] : [];
  }

  /**
   * Sends `share` of the requests to random routes of `routes`; answers the failures, one line per
   * kind of failure (with its count, the routes it was seen on, and its first request in full), so a
   * broken contract shared by many requests reads as one line.
   */
  async function run(share: number, offset: number, routes: RouteSpec[], build: (rng: Prng, index: number, route: RouteSpec) => Promise<Probe>): Promise<string[]> {
    const groups = new Map<string, { count: number; routes: Set<string>; first: string }>();
    const count = Math.round(TOTAL * share);
    for (let i = 0; i < count; i++) {
      const index = offset + i;
      if (ONLY && !ONLY.has(index)) continue;
      const rng = Prng.forIndex(SEED, index);
      const probe = await build(rng, index, rng.pick(routes));
      const problems = await fire(probe);
      if (!problems.length) continue;
      const kind = problems[0].replace(/\d+/g, 'N');
      const group = groups.get(kind) ?? { count: 0, routes: new Set<string>(), first: `${describeProbe(probe)}\n      → ${problems.join('\n      ')}` };
      group.count += 1;
      group.routes.add(key(probe.route));
      groups.set(kind, group);
    }
    const list = [...groups.entries()].map(([kind, g]) => `${kind} (×${g.count} on ${[...g.routes].join(', ')})\n    e.g. ${g.first}`);
    if (list.length) console.log(`fuzz FUZZ_SEED=${SEED}: ${list.length} kinds of failure\n${list.join('\n')}`);
    return list;
  }

  it('covers every route: each API body from its OpenAPI schema, each page form from the pages', () => {
    const undocumented = apiRoutes.filter((r) => r.path !== '/health' && !operationOf(doc, r.method, r.path)).map(key);
    const bodiless = apiRoutes.filter((r) => r.method !== 'GET' && !bodySchemaOf(doc, operationOf(doc, r.method, r.path))).map(key);
    const formless = pageRoutes.filter((r) => r.method === 'POST' && !r.path.startsWith('/public/') && !forms.has(key(r))).map(key);
    console.log(`fuzz: ${apiRoutes.length} API routes, ${pageRoutes.length} page and public routes; without a body schema: ${bodiless.join(', ') || 'none'}; POST pages without a rendered form: ${formless.join(', ') || 'none'}`);
    expect(undocumented).toEqual([]);
    // Posts that take no body at all (deactivate, reactivate) and the login (its DTO is documented).
    expect(bodiless.sort()).toEqual(['POST /api/users/:id/deactivate', 'POST /api/users/:id/reactivate']);
  });

  it(`the API: ${Math.round(TOTAL * SHARE.api)} requests, never a 5xx, errors in the API's shape, nothing written when refused`, async () => {
    expect(await run(SHARE.api, 0, apiRoutes, apiProbe)).toEqual([]);
  });

  it(`the pages: ${Math.round(TOTAL * SHARE.pages)} requests with a session and CSRF token, never a 5xx, errors as HTML, nothing written when refused`, async () => {
    const pages = pageRoutes.filter((r) => !r.path.startsWith('/public/'));
    expect(await run(SHARE.pages, 1_000_000, pages, pageProbe)).toEqual([]);
  });

  it(`the public O23 routes: ${Math.round(TOTAL * SHARE.public)} requests with no login, never a 5xx, errors as HTML, nothing written`, async () => {
    expect(await run(SHARE.public, 2_000_000, pageRoutes.filter((r) => r.path.startsWith('/public/')), publicProbe)).toEqual([]);
  });

  /**
   * Sends every API body (a valid one, as a role the route allows) with each field `fieldsOf` picks
   * set to each of `values` in turn; answers the failures, one line per problem and value with the
   * fields it was seen on.
   */
  async function sweep(what: string, fieldsOf: (schema: Schema) => FieldPath[], values: unknown[]): Promise<string[]> {
    const seen = new Map<string, { fields: string[]; first: string }>();
    let index = 3_000_000;
    for (const route of apiRoutes.filter((r) => r.method !== 'GET')) {
      const schema = bodySchemaOf(doc, operationOf(doc, route.method, route.path));
      const role = ALL_ROLES.find((r) => r !== Role.ADMIN && allows(route.roles, r)) ?? (allows(route.roles, Role.ADMIN) ? Role.ADMIN : undefined);
      if (!schema || !role) continue;
      const token = role === Role.ADMIN ? t.adminToken : t.a.tokens[role as StationRole];
      const valid = validRequest(doc, route, A);
      for (const field of fieldsOf(schema)) {
        for (const value of values) {
          const probe: Probe = {
            index: index++,
            route,
            method: route.method,
            path: valid.path,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: serialize(setAt(valid.body, field, value)),
            caller: `${role}@A`,
            station: role === Role.ADMIN ? null : 'A',
            refusedByRole: false,
            login: false,
          };
          const found = await fire(probe);
          if (!found.length) continue;
          const kind = `${found[0]} for ${JSON.stringify(value) ?? String(value)}`;
          const entry = seen.get(kind) ?? { fields: [], first: `${describeProbe(probe)}\n      ${found.join('\n      ')}` };
          entry.fields.push(`${key(route)} ${field.join('.')}`);
          seen.set(kind, entry);
        }
      }
    }
    const list = [...seen.entries()].map(([kind, e]) => `${kind} (${e.fields.length} fields: ${e.fields.join(', ')})\n    e.g. ${e.first}`);
    if (list.length) console.log(`fuzz, ${what}:\n${list.join('\n')}`);
    return list;
  }

  it('every number field of every API body, at the edges of JSON numbers: never a 5xx, nothing written when refused', async () => {
    expect(await sweep('number edges', (schema) => fieldPaths(doc, schema, isNumber), EDGE_NUMBERS)).toEqual([]);
  });

  it('every list of objects in every API body, holding lists or scalars instead of objects: never a 5xx, nothing written when refused', async () => {
    expect(await sweep('list shapes', (schema) => objectLists(doc, schema), [[[]], [null], ['x'], [1], [[{}]], [[[]]]])).toEqual([]);
  });

  it('no row of one station refers to a row of the other after the fuzz', async () => {
    expect(await watch.crossStationReferences()).toEqual([]);
  });

  it('the audit chains still verify after the fuzz', async () => {
    console.log(`fuzz: ${sent} requests sent; statuses ${JSON.stringify(statuses)}`);
    for (const station of [t.a, t.b]) {
      const res = await t.http().get('/api/audit-log/verify').set('authorization', `Bearer ${station.tokens.AUDITOR}`);
      expect({ status: res.status, ok: res.body.ok }).toEqual({ status: 200, ok: true });
    }
  });
});
