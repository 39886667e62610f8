/**
 * Tools shared by test/e2e/fuzz.test.ts and test/e2e/security.test.ts: a seeded PRNG, a world of
 * records in both test stations, a real value for every path parameter, request bodies generated from
 * the OpenAPI document (the DTOs' own schemas, so a new field or route is covered without editing a
 * table), the forms the pages themselves render, a cheap fingerprint of everything the database holds,
 * and the contract every answer must keep.
 */
import { expect } from '@jest/globals';
import supertest from 'supertest';
import { Role } from '../../src/common/roles.js';
import { CSRF_COOKIE, csrfTokenFor, newCsrfSeed, SESSION_COOKIE } from '../../src/web/web-session.js';
import { type StationFixture, TEST_JWT_SECRET, TEST_PASSWORD, type TestApp } from './app.js';
import { auth, type Json, type OwnerDb, type Res, THAI } from './checks.js';
import { addMonths, monthOf } from './periods.js';
import { Prng } from './prng.js';
import { type Method, PUBLIC, type RouteSpec } from './routes.js';

export type StationRole = Exclude<Role, Role.ADMIN>;

// ---------------------------------------------------------------------------------------------------
// The world: one record of each kind in a station, made through the API as its own users.

export interface Ref {
  id: string;
  code: string;
}

/** One record of each kind a route's id can name, in one station. */
export interface StationRecords {
  fixture: StationFixture;
  /** A user the ADMIN may deactivate and give a new password (none of the role fixtures). */
  spareUser: string;
  /** A NORMAL property item in the plain room, on no loan. */
  item: Ref;
  /** A NORMAL weapon (handcuffs) in the room, for the weapons book. */
  weapon: Ref;
  /** A HIGH evidence item (drugs) in the safe, naming a suspect and an owner. */
  evidence: Ref;
  /** A donation awaiting the commander. */
  donation: Ref;
  /** Loans: requested (to approve, reject, cancel), approved (to issue), issued (to return). */
  loanRequested: string;
  loanApproved: Ref;
  loanIssued: Ref;
  shift: string;
  audit: string;
  /** An item lent out and returned damaged: it has a loan, custody events and an incident. */
  damagedItem: Ref;
  incident: string;
  disposal: string;
  issuedReport: string;
  /** The issued report's PDF as the public page names it. */
  issuedFile: string;
}

/** The suspect and owner named on each station's evidence: never to be published, never to cross stations. */
export const SECRET_NAMES = (code: string) => ({ suspect: `นายผู้ต้องหา ${code}ลับ`, owner: `นางเจ้าของ ${code}ลับ` });

/** A month that has ended (the one before this one), for an issued O23 report. */
const ENDED_PERIOD = addMonths(monthOf(new Date()), -1);

async function apiCall(t: TestApp, token: string, method: 'post' | 'put', path: string, body: object): Promise<Json> {
  const res = await t.http()[method](path).set(auth(token)).send(body);
  expect(res.status < 300 ? 'ok' : `${method.toUpperCase()} ${path}: ${res.status} ${JSON.stringify(res.body)}`).toBe('ok');
  return res.body as Json;
}

/**
 * Makes one record of each kind in a station through the API, as that station's users, so that every
 * route with an id has a real row to name (in both stations: ours and "another station").
 */
export async function seedRecords(t: TestApp, s: StationFixture): Promise<StationRecords> {
  const as = (role: StationRole) => s.tokens[role];
  const post = (role: StationRole, path: string, body: object) => apiCall(t, as(role), 'post', path, body);
  const newItem = async (description: string): Promise<Ref> => {
    const item = await post(Role.CLERK, '/api/items', { category: 'PROPERTY', kind: 'furniture', description, locationId: s.room.id });
    return { id: item.id, code: item.code };
  };
  const dueAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
  const requestLoan = async (item: Ref) =>
    (await post(Role.OFFICER, '/api/loans', { items: [{ itemId: item.id }], purposeType: 'DUTY', purpose: 'ใช้ในราชการ', offPremises: false, dueAt })).id as string;
  const names = SECRET_NAMES(s.station.code);

  const spare = await apiCall(t, t.adminToken, 'post', '/api/users', {
    username: `${s.station.code.toLowerCase()}.spare`,
    password: TEST_PASSWORD,
    displayName: 'ผู้ใช้สำรอง',
    rank: 'ส.ต.ต.',
    roles: [Role.OFFICER],
    stationId: s.station.id,
  });
  const item = await newItem('โต๊ะทำงาน');
  const weapon = await post(Role.CLERK, '/api/items', { category: 'WEAPON', kind: 'equipment', description: 'กุญแจมือ', locationId: s.room.id });
  const evidence = await post(Role.CLERK, '/api/items', {
    category: 'EVIDENCE',
    kind: 'drugs',
    description: 'ยาบ้า 20 เม็ด',
    quantity: 20,
    unit: 'เม็ด',
    locationId: s.safe.id,
    sealNumber: 'S-0001',
    weightGrams: 2.5,
    evidence: { caseNumber: '77/2569', seizedFrom: names.suspect, ownerName: names.owner },
    witness: { username: s.users.SUPERVISOR.username, password: TEST_PASSWORD },
  });
  const donation = await post(Role.CLERK, '/api/items', {
    category: 'DONATION',
    kind: 'furniture',
    description: 'ตู้เอกสารบริจาค',
    locationId: s.room.id,
    donation: { donorName: 'ร้านทดสอบ', receivedAt: '2026-11-01', purpose: 'ใช้ในสถานี' },
  });
  const loanRequested = await requestLoan(await newItem('เก้าอี้'));
  const approvedItem = await newItem('พัดลม');
  const loanApproved = await requestLoan(approvedItem);
  await post(Role.SUPERVISOR, `/api/loans/${loanApproved}/approve`, {});
  const issuedItem = await newItem('ไฟฉาย');
  const loanIssued = await requestLoan(issuedItem);
  await post(Role.SUPERVISOR, `/api/loans/${loanIssued}/approve`, {});
  await post(Role.CLERK, `/api/loans/${loanIssued}/issue`, { items: [{ code: issuedItem.code }] });
  // An incident: a loaned item comes back damaged.
  const damaged = await newItem('วิทยุสื่อสาร');
  const damagedLoan = await requestLoan(damaged);
  await post(Role.SUPERVISOR, `/api/loans/${damagedLoan}/approve`, {});
  await post(Role.CLERK, `/api/loans/${damagedLoan}/issue`, { items: [{ code: damaged.code }] });
  await post(Role.CLERK, `/api/loans/${damagedLoan}/return`, { items: [{ code: damaged.code, condition: 'DAMAGED' }] });
  const incidents = await t.http().get('/api/incidents').query({ itemId: damaged.id }).set(auth(as(Role.COMMANDER)));
  const shift = (await post(Role.SUPERVISOR, '/api/shifts', { name: 'ผลัดเช้า' })).id as string;
  const audit = (await post(Role.CLERK, '/api/audits', { kind: 'DAILY_ARMS' })).id as string;
  const disposal = (await post(Role.CLERK, '/api/disposals', { method: 'DESTROY', items: [{ itemId: (await newItem('ตู้เก่า')).id }], legalBasis: 'COMMITTEE_ORDER', documentRef: 'คำสั่ง 1/2569' })).id as string;
  await apiCall(t, as(Role.CLERK), 'put', `/api/reports/o23/notes?period=${ENDED_PERIOD}`, { problems: 'ไม่มี', correctiveAction: 'ไม่มี' });
  const issuedReport = (await post(Role.COMMANDER, '/api/reports/o23/issue', { period: ENDED_PERIOD })).id as string;
  return {
    fixture: s,
    spareUser: spare.id,
    item,
    weapon: { id: weapon.id, code: weapon.code },
    evidence: { id: evidence.id, code: evidence.code },
    donation: { id: donation.id, code: donation.code },
    loanRequested,
    loanApproved: { id: loanApproved, code: approvedItem.code },
    loanIssued: { id: loanIssued, code: issuedItem.code },
    shift,
    audit,
    damagedItem: damaged,
    incident: incidents.body.items[0].id,
    disposal,
    issuedReport,
    issuedFile: `O23-${s.station.code}-${ENDED_PERIOD}-v1.pdf`,
  };
}

// ---------------------------------------------------------------------------------------------------
// Path parameters.

/** Which record each path parameter names, by route (first match wins). */
const PARAMS: Array<[RegExp, string, (r: StationRecords) => string]> = [
  [/\/audits\/:id/, 'id', (r) => r.audit],
  [/\/disposals\/:id/, 'id', (r) => r.disposal],
  [/\/donations\/:itemId/, 'itemId', (r) => r.donation.id],
  [/\/items\/:id\/donation\//, 'id', (r) => r.donation.id],
  [/\/incidents\/:id/, 'id', (r) => r.incident],
  [/\/items\/by-code\/:code/, 'code', (r) => r.item.code],
  [/\/items\/:id/, 'id', (r) => r.item.id],
  [/\/custody-sheet\/:itemId/, 'itemId', (r) => r.item.id],
  [/\/loans\/:id\/return/, 'id', (r) => r.loanIssued.id],
  [/\/loans\/:id\/issue/, 'id', (r) => r.loanApproved.id],
  [/\/loans\/:id/, 'id', (r) => r.loanRequested],
  [/\/locations\/:id/, 'id', (r) => r.fixture.safe.id],
  [/\/issued\/:id/, 'id', (r) => r.issuedReport],
  [/\/shifts\/:id/, 'id', (r) => r.shift],
  [/\/stations\/:id/, 'id', (r) => r.fixture.station.id],
  [/\/users\/:id/, 'id', (r) => r.spareUser],
  [/\/registers\/:kind/, 'kind', () => 'evidence'],
  [/\/forms\/:form/, 'form', () => 'borrow-request'],
  [/^\/public\/:code/, 'code', (r) => r.fixture.station.code],
  [/\/files\/:name/, 'name', () => 'guidelines.pdf'],
];

/** The path parameters of a route, in order. */
export const paramsOf = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);

/** Whether a parameter names one station's row (so another station's value must be "not found"). */
export function namesARow(path: string, param: string): boolean {
  return !['kind', 'form', 'name'].includes(param) && !path.startsWith('/public/');
}

/** A station's real value for one path parameter of a route: what a valid request names. */
export function paramValue(path: string, param: string, r: StationRecords): string {
  const found = PARAMS.find(([route, name]) => name === param && route.test(path));
  if (!found) throw new Error(`no record for :${param} of ${path}: add it to PARAMS in test/helpers/fuzz.ts`);
  return found[2](r);
}

/** A route's path with each parameter replaced (by `value`, else the station's real one), URL-encoded as given. */
export function fillPath(path: string, r: StationRecords, value: (param: string) => string | undefined = () => undefined): string {
  return path.replace(/:(\w+)/g, (_m, param: string) => value(param) ?? encodeURIComponent(paramValue(path, param, r)));
}

// ---------------------------------------------------------------------------------------------------
// Request bodies from the OpenAPI document.

export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  $ref?: string;
}

interface Parameter {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  schema: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

export interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** The application's own OpenAPI document (built from the DTOs' decorators). */
export async function openApi(t: TestApp): Promise<OpenApi> {
  const res = await t.http().get('/api/docs-json');
  expect(res.status).toBe(200);
  return res.body as OpenApi;
}

/** The OpenAPI operation of a route, if it is documented. */
export function operationOf(doc: OpenApi, method: Method, path: string): Operation | undefined {
  return doc.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
}

/** The schema behind a $ref or an allOf of one. */
function resolve(doc: OpenApi, schema: Schema): Schema {
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.split('/').pop()!]);
  if (schema.allOf?.length === 1) return resolve(doc, schema.allOf[0]);
  return schema;
}

export const bodySchemaOf = (doc: OpenApi, op: Operation | undefined) => {
  const schema = op?.requestBody?.content['application/json']?.schema;
  return schema ? resolve(doc, schema) : undefined;
};

export const queryParamsOf = (op: Operation | undefined) => (op?.parameters ?? []).filter((p) => p.in === 'query');

/** How a generated body picks its values: the station whose ids it names, and a PRNG for optional parts. */
export interface ValueSource {
  records: StationRecords;
  /** Without a PRNG: required fields only, first enum values (a minimal valid body). */
  rng?: Prng;
}

/** A real id for a uuid field, by the field's name (a free item for item fields, so a loan of it is valid). */
export function uuidFor(name: string, r: StationRecords): string {
  if (/location|parent/i.test(name)) return r.fixture.room.id;
  if (/officer|user|committee/i.test(name)) return r.fixture.users.OFFICER.id;
  if (/station/i.test(name)) return r.fixture.station.id;
  if (/audit/i.test(name)) return r.audit;
  return r.item.id;
}

/** A plausible text for a string field, by its name (codes, credentials and periods must be real). */
function textFor(name: string, schema: Schema, r: StationRecords): string {
  if (schema.format === 'uuid') return uuidFor(name, r);
  if (schema.format === 'date-time') return new Date(Date.now() + 2 * 86_400_000).toISOString();
  if (name === 'username') return r.fixture.users.OFFICER.username;
  if (name === 'password') return TEST_PASSWORD;
  if (name === 'code') return r.item.code;
  if (name === 'officerCode') return r.fixture.users.OFFICER.username;
  if (name === 'locationCode') return `${r.fixture.station.code}-LOC-R1`;
  if (['period', 'from', 'to'].includes(name)) return ENDED_PERIOD;
  if (name === 'sha256') return '0'.repeat(64);
  const text = typeof schema.example === 'string' ? schema.example : `ทดสอบ ${name}`;
  return text.slice(0, schema.maxLength ?? text.length);
}

function numberFor(schema: Schema): number {
  if (typeof schema.example === 'number') return schema.example;
  const low = schema.minimum ?? 1;
  return Math.min(Math.max(low, 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
}

/** A value that satisfies a schema (as far as the schema says), named as `name` in its parent. */
export function valueFor(doc: OpenApi, raw: Schema, name: string, src: ValueSource): unknown {
  const schema = resolve(doc, raw);
  if (schema.enum) return src.rng ? src.rng.pick(schema.enum) : schema.enum[0];
  if (schema.properties || schema.type === 'object') return objectFor(doc, schema, src);
  switch (schema.type) {
    case 'array':
      return [valueFor(doc, schema.items ?? { type: 'string' }, name, src)];
    case 'number':
    case 'integer':
      return numberFor(schema);
    case 'boolean':
      return src.rng ? src.rng.chance(0.5) : false;
    default:
      return textFor(name, schema, src.records);
  }
}

function objectFor(doc: OpenApi, schema: Schema, src: ValueSource): Json {
  const out: Json = {};
  const required = new Set(schema.required ?? []);
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (required.has(key) || src.rng?.chance(0.4)) out[key] = valueFor(doc, property, key, src);
  }
  return out;
}

/**
 * What a valid request needs beyond what the schema says (a cross-field rule, a witness, the query a
 * page or a file needs), by route: merged over the generated request.
 */
let serial = 0;
/** A fresh suffix for what must be unique (codes, usernames). */
const fresh = () => `${Date.now().toString(36).slice(-4)}${(serial += 1)}`.toUpperCase();

const HINTS: Record<string, { query?: (r: StationRecords) => string; body?: (r: StationRecords) => Json }> = {
  'POST /api/stations': { body: () => ({ code: `Q${fresh()}` }) },
  'POST /api/users': { body: (r) => ({ username: `u.${fresh().toLowerCase()}`, roles: [Role.OFFICER], stationId: r.fixture.station.id }) },
  'POST /api/locations': { body: () => ({ code: `L-${fresh()}` }) },
  'PUT /api/reports/o23/notes': { query: () => `period=${monthOf(new Date())}` },
  'PATCH /api/stations/:id/settings': { body: () => ({ settings: { samplingPercent: 25 } }) },
  'POST /api/audits/:id/close': { body: (r) => ({ witness: { username: r.fixture.users.OFFICER.username, password: TEST_PASSWORD } }) },
  'POST /api/items/:id/events': { body: () => ({ type: 'CONDITION_CHECK', condition: 'GOOD' }) },
  'POST /api/shifts/:id/issue': { body: (r) => ({ officerId: r.fixture.users.OFFICER.id, code: r.weapon.code }) },
  'POST /api/items': { body: () => ({ category: 'PROPERTY', kind: 'furniture' }) },
  'GET /api/reports/custody-sheet/:itemId': { query: () => 'format=pdf' },
  'GET /api/reports/registers/:kind': { query: () => 'format=pdf' },
  'GET /api/reports/o23': { query: () => `period=${ENDED_PERIOD}` },
  'GET /api/reports/o23/figures': { query: () => `period=${ENDED_PERIOD}` },
  'GET /api/reports/o23/notes': { query: () => `period=${ENDED_PERIOD}` },
  'GET /reports/custody-sheet': { query: (r) => `itemId=${r.item.id}` },
  'GET /reports/issued/:id/file': { query: () => 'format=pdf' },
  'GET /reports/registers/:kind': { query: () => 'format=pdf' },
  'GET /reports/o23.pdf': { query: () => `period=${ENDED_PERIOD}` },
  'GET /reports/o23.xlsx': { query: () => `period=${ENDED_PERIOD}` },
  'GET /reports': { query: () => `period=${ENDED_PERIOD}` },
  'GET /counter': { query: (r) => `code=${r.item.code}` },
};

/**
 * A valid request of station `r` to a route: its path (parameters from `value` where it gives one,
 * else the station's own), the required query parameters and a body generated from the OpenAPI
 * schema (pages: the hinted query only), with the route's HINTS over them.
 */
export function validRequest(doc: OpenApi, route: RouteSpec, r: StationRecords, value?: (param: string) => string | undefined, rng?: Prng): { path: string; body?: unknown } {
  const hint = HINTS[`${route.method} ${route.path}`];
  const op = operationOf(doc, route.method, route.path);
  const query = queryParamsOf(op)
    .filter((p) => p.required)
    .map((p) => `${p.name}=${encodeURIComponent(String(valueFor(doc, p.schema, p.name, { records: r, rng })))}`);
  if (hint?.query) query.push(hint.query(r));
  const schema = bodySchemaOf(doc, op);
  const generated = schema ? (valueFor(doc, schema, 'body', { records: r, rng }) as Json) : undefined;
  const body = hint?.body ? { ...generated, ...hint.body(r) } : generated;
  return { path: fillPath(route.path, r, value) + (query.length ? `?${query.join('&')}` : ''), body };
}

export type FieldPath = Array<string | number>;

/** The fields of a body schema a test wants, as paths of keys (arrays as index 0), nested objects included. */
export function fieldPaths(doc: OpenApi, raw: Schema, wanted: (leaf: Schema, path: FieldPath) => boolean, prefix: FieldPath = []): FieldPath[] {
  const schema = resolve(doc, raw);
  if (schema.type === 'array' && schema.items) {
    const items = resolve(doc, schema.items);
    if (items.properties || items.type === 'array') return fieldPaths(doc, items, wanted, [...prefix, 0]);
  }
  if (schema.properties) return Object.entries(schema.properties).flatMap(([key, p]) => fieldPaths(doc, p, wanted, [...prefix, key]));
  return wanted(schema, prefix) ? [prefix] : [];
}

/** The lists of objects in a body schema (`items`, `unreturned`, …), nested ones included. */
export function objectLists(doc: OpenApi, raw: Schema, prefix: FieldPath = []): FieldPath[] {
  const schema = resolve(doc, raw);
  const items = schema.type === 'array' && schema.items ? resolve(doc, schema.items) : undefined;
  if (items?.properties) return [prefix, ...objectLists(doc, items, [...prefix, 0])];
  return Object.entries(schema.properties ?? {}).flatMap(([key, p]) => objectLists(doc, p, [...prefix, key]));
}

/** Free-text fields (strings that are not enums, ids or dates). */
export const isText = (s: Schema) => s.type === 'string' && !s.enum && !s.format;
/** Number fields. */
export const isNumber = (s: Schema) => s.type === 'number' || s.type === 'integer';
/** Fields holding one or more ids of a station's rows (uuid format, or a list of user ids by name). */
export const isIdField = (s: Schema, path: FieldPath) => s.format === 'uuid' || s.items?.format === 'uuid' || path[path.length - 1] === 'committee';

/**
 * A copy of a body with the field at `path` set to `leaf`, each object or list on the way that is not
 * there yet made with its required fields (so the field is the only thing that is new).
 */
export function withField(doc: OpenApi, raw: Schema, body: unknown, path: FieldPath, leaf: unknown, r: StationRecords): unknown {
  if (path.length === 0) return leaf;
  const schema = resolve(doc, raw);
  const [head, ...rest] = path;
  const child = (typeof head === 'number' ? schema.items : schema.properties?.[head]) ?? {};
  const made = (name: string) => (rest.length ? valueFor(doc, child, name, { records: r }) : undefined);
  if (typeof head === 'number') {
    const list = Array.isArray(body) ? [...body] : [];
    list[head] = withField(doc, child, list[head] ?? made(''), rest, leaf, r);
    return list;
  }
  const object = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Json) } : {};
  object[head] = withField(doc, child, object[head] ?? made(head), rest, leaf, r);
  return object;
}

/** The value at `path` of a JSON value (undefined when it is not there). */
export function getAt(value: unknown, path: FieldPath): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k as string] : undefined), value);
}

/** A copy of a JSON value with the value at `path` set (objects and arrays created on the way). */
export function setAt(value: unknown, path: Array<string | number>, leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const list = Array.isArray(value) ? [...value] : [];
    list[head] = setAt(list[head], rest, leaf);
    return list;
  }
  const object = value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Json) } : {};
  object[head] = setAt(object[head], rest, leaf);
  return object;
}

// ---------------------------------------------------------------------------------------------------
// Nasty values.

export const SQLI = ["'; DROP TABLE items; --", "' OR '1'='1", '1; SELECT pg_sleep(0)--', "'); DELETE FROM audit_log; --", '" OR ""="', "\\'; TRUNCATE users; --"];
export const TRAVERSAL = ['../../etc/passwd', '..\\..\\windows\\win.ini', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '....//....//etc/passwd', '/etc/passwd', '..%c0%af..%c0%afetc'];

// ---------------------------------------------------------------------------------------------------
// The pages as a browser sends them: a CSRF cookie, a session, a form with its token.

/** The cookies and CSRF token of a browser (as test/helpers/web.ts pageClient makes them), for raw requests. */
export function browserIdentity(session?: string): { cookie: string; csrf: string } {
  const seed = newCsrfSeed();
  return {
    cookie: [`${CSRF_COOKIE}=${seed}`, ...(session ? [`${SESSION_COOKIE}=${session}`] : [])].join('; '),
    csrf: csrfTokenFor(seed, TEST_JWT_SECRET),
  };
}

/** One form a page renders: where it posts, and its fields with the values the page put in them. */
export interface PageForm {
  action: string;
  fields: Array<[string, string]>;
}

const decodeEntities = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decodeEntities(m[1]) : undefined;
};

/** The forms posting from a page's HTML, with their fields (the CSRF field left out). */
function postForms(page: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const m of page.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    if ((attr(m[1], 'method') ?? 'get').toLowerCase() !== 'post') continue;
    const fields: Array<[string, string]> = [];
    for (const f of m[2].matchAll(/<(input|select|textarea)\b([^>]*)>(?:([\s\S]*?)<\/\1>)?/g)) {
      const name = attr(f[2], 'name');
      if (!name || name === '_csrf') continue;
      if (f[1] === 'select') fields.push([name, attr(/<option\b[^>]*value="[^"]+"[^>]*>/.exec(f[3] ?? '')?.[0] ?? '', 'value') ?? '']);
      else if (f[1] === 'textarea') fields.push([name, decodeEntities(f[3] ?? '')]);
      else fields.push([name, attr(f[2], 'value') ?? '']);
    }
    forms.push({ action: attr(m[1], 'action') ?? '', fields });
  }
  return forms;
}

/** The route of the pages an action path belongs to (its `:params` matching any one segment). */
function routeOfAction(routes: RouteSpec[], method: Method, action: string): RouteSpec | undefined {
  const path = action.split('?')[0];
  return routes.find((r) => r.method === method && new RegExp(`^${r.path.replace(/:\w+/g, '[^/]+')}$`).test(path));
}

/**
 * The forms the pages render for each POST page route, found by opening every GET page of station
 * `r` (its own ids) as each station role: a valid form to start from, as a browser would send it.
 */
export async function discoverForms(t: TestApp, pages: RouteSpec[], r: StationRecords): Promise<Map<string, PageForm[]>> {
  const found = new Map<string, PageForm[]>();
  const posts = pages.filter((p) => p.method === 'POST');
  const gets = pages.filter((p) => p.method === 'GET' && p.roles !== PUBLIC);
  for (const role of [Role.CLERK, Role.SUPERVISOR, Role.COMMANDER, Role.INVESTIGATOR, Role.OFFICER, Role.AUDITOR] as StationRole[]) {
    const browser = browserIdentity(r.fixture.tokens[role]);
    const urls = [...gets.map((p) => fillPath(p.path, r)), `/loans/${r.loanApproved.id}`, `/loans/${r.loanIssued.id}`, `/items/${r.donation.id}`, `/items/${r.evidence.id}`, `/counter?code=${r.item.code}`, `/reports?period=${ENDED_PERIOD}`];
    for (const url of urls) {
      const res = await t.http().get(url).set('Cookie', browser.cookie).redirects(0);
      if (res.status !== 200 || !String(res.headers['content-type']).includes('html')) continue;
      for (const form of postForms(res.text)) {
        const route = routeOfAction(posts, 'POST', form.action);
        if (!route) continue;
        const key = `POST ${route.path}`;
        const list = found.get(key) ?? [];
        if (!list.some((f) => f.action === form.action && f.fields.map((x) => x[0]).join() === form.fields.map((x) => x[0]).join())) list.push(form);
        found.set(key, list);
      }
    }
  }
  return found;
}

/** A form body as a browser encodes it (repeated names stay repeated). */
export function formBody(fields: Array<[string, string]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of fields) params.append(name, value);
  return params.toString();
}

// ---------------------------------------------------------------------------------------------------
// What the database holds.

/**
 * Tables a refused request may change: login_throttle counts wrong passwords (at login and of a
 * witness), which is the point of it; audit_verifications records each verification of the audit
 * chain, which any page showing the chain's state runs (GET included), not a change of the data.
 */
export const NOT_WRITES = ['login_throttle', 'audit_verifications'];

/**
 * Everything a write would change, cheaply: per table the row count and the newest row version
 * (`max(xmin)`: an INSERT or an UPDATE makes a newer one, a DELETE lowers the count), and the audit
 * log's last id. One query for the whole database.
 */
export class DbWatch {
  private sql = '';

  constructor(private readonly db: OwnerDb) {}

  async init(): Promise<void> {
    const tables = await this.db.rows<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    this.sql = [
      ...tables.map((t) => `SELECT '${t.name}' AS t, count(*) || ':' || coalesce(max(xmin::text::bigint), 0) AS f FROM "${t.name}"`),
      `SELECT 'audit_log.max_id', coalesce(max(id), 0)::text FROM audit_log`,
    ].join(' UNION ALL ');
  }

  /** Table → fingerprint. */
  async fingerprint(): Promise<Record<string, string>> {
    return Object.fromEntries((await this.db.rows<{ t: string; f: string }>(this.sql)).map((r) => [r.t, r.f]));
  }

  /** The same, of one station's rows only (tables that have a station). */
  async stationFingerprint(stationId: string): Promise<Record<string, string>> {
    const tables = await this.stationTables();
    const rows = await this.db.rows<{ t: string; f: string }>(
      tables.map((t) => `SELECT '${t}' AS t, count(*) || ':' || coalesce(max(xmin::text::bigint), 0) AS f FROM "${t}" WHERE station_id = $1`).join(' UNION ALL '),
      [stationId],
    );
    return Object.fromEntries(rows.map((r) => [r.t, r.f]));
  }

  private async stationTables(): Promise<string[]> {
    const rows = await this.db.rows<{ name: string }>(
      `SELECT c.table_name AS name FROM information_schema.columns c JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
       WHERE c.table_schema = 'public' AND c.column_name = 'station_id' AND t.table_type = 'BASE TABLE' ORDER BY 1`,
    );
    return rows.map((r) => r.name);
  }

  /** The tables whose fingerprint differs, except those `allowed`. */
  static changed(before: Record<string, string>, after: Record<string, string>, allowed: readonly string[] = []): string[] {
    return Object.keys(after).filter((k) => before[k] !== after[k] && !allowed.includes(k));
  }

  /**
   * Rows of one station that refer (by a single-column foreign key) to a row of another: what a
   * request that reads or writes across stations would leave behind. Empty when the stations are apart.
   */
  async crossStationReferences(): Promise<string[]> {
    const keys = await this.db.rows<{ t: string; col: string; ref: string; refCol: string }>(
      `SELECT c.conrelid::regclass::text AS t, a.attname AS col, c.confrelid::regclass::text AS ref, af.attname AS "refCol"
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
       WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1 AND c.connamespace = 'public'::regnamespace
         AND EXISTS (SELECT 1 FROM pg_attribute s WHERE s.attrelid = c.conrelid AND s.attname = 'station_id' AND NOT s.attisdropped)
         AND EXISTS (SELECT 1 FROM pg_attribute s WHERE s.attrelid = c.confrelid AND s.attname = 'station_id' AND NOT s.attisdropped)`,
    );
    const found: string[] = [];
    for (const k of keys) {
      const [{ n }] = await this.db.rows<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${k.t} x JOIN ${k.ref} y ON x."${k.col}" = y."${k.refCol}" WHERE x.station_id <> y.station_id`,
      );
      if (n) found.push(`${k.t}.${k.col} → ${k.ref}: ${n} rows`);
    }
    if (!keys.length) found.push('no foreign keys between station tables found: the check checks nothing');
    return found;
  }

  /** Every id (and item code) of a station's rows, in every table that has a station, with its table. */
  async stationKeys(stationId: string): Promise<Map<string, string>> {
    const tables = await this.db.rows<{ name: string }>(
      `SELECT c.table_name AS name FROM information_schema.columns c JOIN information_schema.columns i ON i.table_name = c.table_name AND i.table_schema = c.table_schema AND i.column_name = 'id'
       WHERE c.table_schema = 'public' AND c.column_name = 'station_id' ORDER BY 1`,
    );
    const keys = new Map<string, string>([[stationId, 'stations']]);
    for (const { name } of tables) for (const row of await this.db.rows<{ id: string }>(`SELECT id::text AS id FROM "${name}" WHERE station_id = $1`, [stationId])) keys.set(row.id, name);
    for (const row of await this.db.rows<{ code: string }>('SELECT code FROM items WHERE station_id = $1', [stationId])) keys.set(row.code, 'items.code');
    return keys;
  }
}

const KEY_PATTERN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Z]{2,10}-[A-Z]{2}\d{2}-\d{6}/gi;

/** The ids and item codes in a text, in lower case. */
export const keysIn = (text: string) => [...text.matchAll(KEY_PATTERN)].map((m) => m[0].toLowerCase());

/**
 * Another station's keys (ids, item codes) found in an answer, as `key (table)`, except `planted` ones:
 * a key some request sent may come back as text the caller wrote (a note), which reveals nothing.
 */
export function leakedKeys(text: string, foreign: Map<string, string>, planted: Set<string>): string[] {
  const found = new Set<string>();
  for (const k of keysIn(text)) {
    const table = foreign.get(k) ?? foreign.get(k.toUpperCase());
    if (table && !planted.has(k)) found.add(`${k} (${table})`);
  }
  return [...found];
}

// ---------------------------------------------------------------------------------------------------
// The contract of every answer.

export type Surface = 'api' | 'page';

/** Where a path is answered: the JSON API (and /health), or the HTML pages (public ones included). */
export function surfaceOf(path: string): Surface {
  // Express matches routes case-insensitively: /API/items is the API too.
  const p = path.toLowerCase();
  return p === '/health' || p === '/api' || p.startsWith('/api/') || p.startsWith('/api?') ? 'api' : 'page';
}

/** An answer's JSON body, whether supertest parsed it or a binary parser kept its bytes (undefined if none). */
export function jsonBody(res: Res): Json | undefined {
  if (!Buffer.isBuffer(res.body)) return res.body as Json | undefined;
  try {
    return JSON.parse(res.body.toString('utf8')) as Json;
  } catch {
    return undefined;
  }
}

/** An answer's text, whether supertest parsed it or a binary parser kept its bytes. */
export const textOf = (res: Res): string => (Buffer.isBuffer(res.body) ? res.body.toString('utf8') : (res.text ?? JSON.stringify(res.body ?? '')));

/** What is wrong with an answer by DESIGN §3 rule 8 and §7: never a 5xx; errors in the API's shape or as an HTML page. */
export function answerProblems(surface: Surface, res: Res): string[] {
  const problems: string[] = [];
  const type = String(res.headers['content-type'] ?? '');
  if (res.status >= 500) problems.push(`server error ${res.status}`);
  // 431: a request line and headers over Node's 16 KB limit, refused by Node's HTTP parser before the app.
  if (res.status < 400 || res.status === 431) return problems;
  if (surface === 'page') {
    if (!type.includes('text/html')) problems.push(`error page not HTML (${type || 'no content-type'})`);
    return problems;
  }
  const body = jsonBody(res) ?? {};
  if (!type.includes('application/json')) problems.push(`error not JSON (${type || 'no content-type'})`);
  else {
    if (body.statusCode !== res.status) problems.push(`statusCode ${body.statusCode} ≠ ${res.status}`);
    if (typeof body.code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(body.code)) problems.push(`bad code ${JSON.stringify(body.code)}`);
    if (typeof body.message !== 'string' || !body.message.trim()) problems.push('no message');
    if (typeof body.messageTh !== 'string' || !THAI.test(body.messageTh)) problems.push('no Thai message');
  }
  return problems;
}

/** A short text of an answer for a failure list. */
export function answerExcerpt(res: Res): string {
  const type = String(res.headers['content-type'] ?? '');
  const text = /json|html|text/.test(type) || !type ? textOf(res) : `<${type}>`;
  return `${res.status} ${text.replace(/\s+/g, ' ').slice(0, 240)}`;
}

/** A raw request through supertest: a method, a path as given (not re-encoded), headers, and a body as bytes or text. */
export function rawRequest(t: TestApp, method: Method, path: string, headers: Record<string, string>, body?: string | Buffer): supertest.Test {
  const req = t.http()[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path).redirects(0);
  for (const [name, value] of Object.entries(headers)) req.set(name, value);
  return body === undefined ? req : req.send(body);
}
