import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance as perfHooks } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { AuditLogService } from '../../src/audit-log/audit-log.service.js';
import { AuditsRepository, CANDIDATES_SQL, FINDINGS_SQL, SCAN_SUMMARIES_SQL } from '../../src/audits/audits.repository.js';
import { AuditsService } from '../../src/audits/audits.service.js';
import { WitnessService } from '../../src/auth/witness.service.js';
import { Role } from '../../src/common/roles.js';
import { buddhistYear } from '../../src/items/item-code.js';
import type { ItemCategory, ItemKind } from '../../src/items/item.enums.js';
import { BENCH_PASSWORD, ratio, seedStation, startBenchApp } from './app-kit.js';
import { benchDatabase, median } from './bench-kit.js';
import { codesGapFree, insertItems, makeUsers, verifyOverHttp } from './script-kit.js';

/** Items in the station, all EVIDENCE, all in the count (samplePercent 100). */
const ITEMS = Number(process.env.BENCH_AUDIT_ITEMS ?? 20_000);
/** Spread over these shelves, ITEMS / SHELVES.length on each. */
const SHELVES = ['R1-S1', 'R1-S2', 'R1-S3', 'R1-S4', 'R1-S5'];
/** Left unscanned on purpose: each must come out MISSING. */
const UNSCANNED = 50;
/** Scanned twice (a second scan row, duplicate = true): FOUND + DUPLICATE_SCAN. */
const DUPLICATES = 25;
/** Scanned on another shelf than the record's: FOUND + MISPLACED. */
const MISPLACED = 15;
/** Scanned with condition DAMAGED (the record says GOOD): FOUND + CONDITION_CHANGED. */
const CONDITION = 10;
const RUNS = Math.max(1, Number(process.env.BENCH_AUDIT_CLOSE_RUNS ?? 5));
/** An extra close (not measured) under the V8 CPU profiler; BENCH_AUDIT_CLOSE_PROFILE=0 skips it. */
const PROFILE = process.env.BENCH_AUDIT_CLOSE_PROFILE !== '0';
const RSS_SAMPLE_MS = 5;

interface ScanPlan {
  itemIds: string[];
  locationIds: string[];
  conditions: Array<string | null>;
  duplicate: boolean[];
  scannedBy: string[];
}

interface Span {
  name: string;
  start: number;
  end: number;
}

interface CloseAnswer {
  status: number;
  ms: number;
  bytes: number;
  startedAt: number;
  peakRss: number;
  rssBefore: number;
  rssSamples: number;
  findingsTotal: number;
  byType: Record<string, number>;
  missingCodes: string[];
  summary: unknown;
  errorSample: string | null;
}

interface BaselineRun {
  totalMs: number;
  statements: Record<string, number>;
  candidates: number;
  scanSummaries: number;
  findings: number;
  discrepancies: number;
}

interface CloseRun {
  run: number;
  closeMs: number;
  /** The app's main thread (Nest, TypeORM, pg driver, reconcile, JSON) busy during the close; the rest it waited on PostgreSQL. */
  mainThreadBusyMs: number;
  baselineMs: number;
  ratio: number;
  responseBytes: number;
  peakRssMB: number;
  rssBeforeMB: number;
  rssGrowthMB: number;
  rssSamples: number;
  findingsTotal: number;
  byType: Record<string, number>;
  incidentsCreated: number;
  incidentsByKind: Record<string, number>;
  checks: { findingsTotal: boolean; missing: boolean; missingCodes: boolean; found: boolean; incidents: boolean; ok: boolean };
  /** Where the close's time went, in ms from the HTTP request's start (the app's own methods, wrapped by the bench). */
  phases: Record<string, number>;
  baseline: BaselineRun;
  setup: { startMs: number; scansInsertMs: number; expected: number };
}

/**
 * The HTTP client of one close, in a worker thread (its own event loop, so neither its wait nor its
 * sampling queues on the app's main thread): POST /api/audits/:id/close, timed to the last byte of the
 * answer, while the process's RSS (app, PostgreSQL client, this worker: one process) is sampled every
 * few ms. Self-contained: it runs from its source text, with `require` of an eval'd worker.
 */
function closeClient(wt: typeof import('node:worker_threads')): void {
  const { url, token, body, sampleMs } = wt.workerData as { url: string; token: string; body: string; sampleMs: number };
  const run = async () => {
    // One request first, not timed: loads the worker's fetch and opens the keep-alive connection.
    await (await fetch(new URL('/health', url))).arrayBuffer();
    const rssBefore = process.memoryUsage.rss();
    let peakRss = rssBefore;
    let rssSamples = 0;
    const timer = setInterval(() => {
      const rss = process.memoryUsage.rss();
      if (rss > peakRss) peakRss = rss;
      rssSamples++;
    }, sampleMs);
    const startedAt = performance.timeOrigin + performance.now();
    const t0 = performance.now();
    try {
      const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
      const text = await res.text();
      const ms = performance.now() - t0;
      clearInterval(timer);
      const rss = process.memoryUsage.rss();
      if (rss > peakRss) peakRss = rss;
      let findingsTotal = 0;
      const byType: Record<string, number> = {};
      const missingCodes: string[] = [];
      let summary: unknown = null;
      let errorSample: string | null = null;
      if (res.status === 200) {
        const json = JSON.parse(text) as { findings: Array<{ type: string; code: string }>; summary: unknown };
        findingsTotal = json.findings.length;
        for (const f of json.findings) {
          byType[f.type] = (byType[f.type] ?? 0) + 1;
          if (f.type === 'MISSING') missingCodes.push(f.code);
        }
        summary = json.summary;
      } else errorSample = text.slice(0, 1000);
      return { status: res.status, ms, bytes: Buffer.byteLength(text), startedAt, peakRss, rssBefore, rssSamples, findingsTotal, byType, missingCodes: missingCodes.sort(), summary, errorSample };
    } finally {
      clearInterval(timer);
    }
  };
  run().then(
    (answer) => wt.parentPort!.postMessage(answer),
    (err: unknown) => wt.parentPort!.postMessage({ status: 0, ms: 0, bytes: 0, startedAt: 0, peakRss: 0, rssBefore: 0, rssSamples: 0, findingsTotal: 0, byType: {}, missingCodes: [], summary: null, errorSample: String(err) }),
  );
}

function closeOverHttp(port: number, auditId: string, token: string, body: unknown): Promise<CloseAnswer> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(`(${closeClient.toString()})(require('node:worker_threads'))`, {
      eval: true,
      workerData: { url: `http://127.0.0.1:${port}/api/audits/${auditId}/close`, token, body: JSON.stringify(body), sampleMs: RSS_SAMPLE_MS },
    });
    let settled = false;
    worker.once('message', (answer: CloseAnswer) => {
      settled = true;
      resolvePromise(answer);
      void worker.terminate();
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`close client exited with ${code}`));
    });
  });
}

/** Wraps the named async methods of a DI instance (own properties shadow the prototype's) to record when each call ran. */
function instrument(target: object, prefix: string, names: string[], spans: Span[]): void {
  const t = target as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of names) {
    const original = t[name];
    if (typeof original !== 'function') throw new Error(`${prefix}.${name} is not a method`);
    t[name] = async function (this: unknown, ...args: unknown[]) {
      const start = performance.timeOrigin + performance.now();
      try {
        return await original.apply(this, args);
      } finally {
        spans.push({ name: `${prefix}.${name}`, start, end: performance.timeOrigin + performance.now() });
      }
    };
  }
}

/**
 * The close's timeline from the spans: each wrapped call's duration (calls of one name summed), the JS
 * between reading the scans and writing the findings (reconcile() and its filter), and what lies
 * outside AuditsService.close (guard, validation, JSON of the answer, sending it).
 */
function phasesOf(spans: Span[], answer: CloseAnswer): Record<string, number> {
  const r = (v: number) => +v.toFixed(1);
  const phases: Record<string, number> = {};
  const ordered = [...spans].sort((a, b) => a.start - b.start);
  for (const s of ordered) {
    const key = `${s.name}${ordered.filter((o) => o.name === s.name).length > 1 ? ' (all calls)' : ''}`;
    phases[key] = r((phases[key] ?? 0) + s.end - s.start);
  }
  const summaries = ordered.find((s) => s.name === 'repo.scanSummaries');
  const insert = ordered.find((s) => s.name === 'repo.insertFindings');
  if (summaries && insert) phases['js: reconcile() between scanSummaries and insertFindings'] = r(insert.start - summaries.end);
  const service = ordered.find((s) => s.name === 'service.close');
  if (service) {
    phases['http: request start → service.close (guard, pipes)'] = r(service.start - answer.startedAt);
    phases['http: service.close end → last byte at the client (serialise, send)'] = r(answer.startedAt + answer.ms - service.end);
    const last = ordered.filter((s) => s.name !== 'service.close' && s.end <= service.end).reduce((m, s) => Math.max(m, s.end), service.start);
    phases['db: after the last wrapped call → service.close end (commit)'] = r(service.end - last);
  }
  return phases;
}

async function incidentCounts(port: number, token: string): Promise<{ open: number; resolved: number; openByKind: Record<string, number> }> {
  const r = await fetch(`http://127.0.0.1:${port}/api/incidents/counts`, { headers: { authorization: `Bearer ${token}` } });
  if (r.status !== 200) throw new Error(`GET /api/incidents/counts: ${r.status} ${await r.text()}`);
  return (await r.json()) as { open: number; resolved: number; openByKind: Record<string, number> };
}

/**
 * The monthly evidence count's close over ITEMS evidence items (all of them in the count:
 * samplePercent 100), ITEMS − UNSCANNED scanned, through the HTTP app. Setup (not timed): the items
 * bulk-inserted (gap-free codes) over five shelves, the count started over HTTP, its scans
 * bulk-inserted into audit_scans as the owner (one per scanned item, by two counters, on the item's
 * shelf; DUPLICATES scanned twice, MISPLACED on another shelf, CONDITION seen DAMAGED). Timed: POST
 * /api/audits/:id/close by a counter with a countersigner who did not count (argon2 re-authentication
 * included), on a fresh count each run. Baseline in the same run, on the same count just before the
 * app closes it: the close as bare SQL over one pg connection (the app's candidate and scan-summary
 * queries, then the findings as one INSERT … SELECT and the discrepancies as another, into scratch
 * tables shaped like audit_findings and discrepancies), in one transaction.
 */
export async function auditCloseBench(): Promise<Record<string, unknown>> {
  const loadBefore = loadavg();
  const db = await benchDatabase();
  const bench = await startBenchApp(db.url);
  const owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  // The baseline acts as the application role, as the app does.
  const bare = new pg.Client({ connectionString: db.url, options: '-c role=khlang_app' });
  await bare.connect();
  try {
    const setupStarted = performance.now();
    const seed = await seedStation(bench.app, 'PTW');
    const stationId = seed.station.id;
    const counters = await makeUsers(bench, seed, 'counter', Role.CLERK, 2);
    const closerToken = await bench.token(counters[0]);
    const commanderToken = await bench.token(seed.users.COMMANDER!);
    const witness = seed.users.SUPERVISOR!;
    const shelves = SHELVES.map((code) => seed.locations[code]);

    // The store: ITEMS evidence items, one insertItems per shelf (codes gap-free across them). Evidence
    // must carry a case number (ck_items_evidence_case) and insertItems does not set one: for these
    // inserts only, case_number and seal_number take a column default (8 items per case, one seal each).
    const yearBe = buddhistYear(new Date());
    await owner.query(`CREATE SEQUENCE bench_case_seq; CREATE SEQUENCE bench_seal_seq`);
    await owner.query(
      `ALTER TABLE items ALTER COLUMN case_number SET DEFAULT ((nextval('bench_case_seq') - 1) / 8 + 1)::text || '/${yearBe}',
                         ALTER COLUMN seal_number SET DEFAULT 'ซล.' || lpad(nextval('bench_seal_seq')::text, 7, '0')`,
    );
    const items: Array<{ id: string; code: string; locationId: string }> = [];
    for (let s = 0; s < shelves.length; s++) {
      const count = Math.floor(ITEMS / shelves.length) + (s < ITEMS % shelves.length ? 1 : 0);
      const rows = await insertItems(owner, seed, {
        category: 'EVIDENCE' as ItemCategory,
        kind: 'electronics' as ItemKind,
        description: `โทรศัพท์มือถือ ยี่ห้อ Samsung รุ่น Galaxy A${s + 1}4 สีดำ พร้อมซิมการ์ด (ของกลางคดีลักทรัพย์)`,
        unit: 'เครื่อง',
        locationId: shelves[s].id,
        count,
        details: { caseNumber: `${100 + s}/2568`, offence: 'ลักทรัพย์' },
      });
      items.push(...rows.map((r) => ({ ...r, locationId: shelves[s].id })));
    }
    await owner.query(`ALTER TABLE items ALTER COLUMN case_number DROP DEFAULT, ALTER COLUMN seal_number DROP DEFAULT`);
    await owner.query(`DROP SEQUENCE bench_case_seq; DROP SEQUENCE bench_seal_seq`);
    items.sort((a, b) => a.code.localeCompare(b.code));
    await owner.query('VACUUM ANALYZE items');
    const codes = await codesGapFree(owner, stationId);
    if (!codes.gapFree) throw new Error(`item codes are not gap-free: ${JSON.stringify(codes.sequences)}`);

    // Who is scanned how: the unscanned spread over the store, the extras spread over the scanned, disjoint.
    const spread = (n: number, of: number, offset = 0) => Array.from({ length: n }, (_, k) => Math.floor(((k + 0.5 + offset) * of) / n));
    const skip = new Set(spread(UNSCANNED, items.length));
    const unscanned = items.filter((_, i) => skip.has(i));
    const scanned = items.filter((_, i) => !skip.has(i));
    const extras = spread(DUPLICATES + MISPLACED + CONDITION, scanned.length, 0.25);
    const duplicated = new Set(extras.slice(0, DUPLICATES));
    const misplaced = new Set(extras.slice(DUPLICATES, DUPLICATES + MISPLACED));
    const damaged = new Set(extras.slice(DUPLICATES + MISPLACED));
    const otherShelf = (locationId: string) => shelves[(shelves.findIndex((l) => l.id === locationId) + 1) % shelves.length].id;
    const plan: ScanPlan = { itemIds: [], locationIds: [], conditions: [], duplicate: [], scannedBy: [] };
    scanned.forEach((it, i) => {
      plan.itemIds.push(it.id);
      plan.locationIds.push(misplaced.has(i) ? otherShelf(it.locationId) : it.locationId);
      plan.conditions.push(damaged.has(i) ? 'DAMAGED' : null);
      plan.duplicate.push(false);
      plan.scannedBy.push(counters[i % counters.length].id);
    });
    // The second scans come at the end of the count, as a counter going back over a shelf would make them.
    scanned.forEach((it, i) => {
      if (!duplicated.has(i)) return;
      plan.itemIds.push(it.id);
      plan.locationIds.push(it.locationId);
      plan.conditions.push(null);
      plan.duplicate.push(true);
      plan.scannedBy.push(counters[(i + 1) % counters.length].id);
    });
    const expectFindings = { FOUND: scanned.length, MISSING: UNSCANNED, DUPLICATE_SCAN: DUPLICATES, MISPLACED, CONDITION_CHANGED: CONDITION };
    const expectTotal = Object.values(expectFindings).reduce((a, b) => a + b, 0);
    const expectIncidents = expectTotal - scanned.length;
    const unscannedCodes = unscanned.map((u) => u.code).sort();

    // Scratch tables for the baseline, shaped like audit_findings and discrepancies (indexes, defaults, checks and foreign keys).
    await owner.query(`CREATE TABLE bench_findings (LIKE audit_findings INCLUDING ALL)`);
    await owner.query(`ALTER TABLE bench_findings ADD FOREIGN KEY (station_id) REFERENCES stations(id), ADD FOREIGN KEY (audit_id) REFERENCES audit_sessions(id), ADD FOREIGN KEY (item_id) REFERENCES items(id)`);
    await owner.query(`CREATE TABLE bench_discrepancies (LIKE discrepancies INCLUDING ALL)`);
    await owner.query(
      `ALTER TABLE bench_discrepancies ADD FOREIGN KEY (station_id) REFERENCES stations(id), ADD FOREIGN KEY (audit_id) REFERENCES audit_sessions(id),
         ADD FOREIGN KEY (item_id) REFERENCES items(id), ADD FOREIGN KEY (reported_by) REFERENCES users(id)`,
    );
    await owner.query(`GRANT SELECT, INSERT ON bench_findings, bench_discrepancies TO khlang_app`);
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    console.log(
      `audit-close: setup ${setupSeconds.toFixed(1)} s: ${items.length} evidence items on ${shelves.length} shelves; per count ${scanned.length} scanned (${plan.itemIds.length} scan rows: ` +
        `${DUPLICATES} scanned twice, ${MISPLACED} on another shelf, ${CONDITION} seen DAMAGED), ${UNSCANNED} left unscanned`,
    );

    // The app's close, timed by phase: wrappers on the DI instances (the controller and the service hold these same objects).
    const spans: Span[] = [];
    instrument(bench.app.get(AuditsService), 'service', ['close'], spans);
    instrument(bench.app.get(WitnessService), 'witness', ['verify'], spans);
    instrument(bench.app.get(AuditsRepository), 'repo', ['lock', 'scannerIds', 'candidates', 'scanSummaries', 'insertFindings', 'insertDiscrepancies', 'tally', 'update', 'list', 'findings'], spans);
    instrument(bench.app.get(AuditLogService), 'auditLog', ['append'], spans);

    const base = `http://127.0.0.1:${bench.port}`;
    /** A fresh count: started over HTTP (all ITEMS expected), its scans bulk-inserted as the owner. */
    const freshCount = async () => {
      const t0 = performance.now();
      const r = await fetch(`${base}/api/audits`, {
        method: 'POST',
        headers: { authorization: `Bearer ${closerToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'MONTHLY_EVIDENCE', samplePercent: 100 }),
      });
      const started = (await r.json()) as Record<string, any>;
      const startMs = performance.now() - t0;
      if (r.status !== 201) throw new Error(`start failed: ${r.status} ${JSON.stringify(started)}`);
      if (started.tally?.expected !== items.length || started.sample !== null) throw new Error(`expected ${items.length} items, no sample; the count says ${JSON.stringify(started.tally)}, sample ${JSON.stringify(started.sample)}`);
      const t1 = performance.now();
      const inserted = await owner.query(
        `INSERT INTO audit_scans (station_id, audit_id, item_id, location_id, condition, seal_seen, duplicate, scanned_by, at)
         SELECT $1, $2, s.item_id, s.location_id, s.condition::item_condition, NULL, s.duplicate, s.scanned_by,
                now() - (($7::int - s.ord) * interval '150 milliseconds')
         FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::boolean[], $8::uuid[]) WITH ORDINALITY AS s(item_id, location_id, condition, duplicate, scanned_by, ord)
         ORDER BY s.ord`,
        [stationId, started.id, plan.itemIds, plan.locationIds, plan.conditions, plan.duplicate, plan.itemIds.length, plan.scannedBy],
      );
      if (inserted.rowCount !== plan.itemIds.length) throw new Error(`inserted ${inserted.rowCount} scans of ${plan.itemIds.length}`);
      // In a real count the scans arrive over an hour and autovacuum has analysed the table by the close.
      await owner.query('ANALYZE audit_scans');
      return { auditId: started.id as string, startMs, scansInsertMs: performance.now() - t1, expected: started.tally.expected as number };
    };

    /** The close as bare SQL on one connection, in one transaction: what the database must do at the least. */
    const baselineClose = async (auditId: string): Promise<BaselineRun> => {
      const statements: Record<string, number> = {};
      const timed = async <T extends pg.QueryResultRow>(name: string, text: string, params: unknown[] = []) => {
        const t0 = performance.now();
        const result = await bare.query<T>(text, params);
        statements[name] = +(performance.now() - t0).toFixed(1);
        return result;
      };
      const t0 = performance.now();
      await timed('begin', 'BEGIN');
      await timed('lock', 'SELECT * FROM audit_sessions WHERE id = $1 AND station_id = $2 FOR UPDATE', [auditId, stationId]);
      const candidates = await timed('candidates (the app’s query)', CANDIDATES_SQL, [auditId]);
      const summaries = await timed('scan summaries (the app’s query)', SCAN_SUMMARIES_SQL, [auditId]);
      const findings = await timed('INSERT … SELECT findings', BASELINE_FINDINGS_SQL, [auditId, stationId]);
      const discrepancies = await timed('INSERT … SELECT discrepancies', BASELINE_DISCREPANCIES_SQL, [auditId, stationId, counters[0].id]);
      await timed('commit', 'COMMIT');
      return { totalMs: +(performance.now() - t0).toFixed(1), statements, candidates: candidates.rowCount ?? 0, scanSummaries: summaries.rowCount ?? 0, findings: findings.rowCount ?? 0, discrepancies: discrepancies.rowCount ?? 0 };
    };

    const closeBody = { witness: { username: witness.username, password: BENCH_PASSWORD }, note: 'ตรวจนับของกลางประจำเดือน' };
    const gc = (globalThis as { gc?: () => void }).gc;
    const oneRun = async (run: number): Promise<CloseRun> => {
      const fresh = await freshCount();
      const before = await incidentCounts(bench.port, commanderToken);
      const baseline = await baselineClose(fresh.auditId);
      gc?.();
      spans.length = 0;
      const elu = perfHooks.eventLoopUtilization();
      const answer = await closeOverHttp(bench.port, fresh.auditId, closerToken, closeBody);
      const busy = perfHooks.eventLoopUtilization(elu);
      if (answer.status !== 200) throw new Error(`close failed: ${answer.status} ${answer.errorSample}`);
      const phases = phasesOf(spans, answer);
      const after = await incidentCounts(bench.port, commanderToken);
      const incidentsByKind: Record<string, number> = {};
      for (const [kind, n] of Object.entries(after.openByKind)) if (n - (before.openByKind[kind] ?? 0)) incidentsByKind[kind] = n - (before.openByKind[kind] ?? 0);
      const incidentsCreated = after.open + after.resolved - before.open - before.resolved;
      const discrepant = answer.findingsTotal - (answer.byType.FOUND ?? 0) - (answer.byType.AWAY ?? 0);
      const checks = {
        findingsTotal: answer.findingsTotal === expectTotal && JSON.stringify(sortKeys(answer.byType)) === JSON.stringify(sortKeys(expectFindings)) && baseline.findings === expectTotal,
        missing: answer.byType.MISSING === UNSCANNED,
        missingCodes: JSON.stringify(answer.missingCodes) === JSON.stringify(unscannedCodes),
        found: answer.byType.FOUND === scanned.length,
        incidents: incidentsCreated === discrepant && incidentsCreated === expectIncidents && baseline.discrepancies === expectIncidents,
        ok: false,
      };
      checks.ok = checks.findingsTotal && checks.missing && checks.missingCodes && checks.found && checks.incidents;
      const mb = (b: number) => +(b / 1048576).toFixed(1);
      const result: CloseRun = {
        run,
        closeMs: +answer.ms.toFixed(1),
        mainThreadBusyMs: +busy.active.toFixed(1),
        baselineMs: baseline.totalMs,
        ratio: ratio(answer.ms, baseline.totalMs),
        responseBytes: answer.bytes,
        peakRssMB: mb(answer.peakRss),
        rssBeforeMB: mb(answer.rssBefore),
        rssGrowthMB: mb(answer.peakRss - answer.rssBefore),
        rssSamples: answer.rssSamples,
        findingsTotal: answer.findingsTotal,
        byType: sortKeys(answer.byType),
        incidentsCreated,
        incidentsByKind: sortKeys(incidentsByKind),
        checks,
        phases,
        baseline,
        setup: { startMs: +fresh.startMs.toFixed(1), scansInsertMs: +fresh.scansInsertMs.toFixed(1), expected: fresh.expected },
      };
      if (!checks.ok) {
        throw new Error(
          `close ${run} does not add up: ${JSON.stringify(checks)}; findings ${JSON.stringify(answer.byType)} = ${answer.findingsTotal} (expected ${JSON.stringify(expectFindings)} = ${expectTotal}); ` +
            `incidents +${incidentsCreated} ${JSON.stringify(incidentsByKind)} (expected ${expectIncidents}); baseline ${baseline.findings} findings, ${baseline.discrepancies} discrepancies; missing ${answer.missingCodes.slice(0, 5).join(', ')}…`,
        );
      }
      return result;
    };
    const line = (r: CloseRun) =>
      `close ${r.closeMs} ms (app main thread busy ${r.mainThreadBusyMs} ms; bare SQL ${r.baselineMs} ms, ×${r.ratio}), peak RSS ${r.peakRssMB} MB (+${r.rssGrowthMB} MB), answer ${(r.responseBytes / 1048576).toFixed(1)} MB; ` +
      `findings ${JSON.stringify(r.byType)} = ${r.findingsTotal}, incidents +${r.incidentsCreated}`;

    // Warm-up (reported, not in the median): the first close after start-up, cold code paths.
    const warm = await oneRun(0);
    console.log(`audit-close warm-up: ${line(warm)}`);
    const runs: CloseRun[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const r = await oneRun(run);
      runs.push(r);
      console.log(`audit-close run ${run}/${RUNS}: ${line(r)}`);
    }
    const medianRun = [...runs].sort((a, b) => a.closeMs - b.closeMs)[Math.floor((runs.length - 1) / 2)];
    console.log(`audit-close: phases of the median run (${medianRun.run}), ms: ${JSON.stringify(medianRun.phases)}`);

    // Where the database spends the candidate query's time, on the last count.
    const lastAudit = (await owner.query(`SELECT id FROM audit_sessions WHERE status = 'CLOSED' ORDER BY closed_at DESC LIMIT 1`)).rows[0].id as string;
    const explain = async (sql: string, params: unknown[]) => (await owner.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows.map((r) => r['QUERY PLAN'] as string);
    const explainCandidates = await explain(CANDIDATES_SQL, [lastAudit]);
    const explainFindings = await explain(FINDINGS_SQL, [lastAudit]);
    console.log(`audit-close: EXPLAIN ANALYZE candidates: ${explainCandidates.at(-1)}; findings read-back: ${explainFindings.at(-1)}`);

    // Why writing 20,000 findings is slow: the same INSERT … SELECT into the app's table, into the
    // scratch table (same foreign keys) and into one without foreign keys, each rolled back.
    await owner.query(`CREATE TABLE bench_findings_nofk (LIKE audit_findings INCLUDING ALL)`);
    const explainInsert: Record<string, string[]> = {};
    for (const table of ['audit_findings', 'bench_findings', 'bench_findings_nofk']) {
      await owner.query('BEGIN');
      try {
        explainInsert[table] = await explain(BASELINE_FINDINGS_SQL.replace('INSERT INTO bench_findings ', `INSERT INTO ${table} `), [lastAudit, stationId]);
      } finally {
        await owner.query('ROLLBACK');
      }
      console.log(`audit-close: EXPLAIN ANALYZE INSERT … SELECT of the findings into ${table}: ${explainInsert[table].filter((l) => /Trigger|Execution Time|^Insert/.test(l)).join('; ')}`);
    }
    const pgSettings = Object.fromEntries(
      (await owner.query(`SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'synchronous_commit', 'fsync', 'wal_level', 'max_wal_size', 'checkpoint_timeout', 'jit', 'server_version')`)).rows.map((r) => [r.name, r.unit ? `${r.setting} ${r.unit}` : r.setting]),
    );

    // An extra close under the V8 CPU profiler (not measured): where the app's main thread spends it.
    let profile: Record<string, unknown> | null = null;
    if (PROFILE) {
      const fresh = await freshCount();
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
      const answer = await closeOverHttp(bench.port, fresh.auditId, closerToken, closeBody);
      const { profile: cpu } = await session.post('Profiler.stop');
      session.disconnect();
      if (answer.status !== 200) throw new Error(`profiled close failed: ${answer.status} ${answer.errorSample}`);
      const file = resolve('bench-results', `audit-close-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
      writeFileSync(file, JSON.stringify(cpu));
      profile = { closeMsUnderProfiler: +answer.ms.toFixed(1), file, ...summariseProfile(cpu as unknown as CpuProfile) };
      console.log(`audit-close: CPU profile of one close (${answer.ms.toFixed(0)} ms under the profiler) → ${file}`);
    }

    const verify = await verifyOverHttp(bench, commanderToken);
    if (!verify.ok) throw new Error(`audit chain does not verify after the run: ${JSON.stringify(verify.body)}`);

    const closeMedian = median(runs.map((r) => r.closeMs));
    const baselineMedian = median(runs.map((r) => r.baselineMs));
    const candidatesMedian = median(runs.map((r) => r.phases['repo.candidates'] ?? NaN));
    const bareCandidatesMedian = median(runs.map((r) => r.baseline.statements['candidates (the app’s query)']));
    console.log(
      `audit-close: median close ${closeMedian} ms over ${runs.length} runs (${runs.map((r) => r.closeMs).join(', ')}); bare SQL median ${baselineMedian} ms; ratio ×${ratio(closeMedian, baselineMedian)}; ` +
        `peak RSS ${Math.max(...runs.map((r) => r.peakRssMB))} MB`,
    );
    return {
      bench: 'monthly evidence count: close',
      items: items.length,
      scanned: scanned.length,
      scanRows: plan.itemIds.length,
      leftUnscanned: UNSCANNED,
      extras: { duplicates: DUPLICATES, misplaced: MISPLACED, conditionChanged: CONDITION },
      expected: { findings: sortKeys(expectFindings), findingsTotal: expectTotal, incidents: expectIncidents },
      runs: runs.length,
      closeMs: { median: closeMedian, runs: runs.map((r) => r.closeMs), warmup: warm.closeMs },
      appMainThreadBusyMs: { median: median(runs.map((r) => r.mainThreadBusyMs)), runs: runs.map((r) => r.mainThreadBusyMs) },
      baselineBareSqlMs: { median: baselineMedian, runs: runs.map((r) => r.baselineMs) },
      ratios: {
        'app close / bare SQL close (medians)': ratio(closeMedian, baselineMedian),
        'app candidates() / bare candidate query (medians)': ratio(candidatesMedian, bareCandidatesMedian),
      },
      peakRssMB: { max: Math.max(...runs.map((r) => r.peakRssMB)), runs: runs.map((r) => r.peakRssMB), growthDuringCloseMB: runs.map((r) => r.rssGrowthMB), sampledEveryMs: RSS_SAMPLE_MS },
      responseMB: +(medianRun.responseBytes / 1048576).toFixed(2),
      medianRunPhasesMs: medianRun.phases,
      perRun: [warm, ...runs],
      explainCandidates,
      explainFindingsReadBack: explainFindings,
      explainFindingsInsert: explainInsert,
      pgSettings,
      profile,
      client: 'node fetch in a worker thread (closes in order, one at a time); close by a counter, countersigned by a supervisor who did not count (argon2 re-authentication inside the timed request)',
      baselineWhat:
        'bare pg as khlang_app, one connection, one transaction: lock the session, the app’s candidate query and scan-summary query (rows fetched), the findings as one INSERT … SELECT computed in SQL (FOUND/MISSING/MISPLACED/CONDITION_CHANGED/DUPLICATE_SCAN: all this data needs) and the discrepancies as another, into scratch tables shaped like audit_findings and discrepancies, COMMIT',
      poolSize: bench.config.dbPoolSize,
      argon2: bench.config.passwordHash,
      afterRun: { verify: { ok: verify.ok, entries: verify.entries, ms: verify.ms } },
      setup: { seconds: +setupSeconds.toFixed(1), codes },
      machine: { cores: availableParallelism(), loadAverageBefore: loadBefore.map((l) => +l.toFixed(2)), loadAverageAfter: loadavg().map((l) => +l.toFixed(2)) },
    };
  } finally {
    await bare.end();
    await owner.end();
    await bench.close();
    await db.close();
  }
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Self time by function (name, file, line), the top ones, and self time by package or src/ file. */
function summariseProfile(cpu: CpuProfile): Record<string, unknown> {
  const byNode = new Map(cpu.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  cpu.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (cpu.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  const where = (url: string) => {
    if (!url) return '(native/vm)';
    const nm = url.lastIndexOf('node_modules/');
    if (nm >= 0) {
      const rest = url.slice(nm + 'node_modules/'.length).split('/');
      return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    }
    const dist = url.indexOf('/dist/');
    return dist >= 0 ? url.slice(dist + 6) : url.replace(/^file:\/\//, '');
  };
  for (const [id, us] of selfUs) {
    const n = byNode.get(id)!;
    const name = n.callFrame.functionName || '(anonymous)';
    const key = `${name} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const mod = ['(idle)', '(program)', '(garbage collector)'].includes(name) ? name : where(n.callFrame.url);
    byModule.set(mod, (byModule.get(mod) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) =>
    Object.fromEntries([...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => [k, +(us / 1000).toFixed(1)]));
  return { profiledMs: +((cpu.endTime - cpu.startTime) / 1000).toFixed(1), selfMsByModule: top(byModule, 15), selfMsTopFunctions: top(byFunction, 25) };
}



/**
 * reconcile() as one INSERT … SELECT, for what this data holds (every item in scope and IN_STORAGE, no
 * loans): FOUND or MISSING per item in scope, and MISPLACED, CONDITION_CHANGED, DUPLICATE_SCAN from its
 * scans (first scan's location and condition, as scanSummaries reads them).
 */
const BASELINE_FINDINGS_SQL = `WITH scans AS (
    SELECT item_id, (array_agg(location_id ORDER BY id))[1] AS location_id, (array_agg(condition ORDER BY id))[1] AS condition, count(*) AS times
    FROM audit_scans WHERE audit_id = $1 GROUP BY item_id
  ), scope AS (
    SELECT i.id, i.location_id, i.condition FROM audit_sessions a JOIN items i ON i.station_id = a.station_id
    WHERE a.id = $1 AND (i.category = a.category OR a.category IS NULL) AND i.status <> 'DISPOSED'
  )
  INSERT INTO bench_findings (station_id, audit_id, item_id, type, detail, condition_seen)
  SELECT $2, $1, c.id, f.type::audit_finding_type, f.detail, f.condition_seen
  FROM scope c LEFT JOIN scans s ON s.item_id = c.id
  CROSS JOIN LATERAL (VALUES
    (CASE WHEN s.item_id IS NULL THEN 'MISSING' ELSE 'FOUND' END, CASE WHEN s.item_id IS NULL THEN 'ทะเบียนระบุว่าอยู่ในคลัง แต่ไม่ได้ถูกสแกน' END, s.condition),
    (CASE WHEN s.location_id IS NOT NULL AND s.location_id IS DISTINCT FROM c.location_id THEN 'MISPLACED' END, 'สแกนพบที่สถานที่เก็บอื่นซึ่งไม่ตรงกับทะเบียน', NULL),
    (CASE WHEN s.condition IS NOT NULL AND s.condition <> c.condition THEN 'CONDITION_CHANGED' END, 'ทะเบียน ' || c.condition || ' พบ ' || s.condition, NULL),
    (CASE WHEN s.times > 1 THEN 'DUPLICATE_SCAN' END, 'สแกน ' || s.times || ' ครั้ง', NULL)
  ) AS f(type, detail, condition_seen)
  WHERE f.type IS NOT NULL`;

const BASELINE_DISCREPANCIES_SQL = `INSERT INTO bench_discrepancies (station_id, audit_id, item_id, kind, note, reported_by)
  SELECT $2, $1, f.item_id, f.type::text::discrepancy_kind, f.detail, $3 FROM bench_findings f WHERE f.audit_id = $1 AND f.type NOT IN ('FOUND', 'AWAY')`;
