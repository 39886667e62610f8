import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Station } from '../stations/station.entity.js';
import { User } from '../users/user.entity.js';

/**
 * Section 8 of an O23 report: the problems of the period and the corrective action, in the clerk's
 * words, kept per station and period until the report is issued. Every save is audit-logged.
 */
@Entity('o23_notes')
export class O23Note {
  @PrimaryColumn({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_o23_notes_station' })
  station?: Relation<Station>;

  /** Buddhist-era months, "2568-01". */
  @PrimaryColumn({ name: 'period_from', type: 'char', length: 7 })
  periodFrom: string;

  @PrimaryColumn({ name: 'period_to', type: 'char', length: 7 })
  periodTo: string;

  @Column({ type: 'varchar', length: 4000 })
  problems: string;

  @Column({ name: 'corrective_action', type: 'varchar', length: 4000 })
  correctiveAction: string;

  @Column({ name: 'updated_by', type: 'uuid' })
  updatedBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'fk_o23_notes_updated_by' })
  updater?: Relation<User>;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
