import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface NewAuditRow {
  chainKey: string;
  stationId: string | null;
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  clientIp: string | null;
  /** The row as a JSON object text; the database puts `"seq":N` in front of its first key. */
  body: string;
}

export interface ChainCheck {
  entries: number;
  lastSeq: number | null;
  lastHash: string | null;
  firstBad: number | null;
  head: ChainHead | null;
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
 * One row is good when: its seq is the next number, its prev_hash is the previous row's hash, its hash
 * is SHA-256(prev_hash || canonical), and its columns say what its canonical text says. The canonical
 * text is parsed only for rows whose hash holds (CASE is evaluated lazily).
 */
const CHECK_SQL = (parse: string) => `
  SELECT count(*)::bigint AS entries,
         max(seq) AS last_seq,
         (array_agg(hash ORDER BY seq DESC))[1] AS last_hash,
         min(CASE WHEN seq <> rn THEN rn ELSE seq END) FILTER (WHERE NOT ok) AS first_bad
  FROM (
    SELECT seq, rn, hash,
      seq = rn
      AND prev_hash = COALESCE(expected_prev, $2)
      AND hash_ok
      AND CASE WHEN hash_ok THEN COALESCE((
            SELECT (c->>'seq')::bigint = r.seq
               AND c->>'chain' = r.chain_key
               AND c->>'action' = r.action
               AND c->>'entityType' = r.entity_type
               AND (c->>'entityId') IS NOT DISTINCT FROM r.entity_id
               AND (c->>'actorId') IS NOT DISTINCT FROM r.actor_id::text
               AND (c->>'stationId') IS NOT DISTINCT FROM r.station_id::text
               AND (c->>'at')::timestamptz = r.at
               AND (c->>'requestId') IS NOT DISTINCT FROM r.request_id
               AND (c->>'clientIp') IS NOT DISTINCT FROM r.client_ip
               AND c->'before' = COALESCE(r.before, 'null'::jsonb)
               AND c->'after' = COALESCE(r.after, 'null'::jsonb)
            FROM (SELECT ${parse} AS c) AS parsed), false)
      ELSE false END AS ok
    FROM (
      SELECT l.*,
             l.hash = encode(sha256(convert_to(l.prev_hash || l.canonical, 'UTF8')), 'hex') AS hash_ok,
             lag(l.hash) OVER (ORDER BY l.seq) AS expected_prev,
             row_number() OVER (ORDER BY l.seq) AS rn
      FROM audit_log l
      WHERE l.chain_key = $1
    ) r
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
  async append(em: EntityManager, row: NewAuditRow): Promise<ChainHead> {
    const [head]: ChainHead[] = await em.query('SELECT seq, hash FROM audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
      row.chainKey,
      row.stationId,
      row.actorId,
      row.action,
      row.entityType,
      row.entityId,
      row.requestId,
      row.clientIp,
      row.at,
      row.body,
    ]);
    return head;
  }

  async check(chainKey: string): Promise<ChainCheck> {
    const run = (parse: string) => this.dataSource.query(CHECK_SQL(parse), [chainKey, GENESIS_HASH]);
    let rows: { entries: number; last_seq: number | null; last_hash: string | null; first_bad: number | null }[];
    try {
      rows = await run('r.canonical::jsonb');
    } catch (err) {
      // A row whose hash matches text that is not JSON: parse row by row, treating failures as bad.
      if ((err as { code?: string }).code !== '22P02') throw err;
      rows = await run('audit_try_jsonb(r.canonical)');
    }
    const heads: ChainHead[] = await this.dataSource.query('SELECT seq, hash FROM audit_chain_heads WHERE chain_key = $1', [chainKey]);
    const [result] = rows;
    return {
      entries: Number(result.entries),
      lastSeq: result.last_seq,
      lastHash: result.last_hash?.trim() ?? null,
      firstBad: result.first_bad,
      head: heads[0] ? { seq: heads[0].seq, hash: heads[0].hash.trim() } : null,
    };
  }

  async list(filter: AuditLogFilter) {
    const where: string[] = [filter.stationId ? 'station_id = $1' : 'station_id IS NULL'];
    const params: unknown[] = [filter.stationId ?? null];
    if (!filter.stationId) params.pop();
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
    const items = await this.dataSource.query(
      `SELECT seq, at, actor_id AS "actorId", action, entity_type AS "entityType", entity_id AS "entityId",
              before, after, request_id AS "requestId", client_ip AS "clientIp", prev_hash AS "prevHash", hash
       FROM audit_log WHERE ${whereSql} ORDER BY seq DESC OFFSET ${filter.offset} LIMIT ${filter.limit}`,
      params,
    );
    return { items, total: total as number };
  }
}
