import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { numeric } from '../common/numeric.js';
import { Item } from '../items/item.entity.js';
import { ItemCondition } from '../items/item.enums.js';
import { Location } from '../locations/location.entity.js';
import { Shift } from '../shifts/shift.entity.js';
import { Station } from '../stations/station.entity.js';
import { User } from '../users/user.entity.js';
import { Loan } from './loan.entity.js';

/**
 * One item out of the store, or asked for: a line of a loan, or an issue in the daily weapons book
 * (a shift). Both live here so that one partial unique index holds DESIGN §3 rule 3 for both: an item
 * is on at most one open line, whichever kind.
 */
@Entity('loan_items')
@Index('uq_loan_items_open_item', ['itemId'], { unique: true, where: `"open"` })
@Index('ix_loan_items_loan', ['loanId'])
@Index('ix_loan_items_shift', ['shiftId'])
@Index('ix_loan_items_item', ['itemId'])
@Index('ix_loan_items_station_holder', ['stationId', 'holderId'])
@Check('ck_loan_items_one_parent', `num_nonnulls("loan_id", "shift_id") = 1`)
@Check('ck_loan_items_issuer_not_holder', `"issued_by" IS NULL OR "issued_by" <> "holder_id"`)
@Check('ck_loan_items_witness_not_issuer', `"witness_id" IS NULL OR "witness_id" <> "issued_by"`)
@Check('ck_loan_items_quantities', `"quantity" > 0 AND "returned_quantity" >= 0 AND "spent_quantity" >= 0 AND "returned_quantity" + "spent_quantity" <= "quantity"`)
@Check('ck_loan_items_spent_reason', `"spent_quantity" = 0 OR "spent_reason" IS NOT NULL`)
@Check('ck_loan_items_closed', `"open" OR "closed_at" IS NOT NULL`)
@Check('ck_loan_items_shift_issued', `"shift_id" IS NULL OR ("issued_by" IS NOT NULL AND "issued_at" IS NOT NULL)`)
export class LoanItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'station_id', type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_loan_items_station' })
  station?: Relation<Station>;

  @Column({ name: 'loan_id', type: 'uuid', nullable: true })
  loanId: string | null;

  @ManyToOne(() => Loan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'loan_id', foreignKeyConstraintName: 'fk_loan_items_loan' })
  loan?: Relation<Loan>;

  @Column({ name: 'shift_id', type: 'uuid', nullable: true })
  shiftId: string | null;

  @ManyToOne(() => Shift, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'shift_id', foreignKeyConstraintName: 'fk_loan_items_shift' })
  shift?: Relation<Shift>;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @ManyToOne(() => Item, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'fk_loan_items_item' })
  item?: Relation<Item>;

  /** Who has it, or will: the borrower of a loan, the officer of a shift issue. */
  @Column({ name: 'holder_id', type: 'uuid' })
  holderId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'holder_id', foreignKeyConstraintName: 'fk_loan_items_holder' })
  holder?: Relation<User>;

  /** Asked for, then issued (bulk items: rounds, grams; otherwise the item's whole quantity). */
  @Column({ type: 'numeric', precision: 14, scale: 3, transformer: numeric })
  quantity: number;

  @Column({ name: 'returned_quantity', type: 'numeric', precision: 14, scale: 3, default: 0, transformer: numeric })
  returnedQuantity: number;

  /** Ammunition fired on duty or in training, with the reason; it does not come back. */
  @Column({ name: 'spent_quantity', type: 'numeric', precision: 14, scale: 3, default: 0, transformer: numeric })
  spentQuantity: number;

  @Column({ name: 'spent_reason', type: 'varchar', length: 1000, nullable: true })
  spentReason: string | null;

  @Column({ name: 'return_condition', type: 'enum', enum: ItemCondition, enumName: 'item_condition', nullable: true })
  returnCondition: ItemCondition | null;

  /** Where it was when it went out; a return puts it back there. */
  @Column({ name: 'from_location_id', type: 'uuid', nullable: true })
  fromLocationId: string | null;

  @ManyToOne(() => Location, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_location_id', foreignKeyConstraintName: 'fk_loan_items_from_location' })
  fromLocation?: Relation<Location>;

  @Column({ name: 'issued_by', type: 'uuid', nullable: true })
  issuedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issued_by', foreignKeyConstraintName: 'fk_loan_items_issued_by' })
  issuer?: Relation<User>;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt: Date | null;

  @Column({ name: 'witness_id', type: 'uuid', nullable: true })
  witnessId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'witness_id', foreignKeyConstraintName: 'fk_loan_items_witness' })
  witness?: Relation<User>;

  /** Open from the request (or the shift issue) until the last of it is back, or the loan ends unissued. */
  @Column({ type: 'boolean', default: true })
  open: boolean;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** A shift closed without this back: why (the item stays out and open, and a discrepancy is opened). */
  @Column({ name: 'unreturned_reason', type: 'varchar', length: 1000, nullable: true })
  unreturnedReason: string | null;
}
