import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One verification of a chain: which rows it recomputed and whether they held. A verification that
 * held is a checkpoint: the O23 report and the dashboard recompute only the rows after the latest one
 * (after confirming its last row still has the hash it had), where a full verification recomputes the
 * whole chain. Rows are never changed (trigger and privileges, migration Performance).
 */
@Entity('audit_verifications')
@Index('ix_audit_verifications_chain', ['chainKey', 'id'])
@Check('ck_audit_verifications_mode', `"mode" IN ('FULL', 'INCREMENTAL')`)
export class AuditVerification {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'chain_key', type: 'varchar', length: 36 })
  chainKey: string;

  @Column({ type: 'varchar', length: 12 })
  mode: 'FULL' | 'INCREMENTAL';

  /** The first sequence number recomputed (1 for a full verification). */
  @Column({ name: 'from_seq', type: 'bigint' })
  fromSeq: number;

  /** The chain's last row when it was verified, and its hash: where the next incremental one starts. */
  @Column({ name: 'through_seq', type: 'bigint' })
  throughSeq: number;

  @Column({ name: 'through_hash', type: 'char', length: 64 })
  throughHash: string;

  @Column({ type: 'boolean' })
  ok: boolean;

  @Column({ name: 'first_bad_seq', type: 'bigint', nullable: true })
  firstBadSeq: number | null;

  @CreateDateColumn({ name: 'verified_at', type: 'timestamptz' })
  verifiedAt: Date;
}
