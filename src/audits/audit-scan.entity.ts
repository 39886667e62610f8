import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Item } from '../items/item.entity.js';
import { ItemCondition } from '../items/item.enums.js';
import { Location } from '../locations/location.entity.js';
import { Station } from '../stations/station.entity.js';
import { User } from '../users/user.entity.js';
import { AuditSession } from './audit-session.entity.js';

/** One scan by a counter, append-only; the first scan of an item counts, later ones are duplicates. */
@Entity('audit_scans')
@Index('ix_audit_scans_audit_item', ['auditId', 'itemId'])
export class AuditScan {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_audit_scans_station' })
  station?: Relation<Station>;

  @Column({ name: 'audit_id', type: 'uuid' })
  auditId: string;

  @ManyToOne(() => AuditSession, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'audit_id', foreignKeyConstraintName: 'fk_audit_scans_audit' })
  audit?: Relation<AuditSession>;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @ManyToOne(() => Item, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'fk_audit_scans_item' })
  item?: Relation<Item>;

  /** Where the counter said it was (the location label scanned before it). */
  @Column({ name: 'location_id', type: 'uuid', nullable: true })
  locationId: string | null;

  @ManyToOne(() => Location, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'fk_audit_scans_location' })
  location?: Relation<Location>;

  @Column({ type: 'enum', enum: ItemCondition, enumName: 'item_condition', nullable: true })
  condition: ItemCondition | null;

  @Column({ name: 'seal_seen', type: 'varchar', length: 100, nullable: true })
  sealSeen: string | null;

  @Column({ type: 'boolean' })
  duplicate: boolean;

  @Column({ name: 'scanned_by', type: 'uuid' })
  scannedBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'scanned_by', foreignKeyConstraintName: 'fk_audit_scans_scanned_by' })
  scanner?: Relation<User>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
