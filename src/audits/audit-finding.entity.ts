import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Item } from '../items/item.entity.js';
import { ItemCondition } from '../items/item.enums.js';
import { Station } from '../stations/station.entity.js';
import { AuditSession } from './audit-session.entity.js';
import { FindingType } from './audit.enums.js';

/** What closing a count found, per item and type; written once, at close. */
@Entity('audit_findings')
@Index('ix_audit_findings_audit', ['auditId', 'type'])
@Index('ix_audit_findings_item', ['itemId'])
export class AuditFinding {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_audit_findings_station' })
  station?: Relation<Station>;

  @Column({ name: 'audit_id', type: 'uuid' })
  auditId: string;

  @ManyToOne(() => AuditSession, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'audit_id', foreignKeyConstraintName: 'fk_audit_findings_audit' })
  audit?: Relation<AuditSession>;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @ManyToOne(() => Item, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'fk_audit_findings_item' })
  item?: Relation<Item>;

  @Column({ type: 'enum', enum: FindingType, enumName: 'audit_finding_type' })
  type: FindingType;

  /** What the counter recorded (the annual inspection's usable / damaged / deteriorated / not needed). */
  @Column({ name: 'condition_seen', type: 'enum', enum: ItemCondition, enumName: 'item_condition', nullable: true })
  conditionSeen: ItemCondition | null;

  /** In words: where the record says it is, what was seen, which loan or shift has it. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  detail: string | null;
}
