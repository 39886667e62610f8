import { VIEW_SELECT } from '../../src/items/items.repository.js';
import { JwtService } from '@nestjs/jwt';
import { availableParallelism, loadavg } from 'node:os';
import pg from 'pg';
import { AuthService } from '../../src/auth/auth.service.js';
import { buddhistYear } from '../../src/items/item-code.js';
import { ItemsService } from '../../src/items/items.service.js';
import { UsersRepository } from '../../src/users/users.repository.js';
import { type LatencyStats, fmt, httpLoad, localLoad, ratio, seedStation, startBenchApp, stdoutToFile } from './app-kit.js';
import { benchDatabase, profiled } from './bench-kit.js';
import { fillItems } from './item-fill.js';

const ITEMS = Number(process.env.BENCH_SCAN_ITEMS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const MAX_REQUESTS = 60_000;
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 6);
const CONCURRENCY = [1, 10, 50];
const TARGET_P99_MS = 20;

/** The scan's one indexed query, as ItemsRepository.viewByCode asks it. */
const SCAN_SQL = `${VIEW_SELECT} WHERE i.station_id = $1 AND i.code = $2`;
/** What the auth guard's user lookup (UsersRepository.findActive) asks, written by hand. */
const USER_SQL = 'SELECT id, username, display_name, station_id, roles FROM users WHERE id = $1 AND active = true LIMIT 1';

/**
 * The counter's scan, GET /api/items/by-code/:code, on a station holding ITEMS items, through the real
 * HTTP app at 1, 10 and 50 concurrent keep-alive clients (random codes of the station), with the
 * request log off (LOG_LEVEL=warn) and on (info, to a file). Baseline in the same run: the same SQL
 * through a bare pg.Pool of the app's pool size. At 50 clients, where the time goes: the guard's user
 * lookup plus the query on bare pg, the app's services without HTTP, and a public HTTP route; and 50
 * clients with think time (open loop, paced) at 50 and 250 scans/s offered.
 */
export async function scanBench(): Promise<Record<string, unknown>> {
  const loadBefore = loadavg();
  const db = await benchDatabase();
  const bench = await startBenchApp(db.url);
  const owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  let bare: pg.Pool | undefined;
  try {
    const seedStarted = performance.now();
    const seed = await seedStation(bench.app, 'PTW');
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const fill = await fillItems(owner, seed, ITEMS, buddhistYear(new Date()));
    if (!fill.gapFree) throw new Error(`item codes are not gap-free: ${JSON.stringify(fill.sequences)}`);
    const { rows } = await owner.query<{ code: string }>('SELECT code FROM items WHERE station_id = $1', [seed.station.id]);
    const codes = rows.map((r) => r.code);
    const paths = codes.map((c) => `/api/items/by-code/${c}`);
    const clerk = seed.users.CLERK!;
    const token = await bench.token(clerk);
    const stationId = seed.station.id;
    const randomCode = () => codes[Math.floor(Math.random() * codes.length)];

    // The app answers a scan with the item.
    const probe = await fetch(`http://127.0.0.1:${bench.port}${paths[0]}`, { headers: { authorization: `Bearer ${token}` } });
    const probeBody = (await probe.json()) as { code?: string };
    if (probe.status !== 200 || probeBody.code !== codes[0]) throw new Error(`scan probe failed: ${probe.status} ${JSON.stringify(probeBody)}`);

    const explain = (await owner.query(`EXPLAIN (ANALYZE, BUFFERS) ${SCAN_SQL}`, [stationId, randomCode()])).rows.map((r) => r['QUERY PLAN'] as string);

    bare = new pg.Pool({ connectionString: db.url, max: bench.config.dbPoolSize, options: '-c role=khlang_app' });
    const pool = bare;
    const bareScan = async () => {
      const r = await pool.query(SCAN_SQL, [stationId, randomCode()]);
      if (r.rowCount !== 1) throw new Error('not found');
    };
    const app = async (concurrency: number, log: boolean): Promise<LatencyStats> => {
      bench.logger.info = log;
      const restore = log ? stdoutToFile('.bench-data/scan-request-log.jsonl') : undefined;
      try {
        const result = await httpLoad({
          port: bench.port,
          method: 'GET',
          paths,
          token,
          concurrency,
          maxSeconds: SECONDS,
          maxRequests: MAX_REQUESTS,
          warmupRequests: Math.max(200, concurrency * 10),
          expectStatus: 200,
        });
        if (result.errors) console.error(`scan: ${result.errors} failed requests`, result.unexpected);
        return result.stats;
      } finally {
        restore?.();
        bench.logger.info = false;
      }
    };

    // JIT and pools warm before anything is measured.
    await httpLoad({ port: bench.port, method: 'GET', paths, token, concurrency: 10, maxSeconds: 3, maxRequests: 3000, expectStatus: 200 });
    await localLoad(10, 1, 2000, bareScan);

    // What one request-log line costs the app (JsonLogger.log to a file with synchronous writes, as stdout on a file or pipe).
    bench.logger.info = true;
    const restoreStdout = stdoutToFile('.bench-data/scan-logger-micro.jsonl');
    const logStarted = performance.now();
    for (let i = 0; i < 20_000; i++) {
      bench.logger.log({ msg: 'request', reqId: '3f1c2a4e-9b7d-4c1e-8f2a-6d5e4c3b2a19', method: 'GET', path: `/api/items/by-code/${codes[i % codes.length]}`, status: 200, ms: 1.23, userId: clerk.id });
    }
    const logMicros = +(((performance.now() - logStarted) / 20_000) * 1000).toFixed(1);
    restoreStdout();
    bench.logger.info = false;
    console.log(`scan: one request-log line costs ${logMicros} µs`);

    if (process.env.BENCH_PROFILE) await profiled(process.env.BENCH_PROFILE, () => app(50, false));
    const byConcurrency: Record<string, Record<string, LatencyStats>> = {};
    for (const c of CONCURRENCY) {
      const row: Record<string, LatencyStats> = {};
      row['bare pg'] = await localLoad(c, SECONDS, MAX_REQUESTS, bareScan, Math.max(200, c * 10));
      row['app, LOG_LEVEL=warn'] = await app(c, false);
      row['app, LOG_LEVEL=info (request log)'] = await app(c, true);
      byConcurrency[`${c} clients`] = row;
      console.log(`scan @${c}: ${Object.entries(row).map(([k, s]) => `\n  ${k}: ${fmt(s)}`).join('')}`);
    }

    // 50 clients with think time (open loop): what a busy counter and a stock count with handheld
    // scanners look like, rather than 50 clients firing their next scan the instant the last returns.
    const paced: Record<string, LatencyStats> = {};
    for (const intervalMs of [1000, 200]) {
      const result = await httpLoad({
        port: bench.port, method: 'GET', paths, token, concurrency: 50, intervalMs, maxSeconds: PACED_SECONDS, maxRequests: MAX_REQUESTS, warmupRequests: 500, expectStatus: 200,
      });
      const s = (paced[`50 clients, 1 scan per ${intervalMs} ms each (${50_000 / intervalMs}/s offered), LOG_LEVEL=warn`] = result.stats);
      console.log(`scan paced 50 × 1/${intervalMs} ms: ${fmt(s)}`);
    }

    // Where the time goes at 50 clients.
    const c = 50;
    const auth = bench.app.get(AuthService);
    const items = bench.app.get(ItemsService);
    const usersRepo = bench.app.get(UsersRepository);
    const breakdown: Record<string, LatencyStats> = {
      'bare pg: user lookup + scan query (what the database does per app request)': await localLoad(c, SECONDS, MAX_REQUESTS, async () => {
        const u = await pool.query(USER_SQL, [clerk.id]);
        if (u.rowCount !== 1) throw new Error('no user');
        await bareScan();
      }, 500),
      "app's services without HTTP: AuthService.authenticate + ItemsService.byCode (TypeORM)": await localLoad(c, SECONDS, MAX_REQUESTS, async () => {
        const actor = await auth.authenticate(token);
        await items.byCode({ actor, requestId: null, clientIp: null }, randomCode());
      }, 500),
      "guard's user lookup alone, as the app does it (TypeORM find API: UsersRepository.findActive)": await localLoad(c, SECONDS, MAX_REQUESTS, async () => {
        if (!(await usersRepo.findActive(clerk.id))) throw new Error('no user');
      }, 500),
      'the same lookup as raw SQL through the same DataSource (dataSource.query)': await localLoad(c, SECONDS, MAX_REQUESTS, async () => {
        if ((await bench.dataSource.query(USER_SQL, [clerk.id])).length !== 1) throw new Error('no user');
      }, 500),
      'HTTP GET /health (public: no guard, SELECT 1)': (
        await httpLoad({ port: bench.port, method: 'GET', paths: ['/health'], token, concurrency: c, maxSeconds: SECONDS, maxRequests: MAX_REQUESTS, warmupRequests: 500, expectStatus: 200 })
      ).stats,
    };
    // CPU of one token check as the guard makes it (JwtService.verifyAsync), one at a time.
    const jwt = bench.app.get(JwtService);
    for (let i = 0; i < 200; i++) await jwt.verifyAsync(token);
    const jwtStarted = performance.now();
    for (let i = 0; i < 2000; i++) await jwt.verifyAsync(token);
    const jwtVerifyMicros = +(((performance.now() - jwtStarted) / 2000) * 1000).toFixed(1);
    console.log(`scan: JwtService.verifyAsync ${jwtVerifyMicros} µs per token`);
    for (const [k, s] of Object.entries(breakdown)) console.log(`scan breakdown @50: ${k}: ${fmt(s)}`);

    const ratios = Object.fromEntries(
      Object.entries(byConcurrency).map(([k, row]) => {
        const b = row['bare pg'];
        const of = (s: LatencyStats) => ({ p50: ratio(s.p50Ms, b.p50Ms), p99: ratio(s.p99Ms, b.p99Ms), perSecond: ratio(s.perSecond, b.perSecond) });
        return [k, { 'app warn / bare pg': of(row['app, LOG_LEVEL=warn']), 'app info / bare pg': of(row['app, LOG_LEVEL=info (request log)']) }];
      }),
    );
    const at50 = byConcurrency['50 clients'];
    const logging = Object.fromEntries(
      Object.entries(byConcurrency).map(([k, row]) => {
        const w = row['app, LOG_LEVEL=warn'];
        const i = row['app, LOG_LEVEL=info (request log)'];
        return [k, { p50Ms: +(i.p50Ms - w.p50Ms).toFixed(2), p99Ms: +(i.p99Ms - w.p99Ms).toFixed(2), perSecondRatio: ratio(i.perSecond, w.perSecond) }];
      }),
    );
    return {
      bench: 'scan GET /api/items/by-code/:code',
      items: ITEMS,
      poolSize: bench.config.dbPoolSize,
      secondsPerScenario: SECONDS,
      client: 'node http, keep-alive agent, one connection per client, in a worker thread; random codes of the station',
      setup: { seedSeconds: +seedSeconds.toFixed(1), fillSeconds: fill.seconds, gapFree: fill.gapFree, sequences: fill.sequences, mix: fill.mix },
      explainAnalyze: explain,
      byConcurrency,
      ratios,
      pacedAt50: paced,
      loggingCost: { microsPerRequestLine: logMicros, infoMinusWarnByConcurrency: logging },
      breakdownAt50: breakdown,
      jwtVerifyMicrosPerToken: jwtVerifyMicros,
      machine: { cores: availableParallelism(), loadAverageBefore: loadBefore.map((l) => +l.toFixed(2)), loadAverageAfter: loadavg().map((l) => +l.toFixed(2)) },
      target: {
        p99AtFiftyClientsMs: TARGET_P99_MS,
        measuredWarn: at50['app, LOG_LEVEL=warn'].p99Ms,
        measuredInfo: at50['app, LOG_LEVEL=info (request log)'].p99Ms,
        metWarn: at50['app, LOG_LEVEL=warn'].p99Ms <= TARGET_P99_MS,
        metInfo: at50['app, LOG_LEVEL=info (request log)'].p99Ms <= TARGET_P99_MS,
        bareMet: at50['bare pg'].p99Ms <= TARGET_P99_MS,
        pacedMet: Object.fromEntries(Object.entries(paced).map(([k, s]) => [k, s.p99Ms <= TARGET_P99_MS])),
        note: 'closed loop: 50 clients each send the next scan as soon as the last returns, so mean latency = 50 / throughput (Little); p99 ≤ 20 ms there needs well over 2,500 scans/s',
      },
    };
  } finally {
    await bare?.end();
    await owner.end();
    await bench.close();
    await db.close();
  }
}
