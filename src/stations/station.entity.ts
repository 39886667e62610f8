import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { StationSettings } from './station-settings.js';

@Entity('stations')
@Index('uq_stations_code', ['code'], { unique: true })
@Check('ck_stations_code', `"code" ~ '^[A-Z][A-Z0-9]{1,9}$'`)
export class Station {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Short ASCII code printed in every item code, e.g. BKM. */
  @Column({ type: 'varchar', length: 10 })
  code: string;

  @Column({ name: 'name_th', type: 'varchar', length: 200 })
  nameTh: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200 })
  nameEn: string;

  @Column({ type: 'jsonb' })
  settings: StationSettings;

  /** Bumped on every settings change; published documents state the version they were made from. */
  @Column({ name: 'settings_version', type: 'integer', default: 1 })
  settingsVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
