import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Station } from '../stations/station.entity.js';
import { User } from '../users/user.entity.js';
import { LoanPurpose, LoanStatus } from './loan.enums.js';

/**
 * A borrow request (ระเบียบกระทรวงการคลังฯ ข้อ 207–211) and what became of it. The three hands are
 * different people, enforced here as well as in the service: requester ≠ approver ≠ issuing clerk.
 */
@Entity('loans')
@Index('ix_loans_station_status', ['stationId', 'status'])
@Index('ix_loans_requester', ['requesterId'])
@Check('ck_loans_approver_not_requester', `"approver_id" IS NULL OR "approver_id" <> "requester_id"`)
@Check('ck_loans_issuer_not_requester', `"issued_by" IS NULL OR "issued_by" <> "requester_id"`)
@Check('ck_loans_issuer_not_approver', `"issued_by" IS NULL OR "issued_by" <> "approver_id"`)
@Check('ck_loans_witness_not_issuer', `"issue_witness_id" IS NULL OR "issue_witness_id" <> "issued_by"`)
@Check('ck_loans_decided', `"status" IN ('REQUESTED', 'CANCELLED') OR ("approver_id" IS NOT NULL AND "decided_at" IS NOT NULL)`)
@Check('ck_loans_issued', `"status" NOT IN ('ISSUED', 'PARTIALLY_RETURNED', 'RETURNED') OR ("issued_by" IS NOT NULL AND "issued_at" IS NOT NULL)`)
@Check('ck_loans_due_after_request', `"due_at" > "requested_at"`)
@Check('ck_loans_approver_roles', `cardinality("approver_roles") > 0`)
export class Loan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_loans_station' })
  station?: Relation<Station>;

  @Column({ type: 'enum', enum: LoanStatus, enumName: 'loan_status', default: LoanStatus.REQUESTED })
  status: LoanStatus;

  @Column({ name: 'requester_id', type: 'uuid' })
  requesterId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requester_id', foreignKeyConstraintName: 'fk_loans_requester' })
  requester?: Relation<User>;

  @Column({ name: 'purpose_type', type: 'enum', enum: LoanPurpose, enumName: 'loan_purpose' })
  purposeType: LoanPurpose;

  @Column({ type: 'varchar', length: 1000 })
  purpose: string;

  /** Off the premises needs the commander for HIGH items and property (ข้อ 208). */
  @Column({ name: 'off_premises', type: 'boolean' })
  offPremises: boolean;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  /** Roles allowed to approve, fixed by the approval matrix when the request was made. */
  @Column({ name: 'approver_roles', type: 'varchar', length: 20, array: true })
  approverRoles: string[];

  @Column({ name: 'approver_id', type: 'uuid', nullable: true })
  approverId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'approver_id', foreignKeyConstraintName: 'fk_loans_approver' })
  approver?: Relation<User>;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decision_note', type: 'varchar', length: 1000, nullable: true })
  decisionNote: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'issued_by', type: 'uuid', nullable: true })
  issuedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issued_by', foreignKeyConstraintName: 'fk_loans_issued_by' })
  issuer?: Relation<User>;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt: Date | null;

  @Column({ name: 'issue_witness_id', type: 'uuid', nullable: true })
  issueWitnessId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issue_witness_id', foreignKeyConstraintName: 'fk_loans_issue_witness' })
  issueWitness?: Relation<User>;

  /** When the last item came back. */
  @Column({ name: 'returned_at', type: 'timestamptz', nullable: true })
  returnedAt: Date | null;
}
