import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import pg from 'pg';
import { AuditLogService } from '../../src/audit-log/audit-log.service.js';
import { type BenchStation, fmt, httpLoad, ratio, seedStation, startBenchApp } from './app-kit.js';
import { benchDatabase, median, profiled } from './bench-kit.js';
import { fillItems } from './item-fill.js';

const STATIONS = 20;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ITEMS_PER_STATION = 400;
const TARGET_PER_SECOND = 300;

/** A pgbench run on the bench's server: TPC-B-like transactions per second, excluding connection time. */
function pgbench(serverUrl: string, database: string, args: string[]): { tps: number; latencyMs: number; output: string } {
  const url = new URL(serverUrl);
  const env = { ...process.env, PGHOST: url.hostname, PGPORT: url.port || '5432', PGUSER: decodeURIComponent(url.username), PGPASSWORD: decodeURIComponent(url.password), PGDATABASE: database };
  const result = spawnSync('pgbench', args, { env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`pgbench ${args.join(' ')} failed: ${result.stderr}`);
  const output = `${result.stdout}${result.stderr}`;
  const tps = Number(/tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)/.exec(output)?.[1]);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(output)?.[1]);
  return { tps, latencyMs, output };
}

/**
 * Audited custody writes per second through the real HTTP app: CLIENTS clients posting condition checks
 * (POST /api/items/:id/events, NORMAL items, no witness), each write one transaction of the item's
 * update, its custody event and its audit-log row. Once with every client at one station (one audit
 * chain: its head row serialises the commits), once with the clients spread over 20 stations (20
 * chains). Baseline in the same run on the same server with the same number of clients: pgbench's
 * TPC-B-like transaction, at scale 1 (one branch row every transaction updates: one serialising row, as
 * one station's chain head) and at scale 20 (20 branches, as 20 stations).
 */
export async function custodyWritesBench(): Promise<Record<string, unknown>> {
  const loadBefore = loadavg();
  const db = await benchDatabase();
  const bench = await startBenchApp(db.url);
  const owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  const pgbenchDb = `${new URL(db.url).pathname.slice(1)}_pgbench`;
  try {
    const stations: BenchStation[] = [];
    for (let s = 0; s < STATIONS; s++) {
      stations.push(await seedStation(bench.app, `W${String(s).padStart(2, '0')}`, { admin: stations[0]?.admin, nameTh: `สถานีทดสอบการเขียน ${s + 1}`, nameEn: `Write bench ${s + 1}` }));
    }
    const clients: { token: string; paths: string[] }[] = [];
    for (const station of stations) {
      await fillItems(owner, station, ITEMS_PER_STATION, 2569);
      const { rows } = await owner.query(
        `SELECT id FROM items WHERE station_id = $1 AND status = 'IN_STORAGE' AND risk_class = 'NORMAL' ORDER BY code LIMIT 200`,
        [station.station.id],
      );
      clients.push({ token: await bench.token(station.users.CLERK!), paths: rows.map((r: { id: string }) => `/api/items/${r.id}/events`) });
    }
    const body = JSON.stringify({ type: 'CONDITION_CHECK', condition: 'GOOD', note: 'ตรวจสภาพประจำสัปดาห์ (benchmark)' });
    const load = (spread: typeof clients) =>
      httpLoad({ port: bench.port, method: 'POST', paths: [], token: '', clients: spread, body, concurrency: CLIENTS, maxSeconds: SECONDS, maxRequests: 200_000, warmupRequests: CLIENTS * 2, expectStatus: 201 });

    await owner.query(`DROP DATABASE IF EXISTS "${pgbenchDb}"`);
    await owner.query(`CREATE DATABASE "${pgbenchDb}"`);
    const init = (scale: number) => pgbench(db.serverUrl, pgbenchDb, ['-i', '-q', '-s', String(scale)]);
    const run = () => pgbench(db.serverUrl, pgbenchDb, ['-c', String(CLIENTS), '-j', '2', '-T', String(SECONDS), '-M', 'prepared']);

    const rounds: Record<string, number[]>[] = [];
    const last: Record<string, unknown> = {};
    if (process.env.BENCH_PROFILE) await profiled(process.env.BENCH_PROFILE, () => load([clients[0]]));
    for (let r = 0; r < ROUNDS; r++) {
      const oneStation = await load([clients[0]]);
      const twentyStations = await load(clients);
      init(1);
      const pgbench1 = run();
      init(STATIONS);
      const pgbench20 = run();
      rounds.push({
        appOneStation: [oneStation.stats.perSecond],
        appTwentyStations: [twentyStations.stats.perSecond],
        pgbenchScale1: [pgbench1.tps],
        pgbenchScale20: [pgbench20.tps],
      });
      Object.assign(last, { oneStation: oneStation.stats, twentyStations: twentyStations.stats, unexpected: { ...oneStation.unexpected, ...twentyStations.unexpected }, pgbench1: { tps: pgbench1.tps, latencyMs: pgbench1.latencyMs }, pgbench20: { tps: pgbench20.tps, latencyMs: pgbench20.latencyMs } });
      console.log(
        `custody writes round ${r + 1}: 1 station ${fmt(oneStation.stats)}; 20 stations ${fmt(twentyStations.stats)}; pgbench s=1 ${pgbench1.tps.toFixed(0)} tps, s=20 ${pgbench20.tps.toFixed(0)} tps`,
      );
    }
    const med = (k: string) => +median(rounds.map((r) => r[k][0])).toFixed(1);
    const one = med('appOneStation');
    const twenty = med('appTwentyStations');
    const base1 = med('pgbenchScale1');
    const base20 = med('pgbenchScale20');

    // Every write was audited: each station's chain still verifies.
    const auditLog = bench.app.get(AuditLogService);
    const verified = await Promise.all(stations.map(async (s) => (await auditLog.verify(s.station.id, { record: false })).ok));
    const [{ events }] = (await owner.query(`SELECT count(*)::int AS events FROM custody_events WHERE type = 'CONDITION_CHECK'`)).rows;

    return {
      bench: `audited custody writes (condition checks over HTTP), ${CLIENTS} clients, ${SECONDS} s per run, median of ${ROUNDS} rounds`,
      target: `≥ ${TARGET_PER_SECOND}/s for one station, more across stations (DESIGN §9)`,
      medians: {
        'one station, writes/s': one,
        'twenty stations, writes/s': twenty,
        'pgbench TPC-B scale 1, tps': base1,
        'pgbench TPC-B scale 20, tps': base20,
      },
      ratios: {
        'one station / pgbench scale 1': ratio(one, base1),
        'twenty stations / pgbench scale 20': ratio(twenty, base20),
        'twenty stations / one station': ratio(twenty, one),
      },
      meetsTarget: one >= TARGET_PER_SECOND && twenty > one,
      rounds,
      lastRound: last,
      chainsVerify: verified.every(Boolean),
      conditionCheckEvents: events,
      machine: { loadAverageBefore: loadBefore, loadAverageAfter: loadavg() },
    };
  } finally {
    await owner.query(`DROP DATABASE IF EXISTS "${pgbenchDb}" WITH (FORCE)`).catch(() => undefined);
    await owner.end();
    await bench.close();
    await db.close();
  }
}
