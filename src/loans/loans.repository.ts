import { Inject, Injectable } from '@nestjs/common';
import { pageOf } from '../common/paged-query.js';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '../common/roles.js';
import { DEFAULT_STATION_SETTINGS } from '../stations/station-settings.js';
import { LoanItem } from './loan-item.entity.js';
import { Loan } from './loan.entity.js';
import { LOAN_STATUS_TH, type LoanListStatus, type LoanPurpose, type LoanStatus } from './loan.enums.js';

interface Person {
  id: string;
  displayName: string;
  rank: string;
}

export interface LoanLineView {
  lineId: string;
  itemId: string;
  code: string;
  category: string;
  kind: string;
  riskClass: string;
  description: string;
  unit: string;
  quantity: number;
  returnedQuantity: number;
  spentQuantity: number;
  spentReason: string | null;
  outstanding: number;
  returnCondition: string | null;
  open: boolean;
}

export interface LoanView {
  id: string;
  stationId: string;
  /** The stored status, or OVERDUE once an issued loan passes its due time. */
  status: LoanListStatus;
  statusTh: string;
  storedStatus: LoanStatus;
  overdue: boolean;
  /** Due time + the station's escalation days (ข้อ 211): from then the approver is notified. */
  escalateAt: string;
  escalated: boolean;
  purposeType: LoanPurpose;
  purpose: string;
  offPremises: boolean;
  requestedAt: string;
  dueAt: string;
  requester: Person;
  approverRoles: Role[];
  approver: Person | null;
  decidedAt: string | null;
  decisionNote: string | null;
  cancelledAt: string | null;
  issuedBy: Person | null;
  issuedAt: string | null;
  witness: Person | null;
  returnedAt: string | null;
  items: LoanLineView[];
}

export interface LoanFacts {
  status: LoanStatus;
  requesterId: string;
  approverId: string | null;
  items: { code: string; riskClass: string; open: boolean }[];
}

export interface LoanFilter {
  stationId: string | null;
  now: Date;
  id?: string;
  statuses?: LoanListStatus[];
  requesterId?: string;
  /** REQUESTED loans this user may approve: not their own, and one of their roles is allowed. */
  approvableBy?: { userId: string; roles: Role[] };
  approverId?: string;
  itemId?: string;
  escalatedOnly?: boolean;
  offset: number;
  limit: number;
}

/**
 * Loans with their people and lines, the derived OVERDUE status and the escalation time computed in
 * SQL from each station's own setting, so lists, notifications and single loans agree.
 */
export const LOAN_SELECT = `
  WITH base AS (
    SELECT l.*,
           (l.status IN ('ISSUED', 'PARTIALLY_RETURNED') AND l.due_at < $1) AS overdue,
           l.due_at + make_interval(days => COALESCE((s.settings ->> 'overdueEscalationDays')::int, ${DEFAULT_STATION_SETTINGS.overdueEscalationDays})) AS escalate_at
    FROM loans l JOIN stations s ON s.id = l.station_id
  ), shown AS (
    SELECT b.*, CASE WHEN b.overdue THEN 'OVERDUE' ELSE b.status::text END AS shown_status,
           (b.status IN ('ISSUED', 'PARTIALLY_RETURNED') AND b.escalate_at <= $1) AS escalated
    FROM base b
  )
  SELECT l.*, count(*) OVER () AS total_count,
         r.display_name AS requester_name, r.rank AS requester_rank,
         a.display_name AS approver_name, a.rank AS approver_rank,
         iu.display_name AS issuer_name, iu.rank AS issuer_rank,
         w.display_name AS witness_name, w.rank AS witness_rank,
         lines.items
  FROM shown l
  JOIN users r ON r.id = l.requester_id
  LEFT JOIN users a ON a.id = l.approver_id
  LEFT JOIN users iu ON iu.id = l.issued_by
  LEFT JOIN users w ON w.id = l.issue_witness_id
  CROSS JOIN LATERAL (
    SELECT json_agg(json_build_object(
             'lineId', li.id, 'itemId', i.id, 'code', i.code, 'category', i.category, 'kind', i.kind, 'riskClass', i.risk_class,
             'description', i.description, 'unit', i.unit, 'quantity', li.quantity, 'returnedQuantity', li.returned_quantity,
             'spentQuantity', li.spent_quantity, 'spentReason', li.spent_reason, 'returnCondition', li.return_condition, 'open', li.open
           ) ORDER BY i.code) AS items
    FROM loan_items li JOIN items i ON i.id = li.item_id
    WHERE li.loan_id = l.id
  ) lines`;

const iso = (d: unknown) => (d ? (d as Date).toISOString() : null);
const person = (id: unknown, name: unknown, rank: unknown): Person | null => (id ? { id: id as string, displayName: name as string, rank: rank as string } : null);

function toView(r: Record<string, any>): LoanView {
  const items: LoanLineView[] = (r.items ?? []).map((x: Record<string, any>) => {
    const quantity = Number(x.quantity);
    const returnedQuantity = Number(x.returnedQuantity);
    const spentQuantity = Number(x.spentQuantity);
    return { ...x, quantity, returnedQuantity, spentQuantity, outstanding: Math.round((quantity - returnedQuantity - spentQuantity) * 1000) / 1000 };
  });
  return {
    id: r.id,
    stationId: r.station_id,
    status: r.shown_status,
    statusTh: LOAN_STATUS_TH[r.shown_status as LoanListStatus],
    storedStatus: r.status,
    overdue: r.overdue,
    escalateAt: iso(r.escalate_at)!,
    escalated: r.escalated,
    purposeType: r.purpose_type,
    purpose: r.purpose,
    offPremises: r.off_premises,
    requestedAt: iso(r.requested_at)!,
    dueAt: iso(r.due_at)!,
    requester: person(r.requester_id, r.requester_name, r.requester_rank)!,
    approverRoles: r.approver_roles,
    approver: person(r.approver_id, r.approver_name, r.approver_rank),
    decidedAt: iso(r.decided_at),
    decisionNote: r.decision_note,
    cancelledAt: iso(r.cancelled_at),
    issuedBy: person(r.issued_by, r.issuer_name, r.issuer_rank),
    issuedAt: iso(r.issued_at),
    witness: person(r.issue_witness_id, r.witness_name, r.witness_rank),
    returnedAt: iso(r.returned_at),
    items,
  };
}

@Injectable()
export class LoansRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async list(filter: LoanFilter, em?: EntityManager): Promise<{ items: LoanView[]; total: number }> {
    const params: unknown[] = [filter.now];
    const where: string[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.stationId) add((p) => `l.station_id = ${p}`, filter.stationId);
    if (filter.id) add((p) => `l.id = ${p}`, filter.id);
    if (filter.statuses?.length) add((p) => `l.shown_status = ANY(${p}::text[])`, filter.statuses);
    if (filter.requesterId) add((p) => `l.requester_id = ${p}`, filter.requesterId);
    if (filter.approverId) add((p) => `l.approver_id = ${p}`, filter.approverId);
    if (filter.escalatedOnly) where.push('l.escalated');
    if (filter.approvableBy) {
      add((p) => `l.status = 'REQUESTED' AND l.requester_id <> ${p}`, filter.approvableBy.userId);
      add((p) => `l.approver_roles && ${p}::varchar[]`, filter.approvableBy.roles);
    }
    if (filter.itemId) add((p) => `EXISTS (SELECT 1 FROM loan_items x WHERE x.loan_id = l.id AND x.item_id = ${p})`, filter.itemId);
    const sql = `${LOAN_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY l.requested_at DESC, l.id`;
    const { rows, total } = await pageOf(em ?? this.dataSource.manager, sql, params, filter.limit, filter.offset);
    return { items: rows.map(toView), total };
  }

  async view(id: string, stationId: string | null, now: Date, em?: EntityManager): Promise<LoanView | null> {
    const { items } = await this.list({ stationId, id, now, offset: 0, limit: 1 }, em);
    return items[0] ?? null;
  }

  /** What issue and return check before they start (who is who, the items' codes and risk), in one light query. */
  async facts(id: string, stationId: string): Promise<LoanFacts | null> {
    const [row] = await this.dataSource.query(
      `SELECT l.status, l.requester_id, l.approver_id,
              json_agg(json_build_object('code', i.code, 'riskClass', i.risk_class, 'open', li.open)) AS items
       FROM loans l JOIN loan_items li ON li.loan_id = l.id JOIN items i ON i.id = li.item_id
       WHERE l.id = $1 AND l.station_id = $2 GROUP BY l.id`,
      [id, stationId],
    );
    return row ? { status: row.status, requesterId: row.requester_id, approverId: row.approver_id, items: row.items } : null;
  }

  /** Locks the loan for a transition; another station's loan is not found. */
  lock(em: EntityManager, id: string, stationId: string): Promise<Loan | null> {
    return em.getRepository(Loan).createQueryBuilder('l').setLock('pessimistic_write').where('l.id = :id AND l.station_id = :stationId', { id, stationId }).getOne();
  }

  lines(em: EntityManager, loanId: string): Promise<LoanItem[]> {
    return em.getRepository(LoanItem).find({ where: { loanId }, order: { id: 'ASC' } });
  }

  async insertLoan(em: EntityManager, loan: Partial<Loan>): Promise<string> {
    const repo = em.getRepository(Loan);
    const { identifiers } = await repo.insert(loan as Parameters<typeof repo.insert>[0]);
    return identifiers[0].id as string;
  }

  async insertLines(em: EntityManager, lines: Partial<LoanItem>[]): Promise<string[]> {
    const repo = em.getRepository(LoanItem);
    const { identifiers } = await repo.insert(lines as Parameters<typeof repo.insert>[0]);
    return identifiers.map((x) => x.id as string);
  }

  async update(em: EntityManager, id: string, changes: Partial<Loan>): Promise<void> {
    const repo = em.getRepository(Loan);
    await repo.update({ id }, changes as Parameters<typeof repo.update>[1]);
  }

  /** An unissued loan ends (rejected, cancelled): its lines let go of their items. */
  async closeLines(em: EntityManager, loanId: string, at: Date): Promise<void> {
    await em.getRepository(LoanItem).update({ loanId, open: true }, { open: false, closedAt: at });
  }

  async displayName(em: EntityManager, userId: string): Promise<string> {
    const [row] = await em.query(`SELECT rank, display_name FROM users WHERE id = $1`, [userId]);
    return row ? `${row.rank} ${row.display_name}`.trim() : '';
  }
}
