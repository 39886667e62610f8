import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { numeric } from '../common/numeric.js';
import { Item } from '../items/item.entity.js';
import { ItemCondition, ItemStatus } from '../items/item.enums.js';
import { Location } from '../locations/location.entity.js';
import { Station } from '../stations/station.entity.js';
import { User } from '../users/user.entity.js';
import { CustodyEventType, SendOutDestination } from './custody.enums.js';

/**
 * The chain of custody, append-only (trigger + privileges): an item's history is exactly its events,
 * in id order (ids are taken under the item's row lock, so they increase per item).
 */
@Entity('custody_events')
@Index('ix_custody_events_item', ['itemId', 'id'])
@Index('ix_custody_events_station_at', ['stationId', 'at'])
// The O23 report's "condition at the end" (holdings) reads each item's last event with a condition: covered, index-only.
@Index('ix_custody_events_condition', { synchronize: false })
// Closing events (DISPOSE): holdings, evidence and the disposition timers look them up per item.
@Index('ix_custody_events_closed', { synchronize: false })
@Check('ck_custody_events_witness_not_actor', `"witness_id" IS NULL OR "witness_id" <> "actor_id"`)
export class CustodyEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_custody_events_station' })
  station?: Relation<Station>;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @ManyToOne(() => Item, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'fk_custody_events_item' })
  item?: Relation<Item>;

  @Column({ type: 'enum', enum: CustodyEventType, enumName: 'custody_event_type' })
  type: CustodyEventType;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'fk_custody_events_actor' })
  actor?: Relation<User>;

  /** The co-signer who re-authenticated in the same request (HIGH-risk items: always). */
  @Column({ name: 'witness_id', type: 'uuid', nullable: true })
  witnessId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'witness_id', foreignKeyConstraintName: 'fk_custody_events_witness' })
  witness?: Relation<User>;

  @Column({ name: 'from_status', type: 'enum', enum: ItemStatus, enumName: 'item_status', nullable: true })
  fromStatus: ItemStatus | null;

  @Column({ name: 'to_status', type: 'enum', enum: ItemStatus, enumName: 'item_status' })
  toStatus: ItemStatus;

  @Column({ name: 'from_location_id', type: 'uuid', nullable: true })
  fromLocationId: string | null;

  @ManyToOne(() => Location, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_location_id', foreignKeyConstraintName: 'fk_custody_events_from_location' })
  fromLocation?: Relation<Location>;

  @Column({ name: 'to_location_id', type: 'uuid', nullable: true })
  toLocationId: string | null;

  @ManyToOne(() => Location, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_location_id', foreignKeyConstraintName: 'fk_custody_events_to_location' })
  toLocation?: Relation<Location>;

  /** To whom it went (SEND_OUT): a lab, a court, a named person. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  recipient: string | null;

  @Column({ type: 'enum', enum: SendOutDestination, enumName: 'send_out_destination', nullable: true })
  destination: SendOutDestination | null;

  @Column({ name: 'document_ref', type: 'varchar', length: 200, nullable: true })
  documentRef: string | null;

  @Column({ type: 'numeric', precision: 14, scale: 3, nullable: true, transformer: numeric })
  quantity: number | null;

  /** What the clerk saw, entered blind and compared with the record. */
  @Column({ name: 'seal_seen', type: 'varchar', length: 100, nullable: true })
  sealSeen: string | null;

  @Column({ name: 'weight_seen_grams', type: 'numeric', precision: 14, scale: 3, nullable: true, transformer: numeric })
  weightSeenGrams: number | null;

  @Column({ name: 'amount_seen', type: 'numeric', precision: 16, scale: 2, nullable: true, transformer: numeric })
  amountSeen: number | null;

  @Column({ type: 'enum', enum: ItemCondition, enumName: 'item_condition', nullable: true })
  condition: ItemCondition | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  /** AMEND and RESEAL: the fields before and after. */
  @Column({ type: 'jsonb', nullable: true })
  changes: { before: Record<string, unknown>; after: Record<string, unknown> } | null;
}
