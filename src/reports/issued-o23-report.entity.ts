import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Station } from '../stations/station.entity.js';
import { User } from '../users/user.entity.js';

/**
 * An issued O23 report: the figures, the PDF and the XLSX exactly as the commander issued them, with
 * their SHA-256 and the audit-log chain head at the period's end. Rows are never changed or removed
 * (trigger and privileges, migration Issued Reports): later data never changes an issued report, and a
 * reissue of the period is a new version beside the old one.
 */
@Entity('o23_reports')
@Index('uq_o23_reports_version', ['stationId', 'periodFrom', 'periodTo', 'version'], { unique: true })
@Check('ck_o23_reports_version_positive', '"version" >= 1')
// A reissue says why; the first issue has nothing to explain.
@Check('ck_o23_reports_reissue_reason', '("version" = 1) = ("reason" IS NULL)')
// Separation of duties: whoever wrote section 8 (prepared the report) does not also issue it.
@Check('ck_o23_reports_issuer_not_preparer', '"issued_by" <> "prepared_by"')
export class IssuedO23Report {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_o23_reports_station' })
  station?: Relation<Station>;

  /** Buddhist-era months, "2568-01". */
  @Column({ name: 'period_from', type: 'char', length: 7 })
  periodFrom: string;

  @Column({ name: 'period_to', type: 'char', length: 7 })
  periodTo: string;

  @Column({ type: 'integer' })
  version: number;

  /** Why the period was issued again (versions after the first). */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason: string | null;

  /** The figures object the files were rendered from (GET …/o23/figures at the time of issue). */
  @Column({ type: 'jsonb' })
  figures: object;

  @Column({ type: 'bytea' })
  pdf: Buffer;

  @Column({ name: 'pdf_sha256', type: 'char', length: 64 })
  pdfSha256: string;

  @Column({ type: 'bytea' })
  xlsx: Buffer;

  @Column({ name: 'xlsx_sha256', type: 'char', length: 64 })
  xlsxSha256: string;

  /** The station chain's last entry before the period's end (0 and null when it had none). */
  @Column({ name: 'chain_head_seq', type: 'bigint' })
  chainHeadSeq: number;

  @Column({ name: 'chain_head_hash', type: 'char', length: 64, nullable: true })
  chainHeadHash: string | null;

  /** Whether the whole station chain verified when the report was issued. */
  @Column({ name: 'chain_verified', type: 'boolean' })
  chainVerified: boolean;

  /** The author of section 8 at the time of issue. */
  @Column({ name: 'prepared_by', type: 'uuid' })
  preparedBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'prepared_by', foreignKeyConstraintName: 'fk_o23_reports_prepared_by' })
  preparer?: Relation<User>;

  @Column({ name: 'issued_by', type: 'uuid' })
  issuedBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issued_by', foreignKeyConstraintName: 'fk_o23_reports_issued_by' })
  issuer?: Relation<User>;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;
}
