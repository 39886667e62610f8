/**
 * Reliability after a crash (issue 8; DESIGN §1, §2 gap-free codes, §4): the built server
 * (dist/src/main.js) as a child process on its own embedded PostgreSQL (or on a fresh database of
 * DATABASE_URL), killed with SIGKILL in the middle of concurrent registrations and custody events. Its
 * PostgreSQL is left running, an orphan holding the data folder and the port; a new start on the same
 * DATA_DIR must deal with it. Then: every request answered 2xx before the kill is in the database with its
 * audit row; no request that failed or got no answer is half-written; the chains verify; codes have no
 * gaps; each item is the replay of its events; the next registration takes the next number. At the end
 * the server and its PostgreSQL stop, and no process or postmaster.pid is left behind.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Prng } from '../helpers/prng.js';
import { alive, freePorts, isPostgres, portIsFree, postmasterPid, waitGone } from '../helpers/processes.js';
import { auditMismatches, codeGaps, replayMismatches, tagIn, tagText } from '../helpers/replay.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const BOOT_DEADLINE_MS = 60_000;
const CLIENTS = 16;
/** The kill comes once the load has had this many answers (so it always lands mid-load, whatever the speed). */
const KILL_AFTER_ANSWERS = 500;
/** …or after this long, should the load stall (a bound, not a verdict). */
const KILL_DEADLINE_MS = 30_000;
const SEED = 0x63726173; // "cras"
const PASSWORD = 'crash-test-password';
const JWT_SECRET = 'crash-test-secret-crash-test-secret-0123';

type Body = Record<string, unknown>;
type Json = Record<string, any>;

// ---------------------------------------------------------------- the server process

interface RunningServer {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: boolean;
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  exit: Promise<void>;
}

const started: RunningServer[] = [];

/** Settings of the developer's shell that would change what the child does: the test sets its own. */
const OWN_SETTINGS = ['DATABASE_URL', 'APP_DATABASE_URL', 'JWT_SECRET', 'NODE_ENV', 'NODE_OPTIONS', 'PORT', 'HOST', 'DATA_DIR', 'EMBEDDED_PG_PORT', 'SEED_DEMO', 'ADMIN_USERNAME', 'ADMIN_PASSWORD', 'LOG_LEVEL', 'DB_POOL_SIZE'];

/** `node dist/src/main.js` with this test's settings; its output is kept for the failure messages. */
function startServer(env: Record<string, string>): RunningServer {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const name of OWN_SETTINGS) delete base[name];
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...base, HOST: '127.0.0.1', LOG_LEVEL: 'info', SEED_DEMO: 'false', ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: PASSWORD, JWT_SECRET, PASSWORD_HASH_MEMORY_KIB: '1024', PASSWORD_HASH_TIME_COST: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = { child, stdout: '', stderr: '', exited: false, exitCode: null, exitSignal: null } as RunningServer;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (server.stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (server.stderr += chunk));
  server.exit = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      Object.assign(server, { exited: true, exitCode: code, exitSignal: signal });
      resolve();
    }),
  );
  started.push(server);
  return server;
}

function tail(server: RunningServer): string {
  return `--- stdout (end) ---\n${server.stdout.slice(-3000)}\n--- stderr (end) ---\n${server.stderr.slice(-3000)}`;
}

async function waitForExit(server: RunningServer, ms = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), ms)));
  try {
    if (await Promise.race([server.exit.then(() => false), timeout])) throw new Error(`the server did not exit within ${ms} ms\n${tail(server)}`);
  } finally {
    clearTimeout(timer);
  }
  return { code: server.exitCode, signal: server.exitSignal };
}

/** Polls /health until 200; answers the milliseconds since `since`. */
async function waitForHealth(server: RunningServer, port: number, since: number): Promise<number> {
  while (Date.now() < since + BOOT_DEADLINE_MS) {
    if (server.exited) throw new Error(`the server exited (${server.exitCode ?? server.exitSignal}) before /health answered\n${tail(server)}`);
    const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
    if (res?.status === 200) return Date.now() - since;
    await res?.body?.cancel();
    await sleep(50);
  }
  throw new Error(`/health did not answer 200 within ${BOOT_DEADLINE_MS} ms\n${tail(server)}`);
}

/** The JSON log lines. */
function logLines(server: RunningServer): { time: string; msg: string }[] {
  return server.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { time: string; msg: string });
}

function logMessages(server: RunningServer): string[] {
  return logLines(server).map((l) => String(l.msg));
}

/** Milliseconds from the spawn to the first log line starting with each message: where a boot spends its time. */
function phases(server: RunningServer, spawnedAt: number, marks: Record<string, string>): Record<string, number | null> {
  const lines = logLines(server);
  return Object.fromEntries(
    Object.entries(marks).map(([name, prefix]) => {
      const line = lines.find((l) => String(l.msg).startsWith(prefix));
      return [name, line ? Date.parse(line.time) - spawnedAt : null];
    }),
  );
}


// ---------------------------------------------------------------- HTTP

/** One request of the load: its answer, or none (status 0) when the server died first. */
interface Rec {
  kind: 'register' | 'event';
  station: string;
  tag: string;
  status: number;
  body: Json;
  phase: 'before' | 'load' | 'after';
}

async function call(port: number, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {} };
}

/** A call that must succeed with this status (else the answer is shown). */
async function must(port: number, status: number, method: string, path: string, token?: string, body?: unknown): Promise<Json> {
  const res = await call(port, method, path, token, body);
  expect(res.status === status ? status : `${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}

/** The refusals of a batch by status and code, for the printed summary, e.g. {"409 ALREADY_THERE": 12}. */
function refusals(log: Rec[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of log.filter((x) => x.status >= 400)) counts[`${r.status} ${r.body.code}`] = (counts[`${r.status} ${r.body.code}`] ?? 0) + 1;
  return counts;
}

// ---------------------------------------------------------------- the stations and the load

interface Station {
  id: string;
  code: string;
  tokens: { clerk: string; investigator: string; admin: string };
  supervisor: string;
  /** NORMAL items may go anywhere; HIGH ones only to the secure places. */
  places: { all: string[]; secure: string[] };
  items: { id: string; code: string; high: boolean }[];
}

/** The admin creates a station, its clerk, investigator and supervisor (they log in), and four locations. */
async function setUpStation(port: number, adminToken: string, code: string): Promise<Station> {
  const station = await must(port, 201, 'POST', '/api/stations', adminToken, { code, nameTh: `สถานีตำรวจทดสอบการล่ม ${code}`, nameEn: `Crash Test ${code}` });
  const login = async (role: string) => {
    const username = `${code.toLowerCase()}.${role.toLowerCase()}`;
    await must(port, 201, 'POST', '/api/users', adminToken, { username, password: PASSWORD, displayName: `ผู้ใช้ ${role} ${code}`, rank: 'ร.ต.ท.', roles: [role], stationId: station.id });
    return (await must(port, 200, 'POST', '/api/auth/login', undefined, { username, password: PASSWORD })).accessToken as string;
  };
  const clerk = await login('CLERK');
  const investigator = await login('INVESTIGATOR');
  await login('SUPERVISOR');
  const place = async (body: Body) => (await must(port, 201, 'POST', '/api/locations', clerk, body)).id as string;
  const room = await place({ code: 'R1', name: 'ห้องเก็บของกลาง', kind: 'ROOM' });
  const shelf = await place({ code: 'R1-S1', name: 'ชั้นวาง 1', kind: 'SHELF', parentId: room });
  const safe = await place({ code: 'SAFE1', name: 'ตู้นิรภัย', kind: 'SAFE', parentId: room });
  const armory = await place({ code: 'ARM1', name: 'คลังอาวุธ', kind: 'ARMORY' });
  return {
    id: station.id,
    code,
    tokens: { clerk, investigator, admin: adminToken },
    supervisor: `${code.toLowerCase()}.supervisor`,
    places: { all: [room, shelf, safe, armory], secure: [safe, armory] },
    items: [],
  };
}

/**
 * The concurrent writers: registrations (now and then a HIGH one with a witness) and custody events
 * (moves, condition checks) on one station each, until `stop()` says so. Every request is logged with its
 * tag (in the item's description or the event's note) and its answer, or none.
 */
class Load {
  readonly log: Rec[] = [];
  private stopped = false;
  private counter = 0;

  constructor(private readonly port: () => number) {}

  stop(): void {
    this.stopped = true;
  }

  answered(phase: Rec['phase']): number {
    return this.log.filter((r) => r.phase === phase && r.status > 0).length;
  }

  /** Sends one tagged request and logs it; a request the server never answered is logged with status 0. */
  private async send(kind: Rec['kind'], st: Station, phase: Rec['phase'], path: string, token: string, body: Body, tag: string): Promise<Json | undefined> {
    const rec: Rec = { kind, station: st.code, tag, status: 0, body: {}, phase };
    this.log.push(rec);
    try {
      const res = await call(this.port(), 'POST', path, token, body);
      Object.assign(rec, res);
      return res.status < 300 ? res.body : undefined;
    } catch {
      return undefined; // no answer: the server died with the request in flight
    }
  }

  /** Registers one item; `high` ones (drugs in the safe) carry the supervisor as witness. */
  async register(st: Station, rnd: Prng, phase: Rec['phase'], high = rnd.chance(0.06)): Promise<void> {
    const tag = `${st.code}-${++this.counter}-reg`;
    const evidence = rnd.chance(0.5);
    const body: Body = high
      ? { category: 'EVIDENCE', kind: 'drugs', description: `ยาบ้า ${tagText(tag)}`, quantity: 20, unit: 'เม็ด', sealNumber: `S-${tag}`, weightGrams: 2.5, locationId: rnd.pick(st.places.secure), evidence: { caseNumber: '900/2569' }, witness: { username: st.supervisor, password: PASSWORD } }
      : evidence
        ? { category: 'EVIDENCE', kind: 'document', description: `เอกสารของกลาง ${tagText(tag)}`, locationId: rnd.pick(st.places.all), evidence: { caseNumber: '901/2569' } }
        : { category: 'PROPERTY', kind: 'equipment', description: `วิทยุสื่อสาร ${tagText(tag)}`, locationId: rnd.pick(st.places.all), property: { assetNumber: `5820-${tag}` } };
    const token = evidence && !high && rnd.chance(0.5) ? st.tokens.investigator : st.tokens.clerk;
    const item = await this.send('register', st, phase, '/api/items', token, body, tag);
    if (item) st.items.push({ id: item.id, code: item.code, high: item.riskClass === 'HIGH' });
  }

  /** A MOVE or a CONDITION_CHECK of an item someone registered; HIGH items with the witness. */
  async event(st: Station, rnd: Prng, phase: Rec['phase']): Promise<void> {
    const item = rnd.pick(st.items);
    const tag = `${st.code}-${++this.counter}-ev`;
    const body: Body = rnd.chance(0.6)
      ? { type: 'MOVE', toLocationId: rnd.pick(item.high ? st.places.secure : st.places.all) }
      : { type: 'CONDITION_CHECK', condition: rnd.pick(['GOOD', 'DAMAGED', 'DETERIORATED']) };
    await this.send('event', st, phase, `/api/items/${item.id}/events`, st.tokens.clerk, { ...body, note: tagText(tag), ...(item.high ? { witness: { username: st.supervisor, password: PASSWORD } } : {}) }, tag);
  }

  /** One writer: seeded choices, until stopped. */
  async writer(st: Station, seed: number): Promise<void> {
    const rnd = new Prng(seed);
    while (!this.stopped) {
      if (rnd.chance(0.55) || !st.items.length) await this.register(st, rnd, 'load');
      else await this.event(st, rnd, 'load');
    }
  }
}

// ---------------------------------------------------------------- the test

describe('a server killed with SIGKILL in the middle of concurrent writes (dist/src/main.js)', () => {
  const useUrl = !!process.env.DATABASE_URL;
  let port: number;
  let pgPort: number;
  let dataDir: string;
  let databaseUrl: string | undefined;
  let env: Record<string, string>;
  let server: RunningServer;
  let stalePid: number | undefined;
  let adminToken: string;
  const stations: Station[] = [];
  const load = new Load(() => port);
  let db: pg.Client | undefined;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} does not exist: build first (npm run build); npm test builds before it runs the tests`);
    [port, pgPort] = await freePorts(2);
    await mkdir(join(ROOT, '.test-data'), { recursive: true });
    dataDir = await mkdtemp(join(ROOT, '.test-data', 'crash-'));
    await chmod(dataDir, 0o755); // the embedded PostgreSQL runs as "postgres" and must reach DATA_DIR/pg
    env = { PORT: String(port), DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) };
    if (useUrl) {
      const url = new URL(process.env.KHLANG_TEST_ADMIN_URL!);
      url.pathname = `/khlang_crash_${randomBytes(5).toString('hex')}`;
      databaseUrl = url.toString();
      env.DATABASE_URL = databaseUrl; // the server creates the database and migrates it
    }
  });

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    for (const s of started.filter((x) => !x.exited)) {
      s.child.kill('SIGKILL');
      await waitForExit(s, 5000).catch(() => undefined);
    }
    // Whatever failed: no PostgreSQL of ours stays running.
    const pid = dataDir ? postmasterPid(dataDir) : undefined;
    if (pid && alive(pid) && isPostgres(pid)) {
      process.kill(pid, 'SIGINT');
      if (!(await waitGone(pid, 10_000))) process.kill(pid, 'SIGKILL');
      await waitGone(pid, 5000);
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
    if (databaseUrl) {
      const admin = new pg.Client({ connectionString: process.env.KHLANG_TEST_ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${new URL(databaseUrl).pathname.slice(1)}" WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    }
    if (Object.keys(timings).length) console.log(`reliability-crash timings (ms): ${JSON.stringify(timings)}`);
  });

  it('boots on a fresh DATA_DIR; the admin sets up two stations with a few items each', async () => {
    const since = Date.now();
    server = startServer(env);
    timings.firstBoot = await waitForHealth(server, port, since);
    adminToken = (await must(port, 200, 'POST', '/api/auth/login', undefined, { username: 'admin', password: PASSWORD })).accessToken;
    for (const code of ['CRA', 'CRB']) stations.push(await setUpStation(port, adminToken, code));
    const rnd = new Prng(SEED);
    for (const st of stations) for (let i = 0; i < 6; i++) await load.register(st, rnd, 'before', i === 0);
    expect(load.log.map((r) => r.status)).toEqual(Array(12).fill(201));
  }, 90_000);

  it(`is killed with SIGKILL under ${CLIENTS} concurrent writers; ${useUrl ? 'no PostgreSQL of its own' : 'its PostgreSQL is left running'}`, async () => {
    if (!useUrl) {
      stalePid = postmasterPid(dataDir);
      expect(stalePid && alive(stalePid)).toBeTruthy();
    }
    const writers = Array.from({ length: CLIENTS }, (_, i) => load.writer(stations[i % stations.length], SEED + 1 + i));
    const since = Date.now();
    while (load.answered('load') < KILL_AFTER_ANSWERS && Date.now() - since < KILL_DEADLINE_MS && !server.exited) await sleep(5);
    server.child.kill('SIGKILL');
    load.stop();
    timings.loadBeforeKill = Date.now() - since;
    await Promise.all(writers);
    expect(await waitForExit(server)).toEqual({ code: null, signal: 'SIGKILL' });

    const during = load.log.filter((r) => r.phase === 'load');
    console.log(
      `reliability-crash: ${during.length} requests in ${timings.loadBeforeKill} ms before the kill: ` +
        `${during.filter((r) => r.status >= 200 && r.status < 300).length} × 2xx, ${during.filter((r) => r.status >= 400).length} refused ` +
        `${JSON.stringify(refusals(during))}, ${during.filter((r) => r.status === 0).length} without an answer`,
    );
    expect(during.filter((r) => r.status >= 500).map((r) => `${r.tag} → ${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
    expect(during.filter((r) => r.status === 0).length).toBeGreaterThan(0); // the kill did land mid-load
    if (!useUrl) {
      await sleep(200);
      // Node is gone, its PostgreSQL is not: it still holds the folder and the port.
      expect(alive(stalePid!) && isPostgres(stalePid!)).toBe(true);
      expect(await portIsFree(pgPort)).toBe(false);
    }
  }, 60_000);

  it(`restarts on the same DATA_DIR${useUrl ? ' and DATABASE_URL' : ', dealing with the PostgreSQL left running'}`, async () => {
    const since = Date.now();
    server = startServer(env);
    timings.restartAfterKill = await waitForHealth(server, port, since);
    const marks = phases(server, since, { staleFound: 'embedded PostgreSQL (pid', postgresUp: 'embedded PostgreSQL listening', nestStarting: 'Starting Nest application', listening: 'Khlang listening' });
    console.log(`reliability-crash: restart after SIGKILL took ${timings.restartAfterKill} ms (spawn → /health 200; first boot ${timings.firstBoot} ms); ms after spawn: ${JSON.stringify(marks)}`);
    if (!useUrl) {
      expect(logMessages(server)).toContain(`embedded PostgreSQL (pid ${stalePid}) left running by an earlier process: stopping it`);
      expect(alive(stalePid!)).toBe(false);
      expect(postmasterPid(dataDir)).not.toBe(stalePid);
    }
    const pass = useUrl ? '' : readFileSync(join(dataDir, 'pg-password'), 'utf8').trim();
    db = new pg.Client({ connectionString: databaseUrl ?? `postgres://khlang:${encodeURIComponent(pass)}@127.0.0.1:${pgPort}/khlang` });
    await db.connect();
  }, 90_000);

  it('every request answered 2xx before the kill is stored with its audit row; failed and unanswered ones wrote all or nothing', async () => {
    const items = (await db!.query(`SELECT id, description FROM items`)).rows;
    const events = (await db!.query(`SELECT id::text, item_id, note FROM custody_events WHERE note IS NOT NULL`)).rows;
    const audit = (await db!.query(`SELECT action, entity_id, after ->> 'eventId' AS event_id FROM audit_log WHERE station_id IS NOT NULL`)).rows;
    const count = <T>(rows: T[], text: (r: T) => string) => {
      const map = new Map<string, T[]>();
      for (const r of rows) {
        const tag = tagIn(text(r));
        if (tag) map.set(tag, [...(map.get(tag) ?? []), r]);
      }
      return map;
    };
    const itemsByTag = count(items, (r) => r.description);
    const eventsByTag = count(events, (r) => r.note);
    const problems: string[] = [];
    let committedUnanswered = 0;
    for (const r of load.log) {
      const rows = (r.kind === 'register' ? itemsByTag : eventsByTag).get(r.tag) ?? [];
      const expected = r.status === 0 ? [0, 1] : r.status < 300 ? [1] : [0];
      if (!expected.includes(rows.length)) problems.push(`${r.tag} (answer ${r.status || 'none'}): ${rows.length} rows`);
      if (r.status === 0 && rows.length) committedUnanswered++;
      const row = rows[0];
      if (!row) continue;
      if (r.status >= 200 && r.status < 300 && row.id !== String(r.kind === 'register' ? r.body.id : r.body.event?.id)) problems.push(`${r.tag}: answered ${JSON.stringify(r.body.id ?? r.body.event?.id)}, stored ${row.id}`);
      const audits = r.kind === 'register' ? audit.filter((a) => a.action === 'ITEM_REGISTERED' && a.entity_id === row.id) : audit.filter((a) => a.event_id === row.id && a.entity_id === row.item_id);
      if (audits.length !== 1) problems.push(`${r.tag}: ${audits.length} audit rows`);
    }
    console.log(`reliability-crash: ${load.log.filter((r) => r.status === 0).length} requests got no answer; ${committedUnanswered} of them had committed (whole) before the kill`);
    expect(problems).toEqual([]);
  });

  it('the chains verify, every audit row has its entity and every entity its rows, and each item is the replay of its events', async () => {
    for (const st of stations) {
      const verify = await must(port, 200, 'GET', '/api/audit-log/verify', st.tokens.clerk);
      expect({ station: st.code, ...verify }).toMatchObject({ station: st.code, ok: true, firstBadSeq: null });
    }
    expect(await must(port, 200, 'GET', '/api/audit-log/verify', adminToken)).toMatchObject({ ok: true, firstBadSeq: null });
    expect(await auditMismatches(db!)).toEqual([]);
    expect(await replayMismatches(db!)).toEqual([]);
  });

  it('item codes have no gaps, no counter ran ahead, and the next registration takes the next number', async () => {
    expect(await codeGaps(db!)).toEqual([]);
    const rnd = new Prng(SEED - 1);
    for (const st of stations) {
      const [{ last }] = (await db!.query(`SELECT coalesce(max(seq), 0)::int AS last FROM items WHERE station_id = $1 AND category = 'EVIDENCE'`, [st.id])).rows;
      const before = load.log.length;
      await load.register(st, rnd, 'after', true); // HIGH drugs: always EVIDENCE
      const [rec] = load.log.slice(before);
      expect(rec.status).toBe(201);
      expect(Number(rec.body.code.slice(-6))).toBe(last + 1);
    }
    expect(await codeGaps(db!)).toEqual([]);
  });

  it(`stops on SIGINT${useUrl ? '' : ' with its PostgreSQL'}: exit code 0, no postmaster.pid, no process, the ports free`, async () => {
    const pid = useUrl ? undefined : postmasterPid(dataDir);
    await db!.end();
    db = undefined;
    server.child.kill('SIGINT');
    expect(await waitForExit(server)).toEqual({ code: 0, signal: null });
    if (pid) expect(await waitGone(pid, 10_000)).toBe(true);
    if (stalePid) expect(alive(stalePid)).toBe(false);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(await portIsFree(port)).toBe(true);
    if (!useUrl) expect(await portIsFree(pgPort)).toBe(true);
  }, 40_000);
});
