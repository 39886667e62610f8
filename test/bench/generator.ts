import pg from 'pg';
import { chainKeyOf } from '../../src/audit-log/audit-log.service.js';
import type { UserView } from '../../src/users/users.dto.js';
import type { BenchStation } from './app-kit.js';
import { fillItems } from './item-fill.js';
import { codesGapFree } from './script-kit.js';

/*
 * The data generator of the benchmarks (and of `npm run bench -- seed`): stations with two fiscal years
 * of history — items of every category, their custody events, loans, the shift arms book, counts,
 * findings, incidents, donations and disposals, and a verifying audit chain — written set-based as the
 * database owner. Every choice is a hash of an item's code and the seed (bench.seed), so the same seed
 * reproduces the same history; only uuids differ.
 */

/**
 * Two whole fiscal years of history (FY 2567 and 2568: 1 Oct 2023 – 30 Sep 2025, Thai time), fixed so
 * that every run, on any day, generates the same figures.
 */
export const DATA_FROM = new Date('2023-10-01T00:00:00+07:00');
export const DATA_TO = new Date('2025-10-01T00:00:00+07:00');

/** Who acts in a station's generated history. */
export interface Cast {
  clerk: UserView;
  supervisor: UserView;
  commander: UserView;
  investigators: UserView[];
  officers: UserView[];
}

export interface StationSpec {
  seed: BenchStation;
  cast: Cast;
  items: number;
  events: number;
}

export type Timings = Record<string, number>;

export const since = (t0: number) => +((performance.now() - t0) / 1000).toFixed(1);

export async function timed(timings: Timings, name: string, step: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  await step();
  timings[name] = +((timings[name] ?? 0) + since(t0)).toFixed(1);
  console.log(`generate ${name}: ${since(t0)} s`);
}

// ---------------------------------------------------------------------------------------------------
// Data generation, set-based, as the database owner. Every choice is a hash of an item's code (codes are
// deterministic), so a run reproduces the same history; only uuids differ. Staging tables are UNLOGGED
// and dropped at the end.
// ---------------------------------------------------------------------------------------------------

/**
 * Per item: where it lives (its location, or where it lived before it went out), when its history ends
 * (its disposal, in batches per category and Thai day, or the end of the data), and how many events it
 * has between its INTAKE and its last event: M events spread in proportion to how long each item was
 * held, three times as many for weapons (drawn for duty every shift), telescoping floors so they add up
 * to exactly M.
 */
const PLAN_SQL = `
  WITH i AS (
    SELECT i.station_id, i.id, i.code, i.category::text AS category, i.kind::text AS kind, i.risk_class = 'HIGH' AS high,
           i.status::text AS status, i.condition::text AS condition, i.registered_at AS reg, i.quantity, i.seal_number,
           i.weight_grams, i.amount, i.holder_id, i.holder_text,
           COALESCE(i.location_id, CASE WHEN i.kind = 'drugs' THEN $4::uuid WHEN i.kind IN ('cash', 'valuables') THEN $3::uuid
                                        WHEN i.kind IN ('firearm', 'ammunition') THEN $5::uuid WHEN i.kind = 'vehicle' THEN $6::uuid
                                        WHEN i.kind = 'furniture' THEN $7::uuid WHEN i.category = 'PROPERTY' THEN $8::uuid
                                        ELSE ($9::uuid[])[1 + abs(bench_hash(i.code || ':h')) % cardinality($9::uuid[])] END) AS home,
           (abs(bench_hash(i.code || ':d')) % 1000) / 1000.0 AS ud
    FROM items i WHERE i.station_id = $1
  ), d AS (
    SELECT i.*, CASE WHEN i.status = 'DISPOSED'
                     THEN ((i.reg + ($2::timestamptz - interval '1 day' - i.reg) * (0.2 + 0.7 * i.ud)) AT TIME ZONE 'Asia/Bangkok')::date END AS d_day
    FROM i
  ), batch AS (
    SELECT category, d_day, GREATEST((d_day + time '14:00') AT TIME ZONE 'Asia/Bangkok', max(reg) + interval '1 hour') AS executed_at
    FROM d WHERE d_day IS NOT NULL GROUP BY category, d_day
  ), ended AS (
    SELECT d.*, CASE WHEN d.d_day IS NULL THEN $2::timestamptz - interval '1 hour'
                     ELSE b.executed_at + (row_number() OVER (PARTITION BY d.category, d.d_day ORDER BY d.code) - 1) * interval '20 seconds' END AS end_t
    FROM d LEFT JOIN batch b ON b.category = d.category AND b.d_day = d.d_day
  ), weighted AS (
    SELECT e.*, pl.alt,
           extract(epoch FROM e.end_t - e.reg)::bigint * CASE e.category WHEN 'WEAPON' THEN 30 WHEN 'EVIDENCE' THEN 10 WHEN 'PROPERTY' THEN 8 ELSE 6 END AS w
    FROM ended e JOIN unnest($10::uuid[], $11::uuid[]) AS pl(id, alt) ON pl.id = e.home
  ), cumulative AS (
    SELECT w.*, sum(w.w) OVER (ORDER BY w.code) AS cw, sum(w.w) OVER () AS total FROM weighted w
  )
  SELECT c.station_id, c.id, c.code, c.category, c.kind, c.high, c.status, c.condition, c.reg, c.quantity, c.seal_number, c.weight_grams,
         c.amount, c.holder_id, c.holder_text, c.home, c.alt, c.d_day, c.end_t,
         (div($12::numeric * c.cw, c.total) - div($12::numeric * (c.cw - c.w), c.total))::int AS m
  FROM cumulative c`;

/**
 * Every event of every item, in order: INTAKE at registration; m events in blocks of two (a shift's
 * weapon drawn and returned, a loan out and back, a send-out to the lab/court/prosecutor/repair and its
 * return, a move to another shelf and back, two condition checks); and a last event that leaves the item
 * as its row says (DISPOSE, SEND_OUT, CHECKOUT). The item's history is cut into equal strata, one per
 * block (and one for a last SEND_OUT/CHECKOUT): a block starts at a uniform point of its stratum and ends
 * inside it, so events are spread evenly up to the end of the data. A shift's draw snaps to its 8-hour
 * shift (00/08/16 h Thai time) when the shift fits in the stratum. A running maximum keeps each item's
 * events strictly in order (1 s apart at least) whatever the rounding did. Stored in time order, so that
 * writing it out slice by slice reads neighbouring pages.
 */
const STAGE_SQL = `
  WITH p AS (
    SELECT p.*, (p.end_t - p.reg) / greatest((p.m + 1) / 2 + CASE WHEN p.status IN ('SENT_OUT', 'ON_LOAN') THEN 1 ELSE 0 END, 1) AS span
    FROM bench_o23_plan p WHERE p.station_id = $1
  ), mid AS (
    SELECT p.*, j, (j - 1) / 2 AS b, (j - 1) % 2 AS pos,
           abs(bench_hash(p.code || '#' || (j - 1) / 2)) % 100 AS hb,
           abs(bench_hash(p.code || '!' || (j - 1) / 2)) % 1000 AS hx,
           (abs(bench_hash(p.code || '@' || (j - 1) / 2)) % 1000) / 1000.0 AS ub,
           j = p.m AND p.m % 2 = 1 AS single
    FROM p, generate_series(1, p.m) j
  ), kinded AS (
    SELECT mid.*,
           CASE WHEN single THEN 'CHECK'
                WHEN category = 'WEAPON' THEN CASE WHEN hb < 60 THEN 'DUTY' WHEN hb < 75 THEN 'MOVE' WHEN hb < 95 THEN 'CHECK' ELSE 'SEND' END
                WHEN category = 'EVIDENCE' THEN CASE WHEN hb < 25 THEN 'SEND' WHEN hb < 35 THEN 'LOAN' WHEN hb < 70 THEN 'MOVE' ELSE 'CHECK' END
                WHEN category = 'PROPERTY' THEN CASE WHEN hb < 35 THEN 'LOAN' WHEN hb < 40 THEN 'SEND' WHEN hb < 70 THEN 'MOVE' ELSE 'CHECK' END
                ELSE CASE WHEN hb < 25 THEN 'LOAN' WHEN hb < 60 THEN 'MOVE' ELSE 'CHECK' END END AS block0,
           reg + span * b AS stratum_start, reg + span * (b + 1) AS stratum_end,
           reg + span * (b + 0.9 * ub) AS t_first
    FROM mid
  ), blocks AS (
    SELECT k.*, CASE WHEN k.block0 = 'MOVE' AND k.alt IS NULL THEN 'CHECK' ELSE k.block0 END AS block,
           CASE WHEN k.block0 <> 'SEND' THEN NULL WHEN k.category <> 'EVIDENCE' THEN 'REPAIR'
                WHEN k.ub < 0.5 THEN 'LAB' WHEN k.ub < 0.8 THEN 'COURT' ELSE 'PROSECUTOR' END AS dest,
           $2::timestamptz + floor(extract(epoch FROM k.t_first - $2::timestamptz) / 28800)::int * interval '8 hours' AS shift_start
    FROM kinded k
  ), snapped AS (
    SELECT b.*, b.shift_start + (10 + b.ub * 20) * interval '1 minute' AS duty_out,
           CASE WHEN b.hx < 3 THEN b.shift_start + interval '9 hours' + b.ub * interval '3 hours'
                ELSE b.shift_start + interval '7 hours 30 minutes' + b.ub * interval '20 minutes' END AS duty_back
    FROM blocks b
  ), middle AS (
    SELECT station_id, id AS item_id, j, block, dest, ub, hx, shift_start,
           CASE block WHEN 'DUTY' THEN CASE WHEN pos = 0 THEN 'CHECKOUT' ELSE 'RETURN' END
                      WHEN 'LOAN' THEN CASE WHEN pos = 0 THEN 'CHECKOUT' ELSE 'RETURN' END
                      WHEN 'SEND' THEN CASE WHEN pos = 0 THEN 'SEND_OUT' ELSE 'RECEIVE_BACK' END
                      WHEN 'MOVE' THEN 'MOVE' ELSE 'CONDITION_CHECK' END AS type,
           CASE WHEN block = 'DUTY' AND duty_out > stratum_start AND duty_back < stratum_end THEN CASE WHEN pos = 0 THEN duty_out ELSE duty_back END
                WHEN pos = 0 THEN t_first
                ELSE t_first + LEAST((stratum_end - t_first) * 0.9,
                                     CASE block WHEN 'DUTY' THEN interval '7 hours 30 minutes'
                                                WHEN 'LOAN' THEN CASE WHEN hx % 20 = 0 THEN (10 + ub * 25) ELSE 1 + ub * 6 END * interval '1 day'
                                                WHEN 'SEND' THEN CASE dest WHEN 'LAB' THEN (7 + ub * 40) * interval '1 day'
                                                                           WHEN 'COURT' THEN (1 + ub * 2) * interval '1 day'
                                                                           WHEN 'PROSECUTOR' THEN (5 + ub * 10) * interval '1 day'
                                                                           ELSE (14 + ub * 16) * interval '1 day' END
                                                WHEN 'MOVE' THEN (1 + ub * 10) * interval '1 day'
                                                ELSE (stratum_end - t_first) * 0.5 END) END AS raw_at,
           CASE WHEN block = 'MOVE' AND pos = 1 THEN alt END AS moved_from,
           CASE WHEN block = 'MOVE' AND pos = 0 THEN alt END AS moved_to,
           CASE WHEN block = 'DUTY' THEN ($4::uuid[])[1 + floor(ub * cardinality($4::uuid[]))::int]
                WHEN block = 'LOAN' AND category = 'EVIDENCE' THEN ($3::uuid[])[1 + floor(ub * cardinality($3::uuid[]))::int]
                WHEN block = 'LOAN' THEN ($3::uuid[] || $4::uuid[])[1 + floor(ub * (cardinality($3::uuid[]) + cardinality($4::uuid[])))::int] END AS holder
    FROM snapped
  ), ends AS (
    SELECT p.station_id, p.id AS item_id, 0 AS j, 'INTAKE' AS block, NULL AS dest, 0.5 AS ub, 500 AS hx, NULL::timestamptz AS shift_start,
           'INTAKE' AS type, p.reg AS raw_at, NULL::uuid AS moved_from, NULL::uuid AS moved_to, NULL::uuid AS holder
    FROM p
    UNION ALL
    SELECT p.station_id, p.id, p.m + 1, 'FINAL',
           CASE WHEN p.status <> 'SENT_OUT' THEN NULL WHEN p.holder_text LIKE '%ศาล%' THEN 'COURT' WHEN p.holder_text LIKE '%อัยการ%' THEN 'PROSECUTOR' ELSE 'LAB' END,
           0.5, abs(bench_hash(p.code || '!f')) % 1000, NULL,
           CASE p.status WHEN 'DISPOSED' THEN 'DISPOSE' WHEN 'SENT_OUT' THEN 'SEND_OUT' ELSE 'CHECKOUT' END,
           -- Still out at the end of the data: went out within its last stratum, at most 30 days before the end.
           CASE WHEN p.status = 'DISPOSED' THEN p.end_t
                ELSE p.end_t - LEAST(p.span, interval '30 days') * ((abs(bench_hash(p.code || ':f')) % 1000) / 1000.0) END,
           NULL, NULL, CASE WHEN p.status = 'ON_LOAN' THEN p.holder_id END
    FROM p WHERE p.status <> 'IN_STORAGE'
  ), events AS (
    SELECT * FROM middle UNION ALL SELECT * FROM ends
  )
  SELECT e.station_id, e.item_id, e.j, e.block, e.dest, e.ub, e.hx, e.shift_start, e.type, e.moved_from, e.moved_to, e.holder,
         max(date_trunc('milliseconds', e.raw_at) - e.j * interval '1 second') OVER (PARTITION BY e.item_id ORDER BY e.j) + e.j * interval '1 second' AS at,
         p.code, p.category, p.kind, p.high, p.condition, p.quantity, p.home, p.seal_number, p.weight_grams, p.amount, p.holder_text,
         p.high AND e.type IN ('CHECKOUT', 'RETURN', 'SEND_OUT', 'RECEIVE_BACK', 'DISPOSE') AND abs(bench_hash(p.code || '~' || e.j)) % 1500 = 0 AS seal_mismatch
  FROM events e JOIN p ON p.id = e.item_id
  ORDER BY at`;

/**
 * What the clerk records for each staged event, as the app's custody service writes it. Written in time
 * slices (see lockstep), each slice's items split over two connections: ids and the heap follow time as
 * the app's writers leave them, and one item's events (one connection) are in id order.
 */
const EVENTS_SQL = `
  INSERT INTO custody_events (station_id, item_id, type, at, actor_id, witness_id, from_status, to_status, from_location_id, to_location_id,
                              recipient, destination, document_ref, quantity, seal_seen, weight_seen_grams, amount_seen, condition, note)
  SELECT e.station_id, e.item_id, e.type::custody_event_type, e.at, c.clerk,
         CASE WHEN e.high AND e.type <> 'CONDITION_CHECK' THEN c.supervisor END,
         CASE e.type WHEN 'INTAKE' THEN NULL WHEN 'RETURN' THEN 'ON_LOAN' WHEN 'RECEIVE_BACK' THEN 'SENT_OUT' ELSE 'IN_STORAGE' END::item_status,
         CASE e.type WHEN 'CHECKOUT' THEN 'ON_LOAN' WHEN 'SEND_OUT' THEN 'SENT_OUT' WHEN 'DISPOSE' THEN 'DISPOSED' ELSE 'IN_STORAGE' END::item_status,
         CASE WHEN e.type IN ('INTAKE', 'RETURN', 'RECEIVE_BACK') THEN NULL ELSE COALESCE(e.moved_from, e.home) END,
         CASE WHEN e.type IN ('CHECKOUT', 'SEND_OUT', 'DISPOSE') THEN NULL ELSE COALESCE(e.moved_to, e.home) END,
         CASE WHEN e.type IN ('CHECKOUT', 'RETURN') THEN u.display_name
              WHEN e.type = 'SEND_OUT' THEN COALESCE(e.holder_text, CASE e.dest WHEN 'LAB' THEN 'สถาบันนิติวิทยาศาสตร์' WHEN 'COURT' THEN 'ศาลอาญา'
                                                                              WHEN 'PROSECUTOR' THEN 'สำนักงานอัยการสูงสุด' ELSE 'ศูนย์ซ่อมบำรุง กองพลาธิการ' END) END,
         CASE WHEN e.type = 'SEND_OUT' THEN e.dest::send_out_destination END,
         CASE WHEN e.type = 'SEND_OUT' THEN 'ตร. 0016.' || (10 + e.hx % 90) || '/' || (1000 + e.hx)
              WHEN e.type = 'DISPOSE' THEN 'คำสั่งสถานีที่ ' || (1 + e.hx % 400) || '/' || (extract(year FROM e.at AT TIME ZONE 'Asia/Bangkok')::int + 543) END,
         CASE WHEN e.type IN ('INTAKE', 'CHECKOUT', 'RETURN', 'DISPOSE') THEN e.quantity END,
         CASE WHEN e.type = 'INTAKE' OR (e.high AND e.type IN ('CHECKOUT', 'RETURN', 'SEND_OUT', 'RECEIVE_BACK', 'DISPOSE'))
              THEN CASE WHEN e.seal_mismatch THEN 'ซล.' || lpad((e.hx * 7919 % 10000000)::text, 7, '0') ELSE e.seal_number END END,
         CASE WHEN e.high AND e.type IN ('CHECKOUT', 'RETURN', 'SEND_OUT', 'RECEIVE_BACK', 'DISPOSE') THEN e.weight_grams END,
         CASE WHEN e.high AND e.type IN ('CHECKOUT', 'RETURN', 'SEND_OUT', 'RECEIVE_BACK', 'DISPOSE') THEN e.amount END,
         CASE WHEN e.type IN ('INTAKE', 'CONDITION_CHECK', 'RETURN', 'RECEIVE_BACK') THEN e.condition::item_condition END,
         CASE WHEN e.block = 'DUTY' AND e.type = 'CHECKOUT' THEN 'เบิกอาวุธประจำผลัด' END
  FROM bench_o23_ev e
  JOIN bench_o23_cast c ON c.station_id = e.station_id
  LEFT JOIN users u ON u.id = e.holder
  WHERE e.at >= $1 AND e.at < $2 AND abs(bench_hash(e.code)) % 2 = $3
  ORDER BY e.at, e.item_id`;

/**
 * The audit chain's step, for the generation only: the state is prev_hash (64) || hash (64) || canonical;
 * the canonical text is the body with the next sequence number spliced in front, and the hash is
 * SHA-256(prev_hash || canonical) — what audit_append() in the Foundation migration does per row.
 */
const CHAIN_FUNCTIONS_SQL = `
  CREATE FUNCTION bench_o23_chain_step(state text, body text, head_seq bigint, head_hash text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT x.prev || encode(sha256(convert_to(x.prev || x.canon, 'UTF8')), 'hex') || x.canon
    FROM (SELECT COALESCE(substr(state, 65, 64), head_hash) AS prev,
                 '{"seq":' || (COALESCE(split_part(substr(state, 136), ',', 1)::bigint, head_seq) + 1) || ',' || substr(body, 2) AS canon) x
  $$;
  CREATE AGGREGATE bench_o23_chain(text, bigint, text) (sfunc = bench_o23_chain_step, stype = text)`;

const jsonId = (col: string) => `COALESCE('"' || ${col} || '"', 'null')`;

/**
 * One audit row per custody event, in event order, on the station's chain after what the app wrote while
 * seeding: the body as AuditLogService.append builds it (compact JSON, ISO time in UTC with ms), hashed
 * in order by the window aggregate above into a staging table…
 */
const CHAIN_SQL = `
  SELECT e.station_id, e.at, row_number() OVER w AS n,
         bench_o23_chain(
           '{"v":1,"chain":"' || e.station_id || '","at":"' || to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
           || '","stationId":"' || e.station_id || '","actorId":"' || e.actor_id
           || '","action":"' || CASE e.type WHEN 'INTAKE' THEN 'ITEM_REGISTERED' ELSE 'ITEM_' || e.type END
           || '","entityType":"item","entityId":"' || e.item_id
           || '","before":' || CASE WHEN e.type = 'INTAKE' THEN 'null' ELSE '{"status":"' || e.from_status || '","locationId":' || ${jsonId('e.from_location_id')} || '}' END
           || ',"after":{"status":"' || e.to_status || '","locationId":' || ${jsonId('e.to_location_id')} || ',"eventId":"' || e.id
           || '","witnessId":' || ${jsonId('e.witness_id')} || ',"discrepancies":[]}'
           || ',"requestId":"gen-' || e.id || '","clientIp":"10.20.' || (e.id % 250) || '.' || (e.id % 199 + 1) || '"}',
           $2::bigint, $3::text) OVER w AS st
  FROM custody_events e WHERE e.station_id = $1
  WINDOW w AS (ORDER BY e.at, e.id ROWS UNBOUNDED PRECEDING)`;

/**
 * …then inserted in time slices, both stations' chains interleaved as their writers would have left them,
 * each slice split over two connections (the generated columns parse the canonical JSON a dozen times
 * per row: the insert, not the hashing, is the slow part). Only canonical, prev_hash and hash are
 * inserted: every other column of audit_log is generated from canonical.
 */
const AUDIT_SQL = `
  INSERT INTO audit_log (canonical, prev_hash, hash)
  SELECT substr(c.st, 129), substr(c.st, 1, 64), substr(c.st, 65, 64) FROM bench_o23_chain c
  WHERE c.at >= $1 AND c.at < $2 AND c.n % 2 = $3
  ORDER BY c.at, c.station_id, c.n`;

/** Loan lines: every CHECKOUT with the RETURN after it (none for an item still out at the end). */
const LINES_SQL = `
  SELECT c.station_id, c.item_id, c.block, c.holder, c.ub, c.hx, c.at AS out_at, r.at AS back_at, c.category, c.high, c.quantity, c.home,
         $2::timestamptz + floor(extract(epoch FROM c.at - $2::timestamptz) / 28800)::int * interval '8 hours' AS shift_at,
         c.condition, c.code, gen_random_uuid() AS line_id, CASE WHEN c.block <> 'DUTY' THEN gen_random_uuid() END AS loan_id
  FROM bench_o23_ev c LEFT JOIN bench_o23_ev r ON r.item_id = c.item_id AND r.j = c.j + 1
  WHERE c.station_id = $1 AND c.type = 'CHECKOUT'`;

/** Three 8-hour shifts a day, each opened and closed by the duty supervisor. */
const SHIFTS_SQL = `
  WITH k AS (SELECT k, $2::timestamptz + k * interval '8 hours' AS opened_at FROM generate_series(0, (extract(epoch FROM $3::timestamptz - $2::timestamptz) / 28800)::int - 1) k),
  s AS (SELECT k.k, k.opened_at, gen_random_uuid() AS id FROM k)
  INSERT INTO shifts (id, station_id, name, status, opened_by, opened_at, closed_by, closed_at)
  SELECT s.id, $1, 'เวรผลัด ' || (s.k % 3 + 1) || ' วันที่ ' || to_char(s.opened_at AT TIME ZONE 'Asia/Bangkok', 'DD/MM/') ||
         (extract(year FROM s.opened_at AT TIME ZONE 'Asia/Bangkok')::int + 543), 'CLOSED', $4, s.opened_at, $4, s.opened_at + interval '8 hours'
  FROM s`;

const SHIFT_LINES_SQL = `
  INSERT INTO loan_items (station_id, shift_id, item_id, holder_id, quantity, returned_quantity, return_condition, from_location_id,
                          issued_by, issued_at, witness_id, open, closed_at, unreturned_reason)
  SELECT l.station_id, s.id, l.item_id, l.holder, l.quantity, l.quantity, l.condition::item_condition, l.home, $2, l.out_at,
         CASE WHEN l.high THEN $3::uuid END, false, l.back_at,
         CASE WHEN l.back_at > s.closed_at THEN 'เจ้าหน้าที่ติดภารกิจนอกสถานี ส่งคืนหลังปิดผลัด' END
  FROM bench_o23_lines l
  JOIN shifts s ON s.station_id = l.station_id AND s.opened_at = l.shift_at
  WHERE l.station_id = $1 AND l.block = 'DUTY'`;

/**
 * Loans behind the other checkouts: evidence to court, the prosecutor or the lab (commander's
 * approval), property and donations for duty or training (supervisor's, unless HIGH or off premises);
 * one in ten returned late (half of them kept weeks past due, escalated); those still out at the end
 * stay ISSUED. Before one in 25 granted loans the same item had a rejected request, before another a
 * cancelled one.
 */
const LOANS_SQL = `
  WITH l AS (
    SELECT l.*,
           CASE WHEN l.category = 'EVIDENCE' THEN CASE WHEN l.ub < 0.6 THEN 'COURT' WHEN l.ub < 0.8 THEN 'PROSECUTOR' ELSE 'LAB' END
                WHEN l.category = 'WEAPON' THEN 'TRAINING'
                ELSE CASE WHEN l.ub < 0.5 THEN 'DUTY' WHEN l.ub < 0.8 THEN 'TRAINING' ELSE 'OTHER' END END AS purpose_type,
           l.category = 'EVIDENCE' OR l.ub >= 0.6 AS off_premises,
           l.out_at - (interval '2 hours' + l.ub * interval '2 days') AS requested_at
    FROM bench_o23_lines l WHERE l.station_id = $1 AND l.block <> 'DUTY'
  ), decided AS (
    SELECT l.*, l.category = 'EVIDENCE' OR l.high OR l.off_premises AS commander_only,
           l.requested_at + (l.out_at - l.requested_at) * 0.4 AS decided_at,
           CASE WHEN l.back_at IS NULL THEN l.out_at + (10 + l.ub * 40) * interval '1 day'
                WHEN l.hx % 20 = 0 THEN l.out_at + interval '3 days'
                WHEN l.hx % 10 = 0 THEN l.out_at + (l.back_at - l.out_at) * 0.5
                ELSE l.back_at + interval '1 hour' + l.ub * interval '2 days' END AS due_at
    FROM l
  ), granted AS (
    INSERT INTO loans (id, station_id, status, requester_id, purpose_type, purpose, off_premises, requested_at, due_at, approver_roles, approver_id,
                       decided_at, issued_by, issued_at, issue_witness_id, returned_at)
    SELECT d.loan_id, d.station_id, CASE WHEN d.back_at IS NULL THEN 'ISSUED' ELSE 'RETURNED' END::loan_status, d.holder, d.purpose_type::loan_purpose,
           CASE d.purpose_type WHEN 'COURT' THEN 'นำส่งศาลเพื่อประกอบการพิจารณาคดี' WHEN 'PROSECUTOR' THEN 'ส่งพนักงานอัยการตรวจสำนวน'
                               WHEN 'LAB' THEN 'ส่งตรวจพิสูจน์เพิ่มเติม' WHEN 'DUTY' THEN 'ใช้ในการปฏิบัติหน้าที่' WHEN 'TRAINING' THEN 'ใช้ในการฝึกอบรม'
                               ELSE 'ใช้ในกิจกรรมของสถานี' END,
           d.off_premises, d.requested_at, d.due_at,
           CASE WHEN d.commander_only THEN ARRAY['COMMANDER'] ELSE ARRAY['SUPERVISOR', 'COMMANDER'] END::varchar(20)[],
           CASE WHEN d.commander_only THEN $2::uuid ELSE $3::uuid END, d.decided_at, $4, d.out_at, CASE WHEN d.high THEN $3::uuid END, d.back_at
    FROM decided d
    RETURNING id
  ), lines AS (
    INSERT INTO loan_items (station_id, loan_id, item_id, holder_id, quantity, returned_quantity, return_condition, from_location_id,
                            issued_by, issued_at, witness_id, open, closed_at)
    SELECT d.station_id, d.loan_id, d.item_id, d.holder, d.quantity, CASE WHEN d.back_at IS NULL THEN 0 ELSE d.quantity END,
           CASE WHEN d.back_at IS NOT NULL THEN d.condition::item_condition END, d.home, $4, d.out_at, CASE WHEN d.high THEN $3::uuid END,
           d.back_at IS NULL, d.back_at
    FROM decided d JOIN granted g ON g.id = d.loan_id
    RETURNING id
  ), refused AS (
    SELECT d.*, gen_random_uuid() AS refused_id, d.hx % 25 = 1 AS rejected, d.requested_at - interval '5 days' AS earlier_at
    FROM decided d WHERE d.hx % 25 IN (1, 2)
  ), refused_loans AS (
    INSERT INTO loans (id, station_id, status, requester_id, purpose_type, purpose, off_premises, requested_at, due_at, approver_roles, approver_id,
                       decided_at, decision_note, cancelled_at)
    SELECT r.refused_id, r.station_id, CASE WHEN r.rejected THEN 'REJECTED' ELSE 'CANCELLED' END::loan_status, r.holder, r.purpose_type::loan_purpose,
           'คำขอยืมเดิม (ยื่นซ้ำภายหลัง)', r.off_premises, r.earlier_at, r.earlier_at + interval '3 days',
           CASE WHEN r.commander_only THEN ARRAY['COMMANDER'] ELSE ARRAY['SUPERVISOR', 'COMMANDER'] END::varchar(20)[],
           CASE WHEN r.rejected THEN $2::uuid END, CASE WHEN r.rejected THEN r.earlier_at + interval '1 day' END,
           CASE WHEN r.rejected THEN 'เอกสารประกอบไม่ครบ ให้ยื่นใหม่' END, CASE WHEN NOT r.rejected THEN r.earlier_at + interval '1 day' END
    FROM refused r
    RETURNING id
  )
  INSERT INTO loan_items (station_id, loan_id, item_id, holder_id, quantity, open, closed_at)
  SELECT r.station_id, r.refused_id, r.item_id, r.holder, r.quantity, false, r.earlier_at + interval '1 day'
  FROM refused r JOIN refused_loans x ON x.id = r.refused_id`;

/** Requests still waiting at the end of the data (and a few approved, not yet issued), on items in the store. */
const PENDING_LOANS_SQL = `
  WITH p AS (
    SELECT p.*, gen_random_uuid() AS loan_id, abs(bench_hash(p.code || 'p')) % 2000 AS hp,
           $2::timestamptz - (1 + (abs(bench_hash(p.code || 'q')) % 72)) * interval '1 hour' AS requested_at,
           ($4::uuid[])[1 + abs(bench_hash(p.code || 'r')) % cardinality($4::uuid[])] AS requester
    FROM bench_o23_plan p WHERE p.station_id = $1 AND p.status = 'IN_STORAGE' AND abs(bench_hash(p.code || 'p')) % 2000 < 2
  ), loans AS (
    INSERT INTO loans (id, station_id, status, requester_id, purpose_type, purpose, off_premises, requested_at, due_at, approver_roles, approver_id, decided_at)
    SELECT p.loan_id, p.station_id, CASE WHEN p.hp = 0 THEN 'REQUESTED' ELSE 'APPROVED' END::loan_status, p.requester, 'COURT',
           'นำส่งศาลเพื่อประกอบการพิจารณาคดี', true, p.requested_at, p.requested_at + interval '7 days', ARRAY['COMMANDER']::varchar(20)[],
           CASE WHEN p.hp = 1 THEN $3::uuid END, CASE WHEN p.hp = 1 THEN p.requested_at + interval '30 minutes' END
    FROM p
    RETURNING id
  )
  INSERT INTO loan_items (station_id, loan_id, item_id, holder_id, quantity, open)
  SELECT p.station_id, p.loan_id, p.id, p.requester, p.quantity, true FROM p JOIN loans l ON l.id = p.loan_id`;

/**
 * Counts: DAILY_ARMS on 94% of days (07:30), MONTHLY_EVIDENCE on the 25th (2% sample, blind), ANNUAL_PROPERTY
 * in September (10% sample, a committee without the clerk), SPOT checks of the drugs safe on the 10th.
 */
const AUDITS_SQL = `
  INSERT INTO bench_o23_audits (id, station_id, kind, category, location_id, started_at, closed_at, sample_percent, sample_seed, blind)
  SELECT gen_random_uuid(), $1, a.* FROM (
    SELECT 'DAILY_ARMS', 'WEAPON', $4::uuid, (d::date + time '07:30') AT TIME ZONE 'Asia/Bangkok',
           (d::date + time '08:05') AT TIME ZONE 'Asia/Bangkok' + (abs(bench_hash(d::date::text || 'c')) % 20) * interval '1 minute',
           NULL::numeric, NULL::text, false
    FROM generate_series(($2::timestamptz AT TIME ZONE 'Asia/Bangkok')::date, ($3::timestamptz AT TIME ZONE 'Asia/Bangkok')::date - 1, interval '1 day') d
    WHERE abs(bench_hash(d::date::text || 'arms')) % 100 < 94
    UNION ALL
    SELECT 'MONTHLY_EVIDENCE', 'EVIDENCE', NULL, (m::date + 24 + time '09:00') AT TIME ZONE 'Asia/Bangkok', (m::date + 24 + time '16:00') AT TIME ZONE 'Asia/Bangkok',
           2, 'm' || to_char(m, 'YYYYMM'), true
    FROM generate_series(($2::timestamptz AT TIME ZONE 'Asia/Bangkok')::date, ($3::timestamptz AT TIME ZONE 'Asia/Bangkok')::date - 1, interval '1 month') m
    UNION ALL
    SELECT 'ANNUAL_PROPERTY', 'PROPERTY', NULL, (m::date + 19 + time '09:00') AT TIME ZONE 'Asia/Bangkok', (m::date + 24 + time '16:00') AT TIME ZONE 'Asia/Bangkok',
           10, 'y' || to_char(m, 'YYYY'), false
    FROM generate_series(($2::timestamptz AT TIME ZONE 'Asia/Bangkok')::date, ($3::timestamptz AT TIME ZONE 'Asia/Bangkok')::date - 1, interval '1 month') m
    WHERE extract(month FROM m) = 9
    UNION ALL
    SELECT 'SPOT', NULL, $5::uuid, (m::date + 9 + time '10:00') AT TIME ZONE 'Asia/Bangkok', (m::date + 9 + time '11:30') AT TIME ZONE 'Asia/Bangkok',
           10, 's' || to_char(m, 'YYYYMM'), false
    FROM generate_series(($2::timestamptz AT TIME ZONE 'Asia/Bangkok')::date, ($3::timestamptz AT TIME ZONE 'Asia/Bangkok')::date - 1, interval '1 month') m
  ) a`;

const SESSIONS_SQL = `
  INSERT INTO audit_sessions (id, station_id, kind, status, category, location_id, started_by, started_at, closed_by, closed_at, countersigned_by,
                              summary, blind, sample_percent, sample_seed)
  SELECT a.id, a.station_id, a.kind::audit_kind, 'CLOSED', a.category::item_category, a.location_id, $2, a.started_at, $2, a.closed_at, $3,
         jsonb_build_object('kind', a.kind), a.blind, a.sample_percent, a.sample_seed
  FROM bench_o23_audits a WHERE a.station_id = $1`;

const COMMITTEES_SQL = `
  INSERT INTO audit_committee_members (audit_id, user_id, station_id)
  SELECT a.id, u.id, a.station_id FROM bench_o23_audits a
  CROSS JOIN LATERAL unnest(CASE WHEN a.kind = 'ANNUAL_PROPERTY' THEN ARRAY[$4::uuid, $3::uuid, $5::uuid] ELSE ARRAY[$3::uuid, $2::uuid] END) AS u(id)
  WHERE a.station_id = $1`;

/**
 * Findings of each closed count over what the station held at its start: FOUND for a deterministic
 * sample (25 firearms a day; 2% of evidence a month; 10% of property a year; 10% of the drugs safe), and
 * now and then a MISSING, MISPLACED, CONDITION_CHANGED or DUPLICATE_SCAN next to it.
 */
const FINDINGS_SQL = `
  WITH firearms AS (
    SELECT p.id, p.code, p.condition, p.reg, p.status, p.end_t, row_number() OVER (ORDER BY p.code) AS rn
    FROM bench_o23_plan p WHERE p.station_id = $1 AND p.category = 'WEAPON' AND p.kind = 'firearm'
  ), held AS (
    SELECT a.id AS audit_id, a.kind, a.started_at, p.id AS item_id, p.code, p.condition,
           abs(bench_hash(p.code || a.sample_seed)) AS h
    FROM bench_o23_audits a
    JOIN bench_o23_plan p ON p.station_id = a.station_id AND p.reg < a.started_at AND (p.status <> 'DISPOSED' OR p.end_t > a.started_at)
      AND ((a.kind = 'MONTHLY_EVIDENCE' AND p.category = 'EVIDENCE') OR (a.kind = 'ANNUAL_PROPERTY' AND p.category = 'PROPERTY')
           OR (a.kind = 'SPOT' AND p.home = a.location_id))
    WHERE a.station_id = $1 AND a.kind <> 'DAILY_ARMS'
  ), sampled AS (
    SELECT * FROM held WHERE h % 100 < CASE kind WHEN 'MONTHLY_EVIDENCE' THEN 2 ELSE 10 END
    UNION ALL
    SELECT DISTINCT ON (da.id, w.id) da.id, da.kind, da.started_at, w.id, w.code, w.condition, abs(bench_hash(w.code || da.sample))
    FROM (SELECT a.*, row_number() OVER (ORDER BY a.started_at) AS ai, a.started_at::text AS sample
          FROM bench_o23_audits a WHERE a.station_id = $1 AND a.kind = 'DAILY_ARMS') da
    CROSS JOIN generate_series(1, 25) k
    JOIN firearms w ON w.rn = 1 + (da.ai * 37 + k * 101) % (SELECT greatest(count(*), 1) FROM firearms)
    WHERE w.reg < da.started_at AND (w.status <> 'DISPOSED' OR w.end_t > da.started_at)
  )
  INSERT INTO audit_findings (station_id, audit_id, item_id, type, detail, condition_seen)
  SELECT $1, s.audit_id, s.item_id, f.type::audit_finding_type, f.detail, f.condition_seen::item_condition
  FROM sampled s CROSS JOIN LATERAL (VALUES
    (CASE WHEN s.h % 997 = 3 THEN 'MISSING' ELSE 'FOUND' END, CASE WHEN s.h % 997 = 3 THEN 'ทะเบียนระบุว่าอยู่ในคลัง แต่ไม่ได้ถูกสแกน' END,
     CASE WHEN s.h % 997 <> 3 THEN CASE WHEN s.h % 997 = 5 THEN 'DAMAGED' ELSE s.condition END END),
    (CASE s.h % 997 WHEN 4 THEN 'MISPLACED' WHEN 5 THEN 'CONDITION_CHANGED' WHEN 6 THEN 'DUPLICATE_SCAN' END,
     CASE s.h % 997 WHEN 4 THEN 'สแกนพบที่สถานที่เก็บอื่นซึ่งไม่ตรงกับทะเบียน' WHEN 5 THEN 'ทะเบียน ' || s.condition || ' พบ DAMAGED' WHEN 6 THEN 'สแกน 2 ครั้ง' END,
     NULL)
  ) AS f(type, detail, condition_seen)
  WHERE f.type IS NOT NULL`;

/**
 * Incidents: every non-FOUND finding, every seal seen blind that differs from the record, every weapon
 * not back when its shift closed. A commander resolves most within three weeks; those whose resolution
 * would fall after the end of the data are still open.
 */
const DISCREPANCIES_SQL = `
  WITH found AS (
    SELECT f.item_id, f.type::text::discrepancy_kind AS kind, a.id AS audit_id, NULL::bigint AS event_id, NULL::uuid AS loan_item_id,
           NULL AS expected, NULL AS observed, f.detail AS note, a.closed_at AS created_at, a.closed_by AS reported_by
    FROM audit_findings f JOIN audit_sessions a ON a.id = f.audit_id
    WHERE f.station_id = $1 AND f.type NOT IN ('FOUND', 'AWAY')
    UNION ALL
    SELECT e.item_id, 'SEAL_MISMATCH', NULL, e.id, NULL, i.seal_number, e.seal_seen, NULL, e.at, e.actor_id
    FROM custody_events e JOIN items i ON i.id = e.item_id
    WHERE e.station_id = $1 AND e.seal_seen IS NOT NULL AND e.seal_seen <> i.seal_number
    UNION ALL
    SELECT li.item_id, 'NOT_RETURNED', NULL, NULL, li.id, NULL, NULL, li.unreturned_reason, s.closed_at, s.closed_by
    FROM loan_items li JOIN shifts s ON s.id = li.shift_id
    WHERE li.station_id = $1 AND li.unreturned_reason IS NOT NULL
  ), timed AS (
    SELECT found.*, found.created_at + (1 + abs(bench_hash(found.item_id::text || found.created_at::text)) % 20) * interval '1 day' AS resolve_at FROM found
  )
  INSERT INTO discrepancies (station_id, item_id, event_id, kind, expected, observed, status, reported_by, created_at, audit_id, loan_item_id, note,
                             resolved_by, resolved_at, resolution_note)
  SELECT $1, t.item_id, t.event_id, t.kind, t.expected, t.observed, CASE WHEN t.resolve_at < $2 THEN 'RESOLVED' ELSE 'OPEN' END::discrepancy_status,
         t.reported_by, t.created_at, t.audit_id, t.loan_item_id, t.note,
         CASE WHEN t.resolve_at < $2 THEN $3::uuid END, CASE WHEN t.resolve_at < $2 THEN t.resolve_at END,
         CASE WHEN t.resolve_at < $2 THEN 'ตรวจสอบข้อเท็จจริงแล้ว บันทึกผลและแก้ไขทะเบียนตามระเบียบ' END
  FROM timed t`;

/**
 * The commander's decisions on donations within ten days of receipt: 4% declined, 89% accepted with a
 * gap-free receipt number per Thai year (counter 'RC', as DonationsService numbers them), one in a
 * hundred with a donor flagged and acknowledged; the rest still undecided.
 */
const DONATIONS_SQL = `
  WITH d AS (
    SELECT p.*, abs(bench_hash(p.code || 'dn')) % 100 AS hd,
           p.reg + (1 + abs(bench_hash(p.code || 'dd')) % 10) * interval '1 day' + interval '3 hours' AS decided_at
    FROM bench_o23_plan p WHERE p.station_id = $1 AND p.category = 'DONATION'
  ), decided AS (
    SELECT d.*, CASE WHEN d.hd < 4 THEN 'DECLINED' ELSE 'ACCEPTED' END AS decision,
           extract(year FROM d.decided_at AT TIME ZONE 'Asia/Bangkok')::int + 543 AS year_be
    FROM d WHERE d.hd < 93 AND d.decided_at < $2
  ), numbered AS (
    SELECT x.*, CASE WHEN x.decision = 'ACCEPTED' THEN row_number() OVER (PARTITION BY x.decision, x.year_be ORDER BY x.decided_at, x.code) END AS seq
    FROM decided x
  ), counters AS (
    INSERT INTO item_code_counters (station_id, category_code, year_be, last_seq)
    SELECT $1, 'RC', year_be, max(seq) FROM numbered WHERE seq IS NOT NULL GROUP BY year_be
    RETURNING year_be
  )
  INSERT INTO donation_acceptances (item_id, station_id, decision, receipt_number, donor_matches, conflict_acknowledged, decided_by, decided_at, note)
  SELECT n.id, $1, n.decision::donation_decision,
         CASE WHEN n.seq IS NOT NULL THEN $3::text || '-RC' || lpad((n.year_be % 100)::text, 2, '0') || '-' || lpad(n.seq::text, 6, '0') END,
         CASE WHEN n.hd = 50 THEN jsonb_build_array(jsonb_build_object('field', 'seizedFrom', 'name', 'นายสมชาย ใจดี')) ELSE '[]' END,
         n.hd = 50 AND n.decision = 'ACCEPTED', $4, n.decided_at,
         CASE WHEN n.decision = 'DECLINED' THEN 'ไม่รับบริจาค: มีเงื่อนไขผูกพันเกินวัตถุประสงค์' END
  FROM numbered n`;

/** One executed disposal per category and Thai day, holding that day's DISPOSE events. */
const DISPOSALS_SQL = `
  WITH e AS (
    SELECT e.item_id, e.at, p.category, p.d_day, p.kind, p.weight_grams, e.hx FROM bench_o23_ev e JOIN bench_o23_plan p ON p.id = e.item_id
    WHERE e.station_id = $1 AND e.type = 'DISPOSE'
  ), g AS (
    SELECT category, d_day, min(at) AS executed_at, min(hx) AS hx, gen_random_uuid() AS id FROM e GROUP BY category, d_day
  ), disposals AS (
    INSERT INTO disposals (id, station_id, status, method, legal_basis, document_ref, note, requested_by, requested_at, approved_by, decided_at,
                           executed_by, executed_at, witness_id)
    SELECT g.id, $1, 'EXECUTED',
           CASE g.category WHEN 'EVIDENCE' THEN CASE WHEN g.hx % 2 = 0 THEN 'DESTROY' ELSE 'RETURN_TO_OWNER' END
                           WHEN 'PROPERTY' THEN CASE WHEN g.hx % 3 = 0 THEN 'SELL' ELSE 'WRITE_OFF' END ELSE 'TRANSFER' END::disposal_method,
           CASE g.category WHEN 'EVIDENCE' THEN CASE WHEN g.hx % 2 = 0 THEN 'FORFEITURE' ELSE 'COURT_ORDER' END
                           WHEN 'PROPERTY' THEN 'COMMITTEE_ORDER' ELSE 'OTHER_DOCUMENT' END::disposal_legal_basis,
           'คำสั่งสถานีที่ ' || (1 + g.hx % 400) || '/' || (extract(year FROM g.executed_at AT TIME ZONE 'Asia/Bangkok')::int + 543),
           'จำหน่ายตามบัญชีที่คณะกรรมการตรวจสอบแล้ว', $2, g.executed_at - interval '10 days', $3, g.executed_at - interval '3 days',
           $2, g.executed_at, $4
    FROM g
    RETURNING id
  )
  INSERT INTO disposal_items (station_id, disposal_id, item_id, weight_seen_grams, open)
  SELECT $1, g.id, e.item_id, CASE WHEN e.kind = 'drugs' THEN e.weight_grams END, false
  FROM e JOIN g USING (category, d_day) JOIN disposals x ON x.id = g.id`;

/** How the history came out: counts the bench reports and checks. */
export const SHAPE_SQL = `
  SELECT (SELECT count(*) FROM items WHERE station_id = $1) AS items,
         (SELECT count(*) FROM custody_events WHERE station_id = $1) AS events,
         (SELECT jsonb_object_agg(type, n) FROM (SELECT type, count(*) AS n FROM custody_events WHERE station_id = $1 GROUP BY type) t) AS events_by_type,
         (SELECT jsonb_object_agg(category, n) FROM (SELECT category, count(*) AS n FROM items WHERE station_id = $1 GROUP BY category) t) AS items_by_category,
         (SELECT jsonb_object_agg(risk_class, n) FROM (SELECT risk_class, count(*) AS n FROM items WHERE station_id = $1 GROUP BY risk_class) t) AS items_by_risk,
         (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM items WHERE station_id = $1 GROUP BY status) t) AS items_by_status,
         (SELECT count(*) FROM items WHERE station_id = $1 AND kind = 'ammunition') AS ammunition_lots,
         (SELECT count(*) FROM loans WHERE station_id = $1) AS loans,
         (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM loans WHERE station_id = $1 GROUP BY status) t) AS loans_by_status,
         (SELECT count(*) FROM loan_items WHERE station_id = $1 AND loan_id IS NOT NULL) AS loan_lines,
         (SELECT count(*) FROM shifts WHERE station_id = $1) AS shifts,
         (SELECT count(*) FROM loan_items WHERE station_id = $1 AND shift_id IS NOT NULL) AS shift_lines,
         (SELECT jsonb_object_agg(kind, n) FROM (SELECT kind, count(*) AS n FROM audit_sessions WHERE station_id = $1 GROUP BY kind) t) AS counts_by_kind,
         (SELECT jsonb_object_agg(type, n) FROM (SELECT type, count(*) AS n FROM audit_findings WHERE station_id = $1 GROUP BY type) t) AS findings_by_type,
         (SELECT jsonb_object_agg(kind || ' ' || status, n) FROM (SELECT kind, status, count(*) AS n FROM discrepancies WHERE station_id = $1 GROUP BY 1, 2) t) AS incidents,
         (SELECT jsonb_object_agg(decision, n) FROM (SELECT decision, count(*) AS n FROM donation_acceptances WHERE station_id = $1 GROUP BY decision) t) AS donation_decisions,
         (SELECT count(*) FROM disposals WHERE station_id = $1) AS disposals,
         (SELECT count(*) FROM disposal_items WHERE station_id = $1) AS disposed_items,
         (SELECT count(*) FROM audit_log WHERE chain_key = $1::text) AS audit_rows,
         (SELECT min(at) FROM custody_events WHERE station_id = $1) AS first_event,
         (SELECT max(at) FROM custody_events WHERE station_id = $1) AS last_event`;

/**
 * The history agrees with the items: each item's last event left it in its recorded status (and place,
 * when in the store), and each item's events run forward in time in id order (the order the report's
 * "condition at the end" reads them in).
 */
export const CONSISTENCY_SQL = `
  SELECT (SELECT count(*) FROM items i
          JOIN LATERAL (SELECT e.to_status, e.to_location_id FROM custody_events e WHERE e.item_id = i.id ORDER BY e.id DESC LIMIT 1) l ON true
          WHERE i.station_id = $1 AND (l.to_status <> i.status OR (i.status = 'IN_STORAGE' AND l.to_location_id IS DISTINCT FROM i.location_id))) AS status_mismatches,
         (SELECT count(*) FROM items i WHERE i.station_id = $1 AND NOT EXISTS (SELECT 1 FROM custody_events e WHERE e.item_id = i.id)) AS items_without_events,
         (SELECT count(*) FROM (SELECT e.at <= lag(e.at) OVER (PARTITION BY e.item_id ORDER BY e.id) AS back FROM custody_events e WHERE e.station_id = $1) x WHERE back) AS events_out_of_order`;

function castParams(spec: StationSpec) {
  return {
    clerk: spec.cast.clerk.id,
    supervisor: spec.cast.supervisor.id,
    commander: spec.cast.commander.id,
    investigators: spec.cast.investigators.map((u) => u.id),
    officers: spec.cast.officers.map((u) => u.id),
  };
}

/** Where a store item moves to and back from: the next shelf, the other safe, the other store room. */
function placesOf(seed: BenchStation): { ids: string[]; alts: Array<string | null> } {
  const alt: Record<string, string | null> = { SAFE1: 'SAFE2', SAFE2: 'SAFE1', ARM1: 'SAFE1', R2: 'R2-L1', 'R2-L1': 'R2', LOT1: null, R1: 'R1-S1' };
  for (let s = 1; s <= 8; s++) alt[`R1-S${s}`] = `R1-S${(s % 8) + 1}`;
  const codes = Object.keys(seed.locations);
  return { ids: codes.map((c) => seed.locations[c].id), alts: codes.map((c) => (alt[c] ? seed.locations[alt[c]!].id : null)) };
}

/** Items, then each item's plan and staged events, for one station. */
async function stageStation(owner: pg.Client, spec: StationSpec, first: boolean, timings: Timings): Promise<Record<string, unknown>> {
  const { seed } = spec;
  const loc = (code: string) => seed.locations[code].id;
  let fill: Awaited<ReturnType<typeof fillItems>> | undefined;
  await timed(timings, 'items (fillItems)', async () => {
    fill = await fillItems(owner, seed, spec.items, 0, { registeredFrom: DATA_FROM, registeredTo: new Date(DATA_TO.getTime() - 86_400_000) });
  });
  const { rows: [{ closed }] } = await owner.query(`SELECT count(*)::int AS closed FROM items WHERE station_id = $1 AND status <> 'IN_STORAGE'`, [seed.station.id]);
  // INTAKE per item and one last event per item not in the store; the rest between them.
  const middle = spec.events - spec.items - closed;
  if (middle < 0) throw new Error(`${spec.events} events cannot cover ${spec.items} items`);
  const places = placesOf(seed);
  const shelves = Object.keys(seed.locations).filter((c) => c.startsWith('R1-S')).map(loc);
  await timed(timings, 'plan', () =>
    owner.query(`${first ? 'CREATE UNLOGGED TABLE bench_o23_plan AS' : 'INSERT INTO bench_o23_plan'} ${PLAN_SQL}`, [
      seed.station.id, DATA_TO, loc('SAFE1'), loc('SAFE2'), loc('ARM1'), loc('LOT1'), loc('R2'), loc('R2-L1'), shelves, places.ids, places.alts, middle,
    ]),
  );
  const p = castParams(spec);
  await owner.query(`${first ? 'CREATE UNLOGGED TABLE bench_o23_cast AS' : 'INSERT INTO bench_o23_cast'} SELECT $1::uuid AS station_id, $2::uuid AS clerk, $3::uuid AS supervisor`, [
    seed.station.id, p.clerk, p.supervisor,
  ]);
  await timed(timings, 'stage events', () =>
    owner.query(`${first ? 'CREATE UNLOGGED TABLE bench_o23_ev AS' : 'INSERT INTO bench_o23_ev'} ${STAGE_SQL}`, [seed.station.id, DATA_FROM, p.investigators, p.officers]),
  );
  return { fillSeconds: fill!.seconds, gapFree: fill!.gapFree };
}

/** Loans, shifts, counts, findings, incidents, donations and disposals of one station, from its staged events. */
async function restOfStation(owner: pg.Client, spec: StationSpec, first: boolean, timings: Timings): Promise<void> {
  const id = spec.seed.station.id;
  const p = castParams(spec);
  await timed(timings, 'loan lines', async () => {
    await owner.query(`${first ? 'CREATE UNLOGGED TABLE bench_o23_lines AS' : 'INSERT INTO bench_o23_lines'} ${LINES_SQL}`, [id, DATA_FROM]);
    await owner.query('ANALYZE bench_o23_lines');
  });
  await timed(timings, 'shifts', async () => {
    await owner.query(SHIFTS_SQL, [id, DATA_FROM, DATA_TO, p.supervisor]);
    await owner.query('ANALYZE shifts');
  });
  await timed(timings, 'shift lines', () => owner.query(SHIFT_LINES_SQL, [id, p.clerk, p.supervisor]));
  await timed(timings, 'loans', () => owner.query(LOANS_SQL, [id, p.commander, p.supervisor, p.clerk]));
  await timed(timings, 'loans pending', () => owner.query(PENDING_LOANS_SQL, [id, DATA_TO, p.commander, p.investigators]));
  await timed(timings, 'counts', async () => {
    await owner.query(AUDITS_SQL, [id, DATA_FROM, DATA_TO, spec.seed.locations['ARM1'].id, spec.seed.locations['SAFE2'].id]);
    await owner.query(SESSIONS_SQL, [id, p.supervisor, p.commander]);
    await owner.query(COMMITTEES_SQL, [id, p.clerk, p.supervisor, p.commander, p.investigators[0]]);
    await owner.query('ANALYZE bench_o23_audits, audit_sessions');
  });
  await timed(timings, 'findings', async () => {
    await owner.query(FINDINGS_SQL, [id]);
    await owner.query('ANALYZE audit_findings, loan_items');
  });
  await timed(timings, 'incidents', () => owner.query(DISCREPANCIES_SQL, [id, DATA_TO, p.commander]));
  await timed(timings, 'donations', () => owner.query(DONATIONS_SQL, [id, DATA_TO, spec.seed.station.code, p.commander]));
  await timed(timings, 'disposals', () => owner.query(DISPOSALS_SQL, [id, p.clerk, p.commander, p.supervisor]));
}

/** The station's chain continued from its head (what seeding wrote through the app) with one row per event, hashed into staging. */
async function stageChain(owner: pg.Client, spec: StationSpec, first: boolean): Promise<void> {
  const chain = chainKeyOf(spec.seed.station.id);
  const { rows: [head] } = await owner.query('SELECT seq, hash FROM audit_chain_heads WHERE chain_key = $1', [chain]);
  await owner.query(`${first ? 'CREATE UNLOGGED TABLE bench_o23_chain AS' : 'INSERT INTO bench_o23_chain'} ${CHAIN_SQL}`, [
    spec.seed.station.id,
    head.seq,
    String(head.hash).trim(),
  ]);
}

/**
 * Runs `sql` (parameters: slice start, slice end, half 0 or 1) over the data's time in SLICES slices, the
 * two halves of each slice at once on the two connections and the next slice only when both are done:
 * the rows reach the heap (and take their ids) in time order, as the app writes them, with the two cores
 * busy. Writing each half over the whole time instead would leave two interleaved runs in the heap and
 * mislead the planner about how table order follows time and seq.
 */
async function lockstep(a: pg.Client, b: pg.Client, sql: string): Promise<void> {
  const SLICES = 160;
  const from = DATA_FROM.getTime() - 86_400_000;
  const step = (DATA_TO.getTime() + 86_400_000 - from) / SLICES;
  for (let k = 0; k < SLICES; k++) {
    const lo = new Date(from + k * step);
    const hi = new Date(k === SLICES - 1 ? DATA_TO.getTime() + 86_400_000 : from + (k + 1) * step);
    await Promise.all([a.query(sql, [lo, hi, 0]), b.query(sql, [lo, hi, 1])]);
  }
}

async function moveChainHead(owner: pg.Client, stationId: string): Promise<void> {
  const chain = chainKeyOf(stationId);
  await owner.query(
    `UPDATE audit_chain_heads h SET seq = l.seq, hash = l.hash
     FROM (SELECT seq, hash FROM audit_log WHERE chain_key = $1 ORDER BY seq DESC LIMIT 1) l WHERE h.chain_key = $1`,
    [chain],
  );
}

export interface Generated {
  seconds: number;
  steps: Timings;
  stations: Record<string, unknown>;
}

/**
 * Every choice of the generator is bench_hash(<item code and a tag>): hashtext of the text after the
 * seed, so a seed gives its own history and the same seed the same one (the empty seed is the
 * benchmarks' fixed data).
 */
const HASH_FUNCTION_SQL = `
  CREATE OR REPLACE FUNCTION bench_hash(text) RETURNS integer LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT hashtext(COALESCE(current_setting('bench.seed', true), '') || $1) $$`;

export async function generate(url: string, specs: StationSpec[], options: { seed?: string } = {}): Promise<Generated> {
  const started = performance.now();
  const timings: Timings = {};
  const a = new pg.Client({ connectionString: url, application_name: 'o23-generate-a' });
  const b = new pg.Client({ connectionString: url, application_name: 'o23-generate-b' });
  await a.connect();
  await b.connect();
  try {
    await a.query(HASH_FUNCTION_SQL);
    for (const c of [a, b]) await c.query(`SELECT set_config('bench.seed', $1, false)`, [options.seed ?? '']);
    const fills: Record<string, unknown>[] = [];
    for (const [n, spec] of specs.entries()) fills.push(await stageStation(a, spec, n === 0, timings));
    await a.query('CREATE INDEX ON bench_o23_ev (item_id, j)');
    await a.query('CREATE INDEX ON bench_o23_ev (at)');
    await a.query('ANALYZE bench_o23_plan, bench_o23_ev');
    await timed(timings, 'custody events (2 connections)', () => lockstep(a, b, EVENTS_SQL));
    await timed(timings, 'vacuum analyze custody_events', () => a.query('VACUUM ANALYZE custody_events'));
    await b.query(`CREATE UNLOGGED TABLE bench_o23_audits (id uuid, station_id uuid, kind text, category text, location_id uuid, started_at timestamptz,
                   closed_at timestamptz, sample_percent numeric, sample_seed text, blind boolean)`);
    await a.query(CHAIN_FUNCTIONS_SQL);
    // Hashing the chain (in order, so one backend) while the other backend writes loans, counts and the rest.
    const bTimings: Timings = {};
    await Promise.all([
      timed(timings, 'audit chain hashed (staging)', async () => {
        for (const [n, spec] of specs.entries()) await stageChain(a, spec, n === 0);
      }),
      (async () => {
        for (const [n, spec] of specs.entries()) await restOfStation(b, spec, n === 0, bTimings);
      })(),
    ]);
    for (const [k, v] of Object.entries(bTimings)) timings[`${k} (while hashing the chain)`] = v;
    await timed(timings, 'audit log (2 connections)', async () => {
      await a.query('CREATE INDEX ON bench_o23_chain (at)');
      await a.query('ANALYZE bench_o23_chain');
      await lockstep(a, b, AUDIT_SQL);
      for (const spec of specs) await moveChainHead(a, spec.seed.station.id);
    });
    await a.query('DROP AGGREGATE bench_o23_chain(text, bigint, text); DROP FUNCTION bench_o23_chain_step(text, text, bigint, text)');
    await a.query('DROP FUNCTION bench_hash(text)');
    await a.query('DROP TABLE bench_o23_ev, bench_o23_plan, bench_o23_cast, bench_o23_lines, bench_o23_audits, bench_o23_chain');
    // What autovacuum would have done by the time of the report: statistics, and visibility maps for index-only scans.
    await timed(timings, 'vacuum analyze', () =>
      Promise.all([
        a.query('VACUUM ANALYZE audit_log'),
        b.query(`VACUUM ANALYZE items, loans, loan_items, shifts, audit_sessions, audit_committee_members, audit_findings, discrepancies,
                 donation_acceptances, disposals, disposal_items, item_code_counters, audit_chain_heads, users, locations, stations`),
      ]),
    );
    const stations: Record<string, unknown> = {};
    for (const [n, spec] of specs.entries()) {
      const id = spec.seed.station.id;
      const { rows: [shape] } = await a.query(SHAPE_SQL, [id]);
      const { rows: [consistency] } = await a.query(CONSISTENCY_SQL, [id]);
      const codes = await codesGapFree(a, id);
      if (Object.values(consistency).some((v) => Number(v) !== 0)) throw new Error(`generated history of ${spec.seed.station.code} is inconsistent: ${JSON.stringify(consistency)}`);
      if (!codes.gapFree) throw new Error(`item codes of ${spec.seed.station.code} are not gap-free: ${JSON.stringify(codes.sequences)}`);
      if (Number(shape.events) !== spec.events) throw new Error(`${spec.seed.station.code}: ${shape.events} events generated, ${spec.events} wanted`);
      stations[spec.seed.station.code] = { ...shape, ...fills[n], consistency, codesGapFree: codes.gapFree };
    }
    return { seconds: since(started), steps: timings, stations };
  } finally {
    await a.end();
    await b.end();
  }
}
