import { Inject, Injectable } from '@nestjs/common';
import { pageOf } from '../common/paged-query.js';
import { DataSource, type EntityManager } from 'typeorm';
import { numberOrNull } from '../common/numeric.js';
import { DisposalItem } from './disposal-item.entity.js';
import { Disposal } from './disposal.entity.js';
import type { DisposalMethod, DisposalStatus, LegalBasis } from './disposal.enums.js';

interface Person {
  id: string;
  displayName: string;
  rank: string;
}

export interface DisposalView {
  id: string;
  stationId: string;
  status: DisposalStatus;
  method: DisposalMethod;
  legalBasis: LegalBasis;
  documentRef: string;
  recipient: string | null;
  note: string | null;
  requestedBy: Person;
  requestedAt: string;
  approvedBy: Person | null;
  decidedAt: string | null;
  decisionNote: string | null;
  executedBy: Person | null;
  executedAt: string | null;
  witness: Person | null;
  items: { itemId: string; code: string; kind: string; riskClass: string; description: string; status: string; weightGrams: number | null; weightSeenGrams: number | null }[];
}

const iso = (d: unknown) => (d ? (d as Date).toISOString() : null);
const person = (id: unknown, name: unknown, rank: unknown): Person | null => (id ? { id: id as string, displayName: name as string, rank: rank as string } : null);

@Injectable()
export class DisposalsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async list(filter: { stationId: string | null; id?: string; status?: DisposalStatus; offset: number; limit: number }, em?: EntityManager): Promise<{ items: DisposalView[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.stationId) where.push(`d.station_id = $${params.push(filter.stationId)}`);
    if (filter.id) where.push(`d.id = $${params.push(filter.id)}`);
    if (filter.status) where.push(`d.status = $${params.push(filter.status)}`);
    const { rows, total } = await pageOf(
      em ?? this.dataSource.manager,
      `SELECT d.*, count(*) OVER () AS total_count,
              r.display_name AS r_name, r.rank AS r_rank, a.display_name AS a_name, a.rank AS a_rank,
              e.display_name AS e_name, e.rank AS e_rank, w.display_name AS w_name, w.rank AS w_rank,
              (SELECT json_agg(json_build_object('itemId', i.id, 'code', i.code, 'kind', i.kind, 'riskClass', i.risk_class, 'description', i.description,
                        'status', i.status, 'weightGrams', i.weight_grams, 'weightSeenGrams', di.weight_seen_grams) ORDER BY i.code)
               FROM disposal_items di JOIN items i ON i.id = di.item_id WHERE di.disposal_id = d.id) AS items
       FROM disposals d
       JOIN users r ON r.id = d.requested_by
       LEFT JOIN users a ON a.id = d.approved_by
       LEFT JOIN users e ON e.id = d.executed_by
       LEFT JOIN users w ON w.id = d.witness_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY d.requested_at DESC, d.id`,
      params,
      filter.limit,
      filter.offset,
    );
    const items = rows.map((r) => ({
      id: r.id,
      stationId: r.station_id,
      status: r.status,
      method: r.method,
      legalBasis: r.legal_basis,
      documentRef: r.document_ref,
      recipient: r.recipient,
      note: r.note,
      requestedBy: person(r.requested_by, r.r_name, r.r_rank)!,
      requestedAt: iso(r.requested_at)!,
      approvedBy: person(r.approved_by, r.a_name, r.a_rank),
      decidedAt: iso(r.decided_at),
      decisionNote: r.decision_note,
      executedBy: person(r.executed_by, r.e_name, r.e_rank),
      executedAt: iso(r.executed_at),
      witness: person(r.witness_id, r.w_name, r.w_rank),
      items: (r.items ?? []).map((x: Record<string, unknown>) => ({ ...x, weightGrams: numberOrNull(x.weightGrams), weightSeenGrams: numberOrNull(x.weightSeenGrams) })),
    }));
    return { items, total };
  }

  async view(id: string, stationId: string | null, em?: EntityManager): Promise<DisposalView | null> {
    return (await this.list({ stationId, id, offset: 0, limit: 1 }, em)).items[0] ?? null;
  }

  lock(em: EntityManager, id: string, stationId: string): Promise<Disposal | null> {
    return em.getRepository(Disposal).createQueryBuilder('d').setLock('pessimistic_write').where('d.id = :id AND d.station_id = :stationId', { id, stationId }).getOne();
  }

  async insert(em: EntityManager, disposal: Partial<Disposal>, itemIds: string[]): Promise<string> {
    const repo = em.getRepository(Disposal);
    const { identifiers } = await repo.insert(disposal as Parameters<typeof repo.insert>[0]);
    const id = identifiers[0].id as string;
    await em.getRepository(DisposalItem).insert(itemIds.map((itemId) => ({ stationId: disposal.stationId!, disposalId: id, itemId, open: true })));
    return id;
  }

  async update(em: EntityManager, id: string, changes: Partial<Disposal>): Promise<void> {
    const repo = em.getRepository(Disposal);
    await repo.update({ id }, changes as Parameters<typeof repo.update>[1]);
  }

  lines(em: EntityManager, disposalId: string): Promise<DisposalItem[]> {
    return em.getRepository(DisposalItem).find({ where: { disposalId } });
  }

  async closeLine(em: EntityManager, lineId: string, weightSeenGrams: number | null): Promise<void> {
    await em.getRepository(DisposalItem).update({ id: lineId }, { open: false, weightSeenGrams });
  }

  async closeLines(em: EntityManager, disposalId: string): Promise<void> {
    await em.getRepository(DisposalItem).update({ disposalId, open: true }, { open: false });
  }
}
