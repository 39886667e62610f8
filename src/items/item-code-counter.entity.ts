import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last number given per station, category and Buddhist-era year. The registering transaction
 * increments it and holds its row lock until commit, so a rolled-back registration gives its number
 * back and the numbers have no gaps (a gap would show an entry removed).
 */
@Entity('item_code_counters')
export class ItemCodeCounter {
  @PrimaryColumn({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @PrimaryColumn({ name: 'category_code', type: 'char', length: 2 })
  categoryCode: string;

  @PrimaryColumn({ name: 'year_be', type: 'integer' })
  yearBe: number;

  @Column({ name: 'last_seq', type: 'integer' })
  lastSeq: number;
}
