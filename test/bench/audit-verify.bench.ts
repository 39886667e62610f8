import { AuditLogRepository } from '../../src/audit-log/audit-log.repository.js';
import { AuditLogService } from '../../src/audit-log/audit-log.service.js';
import { createDataSource } from '../../src/database/data-source.js';
import { DEFAULT_STATION_SETTINGS } from '../../src/stations/station-settings.js';
import { benchDatabase, median } from './bench-kit.js';

const ENTRIES = Number(process.env.BENCH_VERIFY_ENTRIES ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/**
 * Audit-log verification rate (target ≥ 200,000 entries/s) on one station's chain of ENTRIES rows,
 * against a baseline in the same run: a bare scan of the same rows that reads every canonical text.
 */
export async function auditVerifyBench(): Promise<Record<string, unknown>> {
  const db = await benchDatabase();
  const ds = createDataSource({ url: db.url, actAsAppRole: true, poolSize: 4 });
  await ds.initialize();
  try {
    const [station] = await ds.query('INSERT INTO stations (code, name_th, name_en, settings) VALUES ($1, $2, $3, $4) RETURNING id', [
      'VRF',
      'สถานีตรวจสอบ',
      'Verify',
      JSON.stringify(DEFAULT_STATION_SETTINGS),
    ]);
    const fillStarted = performance.now();
    // Rows of a realistic size (a Thai description, before and after), written by the same function the app uses.
    // Committed every 5,000 rows: one transaction updating the head row 200,000 times grows a HOT chain.
    await ds.query(
      `DO $$ BEGIN
         FOR i IN 1..${ENTRIES} LOOP
           PERFORM audit_append(json_build_object('v', 1, 'chain', '${station.id}', 'at', now(), 'stationId', '${station.id}',
               'actorId', NULL, 'action', 'ITEM_MOVED', 'entityType', 'item', 'entityId', i::text,
               'before', json_build_object('locationId', 'R1-S1', 'status', 'IN_STORAGE', 'description', 'ยาบ้า 200 เม็ด บรรจุถุงพลาสติกใส ปิดผนึก'),
               'after', json_build_object('locationId', 'R1-SAFE', 'status', 'IN_STORAGE', 'description', 'ยาบ้า 200 เม็ด บรรจุถุงพลาสติกใส ปิดผนึก'),
               'requestId', 'bench-' || i, 'clientIp', '127.0.0.1')::text);
           IF i % 5000 = 0 THEN COMMIT; END IF;
         END LOOP;
       END $$`,
    );
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    await ds.query('VACUUM ANALYZE audit_log').catch(() => undefined);
    const service = new AuditLogService(new AuditLogRepository(ds));
    const verifyTimes: number[] = [];
    const scanTimes: number[] = [];
    let last;
    for (let r = 0; r < ROUNDS; r++) {
      let t0 = performance.now();
      last = await service.verify(station.id);
      verifyTimes.push((performance.now() - t0) / 1000);
      t0 = performance.now();
      await ds.query('SELECT count(*), sum(length(canonical)), max(hash) FROM audit_log WHERE chain_key = $1', [station.id]);
      scanTimes.push((performance.now() - t0) / 1000);
    }
    if (!last?.ok || last.entries !== ENTRIES) throw new Error(`verification failed: ${JSON.stringify(last)}`);
    const verifyMedian = median(verifyTimes);
    const scanMedian = median(scanTimes);
    return {
      bench: 'audit-log verification',
      entries: ENTRIES,
      fillSeconds: +fillSeconds.toFixed(1),
      verifySecondsMedian: +verifyMedian.toFixed(3),
      verifyEntriesPerSecond: Math.round(ENTRIES / verifyMedian),
      baselineScanSecondsMedian: +scanMedian.toFixed(3),
      baselineScanEntriesPerSecond: Math.round(ENTRIES / scanMedian),
      ratioVerifyToScan: +(scanMedian / verifyMedian).toFixed(3),
      perRound: { verify: verifyTimes, scan: scanTimes },
    };
  } finally {
    await ds.destroy();
    await db.close();
  }
}
