import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Station } from '../stations/station.entity.js';
import { User } from '../users/user.entity.js';
import { AuditSession } from './audit-session.entity.js';

/**
 * A named member of a count's committee. A trigger refuses a CLERK on an ANNUAL_PROPERTY committee
 * (ระเบียบกระทรวงการคลังฯ ข้อ 213: the inspectors are not the supply officers).
 */
@Entity('audit_committee_members')
export class AuditCommitteeMember {
  @PrimaryColumn({ name: 'audit_id', type: 'uuid' })
  auditId: string;

  @ManyToOne(() => AuditSession, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'audit_id', foreignKeyConstraintName: 'fk_audit_committee_audit' })
  audit?: Relation<AuditSession>;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_audit_committee_user' })
  user?: Relation<User>;

  @Column({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_audit_committee_station' })
  station?: Relation<Station>;
}
