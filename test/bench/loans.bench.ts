import argon2 from '@node-rs/argon2';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { chainKeyOf } from '../../src/audit-log/audit-log.service.js';
import { Role } from '../../src/common/roles.js';
import { type ItemCategory, type ItemKind } from '../../src/items/item.enums.js';
import { LoanPurpose } from '../../src/loans/loan.enums.js';
import { LoansService } from '../../src/loans/loans.service.js';
import { BENCH_PASSWORD, fmt, type LatencyStats, localLoad, ratio, seedStation, startBenchApp } from './app-kit.js';
import { benchDatabase, median } from './bench-kit.js';
import { chainLength, codesGapFree, contextOf, insertItems, makeUsers, mapLimit, type ScriptClient, type ScriptResult, type ScriptStep, scriptLoad, statementsOf, verifyOverHttp } from './script-kit.js';
import { LOAN_SELECT } from '../../src/loans/loans.repository.js';

const CLERKS = Number(process.env.BENCH_LOAN_CLERKS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Round trips per clerk in each measured round of the NORMAL run (count-bounded; MAX_SECONDS bounds it in time too). */
const ROUND_TRIPS_PER_CLERK = Number(process.env.BENCH_ROUND_TRIPS_PER_CLERK ?? 8);
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 15);
/** Length of each baseline measurement (time-bounded). */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const HIGH_ROUND_TRIPS_PER_CLERK = Number(process.env.BENCH_HIGH_ROUND_TRIPS_PER_CLERK ?? 5);
const WARMUP_ROUNDS = 4;

// ---------------------------------------------------------------------------------------------------
// The loans benchmark.
// ---------------------------------------------------------------------------------------------------

interface PreparedLoan {
  id: string;
  itemId: string;
  code: string;
  lineId: string;
}

/**
 * Loan issue + return round trips per second through the HTTP app with CLERKS concurrent clerks (one
 * station, each clerk a token of its own): NORMAL items (government property, equipment in the
 * non-secure property room, no witness), and separately HIGH firearms from the armory, whose issue and
 * return each re-authenticate a witness with argon2. Loans are requested and approved ahead through
 * LoansService (untimed, one item each, distinct items: an approved loan holds its item). Each round
 * trip is POST /api/loans/:id/issue then POST /api/loans/:id/return of one loan. Baselines in the same
 * run and with the same clients: a MOVE custody event over HTTP (the plain audited custody write), a
 * bare pg transaction making the issue's and the return's row writes with their audit rows, and the
 * witness's argon2.verify alone. At the end the station's audit chain is verified over HTTP.
 */
export async function loansBench(): Promise<Record<string, unknown>> {
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
    const clerks = await makeUsers(bench, seed, 'clerk', Role.CLERK, CLERKS);
    const clerkTokens = await Promise.all(clerks.map((c) => bench.token(c)));
    const requester = seed.users.OFFICER!;
    const approver = seed.users.SUPERVISOR!;
    const witness = seed.users.INVESTIGATOR!;
    const commanderToken = await bench.token(seed.users.COMMANDER!);
    const room = seed.locations['R2'];
    const locker = seed.locations['R2-L1'];
    const armory = seed.locations['ARM1'];

    // Items: NORMAL property for the measured rounds, the bare-pg baseline and the MOVE baseline; HIGH firearms.
    const normalCount = 1 + CLERKS * (WARMUP_ROUNDS + ROUNDS * ROUND_TRIPS_PER_CLERK);
    const property = (count: number, n: number) => ({
      category: 'PROPERTY' as ItemCategory,
      kind: 'equipment' as ItemKind,
      description: `วิทยุสื่อสาร ยี่ห้อ Motorola รุ่น GP328 พร้อมแบตเตอรี่ ชุดที่ ${n}`,
      unit: 'เครื่อง',
      locationId: room.id,
      count,
      details: { acquisitionMethod: 'PURCHASE', fundingSource: 'BUDGET', unitPrice: 18500 },
    });
    const normalItems = await insertItems(owner, seed, property(normalCount, 1));
    const bareItems = await insertItems(owner, seed, property(CLERKS, 2));
    const moveItems = await insertItems(owner, seed, property(CLERKS, 3));
    const highItems = await insertItems(owner, seed, {
      category: 'WEAPON' as ItemCategory,
      kind: 'firearm' as ItemKind,
      description: 'อาวุธปืนพกสั้น ขนาด 9 มม. ยี่ห้อ Glock รุ่น 19 พร้อมซองกระสุน',
      unit: 'กระบอก',
      locationId: armory.id,
      count: CLERKS * (1 + HIGH_ROUND_TRIPS_PER_CLERK),
      serialPrefix: 'GLK',
      details: { make: 'Glock', model: '19', calibre: '9 มม.' },
    });
    await owner.query('VACUUM ANALYZE items');
    const codes = await codesGapFree(owner, stationId);
    if (!codes.gapFree) throw new Error(`item codes are not gap-free: ${JSON.stringify(codes.sequences)}`);

    // Loans requested by the officer and approved by the supervisor, through the service (untimed).
    const loans = bench.app.get(LoansService);
    const dueAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    let prepN = 0;
    const prepare = (items: Array<{ id: string; code: string }>, purposeType: LoanPurpose, purpose: string) =>
      mapLimit(items, 8, async (item): Promise<PreparedLoan> => {
        const n = prepN++;
        const view = await loans.request(contextOf(requester, `bench-prep-${n}`), { items: [{ itemId: item.id }], purposeType, purpose, offPremises: false, dueAt });
        await loans.approve(contextOf(approver, `bench-prep-${n}`), view.id, { note: 'อนุมัติ' });
        return { id: view.id, itemId: item.id, code: item.code, lineId: view.items[0].lineId };
      });
    const prepStarted = performance.now();
    const normalLoans = await prepare(normalItems, LoanPurpose.DUTY, 'ใช้ในราชการ ออกตรวจพื้นที่');
    const bareLoans = await prepare(bareItems, LoanPurpose.DUTY, 'ใช้ในราชการ (baseline)');
    const highLoans = await prepare(highItems, LoanPurpose.TRAINING, 'ฝึกยิงปืนประจำเดือน');
    const prepSeconds = (performance.now() - prepStarted) / 1000;
    // Start measuring from a settled database: no autovacuum or checkpoint left over from the setup's writes.
    await owner.query('VACUUM ANALYZE items, loans, loan_items, audit_log, audit_chain_heads, custody_events');
    await owner.query('CHECKPOINT');
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    console.log(`loans: setup ${setupSeconds.toFixed(1)} s (${normalLoans.length + bareLoans.length + highLoans.length} loans requested + approved in ${prepSeconds.toFixed(1)} s)`);

    // One round trip probed and checked by its answers.
    const probe = normalLoans.shift()!;
    const post = async (path: string, body: unknown, token: string) => {
      const r = await fetch(`http://127.0.0.1:${bench.port}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as Record<string, any> };
    };
    const { result: issued, statements: issueSql } = await statementsOf(() => post(`/api/loans/${probe.id}/issue`, { items: [{ code: probe.code }] }, clerkTokens[0]));
    if (issued.status !== 200 || issued.body.status !== 'ISSUED') throw new Error(`issue probe failed: ${issued.status} ${JSON.stringify(issued.body)}`);
    const { result: back, statements: returnSql } = await statementsOf(() => post(`/api/loans/${probe.id}/return`, { items: [{ code: probe.code, condition: 'GOOD' }] }, clerkTokens[1]));
    if (back.status !== 200 || back.body.loan?.status !== 'RETURNED') throw new Error(`return probe failed: ${back.status} ${JSON.stringify(back.body)}`);
    const { result: moved, statements: moveSql } = await statementsOf(() => post(`/api/items/${moveItems[0].id}/events`, { type: 'MOVE', toLocationId: locker.id }, clerkTokens[0]));
    if (moved.status !== 201) throw new Error(`MOVE probe failed: ${moved.status} ${JSON.stringify(moved.body)}`);
    await post(`/api/items/${moveItems[0].id}/events`, { type: 'MOVE', toLocationId: room.id }, clerkTokens[0]);
    console.log(`loans: SQL statements per request (auth guard included): issue ${issueSql.length}, return ${returnSql.length}, MOVE ${moveSql.length}`);

    // The loan view that issue and return each read twice (before the transaction and inside it).
    const explainView = (await owner.query(`EXPLAIN (ANALYZE, BUFFERS) ${LOAN_VIEW_SQL}`, [new Date(), stationId, probe.id])).rows.map((r) => r['QUERY PLAN'] as string);

    const issueBody = (code: string, withWitness: boolean) =>
      JSON.stringify({ items: [{ code }], ...(withWitness ? { witness: { username: witness.username, password: BENCH_PASSWORD } } : {}) });
    const returnBody = (code: string, withWitness: boolean) =>
      JSON.stringify({ items: [{ code, condition: 'GOOD' }], ...(withWitness ? { witness: { username: witness.username, password: BENCH_PASSWORD } } : {}) });
    const roundOf = (loan: PreparedLoan, withWitness: boolean): ScriptStep[] => [
      { method: 'POST', path: `/api/loans/${loan.id}/issue`, body: issueBody(loan.code, withWitness), expect: 200, tag: 'issue' },
      { method: 'POST', path: `/api/loans/${loan.id}/return`, body: returnBody(loan.code, withWitness), expect: 200, tag: 'return' },
    ];
    /** Clerk c's loans, dealt round-robin so every clerk has the same number. */
    const dealt = (list: PreparedLoan[], from: number, perClerk: number) =>
      Array.from({ length: CLERKS }, (_, c) => list.slice(from + c * perClerk, from + (c + 1) * perClerk));

    // --- Baseline: bare pg transactions with the issue's and the return's row writes and audit rows. ---
    bare = new pg.Pool({ connectionString: db.url, max: bench.config.dbPoolSize, options: '-c role=khlang_app' });
    const pool = bare;
    const holderName = `${requester.rank} ${requester.displayName}`;
    const auditBody = (actorId: string, action: string, entityType: string, entityId: string, before: unknown, after: unknown, n: number) =>
      JSON.stringify({ v: 1, chain: chainKeyOf(stationId), at: new Date().toISOString(), stationId, actorId, action, entityType, entityId, before, after, requestId: `bench-bare-${n}`, clientIp: '127.0.0.1' });
    let bareN = 0;
    const bareTx = async (work: (c: pg.PoolClient) => Promise<void>) => {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        await work(c);
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    };
    const bareRoundTrip = async (client: number) => {
      const loan = bareLoans[client];
      const clerk = clerks[client];
      const n = bareN++;
      // Issue: lock loan and item, CHECKOUT event, item out, line issued, loan ISSUED, two audit rows.
      await bareTx(async (c) => {
        await c.query('SELECT * FROM loans WHERE id = $1 AND station_id = $2 FOR UPDATE', [loan.id, stationId]);
        await c.query('SELECT * FROM items WHERE id = $1 AND station_id = $2 FOR UPDATE', [loan.itemId, stationId]);
        const { rows: [event] } = await c.query(
          `INSERT INTO custody_events (station_id, item_id, type, actor_id, from_status, to_status, from_location_id, to_location_id, recipient, quantity)
           VALUES ($1, $2, 'CHECKOUT', $3, 'IN_STORAGE', 'ON_LOAN', $4, NULL, $5, 1) RETURNING id`,
          [stationId, loan.itemId, clerk.id, room.id, holderName],
        );
        await c.query(`UPDATE items SET status = 'ON_LOAN', location_id = NULL, holder_id = $2, holder_text = NULL, updated_at = now() WHERE id = $1`, [loan.itemId, requester.id]);
        await c.query(`UPDATE loan_items SET issued_by = $2, issued_at = now(), witness_id = NULL, from_location_id = $3, returned_quantity = 0, open = true, closed_at = NULL WHERE id = $1`, [loan.lineId, clerk.id, room.id]);
        await c.query(`UPDATE loans SET status = 'ISSUED', issued_by = $2, issued_at = now(), issue_witness_id = NULL, returned_at = NULL WHERE id = $1`, [loan.id, clerk.id]);
        await c.query('SELECT seq, hash FROM audit_append($1)', [auditBody(clerk.id, 'ITEM_CHECKOUT', 'item', loan.itemId, { status: 'IN_STORAGE', locationId: room.id }, { status: 'ON_LOAN', locationId: null, holderId: requester.id, eventId: event.id, loanItemId: loan.lineId, quantity: 1, witnessId: null, discrepancies: [] }, n)]);
        await c.query('SELECT seq, hash FROM audit_append($1)', [auditBody(clerk.id, 'LOAN_ISSUED', 'loan', loan.id, { status: 'APPROVED' }, { status: 'ISSUED', issuedBy: clerk.id, witnessId: null, discrepancies: [] }, n)]);
      });
      // Return: the same locks, RETURN event, item back, line closed, loan RETURNED, two audit rows.
      await bareTx(async (c) => {
        await c.query('SELECT * FROM loans WHERE id = $1 AND station_id = $2 FOR UPDATE', [loan.id, stationId]);
        await c.query('SELECT * FROM items WHERE id = $1 AND station_id = $2 FOR UPDATE', [loan.itemId, stationId]);
        const { rows: [event] } = await c.query(
          `INSERT INTO custody_events (station_id, item_id, type, actor_id, from_status, to_status, from_location_id, to_location_id, recipient, quantity, condition)
           VALUES ($1, $2, 'RETURN', $3, 'ON_LOAN', 'IN_STORAGE', NULL, $4, $5, 1, 'GOOD') RETURNING id`,
          [stationId, loan.itemId, clerk.id, room.id, holderName],
        );
        await c.query(`UPDATE items SET status = 'IN_STORAGE', location_id = $2, holder_id = NULL, holder_text = NULL, updated_at = now() WHERE id = $1`, [loan.itemId, room.id]);
        await c.query(`UPDATE loan_items SET returned_quantity = quantity, return_condition = 'GOOD', open = false, closed_at = now() WHERE id = $1`, [loan.lineId]);
        await c.query(`UPDATE loans SET status = 'RETURNED', returned_at = now() WHERE id = $1`, [loan.id]);
        await c.query('SELECT seq, hash FROM audit_append($1)', [auditBody(clerk.id, 'ITEM_RETURN', 'item', loan.itemId, { status: 'ON_LOAN', locationId: null }, { status: 'IN_STORAGE', locationId: room.id, holderId: null, eventId: event.id, loanItemId: loan.lineId, quantity: 1, witnessId: null, discrepancies: [] }, n)]);
        await c.query('SELECT seq, hash FROM audit_append($1)', [auditBody(clerk.id, 'LOAN_RETURNED', 'loan', loan.id, { status: 'ISSUED' }, { status: 'RETURNED', lines: [{ lineId: loan.lineId, code: loan.code, returned: 1, spent: 0, closed: true }], witnessId: null }, n)]);
      });
    };

    // --- Baseline: the plain audited custody write, a MOVE over HTTP, each clerk moving its own item between two rooms. ---
    const MOVES_PER_CLIENT = 5000;
    const moveScript = async (): Promise<ScriptClient[]> => {
      const { rows } = await owner.query<{ id: string; location_id: string }>('SELECT id, location_id FROM items WHERE id = ANY($1::uuid[])', [moveItems.map((i) => i.id)]);
      const at = new Map(rows.map((r) => [r.id, r.location_id]));
      return moveItems.map((item, c) => {
        const first = at.get(item.id) === room.id ? 0 : 1;
        return {
          token: clerkTokens[c],
          rounds: Array.from({ length: MOVES_PER_CLIENT }, (_, i) => [
            { method: 'POST' as const, path: `/api/items/${item.id}/events`, body: JSON.stringify({ type: 'MOVE', toLocationId: (i + first) % 2 ? room.id : locker.id }), expect: 201, tag: 'move' },
          ]),
        };
      });
    };

    // --- Warm-up (not measured): connections, JIT, plans, pools. ---
    const warmLoans = dealt(normalLoans, 0, WARMUP_ROUNDS);
    let normalFrom = CLERKS * WARMUP_ROUNDS;
    await scriptLoad({ port: bench.port, clients: warmLoans.map((list, c) => ({ token: clerkTokens[c], rounds: list.map((l) => roundOf(l, false)) })), warmupRounds: 0, maxSeconds: 60 });
    await scriptLoad({ port: bench.port, clients: (await moveScript()).map((cl) => ({ ...cl, rounds: cl.rounds.slice(0, 10) })), warmupRounds: 0, maxSeconds: 60 });
    await localLoad(CLERKS, 1, CLERKS * 10, (c) => bareRoundTrip(c));

    // --- The measured rounds: NORMAL loans, then the two baselines, ROUNDS times. ---
    const perRound: Record<string, ScriptResult[]> = { normal: [], move: [] };
    const bareRounds: LatencyStats[] = [];
    const auditRows: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const mine = dealt(normalLoans, normalFrom, ROUND_TRIPS_PER_CLERK);
      normalFrom += CLERKS * ROUND_TRIPS_PER_CLERK;
      const before = await chainLength(owner, stationId);
      const normal = await scriptLoad({ port: bench.port, clients: mine.map((list, c) => ({ token: clerkTokens[c], rounds: list.map((l) => roundOf(l, false)) })), warmupRounds: 0, maxSeconds: MAX_SECONDS });
      const after = await chainLength(owner, stationId);
      if (normal.failedRounds) console.error(`loans: ${normal.failedRounds} failed round trips`, normal.unexpected);
      perRound.normal.push(normal);
      auditRows.push(after - before);
      const move = await scriptLoad({ port: bench.port, clients: await moveScript(), warmupRounds: 0, maxSeconds: SECONDS });
      if (move.failedRounds) console.error(`loans: ${move.failedRounds} failed moves`, move.unexpected);
      perRound.move.push(move);
      bareRounds.push(await localLoad(CLERKS, SECONDS, 1_000_000, (c) => bareRoundTrip(c)));
      console.log(
        `loans round ${r + 1}/${ROUNDS}: NORMAL ${normal.roundsPerSecond} round trips/s (${normal.rounds} in ${normal.seconds} s${normal.roundsLeft ? `, time ran out with ${normal.roundsLeft} left` : ''}; ` +
          `issue ${fmt(normal.byTag.issue)}; return ${fmt(normal.byTag.return)}), ${after - before} audit rows` +
          `\n  baseline MOVE over HTTP: ${fmt(move.byTag.move)}` +
          `\n  baseline bare pg issue tx + return tx: ${fmt(bareRounds[r])} (round trips)`,
      );
    }

    // --- HIGH firearms: witness on issue and on return (argon2 twice per round trip). ---
    await scriptLoad({ port: bench.port, clients: dealt(highLoans, 0, 1).map((list, c) => ({ token: clerkTokens[c], rounds: list.map((l) => roundOf(l, true)) })), warmupRounds: 0, maxSeconds: 60 });
    const highBefore = await chainLength(owner, stationId);
    const high = await scriptLoad({
      port: bench.port,
      clients: dealt(highLoans, CLERKS, HIGH_ROUND_TRIPS_PER_CLERK).map((list, c) => ({ token: clerkTokens[c], rounds: list.map((l) => roundOf(l, true)) })),
      warmupRounds: 0,
      maxSeconds: MAX_SECONDS,
    });
    const highAuditRows = (await chainLength(owner, stationId)) - highBefore;
    if (high.failedRounds) console.error(`loans HIGH: ${high.failedRounds} failed round trips`, high.unexpected);
    const { rows: [{ password_hash: witnessHash }] } = await owner.query('SELECT password_hash FROM users WHERE id = $1', [witness.id]);
    const argonAlone = await localLoad(CLERKS, 3, 1_000_000, async () => {
      if (!(await argon2.verify(witnessHash, BENCH_PASSWORD))) throw new Error('witness hash mismatch');
    }, CLERKS);
    console.log(
      `loans HIGH (witness): ${high.roundsPerSecond} round trips/s (${high.rounds} in ${high.seconds} s; issue ${fmt(high.byTag.issue)}; return ${fmt(high.byTag.return)}), ${highAuditRows} audit rows` +
        `\n  baseline argon2.verify alone @${CLERKS}: ${fmt(argonAlone)}`,
    );

    // --- After the run: every loan back, the chain intact. ---
    const { rows: statuses } = await owner.query(`SELECT status::text AS status, count(*)::int AS n FROM loans WHERE station_id = $1 GROUP BY 1 ORDER BY 1`, [stationId]);
    const { rows: [{ out }] } = await owner.query(`SELECT count(*)::int AS out FROM items WHERE station_id = $1 AND status = 'ON_LOAN'`, [stationId]);
    if (out !== 0) throw new Error(`${out} items still out on loan after the run`);
    const verify = await verifyOverHttp(bench, commanderToken);
    if (!verify.ok) throw new Error(`audit chain does not verify after the run: ${JSON.stringify(verify.body)}`);
    console.log(`loans: GET /api/audit-log/verify ok over ${verify.entries} entries in ${verify.ms} ms`);

    // --- Figures: medians over the rounds. ---
    const med = (xs: number[]) => +median(xs).toFixed(2);
    const normalRt = med(perRound.normal.map((x) => x.roundsPerSecond));
    const moveRate = med(perRound.move.map((x) => x.byTag.move.perSecond));
    const bareRt = med(bareRounds.map((x) => x.perSecond));
    const summary = {
      normal: {
        roundTripsPerSecond: normalRt,
        issueP50Ms: med(perRound.normal.map((x) => x.byTag.issue.p50Ms)),
        issueP99Ms: med(perRound.normal.map((x) => x.byTag.issue.p99Ms)),
        returnP50Ms: med(perRound.normal.map((x) => x.byTag.return.p50Ms)),
        returnP99Ms: med(perRound.normal.map((x) => x.byTag.return.p99Ms)),
        roundTripP50Ms: med(perRound.normal.map((x) => x.round.p50Ms)),
        auditRowsPerRoundTrip: +(auditRows.reduce((a, b) => a + b, 0) / perRound.normal.reduce((a, x) => a + x.rounds, 0)).toFixed(2),
        auditRowsWrittenPerRound: auditRows,
        auditRowsPerSecond: med(perRound.normal.map((x, i) => auditRows[i] / x.seconds)),
      },
      high: {
        roundTripsPerSecond: high.roundsPerSecond,
        issueP50Ms: high.byTag.issue?.p50Ms,
        issueP99Ms: high.byTag.issue?.p99Ms,
        returnP50Ms: high.byTag.return?.p50Ms,
        returnP99Ms: high.byTag.return?.p99Ms,
        auditRowsWritten: highAuditRows,
        roundTrips: high.rounds,
        roundsLeftWhenTimeRanOut: high.roundsLeft,
      },
      baselines: {
        'MOVE over HTTP (requests/s)': moveRate,
        'MOVE over HTTP p50 / p99 ms': [med(perRound.move.map((x) => x.byTag.move.p50Ms)), med(perRound.move.map((x) => x.byTag.move.p99Ms))],
        'bare pg issue tx + return tx (round trips/s)': bareRt,
        'bare pg round trip p50 / p99 ms': [med(bareRounds.map((x) => x.p50Ms)), med(bareRounds.map((x) => x.p99Ms))],
        'argon2.verify alone (verifies/s)': argonAlone.perSecond,
      },
    };
    const ratios = {
      'NORMAL loan requests (issue+return) per s / MOVE requests per s': ratio(normalRt * 2, moveRate),
      'NORMAL round trips per s / bare pg round trips per s': ratio(normalRt, bareRt),
      'NORMAL issue p50 / MOVE p50': ratio(summary.normal.issueP50Ms, summary.baselines['MOVE over HTTP p50 / p99 ms'][0]),
      'HIGH round trips per s / NORMAL round trips per s': ratio(high.roundsPerSecond, normalRt),
      'HIGH round trips per s / (argon2 verifies per s ÷ 2)': ratio(high.roundsPerSecond, argonAlone.perSecond / 2),
    };
    return {
      bench: 'loans issue + return round trips',
      clerks: CLERKS,
      poolSize: bench.config.dbPoolSize,
      argon2: bench.config.passwordHash,
      rounds: ROUNDS,
      roundTripsPerClerkPerRound: ROUND_TRIPS_PER_CLERK,
      highRoundTripsPerClerk: HIGH_ROUND_TRIPS_PER_CLERK,
      baselineSecondsPerRound: SECONDS,
      maxSecondsPerRun: MAX_SECONDS,
      client: `node http in a worker thread, ${CLERKS} keep-alive connections, one clerk token each; closed loop: issue then return of one loan (one item) per round trip`,
      summary,
      ratios,
      perRound: {
        normal: perRound.normal.map(({ unexpected: _u, ...x }) => x),
        move: perRound.move.map(({ unexpected: _u, ...x }) => x),
        bare: bareRounds,
      },
      high: (({ unexpected: _u, ...x }) => x)(high),
      argonAlone,
      afterRun: { loansByStatus: Object.fromEntries(statuses.map((s) => [s.status, s.n])), itemsOnLoan: out, verify: { ok: verify.ok, entries: verify.entries, ms: verify.ms } },
      setup: { seconds: +setupSeconds.toFixed(1), loansPrepared: normalLoans.length + 1 + bareLoans.length + highLoans.length, prepareSeconds: +prepSeconds.toFixed(1), codes },
      sqlPerRequest: { issue: issueSql, return: returnSql, move: moveSql },
      explainLoanView: explainView,
      machine: { cores: availableParallelism(), loadAverageBefore: loadBefore.map((l) => +l.toFixed(2)), loadAverageAfter: loadavg().map((l) => +l.toFixed(2)) },
    };
  } finally {
    await bare?.end();
    await owner.end();
    await bench.close();
    await db.close();
  }
}

/** What LoansRepository.view asks, for EXPLAIN: $1 now, $2 station, $3 loan id. */
const LOAN_VIEW_SQL = `${LOAN_SELECT} WHERE l.station_id = $2 AND l.id = $3 ORDER BY l.requested_at DESC, l.id LIMIT 1 OFFSET 0`;
