import argon2 from '@node-rs/argon2';
import { availableParallelism, loadavg } from 'node:os';
import pg from 'pg';
import { chainKeyOf } from '../../src/audit-log/audit-log.service.js';
import { buddhistYear, formatItemCode } from '../../src/items/item-code.js';
import { CATEGORY_CODE, ItemCategory } from '../../src/items/item.enums.js';
import { BENCH_PASSWORD, type LatencyStats, fmt, httpLoad, localLoad, ratio, seedStation, startBenchApp, stdoutToFile } from './app-kit.js';
import { benchDatabase } from './bench-kit.js';
import { fillItems } from './item-fill.js';

const PREFILL = Number(process.env.BENCH_REGISTER_ITEMS ?? 20_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const MAX_REQUESTS = 20_000;
const CONCURRENCY = [1, 10];

/**
 * Registrations per second through POST /api/items over HTTP at 1 and 10 concurrent clients, all at one
 * station and one category (the counter row every registration of the category takes is the point of
 * contention, as at a real counter): NORMAL evidence without a witness, and HIGH evidence (drugs into
 * the safe) with a witness whose argon2 check, at the app's default cost, dominates. Baselines in the
 * same run and at the same concurrency: a bare pg transaction of counter upsert + item insert +
 * custody-event insert (pool of the app's size), the same plus the audit row (audit_append), and the
 * witness's argon2.verify alone. At the end every code is checked gap-free against its counter.
 */
export async function registerBench(): Promise<Record<string, unknown>> {
  const loadBefore = loadavg();
  const db = await benchDatabase();
  const bench = await startBenchApp(db.url);
  const owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  let bare: pg.Pool | undefined;
  try {
    const seed = await seedStation(bench.app, 'PTW');
    const yearBe = buddhistYear(new Date());
    const fill = await fillItems(owner, seed, PREFILL, yearBe);
    const clerk = seed.users.CLERK!;
    const supervisor = seed.users.SUPERVISOR!;
    const token = await bench.token(clerk);
    const stationId = seed.station.id;
    const shelf = seed.locations['R1-S1'].id;
    const safe = seed.locations['SAFE2'].id;

    let n = 0;
    const normalBody = JSON.stringify({
      category: 'EVIDENCE',
      kind: 'electronics',
      description: 'โทรศัพท์มือถือ ยี่ห้อ Samsung รุ่น Galaxy A54 สีดำ หน้าจอแตก พร้อมซิมการ์ด',
      locationId: shelf,
      sealNumber: 'ซล.0012345',
      evidence: { caseNumber: '1234/2568', offence: 'ลักทรัพย์', seizedFrom: 'นายสมชาย ใจดี', seizedAt: '2025-11-20T14:30:00+07:00', seizedPlace: 'ซอยจุฬาลงกรณ์ 42 แขวงวังใหม่ เขตปทุมวัน' },
    });
    const highBody = JSON.stringify({
      category: 'EVIDENCE',
      kind: 'drugs',
      description: 'ยาบ้า (เมทแอมเฟตามีน) จำนวน 200 เม็ด บรรจุในถุงพลาสติกใส ปิดผนึก',
      quantity: 200,
      unit: 'เม็ด',
      weightGrams: 21.5,
      netWeightGrams: 19.8,
      locationId: safe,
      sealNumber: 'ซล.0054321',
      evidence: { caseNumber: '987/2568', offence: 'ยาเสพติดให้โทษประเภท 1', seizedFrom: 'นายวีระ กล้าหาญ', seizedAt: '2025-11-21T02:10:00+07:00' },
      witness: { username: supervisor.username, password: BENCH_PASSWORD },
    });

    // One registration of each through the app, checked.
    for (const [body, risk] of [[normalBody, 'NORMAL'], [highBody, 'HIGH']] as const) {
      const r = await fetch(`http://127.0.0.1:${bench.port}/api/items`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
      const item = (await r.json()) as { riskClass?: string; code?: string };
      if (r.status !== 201 || item.riskClass !== risk) throw new Error(`registration probe failed: ${r.status} ${JSON.stringify(item)}`);
    }

    bare = new pg.Pool({ connectionString: db.url, max: bench.config.dbPoolSize, options: '-c role=khlang_app' });
    const pool = bare;
    const evCode = CATEGORY_CODE[ItemCategory.EVIDENCE];
    /** Counter upsert + item insert + INTAKE event, in one transaction: what a registration must write. */
    const bareRegister = (withAudit: boolean) => async () => {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const { rows: [counter] } = await c.query(
          `INSERT INTO item_code_counters (station_id, category_code, year_be, last_seq) VALUES ($1, $2, $3, 1)
           ON CONFLICT (station_id, category_code, year_be) DO UPDATE SET last_seq = item_code_counters.last_seq + 1
           RETURNING last_seq`,
          [stationId, evCode, yearBe],
        );
        const code = formatItemCode(seed.station.code, ItemCategory.EVIDENCE, yearBe, counter.last_seq);
        const { rows: [item] } = await c.query(
          `INSERT INTO items (station_id, code, year_be, seq, category, kind, risk_class, description, quantity, unit, case_number, seal_number,
                              condition, status, location_id, details, registered_by)
           VALUES ($1, $2, $3, $4, 'EVIDENCE', 'electronics', 'NORMAL', $5, 1, 'ชิ้น', $6, $7, 'GOOD', 'IN_STORAGE', $8, $9, $10) RETURNING id`,
          [stationId, code, yearBe, counter.last_seq, 'โทรศัพท์มือถือ ยี่ห้อ Samsung รุ่น Galaxy A54 สีดำ หน้าจอแตก พร้อมซิมการ์ด', '1234/2568', 'ซล.0012345', shelf,
            JSON.stringify({ caseNumber: '1234/2568', offence: 'ลักทรัพย์', seizedFrom: 'นายสมชาย ใจดี' }), clerk.id],
        );
        const { rows: [event] } = await c.query(
          `INSERT INTO custody_events (station_id, item_id, type, actor_id, witness_id, from_status, to_status, to_location_id, quantity, seal_seen, condition)
           VALUES ($1, $2, 'INTAKE', $3, NULL, NULL, 'IN_STORAGE', $4, 1, $5, 'GOOD') RETURNING id`,
          [stationId, item.id, clerk.id, shelf, 'ซล.0012345'],
        );
        if (withAudit) {
          const body = JSON.stringify({
            v: 1, chain: chainKeyOf(stationId), at: new Date().toISOString(), stationId, actorId: clerk.id, action: 'ITEM_REGISTERED',
            entityType: 'item', entityId: item.id, before: null, after: { item: { id: item.id, code }, eventId: event.id, witnessId: null },
            requestId: `bench-${n++}`, clientIp: '127.0.0.1',
          });
          await c.query('SELECT seq, hash FROM audit_append($1)', [body]);
        }
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    };
    const { rows: [{ password_hash: witnessHash }] } = await owner.query('SELECT password_hash FROM users WHERE id = $1', [supervisor.id]);
    const argonAlone = async () => {
      if (!(await argon2.verify(witnessHash, BENCH_PASSWORD))) throw new Error('witness hash mismatch');
    };
    const app = async (concurrency: number, body: string, log = false): Promise<LatencyStats> => {
      bench.logger.info = log;
      const restore = log ? stdoutToFile('.bench-data/register-request-log.jsonl') : undefined;
      try {
        const result = await httpLoad({
          port: bench.port,
          method: 'POST',
          paths: ['/api/items'],
          body,
          token,
          concurrency,
          maxSeconds: SECONDS,
          maxRequests: MAX_REQUESTS,
          warmupRequests: concurrency * 3,
          expectStatus: 201,
        });
        if (result.errors) console.error(`register: ${result.errors} failed requests`, result.unexpected);
        return result.stats;
      } finally {
        restore?.();
        bench.logger.info = false;
      }
    };

    const byConcurrency: Record<string, Record<string, LatencyStats>> = {};
    for (const c of CONCURRENCY) {
      const row: Record<string, LatencyStats> = {};
      row['baseline: bare pg tx (counter + item + event)'] = await localLoad(c, SECONDS, MAX_REQUESTS, bareRegister(false), c * 5);
      row['baseline: bare pg tx + audit_append'] = await localLoad(c, SECONDS, MAX_REQUESTS, bareRegister(true), c * 5);
      row['app NORMAL, LOG_LEVEL=warn'] = await app(c, normalBody);
      row['app NORMAL, LOG_LEVEL=info (request log)'] = await app(c, normalBody, true);
      row['baseline: argon2.verify of the witness alone'] = await localLoad(c, SECONDS, MAX_REQUESTS, argonAlone, c);
      row['app HIGH + witness, LOG_LEVEL=warn'] = await app(c, highBody);
      byConcurrency[`${c} clients`] = row;
      console.log(`register @${c}: ${Object.entries(row).map(([k, s]) => `\n  ${k}: ${fmt(s)}`).join('')}`);
    }

    // Gap-free after all of that, app and baseline writers together.
    const { rows: sequences } = await owner.query(
      `SELECT i.category::text AS category, i.year_be AS "yearBe", count(*)::int AS count, min(i.seq) AS "minSeq", max(i.seq) AS "maxSeq", max(c.last_seq) AS counter
       FROM items i JOIN item_code_counters c ON c.station_id = i.station_id AND c.year_be = i.year_be AND c.category_code = substring(i.code from '-(..)[0-9]{2}-')
       WHERE i.station_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [stationId],
    );
    const gapFree = sequences.every((s) => s.minSeq === 1 && s.maxSeq === s.count && s.counter === s.count);
    if (!gapFree) throw new Error(`codes not gap-free after the run: ${JSON.stringify(sequences)}`);
    const { rows: [{ events }] } = await owner.query("SELECT count(*)::int AS events FROM custody_events WHERE type = 'INTAKE'");

    const ratios = Object.fromEntries(
      Object.entries(byConcurrency).map(([k, row]) => {
        const base = row['baseline: bare pg tx (counter + item + event)'];
        const audited = row['baseline: bare pg tx + audit_append'];
        const normal = row['app NORMAL, LOG_LEVEL=warn'];
        const high = row['app HIGH + witness, LOG_LEVEL=warn'];
        const argon = row['baseline: argon2.verify of the witness alone'];
        return [
          k,
          {
            'app NORMAL / bare tx (per second)': ratio(normal.perSecond, base.perSecond),
            'app NORMAL / bare tx + audit (per second)': ratio(normal.perSecond, audited.perSecond),
            'app NORMAL / bare tx (p50 latency)': ratio(normal.p50Ms, base.p50Ms),
            'app HIGH / bare tx (per second)': ratio(high.perSecond, base.perSecond),
            'app HIGH / argon2 alone (per second)': ratio(high.perSecond, argon.perSecond),
            'app NORMAL info log / warn (per second)': ratio(row['app NORMAL, LOG_LEVEL=info (request log)'].perSecond, normal.perSecond),
          },
        ];
      }),
    );
    return {
      bench: 'register POST /api/items',
      prefilledItems: PREFILL,
      poolSize: bench.config.dbPoolSize,
      argon2: bench.config.passwordHash,
      secondsPerScenario: SECONDS,
      client: 'node http, keep-alive agent, one connection per client, in a worker thread; one station, one category (EV)',
      byConcurrency,
      ratios,
      afterRun: { gapFree, sequences, intakeEvents: events },
      setup: { fillSeconds: fill.seconds },
      machine: { cores: availableParallelism(), loadAverageBefore: loadBefore.map((l) => +l.toFixed(2)), loadAverageAfter: loadavg().map((l) => +l.toFixed(2)) },
    };
  } finally {
    await bare?.end();
    await owner.end();
    await bench.close();
    await db.close();
  }
}
