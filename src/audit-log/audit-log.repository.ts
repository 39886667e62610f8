import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { DERIVED_AUDIT_COLUMNS } from './audit-log-entry.entity.js';

export const GENESIS_HASH = '0'.repeat(64);

/** Chains longer than this are verified in ranges on several connections at once. */
const RANGE_ROWS = 50_000;
const MAX_PARALLEL = 4;

/** Rows per INSERT when many are appended at once. */
const APPEND_BATCH = 2_000;

/** The canonical text audit_append() makes of a body: the sequence number spliced in front. */
export function canonicalText(body: string, seq: number): string {
  return `{"seq":${seq},${body.slice(1)}`;
}

/** SHA-256(prev_hash ‖ canonical text) in hex: the rule of audit_append() and of the verifier. */
export function chainHash(prevHash: string, canonical: string): string {
  return createHash('sha256').update(prevHash + canonical, 'utf8').digest('hex');
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface ChainCheck {
  entries: number;
  lastSeq: number;
  lastHash: string | null;
  /** The first sequence number that does not hold (a changed row, or the number of a missing one). */
  firstBad: number | null;
  head: ChainHead | null;
  /** False when a superuser turned a generated column into a plain, editable one. */
  columnsDerived: boolean;
}

/** A verification that held: the chain was sound up to `seq`, whose row then had `hash`. */
export interface Checkpoint {
  seq: number;
  hash: string;
  verifiedAt: Date;
  mode: 'FULL' | 'INCREMENTAL';
}

export interface AuditLogFilter {
  stationId: string | null;
  entityType?: string;
  entityId?: string;
  action?: string;
  actorId?: string;
  offset: number;
  limit: number;
}

/*
 * One range [lo, hi] of a chain. A row holds when its seq is the next number, its prev_hash is the
 * previous row's hash (for the first row of a range: the row before the range, or the genesis hash),
 * and its hash is SHA-256(prev_hash || canonical). The other columns are generated from canonical.
 * `ok IS NOT TRUE` counts a NULL (a missing predecessor) as bad.
 */
const RANGE_SQL = `
  SELECT count(*)::int AS entries,
         max(seq) AS last_seq,
         min(CASE WHEN seq <> rn THEN rn ELSE seq END) FILTER (WHERE ok IS NOT TRUE) AS first_bad
  FROM (
    SELECT seq,
           $2::bigint - 1 + row_number() OVER w AS rn,
           hash = encode(sha256(convert_to(prev_hash || canonical, 'UTF8')), 'hex')
             AND prev_hash = COALESCE(lag(hash) OVER w,
                   CASE WHEN $2::bigint = 1 THEN $4
                        ELSE (SELECT p.hash FROM audit_log p WHERE p.chain_key = $1 AND p.seq = $2::bigint - 1) END) AS ok
    FROM audit_log
    WHERE chain_key = $1 AND seq BETWEEN $2 AND $3
    WINDOW w AS (ORDER BY seq)
  ) v`;

/** All SQL of the audit log: appending under the chain-head lock, and recomputing a chain. */
@Injectable()
export class AuditLogRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Appends one row through audit_append() (see the Foundation migration): it locks the chain head,
   * splices the next sequence number into the body to make the canonical text, hashes it with the
   * previous hash, inserts the row and moves the head, all in one round trip. The head's row lock is
   * what serialises the writers of one station; other stations have other rows.
   */
  async append(em: EntityManager, body: string): Promise<ChainHead> {
    const [head]: ChainHead[] = await em.query('SELECT seq, hash FROM audit_append($1)', [body]);
    return head;
  }

  /**
   * Appends many rows to one chain as audit_append() would one by one: the head locked (made if
   * missing) the same way, each canonical text and hash computed from the previous, the rows inserted
   * in batches, and the head moved once at the end. While PostgreSQL inserts one batch the next is
   * hashed here (one query in flight at a time: one transaction, one connection).
   */
  async appendMany(em: EntityManager, chainKey: string, bodies: Iterable<string>): Promise<ChainHead> {
    const lockHead = () => em.query('SELECT seq, hash FROM audit_chain_heads WHERE chain_key = $1 FOR UPDATE', [chainKey]);
    let [head]: ChainHead[] = await lockHead();
    if (!head) {
      await em.query('INSERT INTO audit_chain_heads (chain_key, seq, hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING', [chainKey, GENESIS_HASH]);
      [head] = await lockHead();
    }
    let { seq, hash } = head;
    let inFlight: Promise<unknown> = Promise.resolve();
    let batch = { canonical: [] as string[], prevHashes: [] as string[], hashes: [] as string[] };
    const send = async () => {
      await inFlight;
      inFlight = em.query('INSERT INTO audit_log (canonical, prev_hash, hash) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])', [batch.canonical, batch.prevHashes, batch.hashes]);
      inFlight.catch(() => undefined); // awaited before the next batch; a failure is not unhandled meanwhile
      batch = { canonical: [], prevHashes: [], hashes: [] };
      await new Promise((resolve) => setImmediate(resolve)); // let it go out before the next batch is hashed
    };
    for (const body of bodies) {
      const text = canonicalText(body, ++seq);
      batch.prevHashes.push(hash);
      hash = chainHash(hash, text);
      batch.canonical.push(text);
      batch.hashes.push(hash);
      if (batch.canonical.length === APPEND_BATCH) await send();
    }
    if (batch.canonical.length) await send();
    await inFlight;
    await em.query('UPDATE audit_chain_heads SET seq = $2, hash = $3 WHERE chain_key = $1', [chainKey, seq, hash]);
    return { seq, hash };
  }

  /** Recomputes the rows of a chain from `fromSeq` (1: all of them) to its end. */
  async check(chainKey: string, fromSeq = 1): Promise<ChainCheck> {
    // Head and last row read in one snapshot, so writers appending meanwhile do not look like a cut.
    const [state] = await this.dataSource.query(
      `SELECT h.seq AS head_seq, h.hash AS head_hash,
              (SELECT max(seq) FROM audit_log WHERE chain_key = $1) AS last_seq
       FROM (SELECT 1) one LEFT JOIN audit_chain_heads h ON h.chain_key = $1`,
      [chainKey],
    );
    const lastSeq: number = state.last_seq ?? 0;
    const ranges: [number, number][] = [];
    const size = Math.max(RANGE_ROWS, Math.ceil((lastSeq - fromSeq + 1) / MAX_PARALLEL));
    for (let lo = fromSeq; lo <= lastSeq; lo += size) ranges.push([lo, Math.min(lastSeq, lo + size - 1)]);
    const results = await Promise.all(
      ranges.map(async ([lo, hi]) => {
        const [r] = await this.dataSource.query(RANGE_SQL, [chainKey, lo, hi, GENESIS_HASH]);
        // A range whose last rows are missing: the first missing number is bad.
        const cut = (r.last_seq ?? lo - 1) < hi ? (r.last_seq ?? lo - 1) + 1 : null;
        const bad = [r.first_bad, cut].filter((x): x is number => x !== null);
        return { entries: r.entries as number, firstBad: bad.length ? Math.min(...bad) : null };
      }),
    );
    const bad = results.map((r) => r.firstBad).filter((x): x is number => x !== null);
    const [last] = lastSeq
      ? await this.dataSource.query('SELECT hash FROM audit_log WHERE chain_key = $1 AND seq = $2', [chainKey, lastSeq])
      : [];
    const generated = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_attribute
       WHERE attrelid = 'audit_log'::regclass AND attgenerated = 's' AND attname = ANY($1)`,
      [DERIVED_AUDIT_COLUMNS],
    );
    return {
      // An incremental check counts the rows before its start as the checkpoint vouched for them.
      entries: fromSeq - 1 + results.reduce((sum, r) => sum + r.entries, 0),
      lastSeq,
      lastHash: last?.hash ?? null,
      firstBad: bad.length ? Math.min(...bad) : null,
      head: state.head_seq === null ? null : { seq: state.head_seq, hash: state.head_hash },
      columnsDerived: generated[0].n === DERIVED_AUDIT_COLUMNS.length,
    };
  }

  /** The latest verification of a chain, whether it held or not. */
  async lastVerification(chainKey: string): Promise<(Checkpoint & { ok: boolean }) | null> {
    const [row] = await this.dataSource.query(
      `SELECT through_seq AS seq, through_hash AS hash, verified_at AS "verifiedAt", mode, ok FROM audit_verifications
       WHERE chain_key = $1 ORDER BY id DESC LIMIT 1`,
      [chainKey],
    );
    return row ? { seq: Number(row.seq), hash: String(row.hash).trim(), verifiedAt: new Date(row.verifiedAt), mode: row.mode, ok: row.ok } : null;
  }

  /** The hash a chain's row has now (null when there is no such row). */
  async hashAt(chainKey: string, seq: number): Promise<string | null> {
    const [row] = await this.dataSource.query('SELECT hash FROM audit_log WHERE chain_key = $1 AND seq = $2', [chainKey, seq]);
    return row ? String(row.hash).trim() : null;
  }

  async recordVerification(v: { chainKey: string; mode: 'FULL' | 'INCREMENTAL'; fromSeq: number; throughSeq: number; throughHash: string; ok: boolean; firstBadSeq: number | null }): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO audit_verifications (chain_key, mode, from_seq, through_seq, through_hash, ok, first_bad_seq) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [v.chainKey, v.mode, v.fromSeq, v.throughSeq, v.throughHash, v.ok, v.firstBadSeq],
    );
  }

  async list(filter: AuditLogFilter) {
    const where: string[] = [filter.stationId ? 'station_id = $1' : 'station_id IS NULL'];
    const params: unknown[] = filter.stationId ? [filter.stationId] : [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.entityType) add('entity_type = ?', filter.entityType);
    if (filter.entityId) add('entity_id = ?', filter.entityId);
    if (filter.action) add('action = ?', filter.action);
    if (filter.actorId) add('actor_id = ?', filter.actorId);
    const whereSql = where.join(' AND ');
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM audit_log WHERE ${whereSql}`, params);
    params.push(filter.offset, filter.limit);
    const items = await this.dataSource.query(
      `SELECT seq, at, actor_id AS "actorId", action, entity_type AS "entityType", entity_id AS "entityId",
              before, after, request_id AS "requestId", client_ip AS "clientIp", prev_hash AS "prevHash", hash
       FROM audit_log WHERE ${whereSql} ORDER BY seq DESC OFFSET $${params.length - 1} LIMIT $${params.length}`,
      params,
    );
    return { items, total: total as number };
  }
}
