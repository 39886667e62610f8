import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { numeric } from '../common/numeric.js';
import { Item } from '../items/item.entity.js';
import { Station } from '../stations/station.entity.js';
import { Disposal } from './disposal.entity.js';

/** An item of a disposal; an item is on at most one disposal that is not yet executed or rejected. */
@Entity('disposal_items')
@Index('uq_disposal_items_open_item', ['itemId'], { unique: true, where: `"open"` })
@Index('ix_disposal_items_disposal', ['disposalId'])
export class DisposalItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_disposal_items_station' })
  station?: Relation<Station>;

  @Column({ name: 'disposal_id', type: 'uuid' })
  disposalId: string;

  @ManyToOne(() => Disposal, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'disposal_id', foreignKeyConstraintName: 'fk_disposal_items_disposal' })
  disposal?: Relation<Disposal>;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @ManyToOne(() => Item, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'fk_disposal_items_item' })
  item?: Relation<Item>;

  /** Drugs: the weight found at execution, compared with the intake weight. */
  @Column({ name: 'weight_seen_grams', type: 'numeric', precision: 14, scale: 3, nullable: true, transformer: numeric })
  weightSeenGrams: number | null;

  @Column({ type: 'boolean', default: true })
  open: boolean;
}
