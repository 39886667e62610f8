import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Station } from '../stations/station.entity.js';
import { User } from '../users/user.entity.js';

/**
 * One row per state-changing action, written in the same transaction as the change. The database
 * refuses UPDATE, DELETE and TRUNCATE on this table (triggers + privileges of the application role).
 */
@Entity('audit_log')
@Index('uq_audit_log_chain_seq', ['chainKey', 'seq'], { unique: true })
@Index('ix_audit_log_station_at', ['stationId', 'at'])
@Index('ix_audit_log_entity', ['entityType', 'entityId'])
@Check('ck_audit_log_seq_positive', `"seq" > 0`)
@Check('ck_audit_log_chain_key', `"chain_key" = COALESCE("station_id"::text, 'SYSTEM')`)
@Check('ck_audit_log_hash_hex', `"hash" ~ '^[0-9a-f]{64}$' AND "prev_hash" ~ '^[0-9a-f]{64}$'`)
export class AuditLogEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: number;

  /** The station id, or SYSTEM for the system administrator's chain (creating stations). */
  @Column({ name: 'chain_key', type: 'varchar', length: 36 })
  chainKey: string;

  @Column({ name: 'station_id', type: 'uuid', nullable: true })
  stationId: string | null;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_audit_log_station' })
  station?: Relation<Station>;

  @Column({ type: 'bigint' })
  seq: number;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'fk_audit_log_actor' })
  actor?: Relation<User>;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 64 })
  entityType: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after: unknown;

  @Column({ name: 'request_id', type: 'varchar', length: 100, nullable: true })
  requestId: string | null;

  @Column({ name: 'client_ip', type: 'varchar', length: 64, nullable: true })
  clientIp: string | null;

  /** The exact text that was hashed; verification re-hashes it rather than re-serialising columns. */
  @Column({ type: 'text' })
  canonical: string;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
