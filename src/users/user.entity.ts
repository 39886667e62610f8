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
  UpdateDateColumn,
} from 'typeorm';
import { Station } from '../stations/station.entity.js';
import { Role } from '../common/roles.js';

@Entity('users')
@Index('uq_users_username', ['username'], { unique: true })
@Index('ix_users_station', ['stationId'])
@Check('ck_users_username_normalised', `"username" = lower("username") AND "username" ~ '^[a-z0-9._-]{3,64}$'`)
// ADMIN is system-wide and has no station; every other user belongs to exactly one station.
@Check('ck_users_admin_has_no_station', `("station_id" IS NULL) = ('ADMIN' = ANY ("roles"))`)
@Check('ck_users_roles_not_empty', `cardinality("roles") > 0`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'station_id', type: 'uuid', nullable: true })
  stationId: string | null;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_users_station' })
  station?: Relation<Station>;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName: string;

  /** ยศ, e.g. ร.ต.อ. */
  @Column({ type: 'varchar', length: 100 })
  rank: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  position: string | null;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role', array: true })
  roles: Role[];

  /** Deactivated, never deleted: old custody events keep naming this user. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
