import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { chainKeyOf } from '../../audit-log/audit-log.service.js';
import { GENESIS_HASH } from '../../audit-log/audit-log.repository.js';
import { numberOrNull } from '../../common/numeric.js';
import { detailDate } from '../../evidence/evidence-timers.service.js';
import type { ItemCategory, ItemCondition, ItemKind, ItemStatus, RiskClass } from '../../items/item.enums.js';

/**
 * The SQL of the four registers and the chain-of-custody sheet. Every query is confined to one station
 * (`station_id = $1`) and returns closed items too: a register never loses a row (DOMAIN-TH §2 ข้อ 218 —
 * in Khlang an item leaves the register by being closed, not deleted).
 */

/** Where an item is now and who has it; and, once closed, when and how it left the register. */
export interface ItemState {
  status: ItemStatus;
  location: string | null;
  /** A user of the station (rank and name) or, sent out, who outside has it; closed, to whom the disposal gave it. */
  holder: string | null;
  /** The Thai day of the event that closed it. */
  closedOn: string | null;
  /** The executed disposal's method, when a disposal closed it. */
  disposalMethod: string | null;
  disposalDocument: string | null;
  /** The closing event's reason (ammunition all spent on return). */
  closingReason: string | null;
}

export interface EvidenceRegisterRow extends ItemState {
  code: string;
  yearBe: number;
  caseNumber: string;
  dailyReportRef: string | null;
  offence: string | null;
  kind: ItemKind;
  description: string;
  quantity: number;
  unit: string;
  amount: number | null;
  seizedFrom: string | null;
  seizedOn: string | null;
  seizedPlace: string | null;
  sealNumber: string | null;
  weightGrams: number | null;
  riskClass: RiskClass;
  registeredAt: Date;
}

export interface PropertyRegisterRow extends ItemState {
  code: string;
  assetNumber: string | null;
  kind: ItemKind;
  description: string;
  serialNumber: string | null;
  fundingSource: string | null;
  acquisitionMethod: string | null;
  /** The acquisition day, or the registration day when none was recorded (then `acquiredOnRegistration`). */
  acquiredOn: string;
  acquiredOnRegistration: boolean;
  acquisitionDocument: string | null;
  quantity: number;
  unit: string;
  unitPrice: number | null;
  /** Unit price × quantity. */
  cost: number | null;
  usefulLifeYears: number | null;
  depreciationRate: number | null;
  condition: ItemCondition;
}

export interface ArmsRegisterRow extends ItemState {
  code: string;
  kind: ItemKind;
  description: string;
  serialNumber: string | null;
  make: string | null;
  model: string | null;
  calibre: string | null;
  registrationNumber: string | null;
  quantity: number;
  unit: string;
  condition: ItemCondition;
  /** The open shift issue or loan it is out on. */
  shiftName: string | null;
  loanDueAt: Date | null;
  /** The Thai day of the last closed daily arms count that found it. */
  lastCountedOn: string | null;
}

export interface DonationRegisterRow extends ItemState {
  code: string;
  kind: ItemKind;
  description: string;
  quantity: number;
  unit: string;
  donorName: string;
  donorContact: string | null;
  receivedOn: string | null;
  estimatedValue: number | null;
  purpose: string | null;
  /** The donor's own reference given at registration. */
  donorReference: string | null;
  decision: 'ACCEPTED' | 'DECLINED' | null;
  receiptNumber: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  conflictAcknowledged: boolean;
  decisionNote: string | null;
}

export interface CustodyItem extends ItemState {
  id: string;
  code: string;
  category: ItemCategory;
  kind: ItemKind;
  riskClass: RiskClass;
  description: string;
  quantity: number;
  unit: string;
  caseNumber: string | null;
  dailyReportRef: string | null;
  sealNumber: string | null;
  weightGrams: number | null;
  netWeightGrams: number | null;
  amount: number | null;
  serialNumber: string | null;
  assetNumber: string | null;
  registeredAt: Date;
}

/** One custody event and the audit-log row written with it. */
export interface CustodyEventRow {
  id: number;
  type: string;
  at: Date;
  actor: string;
  witness: string | null;
  fromLocation: string | null;
  toLocation: string | null;
  recipient: string | null;
  destination: string | null;
  documentRef: string | null;
  quantity: number | null;
  sealSeen: string | null;
  weightSeenGrams: number | null;
  amountSeen: number | null;
  condition: ItemCondition | null;
  reason: string | null;
  note: string | null;
  /** Null when no audit row names this event: a missing row, which fails the check as a bad one does. */
  audit: { seq: number; hash: string; holds: boolean } | null;
}

/** "ร.ต.อ. สมชาย ใจดี": rank and name ('-' stands for no rank). */
const person = (alias: string) => `concat_ws(' ', NULLIF(${alias}.rank, '-'), ${alias}.display_name)`;
const bangkokDay = (moment: string) => `(${moment} AT TIME ZONE 'Asia/Bangkok')::date::text`;

/**
 * The closing of each closed item of station $1: its first event to DISPOSED, with the executed disposal
 * when one closed it (an ammunition lot all spent on return is closed by that return, with no disposal).
 * Disposals are reached through the station's executed ones (ix_disposals_station_status), then their lines.
 */
const CLOSING_CTE = `closing AS (
    SELECT DISTINCT ON (e.item_id) e.item_id, e.at, e.reason, x.method, x.document_ref, x.recipient
    FROM custody_events e
    LEFT JOIN (
      SELECT di.item_id, d.method, d.document_ref, d.recipient FROM disposals d JOIN disposal_items di ON di.disposal_id = d.id
      WHERE d.station_id = $1 AND d.status = 'EXECUTED'
    ) x ON x.item_id = e.item_id
    WHERE e.station_id = $1 AND e.to_status = 'DISPOSED'
    ORDER BY e.item_id, e.id
  )`;
const STATE_COLUMNS = `i.status, CASE WHEN l.id IS NOT NULL THEN l.code || ' ' || l.name END AS location,
  CASE WHEN i.status = 'DISPOSED' THEN closing.recipient WHEN h.id IS NOT NULL THEN ${person('h')} ELSE i.holder_text END AS holder,
  ${bangkokDay('closing.at')} AS closed_on, closing.method AS disposal_method, closing.document_ref AS disposal_document, closing.reason AS closing_reason`;
const STATE_JOINS = `LEFT JOIN locations l ON l.id = i.location_id
  LEFT JOIN users h ON h.id = i.holder_id
  LEFT JOIN closing ON closing.item_id = i.id`;

type Raw = Record<string, any>;

function stateOf(r: Raw): ItemState {
  return {
    status: r.status,
    location: r.location,
    holder: r.holder,
    closedOn: r.closed_on,
    disposalMethod: r.disposal_method,
    disposalDocument: r.disposal_document,
    closingReason: r.closing_reason,
  };
}

@Injectable()
export class RegistersRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** บัญชีของกลาง: every evidence item in the order of its numbers. */
  async evidence(stationId: string): Promise<EvidenceRegisterRow[]> {
    const rows: Raw[] = await this.dataSource.query(
      `WITH ${CLOSING_CTE}
       SELECT i.code, i.year_be, i.case_number, i.details ->> 'dailyReportRef' AS daily_report_ref, i.details ->> 'offence' AS offence,
              i.kind, i.description, i.quantity, i.unit, i.amount, i.details ->> 'seizedFrom' AS seized_from,
              ${detailDate('seizedAt')}::text AS seized_on, i.details ->> 'seizedPlace' AS seized_place,
              i.seal_number, i.weight_grams, i.risk_class, i.registered_at, ${STATE_COLUMNS}
       FROM items i ${STATE_JOINS}
       WHERE i.station_id = $1 AND i.category = 'EVIDENCE'
       ORDER BY i.year_be, i.seq`,
      [stationId],
    );
    return rows.map((r) => ({
      code: r.code,
      yearBe: r.year_be,
      caseNumber: r.case_number,
      dailyReportRef: r.daily_report_ref,
      offence: r.offence,
      kind: r.kind,
      description: r.description,
      quantity: Number(r.quantity),
      unit: r.unit,
      amount: numberOrNull(r.amount),
      seizedFrom: r.seized_from,
      seizedOn: r.seized_on,
      seizedPlace: r.seized_place,
      sealNumber: r.seal_number,
      weightGrams: numberOrNull(r.weight_grams),
      riskClass: r.risk_class,
      registeredAt: r.registered_at,
      ...stateOf(r),
    }));
  }

  /** ทะเบียนคุมทรัพย์สิน: every government property item, with what depreciation is computed from. */
  async property(stationId: string): Promise<PropertyRegisterRow[]> {
    const rows: Raw[] = await this.dataSource.query(
      `WITH ${CLOSING_CTE}
       SELECT i.code, i.asset_number, i.kind, i.description, i.serial_number, i.quantity, i.unit, i.condition,
              i.details ->> 'fundingSource' AS funding_source, i.details ->> 'acquisitionMethod' AS acquisition_method,
              COALESCE(${detailDate('acquisitionDate')}, (i.registered_at AT TIME ZONE 'Asia/Bangkok')::date)::text AS acquired_on,
              ${detailDate('acquisitionDate')} IS NULL AS acquired_on_registration,
              i.details ->> 'acquisitionDocument' AS acquisition_document,
              (i.details ->> 'unitPrice')::numeric AS unit_price,
              (i.details ->> 'unitPrice')::numeric * i.quantity AS cost,
              (i.details ->> 'usefulLifeYears')::numeric AS useful_life_years,
              (i.details ->> 'depreciationRate')::numeric AS depreciation_rate,
              ${STATE_COLUMNS}
       FROM items i ${STATE_JOINS}
       WHERE i.station_id = $1 AND i.category = 'PROPERTY'
       ORDER BY i.year_be, i.seq`,
      [stationId],
    );
    return rows.map((r) => ({
      code: r.code,
      assetNumber: r.asset_number,
      kind: r.kind,
      description: r.description,
      serialNumber: r.serial_number,
      fundingSource: r.funding_source,
      acquisitionMethod: r.acquisition_method,
      acquiredOn: r.acquired_on,
      acquiredOnRegistration: r.acquired_on_registration,
      acquisitionDocument: r.acquisition_document,
      quantity: Number(r.quantity),
      unit: r.unit,
      unitPrice: numberOrNull(r.unit_price),
      cost: numberOrNull(r.cost),
      usefulLifeYears: numberOrNull(r.useful_life_years),
      depreciationRate: numberOrNull(r.depreciation_rate),
      condition: r.condition,
      ...stateOf(r),
    }));
  }

  /**
   * ทะเบียนอาวุธ: every weapon and ammunition lot, who has it out now (an issued shift line or loan; a
   * line only requested holds nothing yet) and the last closed daily arms count that found it.
   */
  async arms(stationId: string): Promise<ArmsRegisterRow[]> {
    const rows: Raw[] = await this.dataSource.query(
      `WITH ${CLOSING_CTE},
       counted AS (
         SELECT f.item_id, ${bangkokDay('max(a.closed_at)')} AS counted_on
         FROM audit_sessions a JOIN audit_findings f ON f.audit_id = a.id AND f.type = 'FOUND'
         WHERE a.station_id = $1 AND a.kind = 'DAILY_ARMS' AND a.status = 'CLOSED'
         GROUP BY f.item_id
       )
       SELECT i.code, i.kind, i.description, i.serial_number, i.details ->> 'make' AS make, i.details ->> 'model' AS model,
              i.details ->> 'calibre' AS calibre, i.details ->> 'registrationNumber' AS registration_number,
              i.quantity, i.unit, i.condition, s.name AS shift_name, lo.due_at AS loan_due_at, counted.counted_on,
              ${STATE_COLUMNS}
       FROM items i ${STATE_JOINS}
       LEFT JOIN loan_items li ON li.item_id = i.id AND li.open AND li.issued_at IS NOT NULL
       LEFT JOIN shifts s ON s.id = li.shift_id
       LEFT JOIN loans lo ON lo.id = li.loan_id
       LEFT JOIN counted ON counted.item_id = i.id
       WHERE i.station_id = $1 AND i.category = 'WEAPON'
       ORDER BY i.year_be, i.seq`,
      [stationId],
    );
    return rows.map((r) => ({
      code: r.code,
      kind: r.kind,
      description: r.description,
      serialNumber: r.serial_number,
      make: r.make,
      model: r.model,
      calibre: r.calibre,
      registrationNumber: r.registration_number,
      quantity: Number(r.quantity),
      unit: r.unit,
      condition: r.condition,
      shiftName: r.shift_name,
      loanDueAt: r.loan_due_at,
      lastCountedOn: r.counted_on,
      ...stateOf(r),
    }));
  }

  /** ทะเบียนของบริจาค: every donated item, the commander's decision on it and its use now. */
  async donations(stationId: string): Promise<DonationRegisterRow[]> {
    const rows: Raw[] = await this.dataSource.query(
      `WITH ${CLOSING_CTE}
       SELECT i.code, i.kind, i.description, i.quantity, i.unit,
              i.details ->> 'donorName' AS donor_name, i.details ->> 'donorContact' AS donor_contact,
              ${detailDate('receivedAt')}::text AS received_on, (i.details ->> 'estimatedValue')::numeric AS estimated_value,
              i.details ->> 'purpose' AS purpose, i.details ->> 'receiptNumber' AS donor_reference,
              a.decision, a.receipt_number, a.decided_at, a.conflict_acknowledged, a.note AS decision_note,
              CASE WHEN d.id IS NOT NULL THEN ${person('d')} END AS decided_by,
              ${STATE_COLUMNS}
       FROM items i ${STATE_JOINS}
       LEFT JOIN donation_acceptances a ON a.item_id = i.id
       LEFT JOIN users d ON d.id = a.decided_by
       WHERE i.station_id = $1 AND i.category = 'DONATION'
       ORDER BY i.year_be, i.seq`,
      [stationId],
    );
    return rows.map((r) => ({
      code: r.code,
      kind: r.kind,
      description: r.description,
      quantity: Number(r.quantity),
      unit: r.unit,
      donorName: r.donor_name,
      donorContact: r.donor_contact,
      receivedOn: r.received_on,
      estimatedValue: numberOrNull(r.estimated_value),
      purpose: r.purpose,
      donorReference: r.donor_reference,
      decision: r.decision,
      receiptNumber: r.receipt_number,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
      conflictAcknowledged: !!r.conflict_acknowledged,
      decisionNote: r.decision_note,
      ...stateOf(r),
    }));
  }

  /** The item of the chain-of-custody sheet, if it is of station $1. */
  async custodyItem(stationId: string, itemId: string): Promise<CustodyItem | null> {
    const [r]: Raw[] = await this.dataSource.query(
      `WITH ${CLOSING_CTE}
       SELECT i.id, i.code, i.category, i.kind, i.risk_class, i.description, i.quantity, i.unit, i.case_number,
              i.details ->> 'dailyReportRef' AS daily_report_ref, i.seal_number, i.weight_grams, i.net_weight_grams, i.amount,
              i.serial_number, i.asset_number, i.registered_at, ${STATE_COLUMNS}
       FROM items i ${STATE_JOINS}
       WHERE i.station_id = $1 AND i.id = $2`,
      [stationId, itemId],
    );
    if (!r) return null;
    return {
      id: r.id,
      code: r.code,
      category: r.category,
      kind: r.kind,
      riskClass: r.risk_class,
      description: r.description,
      quantity: Number(r.quantity),
      unit: r.unit,
      caseNumber: r.case_number,
      dailyReportRef: r.daily_report_ref,
      sealNumber: r.seal_number,
      weightGrams: numberOrNull(r.weight_grams),
      netWeightGrams: numberOrNull(r.net_weight_grams),
      amount: numberOrNull(r.amount),
      serialNumber: r.serial_number,
      assetNumber: r.asset_number,
      registeredAt: r.registered_at,
      ...stateOf(r),
    };
  }

  /**
   * Every custody event of the item in order, each with the audit-log row written in its transaction
   * (every writer logs it as entity 'item' with `after.eventId`) and whether that row holds: its hash is
   * SHA-256(prev_hash || canonical) and its prev_hash is the hash of the row before it in the station's
   * chain (the genesis hash before the first). A missing predecessor makes the row fail.
   */
  async custodyEvents(stationId: string, itemId: string): Promise<CustodyEventRow[]> {
    const rows: Raw[] = await this.dataSource.query(
      `SELECT e.id, e.type, e.at, ${person('a')} AS actor, CASE WHEN w.id IS NOT NULL THEN ${person('w')} END AS witness,
              fl.code || ' ' || fl.name AS from_location, tl.code || ' ' || tl.name AS to_location,
              e.recipient, e.destination, e.document_ref, e.quantity, e.seal_seen, e.weight_seen_grams, e.amount_seen,
              e.condition, e.reason, e.note, log.seq AS audit_seq, log.hash AS audit_hash, log.holds AS audit_holds
       FROM custody_events e
       JOIN users a ON a.id = e.actor_id
       LEFT JOIN users w ON w.id = e.witness_id
       LEFT JOIN locations fl ON fl.id = e.from_location_id
       LEFT JOIN locations tl ON tl.id = e.to_location_id
       LEFT JOIN LATERAL (
         SELECT g.seq, g.hash,
                (g.hash = encode(sha256(convert_to(g.prev_hash || g.canonical, 'UTF8')), 'hex')
                 AND g.prev_hash = CASE WHEN g.seq = 1 THEN $4
                                        ELSE (SELECT p.hash FROM audit_log p WHERE p.chain_key = g.chain_key AND p.seq = g.seq - 1) END) IS TRUE AS holds
         FROM audit_log g
         WHERE g.entity_type = 'item' AND g.entity_id = e.item_id::text AND g.chain_key = $3 AND g.after ->> 'eventId' = e.id::text
         ORDER BY g.seq
         LIMIT 1
       ) log ON true
       WHERE e.station_id = $1 AND e.item_id = $2
       ORDER BY e.id`,
      [stationId, itemId, chainKeyOf(stationId), GENESIS_HASH],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      type: r.type,
      at: r.at,
      actor: r.actor,
      witness: r.witness,
      fromLocation: r.from_location,
      toLocation: r.to_location,
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
      audit: r.audit_seq === null ? null : { seq: Number(r.audit_seq), hash: r.audit_hash, holds: r.audit_holds },
    }));
  }
}
