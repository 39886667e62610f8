import { LazyModuleLoader } from '@nestjs/core';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { AuditLogService } from '../../src/audit-log/audit-log.service.js';
import { ImportModule } from '../../src/import/import.module.js';
import { ImportService } from '../../src/import/import.service.js';
import { writeBigRegister } from '../helpers/register-workbook.js';
import { seedStation, startBenchApp } from './app-kit.js';
import { benchDatabase, withMemoryPeak } from './bench-kit.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 50_000);
const seconds = (ms: number) => +(ms / 1000).toFixed(2);

/**
 * The same rows written by the database alone, in a transaction rolled back: every imported item copied
 * under a new id and code, its INTAKE event, and its audit row under a sequence number far past the
 * head. What this schema (indexes, triggers, foreign keys, the audit log's generated columns) costs
 * whoever writes these rows; the import's write phase is quoted against it.
 */
async function databaseAlone(owner: pg.Client, stationId: string): Promise<Record<string, number>> {
  const step = async (sql: string) => {
    const started = performance.now();
    await owner.query(sql, [stationId]);
    return seconds(performance.now() - started);
  };
  await owner.query('BEGIN');
  try {
    await owner.query(`CREATE TEMP TABLE copied ON COMMIT DROP AS SELECT id AS old_id, gen_random_uuid() AS new_id FROM items WHERE station_id = $1 AND details ? 'legacyRegisterNumber'`, [stationId]);
    const items = await step(`INSERT INTO items (id, station_id, code, year_be, seq, category, kind, risk_class, description, quantity, unit, serial_number, asset_number,
        case_number, seal_number, weight_grams, net_weight_grams, amount, denominations, condition, status, location_id, details, registered_by)
      SELECT c.new_id, i.station_id, left(i.code, length(i.code) - 9) || '99' || right(i.code, 7), i.year_be, i.seq, i.category, i.kind, i.risk_class, i.description,
             i.quantity, i.unit, i.serial_number || '-copy', i.asset_number, i.case_number, i.seal_number, i.weight_grams, i.net_weight_grams, i.amount,
             i.denominations, i.condition, i.status, i.location_id, i.details, i.registered_by
      FROM items i JOIN copied c ON c.old_id = i.id WHERE i.station_id = $1`);
    const events = await step(`INSERT INTO custody_events (station_id, item_id, type, actor_id, witness_id, from_status, to_status, to_location_id, quantity, seal_seen,
        weight_seen_grams, amount_seen, condition, note)
      SELECT e.station_id, c.new_id, e.type, e.actor_id, e.witness_id, e.from_status, e.to_status, e.to_location_id, e.quantity, e.seal_seen, e.weight_seen_grams,
             e.amount_seen, e.condition, e.note
      FROM custody_events e JOIN copied c ON c.old_id = e.item_id WHERE e.station_id = $1`);
    const audit = await step(`INSERT INTO audit_log (canonical, prev_hash, hash)
      SELECT '{"seq":' || (seq + 100000000) || ',' || substr(canonical, length('{"seq":' || seq || ',') + 1), prev_hash, hash
      FROM audit_log WHERE chain_key = $1::text AND action = 'ITEM_IMPORTED'`);
    return { items, events, audit, total: +(items + events + audit).toFixed(2) };
  } finally {
    await owner.query('ROLLBACK');
  }
}

/**
 * Importing 50,000 rows of old registers (issue 8; target: well under a minute, under 20 s on the
 * 2-core machine) through ImportService, as `npm run cli -- import` runs it: a reproducible workbook of
 * the four categories (HIGH-risk kinds in a safe, Thai dates, thousands separators), read, validated,
 * numbered and written in one transaction with its INTAKE events and chained audit rows. Reported per
 * step with peak memory; the write phase quoted against the database writing the same rows alone
 * (same run). Afterwards the chain must verify and the codes be gap-free.
 */
export async function importBench(): Promise<Record<string, unknown>> {
  const db = await benchDatabase();
  const bench = await startBenchApp(db.url);
  const owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  try {
    const seed = await seedStation(bench.app, 'IMP');
    mkdirSync(resolve('.bench-data'), { recursive: true });
    const file = resolve('.bench-data', `import-${ROWS}.xlsx`);
    let started = performance.now();
    const perSheet = await writeBigRegister(file, { rows: ROWS, secure: 'SAFE1', room: 'R1', serialPrefix: 'IMP-' });
    const generatedSeconds = seconds(performance.now() - started);

    const service = (await bench.app.get(LazyModuleLoader).load(() => ImportModule)).get(ImportService);
    started = performance.now();
    const { result: outcome, memory } = await withMemoryPeak(() =>
      service.run({ bytes: readFileSync(file), fileName: `import-${ROWS}.xlsx`, stationCode: 'IMP', actorUsername: 'imp.clerk', witnessUsername: 'imp.supervisor', dryRun: false }),
    );
    const importSeconds = seconds(performance.now() - started);
    if (!outcome.written) throw new Error(`the bench workbook did not import: ${JSON.stringify(outcome.problems.slice(0, 5))}`);

    const baseline = await databaseAlone(owner, seed.station.id);
    const t = outcome.timings;
    const writeSeconds = seconds((t.numbers ?? 0) + (t.items ?? 0) + (t.events ?? 0) + (t.audit ?? 0) + (t.commit ?? 0));
    started = performance.now();
    const verification = await bench.app.get(AuditLogService).verify(seed.station.id, { record: false });
    const verifySeconds = seconds(performance.now() - started);
    const [gaps] = (await owner.query(`SELECT count(*)::int AS bad FROM (
        SELECT substring(code from '-(..)\\d\\d-') AS cat, year_be, count(*) AS n, max(seq) AS top FROM items WHERE station_id = $1 GROUP BY 1, 2) i
        JOIN item_code_counters c ON c.station_id = $1 AND c.category_code = i.cat AND c.year_be = i.year_be
      WHERE i.n <> i.top OR i.top <> c.last_seq`, [seed.station.id])).rows;
    if (!verification.ok || gaps.bad) throw new Error(`after the import the chain verifies: ${verification.ok}, categories with gaps: ${gaps.bad}`);
    return {
      bench: `import of ${ROWS} old-register rows`,
      rows: ROWS,
      perSheet,
      fileMB: +(statSync(file).size / 1048576).toFixed(1),
      generatedSeconds,
      importSeconds,
      rowsPerSecond: Math.round(ROWS / importSeconds),
      stepsSeconds: Object.fromEntries(Object.entries(t).map(([step, ms]) => [step, seconds(ms ?? 0)])),
      codeRanges: outcome.ranges.map((r) => `${r.firstCode}…${r.lastCode}`),
      baseline: { 'database alone, same rows (rolled back)': baseline },
      ratios: {
        'write phase / database alone': +(writeSeconds / baseline.total).toFixed(2),
        'whole import / database alone': +(importSeconds / baseline.total).toFixed(2),
      },
      memory,
      afterwards: { chainVerifies: verification.ok, entries: verification.entries, verifySeconds, codesGapFree: gaps.bad === 0 },
    };
  } finally {
    await owner.end();
    await bench.close();
    await db.close();
  }
}
