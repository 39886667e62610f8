import { Inject, Injectable } from '@nestjs/common';
import { AuditLogService } from '../../audit-log/audit-log.service.js';

export type ChainEntryCheck = { state: 'match' | 'mismatch'; hashNow: string } | { state: 'missing' };

/** The newest entry's sequence number and how many entries the chain has now. */
export interface ChainTip {
  headSeq: number;
  total: number;
}

/**
 * What a station's audit-log chain holds now at one sequence number: how a printed O23 report's chain
 * head (DESIGN §4: sequence and hash at the period's end) is compared with the log today.
 */
@Injectable()
export class ChainEntryLookup {
  constructor(@Inject(AuditLogService) private readonly auditLog: AuditLogService) {}

  async tip(stationId: string): Promise<ChainTip> {
    const newest = await this.auditLog.list({ stationId, offset: 0, limit: 1 });
    return { headSeq: newest.items[0] ? Number(newest.items[0].seq) : 0, total: newest.total };
  }

  /** The hash of entry `seq` of the station's chain now, or null when no entry has that number. */
  async hashAt(stationId: string, seq: number, tip?: ChainTip): Promise<string | null> {
    if (!Number.isSafeInteger(seq) || seq < 1) return null;
    const { headSeq, total } = tip ?? (await this.tip(stationId));
    // AuditLogService.list pages a chain newest first; sequence numbers run gap-free from 1, so entry
    // `seq` sits (newest − seq) rows down. A removed row shifts that: one correction step finds the
    // entry if it is still there (the verification names the gap anyway).
    let offset = headSeq - seq;
    for (let attempt = 0; attempt < 2 && offset >= 0 && offset < total; attempt++) {
      const [row] = (await this.auditLog.list({ stationId, offset, limit: 1 })).items;
      if (!row) return null;
      if (Number(row.seq) === seq) return String(row.hash).trim();
      offset += Number(row.seq) - seq;
    }
    return null;
  }

  /** A printed chain head against the chain now. */
  async compare(stationId: string, seq: number, printedHash: string, tip?: ChainTip): Promise<ChainEntryCheck> {
    const hashNow = await this.hashAt(stationId, seq, tip);
    if (hashNow === null) return { state: 'missing' };
    return { state: hashNow === printedHash.trim().toLowerCase() ? 'match' : 'mismatch', hashNow };
  }
}
