import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DERIVED_AUDIT_COLUMNS } from './audit-log-entry.entity.js';

export const GENESIS_HASH = '0'.repeat(64);

/** Chains longer than this are verified in ranges on several connections at once. */
const RANGE_ROWS = 50_000;
const MAX_PARALLEL = 4;

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

  async check(chainKey: string): Promise<ChainCheck> {
    // Head and last row read in one snapshot, so writers appending meanwhile do not look like a cut.
    const [state] = await this.dataSource.query(
      `SELECT h.seq AS head_seq, h.hash AS head_hash,
              (SELECT max(seq) FROM audit_log WHERE chain_key = $1) AS last_seq
       FROM (SELECT 1) one LEFT JOIN audit_chain_heads h ON h.chain_key = $1`,
      [chainKey],
    );
    const lastSeq: number = state.last_seq ?? 0;
    const ranges: [number, number][] = [];
    const size = Math.max(RANGE_ROWS, Math.ceil(lastSeq / MAX_PARALLEL));
    for (let lo = 1; lo <= lastSeq; lo += size) ranges.push([lo, Math.min(lastSeq, lo + size - 1)]);
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
      entries: results.reduce((sum, r) => sum + r.entries, 0),
      lastSeq,
      lastHash: last?.hash ?? null,
      firstBad: bad.length ? Math.min(...bad) : null,
      head: state.head_seq === null ? null : { seq: state.head_seq, hash: state.head_hash },
      columnsDerived: generated[0].n === DERIVED_AUDIT_COLUMNS.length,
    };
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
