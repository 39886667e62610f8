import { Inject, Injectable } from '@nestjs/common';
import { numberOrNull } from '../common/numeric.js';
import { DataSource, type EntityManager } from 'typeorm';
import { ConflictError } from '../common/errors.js';
import { CustodyEvent } from './custody-event.entity.js';
import { Discrepancy } from './discrepancy.entity.js';

export interface TimelineRow {
  id: number;
  type: string;
  at: Date;
  actor: { id: string; displayName: string; rank: string };
  witness: { id: string; displayName: string; rank: string } | null;
  fromStatus: string | null;
  toStatus: string;
  fromLocation: { id: string; code: string; name: string } | null;
  toLocation: { id: string; code: string; name: string } | null;
  recipient: string | null;
  destination: string | null;
  documentRef: string | null;
  quantity: number | null;
  sealSeen: string | null;
  weightSeenGrams: number | null;
  amountSeen: number | null;
  condition: string | null;
  reason: string | null;
  note: string | null;
  changes: unknown;
}

/** Column values only (no relation objects). */
export type NewCustodyEvent = Partial<Omit<CustodyEvent, 'station' | 'item' | 'actor' | 'witness' | 'fromLocation' | 'toLocation'>>;
export type NewDiscrepancy = Partial<Omit<Discrepancy, 'station' | 'item' | 'event' | 'reporter'>>;


/** The open loan line or shift issue holding an item (DESIGN §3 rule 3). */
export interface OpenLine {
  id: string;
  loanId: string | null;
  shiftId: string | null;
}

/** 409: the item is already asked for on a loan, or out on one, or issued on a shift. */
export function itemOnOpenLine(code: string, line: OpenLine): ConflictError {
  const on = line.loanId ? `loan ${line.loanId}` : `shift ${line.shiftId}`;
  const onTh = line.loanId ? 'คำขอยืม/การยืมอื่น' : 'การเบิกประจำผลัด';
  return new ConflictError('ITEM_ON_OPEN_LOAN', `${code} is already on an open ${on}`, `${code} อยู่ใน${onTh}ที่ยังไม่ปิด`, { code, loanId: line.loanId, shiftId: line.shiftId });
}

/** 409: the item is on its way out of the register. */
export function itemOnOpenDisposal(code: string, disposalId: string): ConflictError {
  return new ConflictError('ITEM_ON_OPEN_DISPOSAL', `${code} is on disposal ${disposalId}, not yet carried out`, `${code} อยู่ระหว่างการขอจำหน่าย`, { code, disposalId });
}

@Injectable()
export class CustodyRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Inserts the event and answers its id (taken under the item's row lock, so ids increase per item). */
  async insertEvent(em: EntityManager, event: NewCustodyEvent): Promise<{ id: number }> {
    const repo = em.getRepository(CustodyEvent);
    const { identifiers } = await repo.insert(event as Parameters<typeof repo.insert>[0]);
    return { id: Number(identifiers[0].id) };
  }

  async openLine(em: EntityManager, itemId: string): Promise<OpenLine | null> {
    const [row] = await em.query(`SELECT id, loan_id, shift_id FROM loan_items WHERE item_id = $1 AND open`, [itemId]);
    return row ? { id: row.id, loanId: row.loan_id, shiftId: row.shift_id } : null;
  }

  /** The disposal, requested or approved and not yet carried out, that an item is on. */
  async openDisposal(em: EntityManager, itemId: string): Promise<string | null> {
    const [row] = await em.query(`SELECT disposal_id FROM disposal_items WHERE item_id = $1 AND open`, [itemId]);
    return row?.disposal_id ?? null;
  }

  /** A donated item's decision: null while the commander has not decided. */
  async donationDecision(em: EntityManager, itemId: string): Promise<string | null> {
    const [row] = await em.query(`SELECT decision FROM donation_acceptances WHERE item_id = $1`, [itemId]);
    return row?.decision ?? null;
  }

  async insertDiscrepancies(em: EntityManager, rows: NewDiscrepancy[]): Promise<Discrepancy[]> {
    if (!rows.length) return [];
    const repo = em.getRepository(Discrepancy);
    const { identifiers } = await repo.insert(rows as Parameters<typeof repo.insert>[0]);
    return Promise.all(identifiers.map((id) => repo.findOneByOrFail({ id: id.id as string })));
  }

  /** Every event of an item, in order, with the people and places named. */
  timeline(itemId: string): Promise<TimelineRow[]> {
    return this.timelineRows(this.dataSource.manager, 'e.item_id = $1', itemId);
  }

  async timelineEvent(em: EntityManager, eventId: number): Promise<TimelineRow> {
    const [row] = await this.timelineRows(em, 'e.id = $1', eventId);
    return row;
  }

  private async timelineRows(em: EntityManager, where: string, param: unknown): Promise<TimelineRow[]> {
    const rows = await em.query(
      `SELECT e.*, a.display_name AS actor_name, a.rank AS actor_rank, w.display_name AS witness_name, w.rank AS witness_rank,
              fl.code AS from_code, fl.name AS from_name, tl.code AS to_code, tl.name AS to_name
       FROM custody_events e
       JOIN users a ON a.id = e.actor_id
       LEFT JOIN users w ON w.id = e.witness_id
       LEFT JOIN locations fl ON fl.id = e.from_location_id
       LEFT JOIN locations tl ON tl.id = e.to_location_id
       WHERE ${where}
       ORDER BY e.id`,
      [param],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: Number(r.id),
      type: r.type,
      at: r.at,
      actor: { id: r.actor_id, displayName: r.actor_name, rank: r.actor_rank },
      witness: r.witness_id ? { id: r.witness_id, displayName: r.witness_name, rank: r.witness_rank } : null,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      fromLocation: r.from_location_id ? { id: r.from_location_id, code: r.from_code, name: r.from_name } : null,
      toLocation: r.to_location_id ? { id: r.to_location_id, code: r.to_code, name: r.to_name } : null,
      recipient: r.recipient,
      destination: r.destination,
      documentRef: r.document_ref,
      quantity: numberOrNull(r.quantity),
      sealSeen: r.seal_seen,
      weightSeenGrams: numberOrNull(r.weight_seen_grams),
      amountSeen: numberOrNull(r.amount_seen),
      condition: r.condition,
      reason: r.reason,
      note: r.note,
      changes: r.changes,
    })) as TimelineRow[];
  }

}
