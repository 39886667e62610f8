import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { AuditLogRepository } from '../../src/audit-log/audit-log.repository.js';
import { AuditLogService } from '../../src/audit-log/audit-log.service.js';
import { createDataSource } from '../../src/database/data-source.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import { DEFAULT_STATION_SETTINGS } from '../../src/stations/station-settings.js';
import { benchDatabase, median, throughput } from './bench-kit.js';

const CLIENTS = 20;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/**
 * Audited writes per second with 20 concurrent writers: each a transaction of one small change (a
 * location row) plus its audit-log row, on one station and spread over ten. Baseline, same run, same
 * clients: the same transaction without the audit row (what the chain costs), and an unchained insert
 * of an audit-sized row.
 */
export async function auditLogBench(): Promise<Record<string, unknown>> {
  const db = await benchDatabase();
  const ds = createDataSource({ url: db.url, actAsAppRole: true, poolSize: CLIENTS + 2 });
  await ds.initialize();
  try {
    const tx = new TransactionService(ds);
    const auditLog = new AuditLogService(new AuditLogRepository(ds));
    const stations: string[] = [];
    for (let i = 0; i < 10; i++) {
      const [row] = await ds.query(
        'INSERT INTO stations (code, name_th, name_en, settings) VALUES ($1, $2, $3, $4) RETURNING id',
        [`BN${i}`, `สถานีทดสอบ ${i}`, `Bench ${i}`, JSON.stringify(DEFAULT_STATION_SETTINGS)],
      );
      stations.push(row.id);
    }
    const owner = new pg.Client({ connectionString: db.url });
    await owner.connect();
    await owner.query('CREATE TABLE bench_unchained (id bigserial PRIMARY KEY, station_id uuid, canonical text, after jsonb)');
    await owner.query('GRANT ALL ON bench_unchained, bench_unchained_id_seq TO khlang_app');
    await owner.end();
    const ctx = { actor: null, requestId: 'bench', clientIp: '127.0.0.1' };
    let counter = 0;

    const change = async (em: import('typeorm').EntityManager, stationId: string) => {
      const code = `B${++counter}`;
      const [location] = await em.query(
        "INSERT INTO locations (station_id, code, name, kind) VALUES ($1, $2, 'ชั้นวางทดสอบ', 'SHELF') RETURNING id, code",
        [stationId, code],
      );
      return location as { id: string; code: string };
    };
    const audited = (pick: (client: number) => string) => (client: number) =>
      tx.run(async (em) => {
        const stationId = pick(client);
        const location = await change(em, stationId);
        await auditLog.append(em, ctx, { stationId, action: 'LOCATION_CREATED', entityType: 'location', entityId: location.id, after: location });
      });
    const unaudited = (client: number) => tx.run(async (em) => void (await change(em, stations[client % 10])));
    const unchained = (client: number) =>
      tx.run(async (em) => {
        const text = JSON.stringify({ v: 1, seq: counter++, at: new Date().toISOString(), id: randomUUID(), action: 'LOCATION_CREATED' });
        await em.query('INSERT INTO bench_unchained (station_id, canonical, after) VALUES ($1, $2::text, ($2::text)::jsonb)', [stations[client % 10], text]);
      });

    const scenarios: Record<string, (client: number) => Promise<void>> = {
      'audited, 1 station': audited(() => stations[0]),
      'audited, 10 stations': audited((client) => stations[client % 10]),
      'baseline: same change without audit row, 10 stations': unaudited,
      'baseline: unchained insert of an audit-sized row': unchained,
    };
    const rounds: Record<string, number[]> = {};
    await throughput(CLIENTS, 1, audited(() => stations[1])); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, op] of Object.entries(scenarios)) (rounds[name] ??= []).push(await throughput(CLIENTS, SECONDS, op));
    }
    const medians = Object.fromEntries(Object.entries(rounds).map(([k, v]) => [k, Math.round(median(v))]));
    const verifyStarted = performance.now();
    const verification = await auditLog.verify(stations[0]);
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    const result = {
      bench: 'audit-log writes',
      clients: CLIENTS,
      secondsPerRound: SECONDS,
      rounds: ROUNDS,
      writesPerSecondMedian: medians,
      ratios: {
        'audited 1 station / same change without audit row': +(medians['audited, 1 station'] / medians['baseline: same change without audit row, 10 stations']).toFixed(2),
        'audited 10 stations / same change without audit row': +(medians['audited, 10 stations'] / medians['baseline: same change without audit row, 10 stations']).toFixed(2),
      },
      perRound: rounds,
      verifyOneStation: { ...verification, seconds: +verifySeconds.toFixed(3), entriesPerSecond: Math.round(verification.entries / verifySeconds) },
    };
    if (!verification.ok) throw new Error(`the chain written by the benchmark does not verify: ${JSON.stringify(verification)}`);
    return result;
  } finally {
    await ds.destroy();
    await db.close();
  }
}
