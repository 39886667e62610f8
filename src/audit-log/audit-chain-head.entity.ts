import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The head of one chain; its row lock serialises the writers of one station, nothing else. */
@Entity('audit_chain_heads')
export class AuditChainHead {
  @PrimaryColumn({ name: 'chain_key', type: 'varchar', length: 36 })
  chainKey: string;

  @Column({ type: 'bigint', default: 0 })
  seq: number;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
