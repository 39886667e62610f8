import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { numeric } from '../common/numeric.js';
import { ItemCategory } from '../items/item.enums.js';
import { Location } from '../locations/location.entity.js';
import { Station } from '../stations/station.entity.js';
import { User } from '../users/user.entity.js';
import { AuditKind, AuditStatus } from './audit.enums.js';

export interface AuditSummary {
  expected: number;
  counted: number;
  byType: Record<string, number>;
}

/** An inventory count: who started, who counted (the scans), who closed and who countersigned. */
@Entity('audit_sessions')
@Index('ix_audit_sessions_station_kind', ['stationId', 'kind', 'startedAt'])
@Check('ck_audit_sessions_closed', `"status" = 'OPEN' OR ("closed_by" IS NOT NULL AND "closed_at" IS NOT NULL)`)
@Check('ck_audit_sessions_sample', `("sample_percent" IS NULL) = ("sample_seed" IS NULL) AND ("sample_percent" IS NULL OR ("sample_percent" >= 0 AND "sample_percent" <= 100))`)
@Check('ck_audit_sessions_countersigner', `"countersigned_by" IS NULL OR "countersigned_by" <> "closed_by"`)
export class AuditSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_audit_sessions_station' })
  station?: Relation<Station>;

  @Column({ type: 'enum', enum: AuditKind, enumName: 'audit_kind' })
  kind: AuditKind;

  @Column({ type: 'enum', enum: AuditStatus, enumName: 'audit_status', default: AuditStatus.OPEN })
  status: AuditStatus;

  /** Scope: a category, a location (and everything under it), or both. */
  @Column({ type: 'enum', enum: ItemCategory, enumName: 'item_category', nullable: true })
  category: ItemCategory | null;

  @Column({ name: 'location_id', type: 'uuid', nullable: true })
  locationId: string | null;

  @ManyToOne(() => Location, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'fk_audit_sessions_location' })
  location?: Relation<Location>;

  @Column({ name: 'started_by', type: 'uuid' })
  startedBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'started_by', foreignKeyConstraintName: 'fk_audit_sessions_started_by' })
  starter?: Relation<User>;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'closed_by', type: 'uuid', nullable: true })
  closedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'closed_by', foreignKeyConstraintName: 'fk_audit_sessions_closed_by' })
  closer?: Relation<User>;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** Re-authenticated at close; never the one who closed it, nor one who counted. */
  @Column({ name: 'countersigned_by', type: 'uuid', nullable: true })
  countersignedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'countersigned_by', foreignKeyConstraintName: 'fk_audit_sessions_countersigned_by' })
  countersigner?: Relation<User>;

  /** Blind: counters do not see the expected list (or how many are expected) until the count is closed. */
  @Column({ type: 'boolean', default: false })
  blind: boolean;

  /** A sample: every HIGH item plus this share of the rest, drawn by `sample_seed` (re-drawable). */
  @Column({ name: 'sample_percent', type: 'numeric', precision: 5, scale: 2, nullable: true, transformer: numeric })
  samplePercent: number | null;

  @Column({ name: 'sample_seed', type: 'varchar', length: 32, nullable: true })
  sampleSeed: string | null;

  @Column({ type: 'jsonb', nullable: true })
  summary: AuditSummary | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;
}
