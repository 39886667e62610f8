import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { numeric } from '../common/numeric.js';
import { Location } from '../locations/location.entity.js';
import { Station } from '../stations/station.entity.js';
import { User } from '../users/user.entity.js';
import { ItemCategory, ItemCondition, ItemKind, ItemStatus, RiskClass } from './item.enums.js';

/** The category block of an item (evidence, property, weapon or donation fields), as registered or amended. */
export type ItemDetails = Record<string, unknown>;

/**
 * One registered thing, never deleted (no DELETE route, a trigger, and no privilege). Its current
 * status, location and holder change only together with a custody event, in one transaction.
 */
@Entity('items')
@Index('uq_items_station_code', ['stationId', 'code'], { unique: true })
@Index('uq_items_weapon_serial', ['stationId', 'serialNumber'], { unique: true, where: `"category" = 'WEAPON' AND "serial_number" IS NOT NULL` })
@Index('ix_items_station_category_status', ['stationId', 'category', 'status'])
@Index('ix_items_location', ['locationId'])
@Index('ix_items_station_case', ['stationId', 'caseNumber'])
@Index('ix_items_station_serial', ['stationId', 'serialNumber'])
@Index('ix_items_search_trgm', { synchronize: false }) // GIN (search_text gin_trgm_ops), made by the migration
@Index('ix_items_evidence_seized_from', { synchronize: false }) // normalise_person_name(seizedFrom), for the donor check
@Index('ix_items_evidence_owner', { synchronize: false }) // normalise_person_name(ownerName), for the donor check
@Check('ck_items_code', `"code" ~ '^[A-Z][A-Z0-9]{1,9}-(EV|GP|WP|DN)[0-9]{2}-[0-9]{6}$'`)
@Check('ck_items_quantity_positive', `"quantity" > 0 OR ("quantity" = 0 AND "status" = 'DISPOSED')`)
@Check('ck_items_weights', `("weight_grams" IS NULL OR "weight_grams" > 0) AND ("net_weight_grams" IS NULL OR "net_weight_grams" > 0) AND ("amount" IS NULL OR "amount" >= 0)`)
@Check('ck_items_evidence_case', `"category" <> 'EVIDENCE' OR "case_number" IS NOT NULL`)
@Check('ck_items_weapon_serial', `NOT ("category" = 'WEAPON' AND "kind" = 'firearm' AND "serial_number" IS NULL)`)
@Check('ck_items_out_has_recipient', `"status" <> 'SENT_OUT' OR "holder_text" IS NOT NULL`)
export class Item {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_items_station' })
  station?: Relation<Station>;

  /** {STATION}-{CAT}{YY}-{SEQ}: the label text, gap-free per station, category and Buddhist-era year. */
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ name: 'year_be', type: 'integer' })
  yearBe: number;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'enum', enum: ItemCategory, enumName: 'item_category' })
  category: ItemCategory;

  @Column({ type: 'enum', enum: ItemKind, enumName: 'item_kind' })
  kind: ItemKind;

  @Column({ name: 'risk_class', type: 'enum', enum: RiskClass, enumName: 'risk_class' })
  riskClass: RiskClass;

  @Column({ type: 'varchar', length: 1000 })
  description: string;

  @Column({ type: 'numeric', precision: 14, scale: 3, default: 1, transformer: numeric })
  quantity: number;

  @Column({ type: 'varchar', length: 40 })
  unit: string;

  @Column({ name: 'serial_number', type: 'varchar', length: 100, nullable: true })
  serialNumber: string | null;

  /** เลขครุภัณฑ์ */
  @Column({ name: 'asset_number', type: 'varchar', length: 100, nullable: true })
  assetNumber: string | null;

  @Column({ name: 'case_number', type: 'varchar', length: 100, nullable: true })
  caseNumber: string | null;

  @Column({ name: 'seal_number', type: 'varchar', length: 100, nullable: true })
  sealNumber: string | null;

  /** Gross weight on record (drugs: with packaging). */
  @Column({ name: 'weight_grams', type: 'numeric', precision: 14, scale: 3, nullable: true, transformer: numeric })
  weightGrams: number | null;

  @Column({ name: 'net_weight_grams', type: 'numeric', precision: 14, scale: 3, nullable: true, transformer: numeric })
  netWeightGrams: number | null;

  /** Cash: the amount in baht on record. */
  @Column({ type: 'numeric', precision: 16, scale: 2, nullable: true, transformer: numeric })
  amount: number | null;

  /** Cash: banknote/coin value → count, e.g. {"1000": 5, "500": 2}. */
  @Column({ type: 'jsonb', nullable: true })
  denominations: Record<string, number> | null;

  @Column({ type: 'enum', enum: ItemCondition, enumName: 'item_condition', default: ItemCondition.GOOD })
  condition: ItemCondition;

  @Column({ type: 'enum', enum: ItemStatus, enumName: 'item_status' })
  status: ItemStatus;

  @Column({ name: 'location_id', type: 'uuid', nullable: true })
  locationId: string | null;

  @ManyToOne(() => Location, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'fk_items_location' })
  location?: Relation<Location>;

  /** A user of the station holding it now (out to court with an investigator, on loan). */
  @Column({ name: 'holder_id', type: 'uuid', nullable: true })
  holderId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'holder_id', foreignKeyConstraintName: 'fk_items_holder' })
  holder?: Relation<User>;

  /** Who outside the station has it (a forensic lab, a court, a repair shop). */
  @Column({ name: 'holder_text', type: 'varchar', length: 300, nullable: true })
  holderText: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: ItemDetails;

  /** Code, description, numbers and the names on the item, lower-cased, for `q` (trigram index). */
  @Column({
    name: 'search_text',
    type: 'text',
    generatedType: 'STORED',
    asExpression: `lower(code || ' ' || description || ' ' || coalesce(serial_number, '') || ' ' || coalesce(asset_number, '') || ' ' || coalesce(case_number, '') || ' ' || coalesce(seal_number, '') || ' ' || coalesce(details ->> 'seizedFrom', '') || ' ' || coalesce(details ->> 'ownerName', '') || ' ' || coalesce(details ->> 'donorName', '') || ' ' || coalesce(details ->> 'offence', '') || ' ' || coalesce(details ->> 'make', '') || ' ' || coalesce(details ->> 'model', '') || ' ' || coalesce(details ->> 'registrationNumber', ''))`,
    insert: false,
    update: false,
  })
  searchText: string;

  @Column({ name: 'registered_by', type: 'uuid' })
  registeredBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'registered_by', foreignKeyConstraintName: 'fk_items_registered_by' })
  registrar?: Relation<User>;

  @CreateDateColumn({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
