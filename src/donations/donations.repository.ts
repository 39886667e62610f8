import { Inject, Injectable } from '@nestjs/common';
import { pageOf } from '../common/paged-query.js';
import { DataSource, type EntityManager } from 'typeorm';
import { numberOrNull } from '../common/numeric.js';
import { DonationAcceptance, type DonorMatch } from './donation-acceptance.entity.js';
import { DonationStatus } from './donations.dto.js';

export interface DonationView {
  itemId: string;
  code: string;
  kind: string;
  description: string;
  donorName: string;
  donorContact: string | null;
  receivedAt: string | null;
  estimatedValue: number | null;
  purpose: string | null;
  /** The donor's own reference given at registration, if any. */
  donorReceiptRef: string | null;
  status: DonationStatus;
  /** The station's receipt, issued on acceptance. */
  receiptNumber: string | null;
  decidedBy: { id: string; displayName: string; rank: string } | null;
  decidedAt: string | null;
  note: string | null;
  /** Current use: where the item is and who has it. */
  current: { status: string; location: { id: string; code: string; name: string } | null; holder: string | null };
  /** Pending: people on the station's evidence whose name matches the donor's now; decided: as recorded then. */
  donorMatches: DonorMatch[];
  conflictAcknowledged: boolean;
}

/** Evidence of the station naming this person (seized from, or owner), by normalised Thai name. */
const MATCHES = `
  SELECT json_agg(json_build_object('itemId', m.id, 'code', m.code, 'caseNumber', m.case_number, 'field', m.field, 'name', m.name) ORDER BY m.code)
  FROM (
    SELECT e.id, e.code, e.case_number, 'seizedFrom' AS field, e.details ->> 'seizedFrom' AS name FROM items e
    WHERE e.station_id = i.station_id AND e.category = 'EVIDENCE' AND normalise_person_name(e.details ->> 'seizedFrom') = normalise_person_name(i.details ->> 'donorName')
    UNION ALL
    SELECT e.id, e.code, e.case_number, 'ownerName', e.details ->> 'ownerName' FROM items e
    WHERE e.station_id = i.station_id AND e.category = 'EVIDENCE' AND normalise_person_name(e.details ->> 'ownerName') = normalise_person_name(i.details ->> 'donorName')
  ) m WHERE normalise_person_name(i.details ->> 'donorName') <> ''`;

@Injectable()
export class DonationsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async list(filter: { stationId: string | null; itemId?: string; status?: DonationStatus; offset: number; limit: number }, em?: EntityManager): Promise<{ items: DonationView[]; total: number }> {
    const params: unknown[] = [];
    const where = [`i.category = 'DONATION'`];
    if (filter.stationId) where.push(`i.station_id = $${params.push(filter.stationId)}`);
    if (filter.itemId) where.push(`i.id = $${params.push(filter.itemId)}`);
    if (filter.status === DonationStatus.PENDING) where.push('a.item_id IS NULL');
    else if (filter.status) where.push(`a.decision = $${params.push(filter.status)}`);
    const { rows, total } = await pageOf(
      em ?? this.dataSource.manager,
      `SELECT i.id, i.code, i.kind, i.description, i.details, i.status AS item_status, i.holder_text,
              l.id AS location_id, l.code AS location_code, l.name AS location_name, h.display_name AS holder_name,
              a.decision, a.receipt_number, a.decided_by, a.decided_at, a.note, a.donor_matches, a.conflict_acknowledged,
              d.display_name AS decider_name, d.rank AS decider_rank,
              CASE WHEN a.item_id IS NULL THEN (${MATCHES}) END AS live_matches,
              count(*) OVER () AS total_count
       FROM items i
       LEFT JOIN donation_acceptances a ON a.item_id = i.id
       LEFT JOIN users d ON d.id = a.decided_by
       LEFT JOIN locations l ON l.id = i.location_id
       LEFT JOIN users h ON h.id = i.holder_id
       WHERE ${where.join(' AND ')}
       ORDER BY i.registered_at DESC, i.id`,
      params,
      filter.limit,
      filter.offset,
    );
    const items = rows.map((r) => ({
      itemId: r.id,
      code: r.code,
      kind: r.kind,
      description: r.description,
      donorName: r.details.donorName,
      donorContact: r.details.donorContact ?? null,
      receivedAt: r.details.receivedAt ?? null,
      estimatedValue: numberOrNull(r.details.estimatedValue),
      purpose: r.details.purpose ?? null,
      donorReceiptRef: r.details.receiptNumber ?? null,
      status: (r.decision ?? DonationStatus.PENDING) as DonationStatus,
      receiptNumber: r.receipt_number,
      decidedBy: r.decided_by ? { id: r.decided_by, displayName: r.decider_name, rank: r.decider_rank } : null,
      decidedAt: r.decided_at ? (r.decided_at as Date).toISOString() : null,
      note: r.note,
      current: {
        status: r.item_status,
        location: r.location_id ? { id: r.location_id, code: r.location_code, name: r.location_name } : null,
        holder: r.holder_name ?? r.holder_text ?? null,
      },
      donorMatches: (r.decision ? r.donor_matches : r.live_matches) ?? [],
      conflictAcknowledged: !!r.conflict_acknowledged,
    }));
    return { items, total };
  }

  /** Locks the donated item, so two decisions on it cannot both be made. */
  async lockItem(em: EntityManager, itemId: string, stationId: string): Promise<{ id: string; yearBe: number } | null> {
    const [row] = await em.query(`SELECT id FROM items WHERE id = $1 AND station_id = $2 AND category = 'DONATION' FOR UPDATE`, [itemId, stationId]);
    return row ?? null;
  }

  async decided(em: EntityManager, itemId: string): Promise<boolean> {
    return (await em.query(`SELECT 1 FROM donation_acceptances WHERE item_id = $1`, [itemId])).length > 0;
  }

  async insert(em: EntityManager, row: Partial<DonationAcceptance>): Promise<void> {
    const repo = em.getRepository(DonationAcceptance);
    await repo.insert(row as Parameters<typeof repo.insert>[0]);
  }
}
