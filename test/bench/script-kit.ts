/**
 * Scripted HTTP clients and bulk setup for the loans and arms-count benchmarks: each client has its own
 * token and its own list of requests, which the shared http-load worker (one body, one token) cannot do.
 */
import http from 'node:http';
import { type EventLoopUtilization, performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import pg from 'pg';
import { chainKeyOf } from '../../src/audit-log/audit-log.service.js';
import type { RequestContext } from '../../src/common/request-context.js';
import type { Role } from '../../src/common/roles.js';
import { buddhistYear } from '../../src/items/item-code.js';
import { CATEGORY_CODE, type ItemCategory, type ItemKind, riskClassOf } from '../../src/items/item.enums.js';
import type { UserView } from '../../src/users/users.dto.js';
import { UsersService } from '../../src/users/users.service.js';
import { actorOf, BENCH_PASSWORD, type BenchApp, type BenchStation, type LatencyStats, stats } from './app-kit.js';
// ---------------------------------------------------------------------------------------------------
// Scripted HTTP clients in a worker thread (also used by arms-count.bench.ts): each client has its own
// token and a list of rounds, each round a few requests made in order (issue then return of one loan,
// one scan). Closed loop: a client starts its next round as soon as the last one ends. The deadline is
// checked between rounds only, so a loan issued is always returned.
// ---------------------------------------------------------------------------------------------------

export interface ScriptStep {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  expect: number;
  /** Latencies are reported per tag (issue, return, scan…). */
  tag: string;
}

export interface ScriptClient {
  token: string;
  rounds: ScriptStep[][];
}

export interface ScriptRequest {
  port: number;
  clients: ScriptClient[];
  /** Rounds each client makes first and does not measure (connections opened, code paths warm). */
  warmupRounds: number;
  maxSeconds: number;
}

interface ScriptWorkerResult {
  seconds: number;
  rounds: number;
  failedRounds: number;
  roundLatencies: Float64Array;
  tags: Record<string, Float64Array>;
  errors: number;
  unexpected: Record<string, { count: number; sample: string }>;
  /** Rounds left unstarted (the deadline came first). */
  roundsLeft: number;
}

export interface ScriptResult {
  seconds: number;
  /** Rounds completed while measuring, and per second. */
  rounds: number;
  roundsPerSecond: number;
  failedRounds: number;
  roundsLeft: number;
  round: LatencyStats;
  byTag: Record<string, LatencyStats>;
  unexpected: Record<string, { count: number; sample: string }>;
  mainThreadBusy: number;
}

const WORKER_FLAG = 'khlangScriptedClients';
/** Only ever the local app. */
const HOST = '127.0.0.1';

async function runScript(req: ScriptRequest): Promise<ScriptWorkerResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: req.clients.length, maxFreeSockets: req.clients.length });
  const unexpected: ScriptWorkerResult['unexpected'] = {};
  const once = (token: string, step: ScriptStep) =>
    new Promise<void>((resolve, reject) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
      if (step.body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(step.body));
      }
      const r = http.request({ host: HOST, port: req.port, method: step.method, path: step.path, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode === step.expect) return resolve();
          const key = `${step.tag} ${res.statusCode}`;
          (unexpected[key] ??= { count: 0, sample: Buffer.concat(chunks).toString('utf8').slice(0, 500) }).count++;
          reject(new Error(`status ${res.statusCode}`));
        });
        res.on('error', reject);
      });
      r.on('error', reject);
      r.end(step.body);
    });

  const tags: Record<string, number[]> = {};
  const roundLatencies: number[] = [];
  let errors = 0;
  let failedRounds = 0;
  let measuring = false;
  const play = async (token: string, round: ScriptStep[]) => {
    const r0 = performance.now();
    for (const step of round) {
      const t0 = performance.now();
      try {
        await once(token, step);
      } catch {
        errors++;
        failedRounds++;
        return;
      }
      if (measuring) (tags[step.tag] ??= []).push(performance.now() - t0);
    }
    if (measuring) roundLatencies.push(performance.now() - r0);
  };

  const next = req.clients.map(() => 0);
  await Promise.all(
    req.clients.map(async (client, c) => {
      for (; next[c] < Math.min(req.warmupRounds, client.rounds.length); next[c]++) await play(client.token, client.rounds[next[c]]);
    }),
  );
  errors = 0;
  failedRounds = 0;
  for (const k of Object.keys(unexpected)) delete unexpected[k];
  measuring = true;
  parentPort?.postMessage('measuring');
  const started = performance.now();
  const deadline = started + req.maxSeconds * 1000;
  await Promise.all(
    req.clients.map(async (client, c) => {
      for (; next[c] < client.rounds.length && performance.now() < deadline; next[c]++) await play(client.token, client.rounds[next[c]]);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    seconds,
    rounds: roundLatencies.length,
    failedRounds,
    roundLatencies: Float64Array.from(roundLatencies),
    tags: Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, Float64Array.from(v)])),
    errors,
    unexpected,
    roundsLeft: req.clients.reduce((sum, client, c) => sum + client.rounds.length - next[c], 0),
  };
}

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[WORKER_FLAG]) {
  runScript(workerData as ScriptRequest).then(
    (result) => parentPort!.postMessage(result),
    (err) => {
      throw err;
    },
  );
}

/** Runs the scripted clients in a worker thread (its own event loop, so the client's work does not queue on the app's). */
export function scriptLoad(request: ScriptRequest): Promise<ScriptResult> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { ...request, [WORKER_FLAG]: true } });
    let settled = false;
    let elu: EventLoopUtilization = performance.eventLoopUtilization();
    worker.on('message', (message: ScriptWorkerResult | 'measuring') => {
      if (message === 'measuring') {
        elu = performance.eventLoopUtilization();
        return;
      }
      settled = true;
      const busy = performance.eventLoopUtilization(elu);
      const round = stats(message.roundLatencies, message.failedRounds, message.seconds);
      resolvePromise({
        seconds: +message.seconds.toFixed(2),
        rounds: message.rounds,
        roundsPerSecond: +(message.rounds / message.seconds).toFixed(1),
        failedRounds: message.failedRounds,
        roundsLeft: message.roundsLeft,
        round,
        byTag: Object.fromEntries(Object.entries(message.tags).map(([k, v]) => [k, stats(v, 0, message.seconds)])),
        unexpected: message.unexpected,
        mainThreadBusy: +busy.utilization.toFixed(2),
      });
      void worker.terminate();
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`scripted client worker exited with ${code}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Setup helpers shared with arms-count.bench.ts.
// ---------------------------------------------------------------------------------------------------

export interface BulkItems {
  category: ItemCategory;
  kind: ItemKind;
  description: string;
  unit: string;
  locationId: string;
  count: number;
  /** Firearms need a serial number (unique per station): this prefix and the item's sequence number. */
  serialPrefix?: string;
  details: Record<string, unknown>;
}

/**
 * Registers `count` items of one category and kind in one statement, as the owner: the code counter is
 * advanced by `count` and the items take the numbers after the old value, so codes stay gap-free and
 * consistent with item_code_counters (as item-fill.ts leaves them). Answers id and code in code order.
 */
export async function insertItems(owner: pg.Client, seed: BenchStation, spec: BulkItems): Promise<Array<{ id: string; code: string }>> {
  const yearBe = buddhistYear(new Date());
  const { rows } = await owner.query<{ id: string; code: string }>(
    `WITH counter AS (
       INSERT INTO item_code_counters (station_id, category_code, year_be, last_seq) VALUES ($1, $2, $3, $4)
       ON CONFLICT (station_id, category_code, year_be) DO UPDATE SET last_seq = item_code_counters.last_seq + $4
       RETURNING last_seq - $4 AS base
     )
     INSERT INTO items (station_id, code, year_be, seq, category, kind, risk_class, description, quantity, unit, serial_number, asset_number,
                        condition, status, location_id, details, registered_by)
     SELECT $1, $5 || '-' || $2 || lpad(($3 % 100)::text, 2, '0') || '-' || lpad((c.base + g)::text, 6, '0'), $3, c.base + g,
            $6::item_category, $7::item_kind, $8::risk_class, $9, 1, $10,
            CASE WHEN $11::text IS NULL THEN NULL ELSE $11 || lpad((c.base + g)::text, 6, '0') END,
            CASE WHEN $6 = 'PROPERTY' THEN '7440-001-' || lpad((c.base + g)::text, 6, '0') || '/' || $3 END,
            'GOOD', 'IN_STORAGE', $12, $13::jsonb, $14
     FROM counter c, generate_series(1, $4::int) g
     RETURNING id, code`,
    [
      seed.station.id,
      CATEGORY_CODE[spec.category],
      yearBe,
      spec.count,
      seed.station.code,
      spec.category,
      spec.kind,
      riskClassOf(spec.kind, []),
      spec.description,
      spec.unit,
      spec.serialPrefix ?? null,
      spec.locationId,
      JSON.stringify(spec.details),
      seed.users.CLERK!.id,
    ],
  );
  return rows.sort((a, b) => a.code.localeCompare(b.code));
}

/** Every (category, year) numbered 1..count with no gap, and its counter at count. */
export async function codesGapFree(owner: pg.Client, stationId: string): Promise<{ gapFree: boolean; sequences: Record<string, unknown>[] }> {
  const { rows } = await owner.query(
    `SELECT i.category::text AS category, i.year_be AS "yearBe", count(*)::int AS count, min(i.seq) AS "minSeq", max(i.seq) AS "maxSeq",
            count(DISTINCT i.code)::int AS codes, max(c.last_seq) AS counter
     FROM items i JOIN item_code_counters c ON c.station_id = i.station_id AND c.year_be = i.year_be
       AND c.category_code = substring(i.code from '-(..)[0-9]{2}-')
     WHERE i.station_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
    [stationId],
  );
  const gapFree = rows.every((s) => s.minSeq === 1 && s.maxSeq === s.count && s.codes === s.count && s.counter === s.count);
  return { gapFree, sequences: rows.map(({ codes: _codes, ...s }) => s) };
}

/** Station users made through UsersService (argon2 hashes at the app's cost), `parallel` at a time. */
export async function makeUsers(bench: BenchApp, seed: BenchStation, prefix: string, role: Role, count: number): Promise<UserView[]> {
  const users = bench.app.get(UsersService);
  const ctx: RequestContext = { actor: actorOf(seed.admin), requestId: 'bench-seed', clientIp: null };
  return mapLimit(Array.from({ length: count }, (_, i) => i), 4, (i) =>
    users.create(ctx, {
      username: `${seed.station.code.toLowerCase()}.${prefix}${String(i + 1).padStart(2, '0')}`,
      password: BENCH_PASSWORD,
      displayName: `เจ้าหน้าที่ทดสอบ ${i + 1}`,
      rank: 'ด.ต.',
      roles: [role],
      stationId: seed.station.id,
    }),
  );
}

export async function mapLimit<T, R>(values: T[], limit: number, fn: (value: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(values.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, values.length) }, async () => {
      while (next < values.length) {
        const i = next++;
        out[i] = await fn(values[i], i);
      }
    }),
  );
  return out;
}

export interface SentQuery {
  text: string;
  values: unknown[];
}

/**
 * Every SQL statement, with its parameters, this process sends while `fn` runs (pg.Client#query, which
 * TypeORM's driver and the bench's pools both use): the app's own SQL, to EXPLAIN exactly as it ran.
 */
export async function queriesOf<T>(fn: () => Promise<T>): Promise<{ result: T; queries: SentQuery[] }> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const queries: SentQuery[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0] as string | { text?: string; values?: unknown[] } | undefined;
    const text = typeof q === 'string' ? q : q?.text;
    const values = Array.isArray(args[1]) ? (args[1] as unknown[]) : typeof q === 'object' && Array.isArray(q?.values) ? q.values : [];
    if (text) queries.push({ text, values });
    return original.apply(this, args);
  };
  try {
    return { result: await fn(), queries };
  } finally {
    proto.query = original;
  }
}

/**
 * Every SQL statement this process sends while `fn` runs, shortened: run with the app otherwise idle,
 * it is what one request costs in round trips.
 */
export async function statementsOf<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const { result, queries } = await queriesOf(fn);
  return { result, statements: queries.map((q) => q.text.replace(/\s+/g, ' ').trim().slice(0, 120)) };
}

export const contextOf = (user: UserView, requestId: string): RequestContext => ({ actor: actorOf(user), requestId, clientIp: '127.0.0.1' });

/** The station chain's length: audit rows written between two readings. */
export async function chainLength(owner: pg.Client, stationId: string): Promise<number> {
  const { rows } = await owner.query('SELECT seq FROM audit_chain_heads WHERE chain_key = $1', [chainKeyOf(stationId)]);
  return rows.length ? Number(rows[0].seq) : 0;
}

/** GET /api/audit-log/verify as a station user, timed. */
export async function verifyOverHttp(bench: BenchApp, token: string): Promise<{ ok: boolean; entries: number; ms: number; body: unknown }> {
  const t0 = performance.now();
  const r = await fetch(`http://127.0.0.1:${bench.port}/api/audit-log/verify`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await r.json()) as { ok?: boolean; entries?: number };
  return { ok: r.status === 200 && body.ok === true, entries: body.entries ?? 0, ms: +(performance.now() - t0).toFixed(1), body };
}

