import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Station } from '../stations/station.entity.js';
import { User } from '../users/user.entity.js';

/** A column the database derives from the hashed canonical text; it can never say something else. */
function fromCanonical(expression: string) {
  return { generatedType: 'STORED' as const, asExpression: expression, insert: false, update: false };
}

/**
 * One row per state-changing action, written in the same transaction as the change. Only `canonical`,
 * `prev_hash` and `hash` are written; every other column is generated from the canonical text, so a
 * verification that re-hashes the text covers them too. The database refuses UPDATE, DELETE and
 * TRUNCATE on this table (triggers + privileges of the application role).
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

  /** The exact text that was hashed; verification re-hashes it rather than re-serialising columns. */
  @Column({ type: 'text' })
  canonical: string;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;

  /** The station id, or SYSTEM for the system administrator's chain (creating stations). */
  @Column({ name: 'chain_key', type: 'text', ...fromCanonical(`canonical::jsonb ->> 'chain'`) })
  chainKey: string;

  @Column({ name: 'station_id', type: 'uuid', nullable: true, ...fromCanonical(`(canonical::jsonb ->> 'stationId')::uuid`) })
  stationId: string | null;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_audit_log_station' })
  station?: Relation<Station>;

  @Column({ type: 'bigint', ...fromCanonical(`(canonical::jsonb ->> 'seq')::bigint`) })
  seq: number;

  @Column({ type: 'timestamptz', ...fromCanonical(`audit_ts(canonical::jsonb ->> 'at')`) })
  at: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true, ...fromCanonical(`(canonical::jsonb ->> 'actorId')::uuid`) })
  actorId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'fk_audit_log_actor' })
  actor?: Relation<User>;

  @Column({ type: 'text', ...fromCanonical(`canonical::jsonb ->> 'action'`) })
  action: string;

  @Column({ name: 'entity_type', type: 'text', ...fromCanonical(`canonical::jsonb ->> 'entityType'`) })
  entityType: string;

  @Column({ name: 'entity_id', type: 'text', nullable: true, ...fromCanonical(`canonical::jsonb ->> 'entityId'`) })
  entityId: string | null;

  @Column({ type: 'jsonb', nullable: true, ...fromCanonical(`NULLIF(canonical::jsonb -> 'before', 'null'::jsonb)`) })
  before: unknown;

  @Column({ type: 'jsonb', nullable: true, ...fromCanonical(`NULLIF(canonical::jsonb -> 'after', 'null'::jsonb)`) })
  after: unknown;

  @Column({ name: 'request_id', type: 'text', nullable: true, ...fromCanonical(`canonical::jsonb ->> 'requestId'`) })
  requestId: string | null;

  @Column({ name: 'client_ip', type: 'text', nullable: true, ...fromCanonical(`canonical::jsonb ->> 'clientIp'`) })
  clientIp: string | null;
}

/** The generated columns verification checks are still generated (a superuser could drop the expressions). */
export const DERIVED_AUDIT_COLUMNS = [
  'chain_key',
  'station_id',
  'seq',
  'at',
  'actor_id',
  'action',
  'entity_type',
  'entity_id',
  'before',
  'after',
  'request_id',
  'client_ip',
];
