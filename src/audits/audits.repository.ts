import { Inject, Injectable } from '@nestjs/common';
import { pageOf } from '../common/paged-query.js';
import { DataSource, type EntityManager } from 'typeorm';
import type { ItemStatus } from '../items/item.enums.js';
import { AuditSession, type AuditSummary } from './audit-session.entity.js';
import type { AuditKind, AuditStatus, FindingType } from './audit.enums.js';
import type { Candidate, Finding, ScanSummary } from './reconcile.js';

interface Person {
  id: string;
  displayName: string;
  rank: string;
}

export interface AuditView {
  id: string;
  stationId: string;
  kind: AuditKind;
  status: AuditStatus;
  scope: { category: string | null; locationId: string | null };
  startedBy: Person;
  startedAt: string;
  closedBy: Person | null;
  closedAt: string | null;
  countersignedBy: Person | null;
  blind: boolean;
  /** A sample's share of NORMAL items and its seed (HIGH items are always in). */
  sample: { percent: number; seed: string } | null;
  committee: Person[];
  /** Everyone who scanned in this count. */
  counters: Person[];
  note: string | null;
  summary: AuditSummary | null;
  /** Blind and open: expected and counted are withheld (null). */
  tally: Tally;
  findings?: { type: FindingType; itemId: string; code: string; description: string; detail: string | null; conditionSeen: string | null }[];
}

/** What a count covers, as the tally reads it. */
export interface AuditScope {
  auditId: string;
  stationId: string;
  category: string | null;
  locationId: string | null;
  samplePercent: number | null;
  sampleSeed: string | null;
}

export const scopeOf = (a: { id: string; stationId: string; category: string | null; locationId: string | null; samplePercent: number | null; sampleSeed: string | null }): AuditScope => ({
  auditId: a.id,
  stationId: a.stationId,
  category: a.category,
  locationId: a.locationId,
  samplePercent: a.samplePercent,
  sampleSeed: a.sampleSeed,
});

export interface Tally {
  /** In-scope items the record places in the store. */
  expected: number | null;
  /** Of those, how many have been scanned: "counted x of expected". */
  counted: number | null;
  /** Distinct items scanned, expected or not. */
  scanned: number;
  scans: number;
  duplicates: number;
}

const person = (id: unknown, name: unknown, rank: unknown): Person | null => (id ? { id: id as string, displayName: name as string, rank: rank as string } : null);
const iso = (d: unknown) => (d ? (d as Date).toISOString() : null);

/**
 * The sample rule, reproducible from the stored seed: an item is drawn when it is HIGH risk, or when the
 * first 32 bits of md5(seed || item id), read as an unsigned number, fall below percent% of 2^32.
 */
export const SAMPLE_RULE = (seed: string, percent: string) =>
  `(i.risk_class = 'HIGH' OR ('x' || substr(md5(${seed} || i.id::text), 1, 8))::bit(32)::bigint < ${percent} * 42949672.96)`;

/** The scope as SQL over items `i` (and the open line `li`): the category and a location subtree… */
const IN_SCOPE_BASE = `(i.category = a.category OR a.category IS NULL) AND i.status <> 'DISPOSED'
  AND (a.location_id IS NULL OR COALESCE(i.location_id, li.from_location_id) IN (SELECT id FROM subtree))`;
/** …and the sample. */
const IN_SCOPE = `${IN_SCOPE_BASE} AND (a.sample_percent IS NULL OR ${SAMPLE_RULE('a.sample_seed', 'a.sample_percent')})`;
const SUBTREE = `subtree AS (
    SELECT id FROM locations WHERE id = (SELECT location_id FROM audit_sessions WHERE id = $1)
    UNION ALL
    SELECT l.id FROM locations l JOIN subtree t ON l.parent_id = t.id
  )`;

/** The tally's one query for a count's scope (exported for the benchmark's EXPLAIN). */
export function tallyQuery(scope: AuditScope): { sql: string; params: unknown[] } {
  const params: unknown[] = [scope.auditId, scope.stationId];
  let where = `i.station_id = $2 AND i.status = 'IN_STORAGE'`;
  if (scope.category) where += ` AND i.category = $${params.push(scope.category)}`;
  if (scope.locationId) where += ` AND i.location_id IN (SELECT id FROM subtree)`;
  if (scope.samplePercent !== null) where += ` AND ${SAMPLE_RULE(`$${params.push(scope.sampleSeed)}::text`, `$${params.push(scope.samplePercent)}::numeric`)}`;
  const sql = `${scope.locationId ? `WITH RECURSIVE ${SUBTREE}` : ''}
     SELECT (SELECT count(*) FROM items i WHERE ${where}) AS expected,
            (SELECT count(DISTINCT s.item_id) FROM audit_scans s JOIN items i ON i.id = s.item_id WHERE s.audit_id = $1 AND ${where}) AS counted,
            t.scanned, t.scans, t.duplicates
     FROM (SELECT count(DISTINCT item_id) AS scanned, count(*) AS scans, count(*) FILTER (WHERE duplicate) AS duplicates
           FROM audit_scans WHERE audit_id = $1) t`;
  return { sql, params };
}

/** Every in-scope item and every scanned one, with the open line that holds it ($1: the count). */
export const CANDIDATES_SQL = `WITH RECURSIVE ${SUBTREE}
       SELECT i.id, i.code, i.status, i.location_id, i.condition, i.seal_number, i.holder_text, ${IN_SCOPE} AS in_scope, ${IN_SCOPE_BASE} AS in_scope_base,
              li.id AS line_id, li.shift_id, li.loan_id, li.unreturned_reason, sh.name AS shift_name, sh.status AS shift_status,
              lo.status AS loan_status, h.rank || ' ' || h.display_name AS holder_name
       FROM audit_sessions a
       JOIN items i ON i.station_id = a.station_id
       LEFT JOIN loan_items li ON li.item_id = i.id AND li.open
       LEFT JOIN shifts sh ON sh.id = li.shift_id
       LEFT JOIN loans lo ON lo.id = li.loan_id
       LEFT JOIN users h ON h.id = li.holder_id
       WHERE a.id = $1 AND ((${IN_SCOPE}) OR i.id IN (SELECT item_id FROM audit_scans WHERE audit_id = $1))`;

/** A closed count's findings with the items' codes ($1: the count). */
export const FINDINGS_SQL = `SELECT f.type, f.item_id, i.code, i.description, f.detail, f.condition_seen FROM audit_findings f JOIN items i ON i.id = f.item_id
  WHERE f.audit_id = $1 ORDER BY f.type, i.code`;

/** Per scanned item: the first scan's location, condition and seal, and how many times ($1: the count). */
export const SCAN_SUMMARIES_SQL = `SELECT item_id, (array_agg(location_id ORDER BY id))[1] AS location_id, (array_agg(condition ORDER BY id))[1] AS condition,
              (array_agg(seal_seen ORDER BY id))[1] AS seal_seen, count(*) AS times
       FROM audit_scans WHERE audit_id = $1 GROUP BY item_id`;

@Injectable()
export class AuditsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, session: Partial<AuditSession>): Promise<string> {
    const repo = em.getRepository(AuditSession);
    const { identifiers } = await repo.insert(session as Parameters<typeof repo.insert>[0]);
    return identifiers[0].id as string;
  }

  /** For closing: waits for the scans in flight, and keeps new ones out until it commits. */
  lock(em: EntityManager, id: string, stationId: string): Promise<AuditSession | null> {
    return em.getRepository(AuditSession).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id AND a.station_id = :stationId', { id, stationId }).getOne();
  }

  /** For a scan: scans of one count run side by side, but not beside its close. */
  lockShared(em: EntityManager, id: string, stationId: string): Promise<AuditSession | null> {
    return em.getRepository(AuditSession).createQueryBuilder('a').setLock('pessimistic_read').where('a.id = :id AND a.station_id = :stationId', { id, stationId }).getOne();
  }

  find(id: string, stationId: string): Promise<AuditSession | null> {
    return this.dataSource.getRepository(AuditSession).findOneBy({ id, stationId });
  }

  /** Two scans of the same item in one count take turns, so exactly one of them is the first. */
  async serialiseItem(em: EntityManager, auditId: string, itemId: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`audit-scan:${auditId}:${itemId}`]);
  }

  async update(em: EntityManager, id: string, changes: Partial<AuditSession>): Promise<void> {
    const repo = em.getRepository(AuditSession);
    await repo.update({ id }, changes as Parameters<typeof repo.update>[1]);
  }

  async list(stationId: string | null, filter: { kind?: AuditKind; status?: AuditStatus; id?: string }, offset: number, limit: number, em?: EntityManager): Promise<{ items: AuditView[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (stationId) where.push(`a.station_id = $${params.push(stationId)}`);
    if (filter.kind) where.push(`a.kind = $${params.push(filter.kind)}`);
    if (filter.status) where.push(`a.status = $${params.push(filter.status)}`);
    if (filter.id) where.push(`a.id = $${params.push(filter.id)}`);
    const { rows, total } = await pageOf(
      em ?? this.dataSource.manager,
      `SELECT a.*, count(*) OVER () AS total_count,
              s.display_name AS starter_name, s.rank AS starter_rank, c.display_name AS closer_name, c.rank AS closer_rank,
              w.display_name AS signer_name, w.rank AS signer_rank,
              (SELECT coalesce(json_agg(json_build_object('id', u.id, 'displayName', u.display_name, 'rank', u.rank) ORDER BY u.display_name), '[]')
               FROM users u WHERE u.id IN (SELECT scanned_by FROM audit_scans WHERE audit_id = a.id)) AS counters,
              (SELECT coalesce(json_agg(json_build_object('id', u.id, 'displayName', u.display_name, 'rank', u.rank) ORDER BY u.display_name), '[]')
               FROM audit_committee_members m JOIN users u ON u.id = m.user_id WHERE m.audit_id = a.id) AS committee
       FROM audit_sessions a
       JOIN users s ON s.id = a.started_by
       LEFT JOIN users c ON c.id = a.closed_by
       LEFT JOIN users w ON w.id = a.countersigned_by
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY a.started_at DESC, a.id`,
      params,
      limit,
      offset,
    );
    const items = await Promise.all(rows.map(async (r) => ({
      id: r.id,
      stationId: r.station_id,
      kind: r.kind,
      status: r.status,
      scope: { category: r.category, locationId: r.location_id },
      startedBy: person(r.started_by, r.starter_name, r.starter_rank)!,
      startedAt: iso(r.started_at)!,
      closedBy: person(r.closed_by, r.closer_name, r.closer_rank),
      closedAt: iso(r.closed_at),
      countersignedBy: person(r.countersigned_by, r.signer_name, r.signer_rank),
      counters: r.counters,
      note: r.note,
      summary: r.summary,
      tally: await this.tally({ auditId: r.id, stationId: r.station_id, category: r.category, locationId: r.location_id, samplePercent: r.sample_percent === null ? null : Number(r.sample_percent), sampleSeed: r.sample_seed }, em),
      blind: r.blind,
      sample: r.sample_percent === null ? null : { percent: Number(r.sample_percent), seed: r.sample_seed },
      committee: r.committee,
    })));
    return { items, total };
  }

  /** The running tally a counter sees: how many the record expects in the store, how many were counted. */
  /**
   * The running tally a counter sees. Expected: the scope's items the record places in the store, read
   * through the (station, category, status) index; the rest only from this count's scans.
   */
  async tally(scope: AuditScope, em?: EntityManager): Promise<Tally> {
    const { sql, params } = tallyQuery(scope);
    const [row] = await (em ?? this.dataSource.manager).query(sql, params);
    return { expected: Number(row.expected), counted: Number(row.counted), scanned: Number(row.scanned), scans: Number(row.scans), duplicates: Number(row.duplicates) };
  }

  async findings(auditId: string, em?: EntityManager): Promise<NonNullable<AuditView['findings']>> {
    const rows: Record<string, any>[] = await (em ?? this.dataSource.manager).query(FINDINGS_SQL, [auditId]);
    return rows.map((r) => ({ type: r.type, itemId: r.item_id, code: r.code, description: r.description, detail: r.detail, conditionSeen: r.condition_seen }));
  }

  /** The items the count expects to find in the store (in scope, in the sample), with where the record has them. */
  async expected(auditId: string): Promise<{ itemId: string; code: string; description: string; riskClass: string; location: { id: string; code: string; name: string } | null }[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `WITH RECURSIVE ${SUBTREE}
       SELECT i.id, i.code, i.description, i.risk_class, l.id AS location_id, l.code AS location_code, l.name AS location_name
       FROM audit_sessions a
       JOIN items i ON i.station_id = a.station_id AND i.status = 'IN_STORAGE'
       LEFT JOIN loan_items li ON li.item_id = i.id AND li.open
       LEFT JOIN locations l ON l.id = i.location_id
       WHERE a.id = $1 AND ${IN_SCOPE}
       ORDER BY l.code, i.code`,
      [auditId],
    );
    return rows.map((r) => ({ itemId: r.id, code: r.code, description: r.description, riskClass: r.risk_class, location: r.location_id ? { id: r.location_id, code: r.location_code, name: r.location_name } : null }));
  }

  /** Active users of the station among these ids, with their roles. */
  async committeeOf(em: EntityManager, auditId: string): Promise<string[]> {
    return (await em.query(`SELECT user_id FROM audit_committee_members WHERE audit_id = $1`, [auditId])).map((r: { user_id: string }) => r.user_id);
  }

  async usersOfStation(stationId: string, ids: string[]): Promise<Map<string, string[]>> {
    if (!ids.length) return new Map();
    const rows: { id: string; roles: string[] }[] = await this.dataSource.query(`SELECT id, roles::text[] AS roles FROM users WHERE id = ANY($1::uuid[]) AND station_id = $2 AND active`, [ids, stationId]);
    return new Map(rows.map((r) => [r.id, r.roles]));
  }

  async insertCommittee(em: EntityManager, stationId: string, auditId: string, userIds: string[]): Promise<void> {
    if (!userIds.length) return;
    await em.query(`INSERT INTO audit_committee_members (audit_id, user_id, station_id) SELECT $1, unnest($2::uuid[]), $3`, [auditId, userIds, stationId]);
  }

  async isCommitteeMember(em: EntityManager, auditId: string, userId: string): Promise<{ hasCommittee: boolean; member: boolean }> {
    const [row] = await em.query(
      `SELECT count(*) > 0 AS has_committee, bool_or(user_id = $2) AS member FROM audit_committee_members WHERE audit_id = $1`,
      [auditId, userId],
    );
    return { hasCommittee: row.has_committee, member: !!row.member };
  }

  async alreadyScanned(em: EntityManager, auditId: string, itemId: string): Promise<boolean> {
    const rows = await em.query(`SELECT 1 FROM audit_scans WHERE audit_id = $1 AND item_id = $2 LIMIT 1`, [auditId, itemId]);
    return rows.length > 0;
  }

  async insertScan(em: EntityManager, scan: { stationId: string; auditId: string; itemId: string; locationId: string | null; condition: string | null; sealSeen: string | null; duplicate: boolean; scannedBy: string }): Promise<number> {
    const [row] = await em.query(
      `INSERT INTO audit_scans (station_id, audit_id, item_id, location_id, condition, seal_seen, duplicate, scanned_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [scan.stationId, scan.auditId, scan.itemId, scan.locationId, scan.condition, scan.sealSeen, scan.duplicate, scan.scannedBy],
    );
    return Number(row.id);
  }

  /** Whether the item falls in the count's scope. */
  async inScope(em: EntityManager, auditId: string, itemId: string): Promise<boolean> {
    const [row] = await em.query(
      `WITH RECURSIVE ${SUBTREE}
       SELECT ${IN_SCOPE} AS in_scope FROM audit_sessions a JOIN items i ON i.id = $2 AND i.station_id = a.station_id
       LEFT JOIN loan_items li ON li.item_id = i.id AND li.open WHERE a.id = $1`,
      [auditId, itemId],
    );
    return !!row?.in_scope;
  }

  /** Every in-scope item and every scanned one, with the open line that holds it, for reconcile(). */
  async candidates(em: EntityManager, auditId: string): Promise<Candidate[]> {
    const rows: Record<string, any>[] = await em.query(CANDIDATES_SQL, [auditId]);
    return rows.map((r) => ({
      itemId: r.id,
      code: r.code,
      status: r.status as ItemStatus,
      locationId: r.location_id,
      condition: r.condition,
      sealNumber: r.seal_number,
      holderText: r.holder_text,
      inScope: r.in_scope,
      outOfSample: !r.in_scope && r.in_scope_base,
      line: r.line_id
        ? {
            shiftId: r.shift_id,
            shiftName: r.shift_name,
            shiftOpen: r.shift_status === 'OPEN',
            loanId: r.loan_id,
            loanOut: r.loan_status === 'ISSUED' || r.loan_status === 'PARTIALLY_RETURNED',
            holderName: r.holder_name,
            unreturnedReason: r.unreturned_reason,
          }
        : null,
    }));
  }

  /** Per scanned item: the first scan's location, condition and seal, and how many times it was scanned. */
  async scanSummaries(em: EntityManager, auditId: string): Promise<Map<string, ScanSummary>> {
    const rows: Record<string, any>[] = await em.query(SCAN_SUMMARIES_SQL, [auditId]);
    return new Map(rows.map((r) => [r.item_id, { locationId: r.location_id, condition: r.condition, sealSeen: r.seal_seen, times: Number(r.times) }]));
  }

  async scannerIds(em: EntityManager, auditId: string): Promise<string[]> {
    return (await em.query(`SELECT DISTINCT scanned_by FROM audit_scans WHERE audit_id = $1`, [auditId])).map((r: { scanned_by: string }) => r.scanned_by);
  }

  /** Every finding of a close, in one statement. */
  async insertFindings(em: EntityManager, stationId: string, auditId: string, findings: Finding[]): Promise<void> {
    if (!findings.length) return;
    await em.query(
      `INSERT INTO audit_findings (station_id, audit_id, item_id, type, detail, condition_seen)
       SELECT $1, $2, * FROM unnest($3::uuid[], $4::audit_finding_type[], $5::varchar[], $6::item_condition[])`,
      [stationId, auditId, findings.map((f) => f.itemId), findings.map((f) => f.type), findings.map((f) => f.detail), findings.map((f) => f.conditionSeen ?? null)],
    );
  }

  /** One discrepancy per discrepant finding, in one statement. */
  async insertDiscrepancies(em: EntityManager, stationId: string, auditId: string, reportedBy: string, findings: Finding[]): Promise<number> {
    if (!findings.length) return 0;
    const rows = await em.query(
      `INSERT INTO discrepancies (station_id, audit_id, item_id, kind, note, reported_by)
       SELECT $1, $2, f.item_id, f.kind::discrepancy_kind, f.note, $3 FROM unnest($4::uuid[], $5::text[], $6::varchar[]) AS f(item_id, kind, note) RETURNING id`,
      [stationId, auditId, reportedBy, findings.map((f) => f.itemId), findings.map((f) => f.type), findings.map((f) => f.detail)],
    );
    return rows.length;
  }
}
