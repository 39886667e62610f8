import { Inject, Injectable } from '@nestjs/common';
import { pageOf } from '../common/paged-query.js';
import { DataSource, type EntityManager } from 'typeorm';
import { LoanItem } from '../loans/loan-item.entity.js';
import { Shift, type ShiftStatus } from './shift.entity.js';

interface Person {
  id: string;
  displayName: string;
  rank: string;
}

export interface ShiftIssueView {
  lineId: string;
  itemId: string;
  code: string;
  kind: string;
  description: string;
  unit: string;
  officer: Person;
  issuedBy: Person;
  issuedAt: string;
  quantity: number;
  returnedQuantity: number;
  spentQuantity: number;
  outstanding: number;
  open: boolean;
  closedAt: string | null;
  unreturnedReason: string | null;
}

export interface ShiftView {
  id: string;
  stationId: string;
  name: string;
  status: ShiftStatus;
  openedBy: Person;
  openedAt: string;
  closedBy: Person | null;
  closedAt: string | null;
  /** Items of this shift still out. */
  outstanding: number;
  issues: ShiftIssueView[];
}

const SHIFT_SELECT = `
  SELECT s.*, count(*) OVER () AS total_count,
         o.display_name AS opener_name, o.rank AS opener_rank, c.display_name AS closer_name, c.rank AS closer_rank,
         lines.issues
  FROM shifts s
  JOIN users o ON o.id = s.opened_by
  LEFT JOIN users c ON c.id = s.closed_by
  CROSS JOIN LATERAL (
    SELECT json_agg(json_build_object(
             'lineId', li.id, 'itemId', i.id, 'code', i.code, 'kind', i.kind, 'description', i.description, 'unit', i.unit,
             'officer', json_build_object('id', h.id, 'displayName', h.display_name, 'rank', h.rank),
             'issuedBy', json_build_object('id', ib.id, 'displayName', ib.display_name, 'rank', ib.rank),
             'issuedAt', li.issued_at, 'quantity', li.quantity, 'returnedQuantity', li.returned_quantity,
             'spentQuantity', li.spent_quantity, 'open', li.open, 'closedAt', li.closed_at, 'unreturnedReason', li.unreturned_reason
           ) ORDER BY li.issued_at, i.code) AS issues
    FROM loan_items li
    JOIN items i ON i.id = li.item_id
    JOIN users h ON h.id = li.holder_id
    JOIN users ib ON ib.id = li.issued_by
    WHERE li.shift_id = s.id
  ) lines`;

const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

function toView(r: Record<string, any>): ShiftView {
  const issues: ShiftIssueView[] = (r.issues ?? []).map((x: Record<string, any>) => {
    const quantity = Number(x.quantity);
    const returnedQuantity = Number(x.returnedQuantity);
    const spentQuantity = Number(x.spentQuantity);
    return { ...x, issuedAt: iso(x.issuedAt), closedAt: iso(x.closedAt), quantity, returnedQuantity, spentQuantity, outstanding: Math.round((quantity - returnedQuantity - spentQuantity) * 1000) / 1000 };
  });
  return {
    id: r.id,
    stationId: r.station_id,
    name: r.name,
    status: r.status,
    openedBy: { id: r.opened_by, displayName: r.opener_name, rank: r.opener_rank },
    openedAt: iso(r.opened_at)!,
    closedBy: r.closed_by ? { id: r.closed_by, displayName: r.closer_name, rank: r.closer_rank } : null,
    closedAt: iso(r.closed_at),
    outstanding: issues.filter((i) => i.open).length,
    issues,
  };
}

@Injectable()
export class ShiftsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async list(stationId: string | null, status: ShiftStatus | undefined, offset: number, limit: number, id?: string, em?: EntityManager): Promise<{ items: ShiftView[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (stationId) where.push(`s.station_id = $${params.push(stationId)}`);
    if (status) where.push(`s.status = $${params.push(status)}`);
    if (id) where.push(`s.id = $${params.push(id)}`);
    const sql = `${SHIFT_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.opened_at DESC, s.id`;
    const { rows, total } = await pageOf(em ?? this.dataSource.manager, sql, params, limit, offset);
    return { items: rows.map(toView), total };
  }

  async view(id: string, stationId: string | null, em?: EntityManager): Promise<ShiftView | null> {
    return (await this.list(stationId, undefined, 0, 1, id, em)).items[0] ?? null;
  }

  lock(em: EntityManager, id: string, stationId: string): Promise<Shift | null> {
    return em.getRepository(Shift).createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id AND s.station_id = :stationId', { id, stationId }).getOne();
  }

  async insert(em: EntityManager, shift: Partial<Shift>): Promise<string> {
    const repo = em.getRepository(Shift);
    const { identifiers } = await repo.insert(shift as Parameters<typeof repo.insert>[0]);
    return identifiers[0].id as string;
  }

  async update(em: EntityManager, id: string, changes: Partial<Shift>): Promise<void> {
    const repo = em.getRepository(Shift);
    await repo.update({ id }, changes as Parameters<typeof repo.update>[1]);
  }

  openLines(em: EntityManager, shiftId: string): Promise<LoanItem[]> {
    return em.getRepository(LoanItem).find({ where: { shiftId, open: true } });
  }

  /** An active user of the station, by id or by badge code (the username). */
  async officer(em: EntityManager, stationId: string, by: { id?: string; code?: string }): Promise<{ id: string; name: string } | null> {
    const [row] = by.id
      ? await em.query(`SELECT id, rank, display_name FROM users WHERE id = $1 AND station_id = $2 AND active`, [by.id, stationId])
      : await em.query(`SELECT id, rank, display_name FROM users WHERE username = $1 AND station_id = $2 AND active`, [by.code!.trim().toLowerCase(), stationId]);
    return row ? { id: row.id, name: `${row.rank} ${row.display_name}`.trim() } : null;
  }
}
