import { availableParallelism, loadavg } from 'node:os';
import pg from 'pg';
import { AuditKind } from '../../src/audits/audit.enums.js';
import { tallyQuery } from '../../src/audits/audits.repository.js';
import { AuditsService } from '../../src/audits/audits.service.js';
import { Role } from '../../src/common/roles.js';
import type { ItemCategory, ItemKind } from '../../src/items/item.enums.js';
import { locationLabelCode } from '../../src/labels/labels.service.js';
import { LoanPurpose } from '../../src/loans/loan.enums.js';
import { LoansService } from '../../src/loans/loans.service.js';
import { ShiftsService } from '../../src/shifts/shifts.service.js';
import { BENCH_PASSWORD, fmt, type LatencyStats, localLoad, ratio, seedStation, startBenchApp } from './app-kit.js';
import { benchDatabase } from './bench-kit.js';
import { chainLength, codesGapFree, contextOf, insertItems, makeUsers, type ScriptResult, scriptLoad, statementsOf, verifyOverHttp } from './script-kit.js';

const WEAPONS = Number(process.env.BENCH_ARMS_WEAPONS ?? 2000);
const ON_SHIFT = 5;
const ON_LOAN = 5;
/** Left unscanned on purpose: each must come out MISSING. */
const UNSCANNED = 3;
const SCANNERS = [1, 4];
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 90);
const WARMUP_SCANS = 100;
/** Other (non-weapon) items in the station besides the armory: 0 by default; the per-scan tally reads them all (see the report). */
const OTHER_ITEMS = Number(process.env.BENCH_ARMS_OTHER_ITEMS ?? 0);

interface CountRun {
  scanners: number;
  startMs: number;
  scanSeconds: number;
  scansPerSecond: number;
  scan: LatencyStats;
  closeMs: number;
  totalSeconds: number;
  findings: Record<string, number>;
  findingsTotal: number;
  checks: { foundPlusAway: number; missing: number; other: number; ok: boolean };
  auditRows: number;
  mainThreadBusy: number;
}

/**
 * The daily arms count over WEAPONS firearms in the station's armory, through the HTTP app: a few are
 * out on an open shift and on an issued loan (AWAY), UNSCANNED are left unscanned (MISSING), the rest
 * are scanned (location label + item code, as the handheld sends it). Timed: POST /api/audits
 * {kind:'DAILY_ARMS'}, every scan (by 1 scanner, then by 4 scanners at once on a second count), and the
 * close with a countersigner who re-authenticates (argon2). Baseline in the same run: a bare pg loop of
 * one INSERT into audit_scans per scan, each its own transaction, over the same number of connections.
 */
export async function armsCountBench(): Promise<Record<string, unknown>> {
  const loadBefore = loadavg();
  const db = await benchDatabase();
  const bench = await startBenchApp(db.url);
  const owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  let bare: pg.Pool | undefined;
  try {
    const setupStarted = performance.now();
    const seed = await seedStation(bench.app, 'PTW');
    const stationId = seed.station.id;
    const armory = seed.locations['ARM1'];
    const scanners = await makeUsers(bench, seed, 'armorer', Role.CLERK, Math.max(...SCANNERS));
    const scannerTokens = await Promise.all(scanners.map((u) => bench.token(u)));
    const clerk = seed.users.CLERK!;
    const officer = seed.users.OFFICER!;
    const supervisor = seed.users.SUPERVISOR!;
    const investigator = seed.users.INVESTIGATOR!;
    const commanderToken = await bench.token(seed.users.COMMANDER!);

    if (OTHER_ITEMS > 0) {
      await insertItems(owner, seed, {
        category: 'PROPERTY' as ItemCategory,
        kind: 'equipment' as ItemKind,
        description: 'วิทยุสื่อสาร ยี่ห้อ Motorola รุ่น GP328 พร้อมแบตเตอรี่',
        unit: 'เครื่อง',
        locationId: seed.locations['R2'].id,
        count: OTHER_ITEMS,
        details: { acquisitionMethod: 'PURCHASE', fundingSource: 'BUDGET', unitPrice: 18500 },
      });
    }
    // The armory: WEAPONS firearms registered in one statement, gap-free codes consistent with the counter.
    const weapons = await insertItems(owner, seed, {
      category: 'WEAPON' as ItemCategory,
      kind: 'firearm' as ItemKind,
      description: 'อาวุธปืนพกสั้น ขนาด 9 มม. ยี่ห้อ Glock รุ่น 19 พร้อมซองกระสุน (ปืนประจำกาย)',
      unit: 'กระบอก',
      locationId: armory.id,
      count: WEAPONS,
      serialPrefix: 'GLK-',
      details: { make: 'Glock', model: '19', calibre: '9 มม.' },
    });
    await owner.query('VACUUM ANALYZE items');
    const codes = await codesGapFree(owner, stationId);
    if (!codes.gapFree) throw new Error(`item codes are not gap-free: ${JSON.stringify(codes.sequences)}`);

    // Some are out: on the open shift's book, and on an issued loan (through the services, witnessed).
    const shifts = bench.app.get(ShiftsService);
    const loans = bench.app.get(LoansService);
    const shift = await shifts.open(contextOf(supervisor, 'bench-shift'), { name: 'ผลัด 08.00–16.00 น.' });
    const onShift = weapons.slice(0, ON_SHIFT);
    for (const w of onShift) {
      await shifts.issue(contextOf(clerk, 'bench-shift'), shift.id, { officerCode: officer.username, code: w.code, witness: { username: officer.username, password: BENCH_PASSWORD } });
    }
    const onLoan = weapons.slice(ON_SHIFT, ON_SHIFT + ON_LOAN);
    const loan = await loans.request(contextOf(officer, 'bench-loan'), {
      items: onLoan.map((w) => ({ itemId: w.id })),
      purposeType: LoanPurpose.TRAINING,
      purpose: 'ฝึกยิงปืนประจำเดือน สนามยิงปืน',
      offPremises: false,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await loans.approve(contextOf(supervisor, 'bench-loan'), loan.id, { note: 'อนุมัติ' });
    const issuedLoan = await loans.issue(contextOf(clerk, 'bench-loan'), loan.id, { items: onLoan.map((w) => ({ code: w.code })), witness: { username: investigator.username, password: BENCH_PASSWORD } });
    if (issuedLoan.storedStatus !== 'ISSUED') throw new Error(`loan not issued: ${issuedLoan.storedStatus}`);
    const inStore = weapons.slice(ON_SHIFT + ON_LOAN);
    // The unscanned ones spread over the armory, not all at the end.
    const skip = new Set(Array.from({ length: UNSCANNED }, (_, k) => Math.floor(((k + 0.5) * inStore.length) / UNSCANNED)));
    const unscanned = inStore.filter((_, i) => skip.has(i));
    const toScan = inStore.filter((_, i) => !skip.has(i));
    const expectAway = onShift.length + onLoan.length;
    await owner.query('VACUUM ANALYZE items, loan_items, loans, shifts, audit_log');
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    console.log(`arms-count: setup ${setupSeconds.toFixed(1)} s: ${weapons.length} weapons, ${expectAway} away (shift + loan), ${toScan.length} to scan, ${unscanned.length} left unscanned`);

    const base = `http://127.0.0.1:${bench.port}`;
    const post = async (path: string, body: unknown, token: string) => {
      const t0 = performance.now();
      const r = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await r.json()) as Record<string, any>;
      return { status: r.status, body: json, ms: performance.now() - t0 };
    };
    const locationCode = locationLabelCode(seed.station.code, armory.code);
    const scanScript = (auditId: string, codesToScan: string[], n: number) =>
      Array.from({ length: n }, (_, s) => ({
        token: scannerTokens[s],
        rounds: codesToScan
          .filter((_, i) => i % n === s)
          .map((code) => [{ method: 'POST' as const, path: `/api/audits/${auditId}/scans`, body: JSON.stringify({ code, locationCode }), expect: 201, tag: 'scan' }]),
      }));
    const closeBody = { witness: { username: supervisor.username, password: BENCH_PASSWORD }, note: 'ตรวจนับอาวุธประจำวัน ครบถ้วน' };

    // Warm-up (not measured): a count with a few hundred scans by every scanner, closed, so the code paths are warm.
    const warm = await post('/api/audits', { kind: 'DAILY_ARMS' }, scannerTokens[0]);
    if (warm.status !== 201) throw new Error(`start failed: ${warm.status} ${JSON.stringify(warm.body)}`);
    const { result: probe, statements: scanSql } = await statementsOf(() => post(`/api/audits/${warm.body.id}/scans`, { code: toScan[0].code, locationCode }, scannerTokens[0]));
    if (probe.status !== 201 || probe.body.outcome !== 'COUNTED') throw new Error(`scan probe failed: ${probe.status} ${JSON.stringify(probe.body)}`);
    await scriptLoad({ port: bench.port, clients: scanScript(warm.body.id, toScan.slice(1, WARMUP_SCANS).map((w) => w.code), Math.max(...SCANNERS)), warmupRounds: 0, maxSeconds: 60 });
    const warmClose = await post(`/api/audits/${warm.body.id}/close`, closeBody, scannerTokens[0]);
    if (warmClose.status !== 200) throw new Error(`close failed: ${warmClose.status} ${JSON.stringify(warmClose.body)}`);
    console.log(`arms-count: SQL statements per scan (auth guard included): ${scanSql.length}; warm-up count closed in ${warmClose.ms.toFixed(0)} ms`);

    // The measured counts.
    const runs: CountRun[] = [];
    let lastAuditId = '';
    for (const n of SCANNERS) {
      const rowsBefore = await chainLength(owner, stationId);
      const t0 = performance.now();
      const started = await post('/api/audits', { kind: 'DAILY_ARMS' }, scannerTokens[0]);
      if (started.status !== 201) throw new Error(`start failed: ${started.status} ${JSON.stringify(started.body)}`);
      const auditId = started.body.id as string;
      lastAuditId = auditId;
      if (started.body.tally?.expected !== inStore.length) throw new Error(`expected ${inStore.length} in the armory, the count says ${started.body.tally?.expected}`);
      const scanned: ScriptResult = await scriptLoad({ port: bench.port, clients: scanScript(auditId, toScan.map((w) => w.code), n), warmupRounds: 0, maxSeconds: MAX_SECONDS });
      if (scanned.failedRounds || scanned.roundsLeft) throw new Error(`${scanned.failedRounds} scans failed, ${scanned.roundsLeft} not made: ${JSON.stringify(scanned.unexpected)}`);
      const closed = await post(`/api/audits/${auditId}/close`, closeBody, scannerTokens[0]);
      const totalSeconds = (performance.now() - t0) / 1000;
      if (closed.status !== 200) throw new Error(`close failed: ${closed.status} ${JSON.stringify(closed.body)}`);
      const auditRows = (await chainLength(owner, stationId)) - rowsBefore;
      const findings: Record<string, number> = {};
      for (const f of closed.body.findings as Array<{ type: string; code: string }>) findings[f.type] = (findings[f.type] ?? 0) + 1;
      const missingCodes = (closed.body.findings as Array<{ type: string; code: string }>).filter((f) => f.type === 'MISSING').map((f) => f.code).sort();
      const foundPlusAway = (findings.FOUND ?? 0) + (findings.AWAY ?? 0);
      const missing = findings.MISSING ?? 0;
      const findingsTotal = (closed.body.findings as unknown[]).length;
      const other = findingsTotal - foundPlusAway - missing;
      const ok =
        findings.FOUND === toScan.length && findings.AWAY === expectAway && missing === UNSCANNED && other === 0 && findingsTotal === WEAPONS &&
        JSON.stringify(missingCodes) === JSON.stringify(unscanned.map((w) => w.code).sort());
      const run: CountRun = {
        scanners: n,
        startMs: +started.ms.toFixed(1),
        scanSeconds: scanned.seconds,
        scansPerSecond: scanned.byTag.scan.perSecond,
        scan: scanned.byTag.scan,
        closeMs: +closed.ms.toFixed(1),
        totalSeconds: +totalSeconds.toFixed(2),
        findings,
        findingsTotal,
        checks: { foundPlusAway, missing, other, ok },
        auditRows,
        mainThreadBusy: scanned.mainThreadBusy,
      };
      runs.push(run);
      console.log(
        `arms-count, ${n} scanner${n > 1 ? 's' : ''}: total ${run.totalSeconds} s = start ${run.startMs} ms + ${toScan.length} scans in ${run.scanSeconds} s (${fmt(run.scan)}, app main thread ${Math.round(run.mainThreadBusy * 100)}% busy) + close ${run.closeMs} ms` +
          `\n  findings ${JSON.stringify(findings)} = ${findingsTotal}; FOUND+AWAY ${foundPlusAway}, MISSING ${missing} (the ${UNSCANNED} left unscanned: ${missingCodes.join(', ')}), ${auditRows} audit rows`,
      );
      if (!ok) throw new Error(`findings do not add up: ${JSON.stringify(run.checks)} ${JSON.stringify(findings)}`);
    }

    // Where a scan's time goes in the database: the running tally every scan answers with, at the end of a count.
    const tally = tallyQuery({ auditId: lastAuditId, stationId, category: 'WEAPON', locationId: null, samplePercent: null, sampleSeed: null });
    const explainTally = (await owner.query(`EXPLAIN (ANALYZE, BUFFERS) ${tally.sql}`, tally.params)).rows.map((r) => r['QUERY PLAN'] as string);

    // Baseline: bare pg, one INSERT into audit_scans per scan, each its own transaction, on as many connections as scanners.
    const audits = bench.app.get(AuditsService);
    const baseline: Record<string, LatencyStats> = {};
    for (const n of SCANNERS) {
      const session = await audits.start(contextOf(clerk, 'bench-baseline'), { kind: AuditKind.DAILY_ARMS });
      bare = new pg.Pool({ connectionString: db.url, max: n, options: '-c role=khlang_app' });
      const pool = bare;
      const insert = (i: number, who: string) =>
        pool.query(
          `INSERT INTO audit_scans (station_id, audit_id, item_id, location_id, condition, seal_seen, duplicate, scanned_by) VALUES ($1, $2, $3, $4, NULL, NULL, false, $5)`,
          [stationId, session.id, toScan[i % toScan.length].id, armory.id, who],
        );
      baseline[`${n} connection${n > 1 ? 's' : ''}`] = await localLoad(n, MAX_SECONDS, toScan.length, async (c, i) => void (await insert(i, scanners[c].id)), n * 20);
      await pool.end();
      bare = undefined;
      console.log(`arms-count baseline, bare pg INSERT per scan on ${n} connection(s): ${fmt(baseline[`${n} connection${n > 1 ? 's' : ''}`])}`);
    }

    const verify = await verifyOverHttp(bench, commanderToken);
    if (!verify.ok) throw new Error(`audit chain does not verify after the run: ${JSON.stringify(verify.body)}`);
    console.log(`arms-count: GET /api/audit-log/verify ok over ${verify.entries} entries in ${verify.ms} ms`);

    const byScanners = Object.fromEntries(runs.map((r) => [`${r.scanners} scanner${r.scanners > 1 ? 's' : ''}`, r]));
    const ratios = Object.fromEntries(
      runs.map((r) => {
        const b = baseline[`${r.scanners} connection${r.scanners > 1 ? 's' : ''}`];
        return [
          `${r.scanners} scanner${r.scanners > 1 ? 's' : ''}`,
          {
            'app scans per s / bare pg inserts per s': ratio(r.scansPerSecond, b.perSecond),
            'app scan p50 / bare insert p50': ratio(r.scan.p50Ms, b.p50Ms),
            'app scan p99 / bare insert p99': ratio(r.scan.p99Ms, b.p99Ms),
            'app scanning seconds / bare pg seconds for the same scans': ratio(r.scanSeconds, b.seconds),
          },
        ];
      }),
    );
    const one = runs.find((r) => r.scanners === 1)!;
    const four = runs.find((r) => r.scanners === 4)!;
    return {
      bench: 'daily arms count',
      weapons: WEAPONS,
      otherItemsInStation: OTHER_ITEMS,
      away: { onShift: onShift.length, onLoan: onLoan.length },
      scanned: toScan.length,
      leftUnscanned: unscanned.map((w) => w.code),
      poolSize: bench.config.dbPoolSize,
      argon2: bench.config.passwordHash,
      client: 'node http in a worker thread, one keep-alive connection per scanner, each its own user; closed loop (next scan as soon as the last is answered); start and close from the main thread',
      byScanners,
      baselineBarePgInsertPerScan: baseline,
      ratios,
      scaling: {
        'scans per s, 4 scanners / 1 scanner': ratio(four.scansPerSecond, one.scansPerSecond),
        'bare pg inserts per s, 4 connections / 1': ratio(baseline['4 connections'].perSecond, baseline['1 connection'].perSecond),
        'total count time, 4 scanners / 1 scanner': ratio(four.totalSeconds, one.totalSeconds),
      },
      sqlPerScan: scanSql,
      explainTallyAtEndOfCount: explainTally,
      afterRun: { verify: { ok: verify.ok, entries: verify.entries, ms: verify.ms }, warmupCloseMs: +warmClose.ms.toFixed(1) },
      setup: { seconds: +setupSeconds.toFixed(1), codes },
      machine: { cores: availableParallelism(), loadAverageBefore: loadBefore.map((l) => +l.toFixed(2)), loadAverageAfter: loadavg().map((l) => +l.toFixed(2)) },
    };
  } finally {
    await bare?.end();
    await owner.end();
    await bench.close();
    await db.close();
  }
}

