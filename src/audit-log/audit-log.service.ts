import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../common/request-context.js';
import { type AuditLogFilter, AuditLogRepository, type ChainHead, GENESIS_HASH } from './audit-log.repository.js';

export const SYSTEM_CHAIN = 'SYSTEM';

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
}

export function chainKeyOf(stationId: string | null): string {
  return stationId ?? SYSTEM_CHAIN;
}

/** Values as JSON stores them: Dates become ISO strings, undefined fields disappear. */
function plain(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

@Injectable()
export class AuditLogService {
  constructor(@Inject(AuditLogRepository) private readonly repository: AuditLogRepository) {}

  /**
   * Appends one row to the station's chain inside the caller's transaction. Call it last, after the
   * change itself: the chain-head lock it takes is then held only for this insert and the commit.
   */
  async append(em: EntityManager, ctx: RequestContext, entry: AuditEntry): Promise<ChainHead> {
    const chainKey = chainKeyOf(entry.stationId);
    const at = new Date().toISOString();
    const actorId = ctx.actor?.id ?? null;
    // Everything but the sequence number, which only the locked chain head knows.
    const body = JSON.stringify({
      v: 1,
      chain: chainKey,
      at,
      stationId: entry.stationId,
      actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: plain(entry.before),
      after: plain(entry.after),
      requestId: ctx.requestId,
      clientIp: ctx.clientIp,
    });
    return this.repository.append(em, body);
  }

  /** Recomputes a whole chain and names the first sequence number that does not hold. */
  async verify(stationId: string | null): Promise<ChainVerification> {
    const check = await this.repository.check(chainKeyOf(stationId));
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
    return result;
  }

  list(filter: AuditLogFilter) {
    return this.repository.list(filter);
  }
}
