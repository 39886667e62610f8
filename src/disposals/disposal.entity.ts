import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Station } from '../stations/station.entity.js';
import { User } from '../users/user.entity.js';
import { DisposalMethod, DisposalStatus, LegalBasis } from './disposal.enums.js';

/** A disposal: requested with its legal basis, approved by the commander (never the requester), executed with a witness. */
@Entity('disposals')
@Index('ix_disposals_station_status', ['stationId', 'status'])
@Check('ck_disposals_approver_not_requester', `"approved_by" IS NULL OR "approved_by" <> "requested_by"`)
@Check('ck_disposals_executor_not_approver', `"executed_by" IS NULL OR "executed_by" <> "approved_by"`)
@Check('ck_disposals_witness_not_executor', `"witness_id" IS NULL OR "witness_id" <> "executed_by"`)
@Check('ck_disposals_decided', `"status" = 'REQUESTED' OR ("approved_by" IS NOT NULL AND "decided_at" IS NOT NULL)`)
@Check('ck_disposals_executed', `"status" <> 'EXECUTED' OR ("executed_by" IS NOT NULL AND "executed_at" IS NOT NULL AND "witness_id" IS NOT NULL)`)
export class Disposal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_disposals_station' })
  station?: Relation<Station>;

  @Column({ type: 'enum', enum: DisposalStatus, enumName: 'disposal_status', default: DisposalStatus.REQUESTED })
  status: DisposalStatus;

  @Column({ type: 'enum', enum: DisposalMethod, enumName: 'disposal_method' })
  method: DisposalMethod;

  @Column({ name: 'legal_basis', type: 'enum', enum: LegalBasis, enumName: 'disposal_legal_basis' })
  legalBasis: LegalBasis;

  /** The court order, committee order or letter, by its number. */
  @Column({ name: 'document_ref', type: 'varchar', length: 200 })
  documentRef: string;

  /** Who receives it: the owner, the buying party, the receiving agency. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  recipient: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requested_by', foreignKeyConstraintName: 'fk_disposals_requested_by' })
  requester?: Relation<User>;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  /** The commander who approved or rejected it. */
  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'approved_by', foreignKeyConstraintName: 'fk_disposals_approved_by' })
  approver?: Relation<User>;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decision_note', type: 'varchar', length: 1000, nullable: true })
  decisionNote: string | null;

  @Column({ name: 'executed_by', type: 'uuid', nullable: true })
  executedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'executed_by', foreignKeyConstraintName: 'fk_disposals_executed_by' })
  executor?: Relation<User>;

  @Column({ name: 'executed_at', type: 'timestamptz', nullable: true })
  executedAt: Date | null;

  @Column({ name: 'witness_id', type: 'uuid', nullable: true })
  witnessId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'witness_id', foreignKeyConstraintName: 'fk_disposals_witness' })
  witness?: Relation<User>;
}
