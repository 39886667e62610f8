import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Item } from '../items/item.entity.js';
import { Station } from '../stations/station.entity.js';
import { User } from '../users/user.entity.js';

export enum DonationDecision {
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}

export interface DonorMatch {
  itemId: string;
  code: string;
  caseNumber: string | null;
  field: 'seizedFrom' | 'ownerName';
  name: string;
}

/**
 * The commander's decision on a donation; until there is one the donation is pending and does not
 * enter service. A donor named on evidence of the station must be acknowledged explicitly (No Gift Policy).
 */
@Entity('donation_acceptances')
@Index('uq_donation_acceptances_receipt', ['stationId', 'receiptNumber'], { unique: true })
@Check('ck_donation_acceptances_conflict_acknowledged', `jsonb_array_length("donor_matches") = 0 OR "conflict_acknowledged" OR "decision" = 'DECLINED'`)
@Check('ck_donation_acceptances_receipt', `("decision" = 'ACCEPTED') = ("receipt_number" IS NOT NULL)`)
export class DonationAcceptance {
  @PrimaryColumn({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @OneToOne(() => Item, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'fk_donation_acceptances_item' })
  item?: Relation<Item>;

  @Column({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_donation_acceptances_station' })
  station?: Relation<Station>;

  @Column({ type: 'enum', enum: DonationDecision, enumName: 'donation_decision' })
  decision: DonationDecision;

  /** The station's receipt for the donation, gap-free per station and year: RC{YY}-{SEQ}. */
  @Column({ name: 'receipt_number', type: 'varchar', length: 32, nullable: true })
  receiptNumber: string | null;

  /** People named on the station's evidence whose name matched the donor's when the decision was made. */
  @Column({ name: 'donor_matches', type: 'jsonb', default: () => "'[]'" })
  donorMatches: DonorMatch[];

  @Column({ name: 'conflict_acknowledged', type: 'boolean', default: false })
  conflictAcknowledged: boolean;

  @Column({ name: 'decided_by', type: 'uuid' })
  decidedBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by', foreignKeyConstraintName: 'fk_donation_acceptances_decided_by' })
  decider?: Relation<User>;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt: Date;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;
}
