import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ItemStatus } from '../../items/item.enums.js';

export interface RecentScan {
  id: number;
  at: string;
  code: string;
  description: string;
  /** The item's status now: shown only where the count is not blind. */
  status: ItemStatus;
  duplicate: boolean;
  condition: string | null;
  locationCode: string | null;
  scannedBy: { rank: string; displayName: string };
}

const SELECT = `SELECT s.id, s.at, s.duplicate, s.condition, i.code, i.description, i.status, l.code AS location_code, u.rank, u.display_name
  FROM audit_scans s
  JOIN items i ON i.id = s.item_id
  JOIN users u ON u.id = s.scanned_by
  LEFT JOIN locations l ON l.id = s.location_id
  WHERE s.audit_id = $1 AND s.station_id = $2`;

function toScan(r: Record<string, any>): RecentScan {
  return {
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    code: r.code,
    description: r.description,
    status: r.status,
    duplicate: r.duplicate,
    condition: r.condition,
    locationCode: r.location_code,
    scannedBy: { rank: r.rank, displayName: r.display_name },
  };
}

/**
 * The count screen's "last few scans" (AuditsService answers each scan but has no list of them): the
 * newest scans of one count of one station, read through the scans' identity order.
 */
@Injectable()
export class RecentScansRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async latest(stationId: string, auditId: string, limit: number): Promise<RecentScan[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(`${SELECT} ORDER BY s.id DESC LIMIT $3`, [auditId, stationId, limit]);
    return rows.map(toScan);
  }

  /** One scan of the count, for the outcome shown after the redirect. */
  async one(stationId: string, auditId: string, scanId: number): Promise<RecentScan | null> {
    const [row] = await this.dataSource.query(`${SELECT} AND s.id = $3`, [auditId, stationId, scanId]);
    return row ? toScan(row) : null;
  }
}
