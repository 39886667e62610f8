/**
 * What the reliability tests check after a load (test/e2e/reliability-*.test.ts): every item's current
 * state is the replay of its chain of custody, item codes have no gaps, every audit row names an entity
 * that exists and every entity has its audit rows, and each request of the load wrote all of its rows or
 * none. Also a seeded PRNG and the request tags that let a row be traced back to the request that wrote it.
 * Each check answers a list of problems in words (empty = holds), so a failure shows every bad row at once.
 */

/** A database session that runs SQL: a pg.Client or the tests' OwnerDb. */
export interface Sql {
  query(sql: string, params?: unknown[]): Promise<{ rows: any[] }>;
}

// ---------------------------------------------------------------- request tags

/**
 * A request's tag, written into a free-text field it stores (description, note, purpose): afterwards the
 * rows a request wrote can be found and counted, whatever answer (or none) it got.
 */
export const tagText = (tag: string) => `[t:${tag}]`;

/** The tag inside a stored text, if any. */
export function tagIn(text: string | null | undefined): string | undefined {
  return text ? /\[t:([^\]]+)\]/.exec(text)?.[1] : undefined;
}

// ---------------------------------------------------------------- replay of the chain of custody

/** One custody_events row, as the replay needs it (numbers may come back from pg as strings). */
export interface CustodyEventRow {
  id: string | number;
  item_id: string;
  type: string;
  from_status: string | null;
  to_status: string;
  from_location_id: string | null;
  to_location_id: string | null;
  recipient: string | null;
  quantity: string | number | null;
  condition: string | null;
  seal_seen: string | null;
  reason: string | null;
  changes: { before?: Record<string, unknown>; after?: Record<string, unknown> } | null;
}

/** The part of an item's state its events decide. */
export interface ReplayedState {
  status: string;
  locationId: string | null;
  /** The station user holding it: a CHECKOUT names them as "rank display name" (loans and shifts alike). */
  holderName: string | null;
  /** Who outside the station has it (SEND_OUT, DISPOSE). */
  holderText: string | null;
  quantity: number;
  condition: string;
  sealNumber: string | null;
}

interface Cursor extends ReplayedState {
  /** Where a CHECKOUT took it from: a full RETURN puts it back there (loan_items.from_location_id). */
  checkoutFrom: string | null;
  /** How much of the last CHECKOUT is still out. */
  outstanding: number;
}

const EPS = 0.0005;
const round3 = (n: number) => Math.round(n * 1000) / 1000;
const num = (v: string | number | null) => (v === null ? 0 : Number(v));

/** "ใช้ไป 5 นัด: …" — how item-lines.service writes spent ammunition into a RETURN's reason. */
function spentIn(reason: string | null): number {
  const m = reason ? /^ใช้ไป ([0-9.]+) /.exec(reason) : null;
  return m ? Number(m[1]) : 0;
}

/** The effect of one event on the state before it, per type, as src/custody, src/loans and src/disposals apply it. */
function apply(s: Cursor, e: CustodyEventRow): void {
  switch (e.type) {
    case 'MOVE':
      s.locationId = e.to_location_id;
      return;
    case 'SEND_OUT':
      Object.assign(s, { status: 'SENT_OUT', locationId: null, holderText: e.recipient });
      return;
    case 'RECEIVE_BACK':
      Object.assign(s, { status: 'IN_STORAGE', locationId: e.to_location_id, holderText: null, holderName: null });
      if (e.condition) s.condition = e.condition;
      return;
    case 'CONDITION_CHECK':
      s.condition = e.condition!;
      return;
    case 'RESEAL':
      s.sealNumber = (e.changes?.after?.sealNumber as string | undefined) ?? s.sealNumber;
      return;
    case 'AMEND':
      if (e.changes?.after?.quantity !== undefined) s.quantity = Number(e.changes.after.quantity);
      return;
    case 'CHECKOUT':
      Object.assign(s, { status: 'ON_LOAN', checkoutFrom: s.locationId, locationId: null, holderName: e.recipient, holderText: null, outstanding: num(e.quantity) });
      return;
    case 'RETURN': {
      const spent = spentIn(e.reason);
      s.outstanding = round3(s.outstanding - num(e.quantity) - spent);
      s.quantity = round3(s.quantity - spent);
      if (e.condition) s.condition = e.condition;
      if (s.outstanding <= EPS) {
        const usedUp = s.quantity <= EPS;
        Object.assign(s, { status: usedUp ? 'DISPOSED' : 'IN_STORAGE', locationId: usedUp ? null : s.checkoutFrom, holderName: null, holderText: null });
      }
      return;
    }
    case 'DISPOSE':
      Object.assign(s, { status: 'DISPOSED', locationId: null, holderName: null, holderText: e.recipient });
      return;
    default:
      throw new Error(`replay: unknown event type ${e.type}`);
  }
}

/**
 * Replays one item's events in id order, from its INTAKE. Besides the final state it reports every event
 * that does not continue the chain: a from-status or from-location other than where the replay has the
 * item, or a recorded to-status/to-location other than the event type's effect.
 */
export function replayCustody(events: readonly CustodyEventRow[]): { state: ReplayedState | null; problems: string[] } {
  const problems: string[] = [];
  const [first, ...rest] = events;
  if (!first) return { state: null, problems: ['no events at all (no INTAKE)'] };
  if (first.type !== 'INTAKE' || first.from_status !== null) problems.push(`first event ${first.id} is ${first.type} from ${first.from_status}, not an INTAKE`);
  const s: Cursor = {
    status: first.to_status,
    locationId: first.to_location_id,
    holderName: null,
    holderText: null,
    quantity: num(first.quantity),
    condition: first.condition ?? 'GOOD',
    sealNumber: first.seal_seen,
    checkoutFrom: null,
    outstanding: 0,
  };
  for (const e of rest) {
    if (e.type === 'INTAKE') problems.push(`event ${e.id}: a second INTAKE`);
    if (e.from_status !== s.status) problems.push(`event ${e.id} (${e.type}): from_status ${e.from_status}, but the replay has ${s.status}`);
    if (e.from_location_id !== s.locationId) problems.push(`event ${e.id} (${e.type}): from_location ${e.from_location_id}, but the replay has ${s.locationId}`);
    apply(s, e);
    if (e.to_status !== s.status) problems.push(`event ${e.id} (${e.type}): to_status ${e.to_status}, but its effect is ${s.status}`);
    if (e.to_location_id !== s.locationId) problems.push(`event ${e.id} (${e.type}): to_location ${e.to_location_id}, but its effect is ${s.locationId}`);
  }
  const { checkoutFrom: _from, outstanding: _out, ...state } = s;
  return { state, problems };
}

/**
 * Every item of the given stations (all stations when none are named) compared with the replay of its
 * events: status, location, holder, quantity, condition and seal.
 */
export async function replayMismatches(db: Sql, stationIds?: string[]): Promise<string[]> {
  const scope = stationIds ? 'WHERE i.station_id = ANY($1::uuid[])' : '';
  const params = stationIds ? [stationIds] : [];
  const { rows: items } = await db.query(
    `SELECT i.id, i.code, i.status, i.location_id, i.holder_text, i.quantity, i.condition, i.seal_number, trim(h.rank || ' ' || h.display_name) AS holder_name
     FROM items i LEFT JOIN users h ON h.id = i.holder_id ${scope} ORDER BY i.code`,
    params,
  );
  const { rows: events } = await db.query(
    `SELECT e.id, e.item_id, e.type, e.from_status, e.to_status, e.from_location_id, e.to_location_id, e.recipient,
            e.quantity, e.condition, e.seal_seen, e.reason, e.changes
     FROM custody_events e JOIN items i ON i.id = e.item_id ${scope} ORDER BY e.item_id, e.id`,
    params,
  );
  const byItem = new Map<string, CustodyEventRow[]>();
  for (const e of events as CustodyEventRow[]) byItem.set(e.item_id, [...(byItem.get(e.item_id) ?? []), e]);
  const problems: string[] = [];
  for (const item of items) {
    const { state, problems: chain } = replayCustody(byItem.get(item.id) ?? []);
    problems.push(...chain.map((p) => `${item.code}: ${p}`));
    if (!state) continue;
    const actual: ReplayedState = {
      status: item.status,
      locationId: item.location_id,
      holderName: item.holder_name,
      holderText: item.holder_text,
      quantity: round3(Number(item.quantity)),
      condition: item.condition,
      sealNumber: item.seal_number,
    };
    for (const key of Object.keys(state) as (keyof ReplayedState)[]) {
      const same = key === 'quantity' ? Math.abs(actual.quantity - state.quantity) <= EPS : actual[key] === state[key];
      if (!same) problems.push(`${item.code}: ${key} is ${JSON.stringify(actual[key])}, the replay of its events says ${JSON.stringify(state[key])}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------- gap-free item codes

const CATEGORY_CODE: Record<string, string> = { EVIDENCE: 'EV', PROPERTY: 'GP', WEAPON: 'WP', DONATION: 'DN' };

/**
 * DESIGN §2: SEQ is gap-free per station, category and year. Per group: the numbers are exactly 1..n,
 * each code spells its station, category, year and number, and the counter row says n (a counter ahead
 * of the last code is a number taken by a transaction that never committed its item).
 */
export async function codeGaps(db: Sql): Promise<string[]> {
  const { rows: items } = await db.query(
    `SELECT s.code AS station, i.station_id, i.category, i.year_be, i.seq, i.code FROM items i JOIN stations s ON s.id = i.station_id ORDER BY i.station_id, i.category, i.year_be, i.seq`,
  );
  const { rows: counters } = await db.query(`SELECT station_id, category_code, year_be, last_seq FROM item_code_counters`);
  const groups = new Map<string, { seqs: number[]; label: string }>();
  const problems: string[] = [];
  for (const i of items) {
    const cat = CATEGORY_CODE[i.category];
    const expected = `${i.station}-${cat}${String(i.year_be % 100).padStart(2, '0')}-${String(i.seq).padStart(6, '0')}`;
    if (i.code !== expected) problems.push(`item code ${i.code} does not spell ${expected}`);
    const key = `${i.station_id}/${cat}/${i.year_be}`;
    const group = groups.get(key) ?? { seqs: [], label: `${i.station} ${cat} ${i.year_be}` };
    group.seqs.push(Number(i.seq));
    groups.set(key, group);
  }
  for (const [key, { seqs, label }] of groups) {
    const missing = seqs.length ? Array.from({ length: Math.max(...seqs) }, (_, k) => k + 1).filter((n) => !seqs.includes(n)) : [];
    if (missing.length) problems.push(`${label}: numbers missing ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''}`);
    if (new Set(seqs).size !== seqs.length) problems.push(`${label}: a number given twice`);
    const counter = counters.find((c) => `${c.station_id}/${c.category_code.trim()}/${c.year_be}` === key);
    if (!counter) problems.push(`${label}: no counter row`);
    else if (Number(counter.last_seq) !== seqs.length) problems.push(`${label}: counter at ${counter.last_seq}, but ${seqs.length} items are numbered`);
  }
  for (const c of counters) {
    if (!groups.has(`${c.station_id}/${c.category_code.trim()}/${c.year_be}`) && Number(c.last_seq) !== 0) {
      problems.push(`counter ${c.category_code}/${c.year_be} of station ${c.station_id} at ${c.last_seq} with no items`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------- audit rows and their entities

/** The table behind each audit entity type that names a row (and whether that row has a station). */
const ENTITY_TABLES: Record<string, { table: string; station: boolean }> = {
  item: { table: 'items', station: true },
  loan: { table: 'loans', station: true },
  shift: { table: 'shifts', station: true },
  location: { table: 'locations', station: true },
  disposal: { table: 'disposals', station: true },
  audit: { table: 'audit_sessions', station: true },
  incident: { table: 'discrepancies', station: true },
  user: { table: 'users', station: false },
  station: { table: 'stations', station: false },
};

/** Runs a query whose rows are problems and words each one. */
async function rowsAsProblems(db: Sql, sql: string, word: (row: any) => string, params: unknown[] = []): Promise<string[]> {
  return (await db.query(sql, params)).rows.map(word);
}

/**
 * DESIGN §4 (the audit row is written in the same transaction as the change), both ways round:
 * no audit row names an entity (or a custody event) that does not exist, or one of another station;
 * every custody event has exactly one audit row; every item exactly one INTAKE (its first event) and one
 * ITEM_REGISTERED row; every loan exactly one row per decision it went through.
 */
export async function auditMismatches(db: Sql): Promise<string[]> {
  const problems: string[] = [];
  for (const [type, { table, station }] of Object.entries(ENTITY_TABLES)) {
    problems.push(
      ...(await rowsAsProblems(
        db,
        `SELECT a.chain_key, a.seq, a.action, a.entity_id FROM audit_log a
         WHERE a.entity_type = $1 AND a.entity_id IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM ${table} x WHERE x.id::text = a.entity_id ${station ? 'AND x.station_id = a.station_id' : ''})`,
        (r) => `audit ${r.chain_key}#${r.seq} ${r.action}: no ${type} ${r.entity_id}${station ? ' in its station' : ''}`,
        [type],
      )),
    );
  }
  problems.push(
    ...(await rowsAsProblems(
      db,
      `SELECT a.chain_key, a.seq, a.action, a.entity_id, a.after ->> 'eventId' AS event_id, e.type, e.item_id
       FROM audit_log a LEFT JOIN custody_events e ON e.id = (a.after ->> 'eventId')::bigint
       WHERE a.entity_type = 'item' AND a.after ? 'eventId'
         AND (e.id IS NULL OR e.item_id::text <> a.entity_id
              OR CASE WHEN e.type = 'INTAKE' THEN 'ITEM_REGISTERED' ELSE 'ITEM_' || e.type END <> a.action)`,
      (r) => `audit ${r.chain_key}#${r.seq} ${r.action} names event ${r.event_id}, which is ${r.type ? `a ${r.type} of item ${r.item_id}` : 'missing'}`,
    )),
    ...(await rowsAsProblems(
      db,
      `SELECT e.id, e.type, i.code, count(a.id)::int AS n
       FROM custody_events e JOIN items i ON i.id = e.item_id
       LEFT JOIN audit_log a ON a.entity_type = 'item' AND a.after ? 'eventId' AND (a.after ->> 'eventId')::bigint = e.id
       GROUP BY e.id, e.type, i.code HAVING count(a.id) <> 1`,
      (r) => `${r.code}: event ${r.id} (${r.type}) has ${r.n} audit rows`,
    )),
    ...(await rowsAsProblems(
      db,
      `SELECT * FROM (
         SELECT i.code,
                (SELECT count(*) FROM custody_events e WHERE e.item_id = i.id AND e.type = 'INTAKE')::int AS intakes,
                (SELECT e.type FROM custody_events e WHERE e.item_id = i.id ORDER BY e.id LIMIT 1)::text AS first,
                (SELECT count(*) FROM audit_log a WHERE a.entity_type = 'item' AND a.entity_id = i.id::text AND a.action = 'ITEM_REGISTERED')::int AS registered
         FROM items i) x
       WHERE intakes <> 1 OR first IS DISTINCT FROM 'INTAKE' OR registered <> 1`,
      (r) => `${r.code}: ${r.intakes} INTAKE events (first event ${r.first}), ${r.registered} ITEM_REGISTERED rows`,
    )),
    ...(await loanAuditMismatches(db)),
  );
  return problems;
}

/** The audit rows each loan must have for the states it passed through. */
async function loanAuditMismatches(db: Sql): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT l.id, l.status, l.approver_id IS NOT NULL AS decided, l.issued_at IS NOT NULL AS issued,
            count(*) FILTER (WHERE a.action = 'LOAN_REQUESTED')::int AS requested,
            count(*) FILTER (WHERE a.action IN ('LOAN_APPROVED', 'LOAN_REJECTED'))::int AS decisions,
            count(*) FILTER (WHERE a.action = 'LOAN_CANCELLED')::int AS cancels,
            count(*) FILTER (WHERE a.action = 'LOAN_ISSUED')::int AS issues,
            count(*) FILTER (WHERE a.action = 'LOAN_RETURNED')::int AS returns
     FROM loans l LEFT JOIN audit_log a ON a.entity_type = 'loan' AND a.entity_id = l.id::text
     GROUP BY l.id`,
  );
  const problems: string[] = [];
  for (const l of rows) {
    const back = ['RETURNED', 'PARTIALLY_RETURNED'].includes(l.status);
    const want = { requested: 1, decisions: l.decided ? 1 : 0, cancels: l.status === 'CANCELLED' ? 1 : 0, issues: l.issued ? 1 : 0 };
    const got = { requested: l.requested, decisions: l.decisions, cancels: l.cancels, issues: l.issues };
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`loan ${l.id} (${l.status}): audit rows ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    // A return may come in parts: one LOAN_RETURNED per part, at least one once anything is back.
    if (back ? l.returns < 1 : l.returns > 0) problems.push(`loan ${l.id} (${l.status}): ${l.returns} LOAN_RETURNED rows`);
  }
  return problems;
}
