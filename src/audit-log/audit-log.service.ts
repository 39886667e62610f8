import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../common/request-context.js';
import { type AuditLogFilter, AuditLogRepository, type ChainHead, type Checkpoint, GENESIS_HASH } from './audit-log.repository.js';

export const SYSTEM_CHAIN = 'SYSTEM';

/** How old a verification may be for an incremental one to continue from it. */
export const CHECKPOINT_MAX_AGE_MS = 26 * 3600_000;

export interface AuditEntry {
  /** The station whose chain gets the row; null for the system chain (stations, administrators). */
  stationId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

export interface ChainVerification {
  ok: boolean;
  entries: number;
  headSeq: number;
  headHash: string;
  firstBadSeq: number | null;
  /** Set when the chain cannot be trusted for a reason other than one bad row. */
  problem?: string;
  /** An incremental verification: the checkpoint it started after (rows up to `seq` were not recomputed). */
  since?: { seq: number; verifiedAt: string; mode: 'FULL' | 'INCREMENTAL' };
}

export function chainKeyOf(stationId: string | null): string {
  return stationId ?? SYSTEM_CHAIN;
}

/** Values as JSON stores them: Dates become ISO strings, undefined fields disappear. */
function plain(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

/** A row's JSON body: everything but the sequence number, which only the locked chain head knows. */
function bodyOf(ctx: RequestContext, entry: AuditEntry, at: string): string {
  return JSON.stringify({
    v: 1,
    chain: chainKeyOf(entry.stationId),
    at,
    stationId: entry.stationId,
    actorId: ctx.actor?.id ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: plain(entry.before),
    after: plain(entry.after),
    requestId: ctx.requestId,
    clientIp: ctx.clientIp,
  });
}

@Injectable()
export class AuditLogService {
  constructor(@Inject(AuditLogRepository) private readonly repository: AuditLogRepository) {}

  /**
   * Appends one row to the station's chain inside the caller's transaction. Call it last, after the
   * change itself: the chain-head lock it takes is then held only for this insert and the commit.
   */
  async append(em: EntityManager, ctx: RequestContext, entry: AuditEntry): Promise<ChainHead> {
    return this.repository.append(em, bodyOf(ctx, entry, new Date().toISOString()));
  }

  /**
   * Appends many rows of one chain inside the caller's transaction, chained exactly as `append` would
   * chain them one after another, with the head locked once and moved once: a bulk import of 50,000
   * items cannot afford a round trip (and a head update) per row. Call it last, like `append`.
   */
  async appendMany(em: EntityManager, ctx: RequestContext, entries: AuditEntry[]): Promise<ChainHead | null> {
    if (!entries.length) return null;
    const chainKey = chainKeyOf(entries[0].stationId);
    if (entries.some((e) => chainKeyOf(e.stationId) !== chainKey)) throw new Error('appendMany writes the rows of one chain');
    const at = new Date().toISOString();
    // Made as the repository asks for them, so the bodies of one batch are written while the last is inserted.
    const bodies = function* () {
      for (const entry of entries) yield bodyOf(ctx, entry, at);
    };
    return this.repository.appendMany(em, chainKey, bodies());
  }

  /**
   * Recomputes a chain and names the first sequence number that does not hold; records the result.
   * A full verification recomputes every row. An incremental one (`since: 'checkpoint'`) recomputes
   * only the rows after the latest verification that held, once it has confirmed that the last row that
   * verification saw still has the same hash — a rewrite of any row before it would have to change that
   * row too. Without a usable checkpoint it falls back to a full verification. The result is recorded
   * (the next checkpoint when it held) unless `record` is false: a report or a dashboard only reads.
   */
  async verify(stationId: string | null, options: { since?: 'checkpoint'; record?: boolean } = {}): Promise<ChainVerification> {
    const chainKey = chainKeyOf(stationId);
    const checkpoint = options.since === 'checkpoint' ? await this.usableCheckpoint(chainKey) : null;
    const fromSeq = checkpoint ? checkpoint.seq + 1 : 1;
    const check = await this.repository.check(chainKey, fromSeq);
    let firstBad = check.firstBad;
    // Rows cut off the end of the chain: the head still remembers how long it was.
    if (firstBad === null && check.head) {
      if (check.head.seq > check.lastSeq) firstBad = check.lastSeq + 1;
      else if (check.lastSeq > 0 && check.head.hash !== check.lastHash) firstBad = check.lastSeq;
    }
    const result: ChainVerification = {
      ok: firstBad === null && check.columnsDerived,
      entries: check.entries,
      headSeq: check.lastSeq,
      headHash: check.lastHash ?? GENESIS_HASH,
      firstBadSeq: firstBad,
    };
    if (!check.columnsDerived) {
      // Every row's columns are suspect once they can be edited apart from the hashed text.
      result.firstBadSeq = firstBad ?? (check.entries ? 1 : null);
      result.problem = 'audit_log columns are no longer generated from the hashed text (schema changed)';
    }
    if (checkpoint) result.since = { seq: checkpoint.seq, verifiedAt: checkpoint.verifiedAt.toISOString(), mode: checkpoint.mode };
    if (options.record !== false) await this.repository.recordVerification({
      chainKey,
      mode: checkpoint ? 'INCREMENTAL' : 'FULL',
      fromSeq,
      throughSeq: result.headSeq,
      throughHash: result.headHash,
      ok: result.ok,
      firstBadSeq: result.firstBadSeq,
    });
    return result;
  }

  /**
   * The latest verification, as a checkpoint to continue from, when it held, is recent (a day at most:
   * the server verifies every chain in full each night) and the row it ended at still has its hash. A
   * chain whose latest verification failed is verified in full until a full verification holds again.
   */
  private async usableCheckpoint(chainKey: string): Promise<Checkpoint | null> {
    const last = await this.repository.lastVerification(chainKey);
    if (!last?.ok || last.seq === 0 || Date.now() - last.verifiedAt.getTime() > CHECKPOINT_MAX_AGE_MS) return null;
    return (await this.repository.hashAt(chainKey, last.seq)) === last.hash ? last : null;
  }

  list(filter: AuditLogFilter) {
    return this.repository.list(filter);
  }
}
