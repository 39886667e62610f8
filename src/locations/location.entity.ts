import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Station } from '../stations/station.entity.js';

export enum LocationKind {
  ROOM = 'ROOM',
  SHELF = 'SHELF',
  LOCKER = 'LOCKER',
  SAFE = 'SAFE',
  ARMORY = 'ARMORY',
  VEHICLE_LOT = 'VEHICLE_LOT',
}

@Entity('locations')
@Index('uq_locations_station_code', ['stationId', 'code'], { unique: true })
@Index('ix_locations_parent', ['parentId'])
@Check('ck_locations_code', `"code" ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$'`)
@Check('ck_locations_not_own_parent', `"parent_id" IS NULL OR "parent_id" <> "id"`)
export class Location {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_locations_station' })
  station?: Relation<Station>;

  /** Printed on the location's barcode label; unique within the station. */
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'enum', enum: LocationKind, enumName: 'location_kind' })
  kind: LocationKind;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Location, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_locations_parent' })
  parent?: Relation<Location>;

  /** Safe, armory, drug locker: the only places HIGH-risk items may be stored. */
  @Column({ type: 'boolean', default: false })
  secure: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
