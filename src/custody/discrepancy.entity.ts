import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { AuditSession } from '../audits/audit-session.entity.js';
import { Item } from '../items/item.entity.js';
import { LoanItem } from '../loans/loan-item.entity.js';
import { Station } from '../stations/station.entity.js';
import { User } from '../users/user.entity.js';
import { CustodyEvent } from './custody-event.entity.js';
import { DiscrepancyKind, DiscrepancyStatus } from './custody.enums.js';

/**
 * An incident: what a blind check, a return, a shift, a count or a disposal found different from the
 * record. Never silently accepted: open until a commander resolves it, with a note.
 */
@Entity('discrepancies')
@Check('ck_discrepancies_resolved', `("status" = 'OPEN') = ("resolved_by" IS NULL) AND ("status" = 'OPEN' OR ("resolved_at" IS NOT NULL AND "resolution_note" IS NOT NULL))`)
@Index('ix_discrepancies_station_status', ['stationId', 'status'])
@Index('ix_discrepancies_item', ['itemId'])
export class Discrepancy {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_discrepancies_station' })
  station?: Relation<Station>;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @ManyToOne(() => Item, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'fk_discrepancies_item' })
  item?: Relation<Item>;

  @Column({ name: 'event_id', type: 'bigint', nullable: true })
  eventId: number | null;

  @ManyToOne(() => CustodyEvent, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_discrepancies_event' })
  event?: Relation<CustodyEvent>;

  /** The count that found it. */
  @Column({ name: 'audit_id', type: 'uuid', nullable: true })
  auditId: string | null;

  @ManyToOne(() => AuditSession, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'audit_id', foreignKeyConstraintName: 'fk_discrepancies_audit' })
  audit?: Relation<AuditSession>;

  /** The loan line or shift issue it came from. */
  @Column({ name: 'loan_item_id', type: 'uuid', nullable: true })
  loanItemId: string | null;

  @ManyToOne(() => LoanItem, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'loan_item_id', foreignKeyConstraintName: 'fk_discrepancies_loan_item' })
  loanItem?: Relation<LoanItem>;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ type: 'enum', enum: DiscrepancyKind, enumName: 'discrepancy_kind' })
  kind: DiscrepancyKind;

  @Column({ type: 'varchar', length: 200, nullable: true })
  expected: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  observed: string | null;

  @Column({ type: 'enum', enum: DiscrepancyStatus, enumName: 'discrepancy_status', default: DiscrepancyStatus.OPEN })
  status: DiscrepancyStatus;

  @Column({ name: 'reported_by', type: 'uuid' })
  reportedBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reported_by', foreignKeyConstraintName: 'fk_discrepancies_reported_by' })
  reporter?: Relation<User>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Only a commander resolves an incident, with a note. */
  @Column({ name: 'resolved_by', type: 'uuid', nullable: true })
  resolvedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'resolved_by', foreignKeyConstraintName: 'fk_discrepancies_resolved_by' })
  resolver?: Relation<User>;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'resolution_note', type: 'varchar', length: 2000, nullable: true })
  resolutionNote: string | null;
}
