import { Inject, Injectable } from '@nestjs/common';
import { pageOf } from '../common/paged-query.js';
import { DataSource, type EntityManager } from 'typeorm';
import type { DiscrepancyKind, DiscrepancyStatus } from '../custody/custody.enums.js';
import { Discrepancy } from '../custody/discrepancy.entity.js';

interface Person {
  id: string;
  displayName: string;
  rank: string;
}

export interface IncidentView {
  id: string;
  stationId: string;
  kind: DiscrepancyKind;
  status: DiscrepancyStatus;
  item: { id: string; code: string; description: string };
  itemId: string;
  expected: string | null;
  observed: string | null;
  note: string | null;
  /** Where it came from: a custody event, a loan line or shift issue, a count. */
  eventId: number | null;
  loanItemId: string | null;
  auditId: string | null;
  reportedBy: Person;
  createdAt: string;
  resolvedBy: Person | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
}

export interface IncidentFilter {
  stationId: string | null;
  id?: string;
  status?: DiscrepancyStatus;
  kind?: DiscrepancyKind;
  itemId?: string;
  auditId?: string;
  offset: number;
  limit: number;
}

const iso = (d: unknown) => (d ? (d as Date).toISOString() : null);

@Injectable()
export class IncidentsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async list(filter: IncidentFilter, em?: EntityManager): Promise<{ items: IncidentView[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.stationId) where.push(`d.station_id = $${params.push(filter.stationId)}`);
    if (filter.id) where.push(`d.id = $${params.push(filter.id)}`);
    if (filter.status) where.push(`d.status = $${params.push(filter.status)}`);
    if (filter.kind) where.push(`d.kind = $${params.push(filter.kind)}`);
    if (filter.itemId) where.push(`d.item_id = $${params.push(filter.itemId)}`);
    if (filter.auditId) where.push(`d.audit_id = $${params.push(filter.auditId)}`);
    const { rows, total } = await pageOf(
      em ?? this.dataSource.manager,
      `SELECT d.*, count(*) OVER () AS total_count, i.code, i.description,
              r.display_name AS reporter_name, r.rank AS reporter_rank, s.display_name AS resolver_name, s.rank AS resolver_rank
       FROM discrepancies d
       JOIN items i ON i.id = d.item_id
       JOIN users r ON r.id = d.reported_by
       LEFT JOIN users s ON s.id = d.resolved_by
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY d.created_at DESC, d.id`,
      params,
      filter.limit,
      filter.offset,
    );
    const items = rows.map((r) => ({
      id: r.id,
      stationId: r.station_id,
      kind: r.kind,
      status: r.status,
      item: { id: r.item_id, code: r.code, description: r.description },
      itemId: r.item_id,
      expected: r.expected,
      observed: r.observed,
      note: r.note,
      eventId: r.event_id === null ? null : Number(r.event_id),
      loanItemId: r.loan_item_id,
      auditId: r.audit_id,
      reportedBy: { id: r.reported_by, displayName: r.reporter_name, rank: r.reporter_rank },
      createdAt: iso(r.created_at)!,
      resolvedBy: r.resolved_by ? { id: r.resolved_by, displayName: r.resolver_name, rank: r.resolver_rank } : null,
      resolvedAt: iso(r.resolved_at),
      resolutionNote: r.resolution_note,
    }));
    return { items, total };
  }

  /** Open and resolved incidents, and the open ones by kind. */
  async counts(stationId: string | null): Promise<{ open: number; resolved: number; openByKind: Record<string, number> }> {
    const rows: { status: string; kind: string; n: number }[] = await this.dataSource.query(
      `SELECT status, kind, count(*)::int AS n FROM discrepancies ${stationId ? 'WHERE station_id = $1' : ''} GROUP BY status, kind`,
      stationId ? [stationId] : [],
    );
    const openByKind: Record<string, number> = {};
    let open = 0;
    let resolved = 0;
    for (const r of rows) {
      if (r.status === 'OPEN') {
        open += r.n;
        openByKind[r.kind] = r.n;
      } else resolved += r.n;
    }
    return { open, resolved, openByKind };
  }

  lock(em: EntityManager, id: string, stationId: string): Promise<Discrepancy | null> {
    return em.getRepository(Discrepancy).createQueryBuilder('d').setLock('pessimistic_write').where('d.id = :id AND d.station_id = :stationId', { id, stationId }).getOne();
  }

  async resolve(em: EntityManager, id: string, by: string, at: Date, note: string): Promise<void> {
    await em.getRepository(Discrepancy).update({ id }, { status: 'RESOLVED' as DiscrepancyStatus, resolvedBy: by, resolvedAt: at, resolutionNote: note });
  }
}
