import { Inject, Injectable } from '@nestjs/common';
import { pageOf } from '../common/paged-query.js';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { type RequestContext, stationScope } from '../common/request-context.js';
import { PageQueryDto, type Page, paging } from '../common/validation.js';
import { DEFAULT_STATION_SETTINGS } from '../stations/station-settings.js';

export enum DispositionReason {
  /** The review date has come (the item's own, or registration + the station's evidenceReviewMonths). */
  REVIEW_DUE = 'REVIEW_DUE',
  /** ระเบียบ ตร. ข้อ 47: the owner was told and has not collected it within 1 year. */
  OWNER_NOTIFIED_1Y = 'OWNER_NOTIFIED_1Y',
  /** ข้อ 47: owner unknown, 5 years from the public notice (or the seizure, or registration). */
  OWNER_UNKNOWN_5Y = 'OWNER_UNKNOWN_5Y',
}

export interface DueItem {
  itemId: string;
  code: string;
  kind: string;
  description: string;
  caseNumber: string | null;
  status: string;
  reviewDate: string;
  /** The date it falls to the state under ข้อ 47, when that is known. */
  forfeitureDate: string | null;
  reasons: DispositionReason[];
}

export interface UncheckedFirearm {
  itemId: string;
  code: string;
  description: string;
  caseNumber: string | null;
  serialNumber: string | null;
  status: string;
  lastCheckedAt: string | null;
}

/** The day in Thailand (UTC+7) of a moment, as YYYY-MM-DD. */
export function bangkokDate(at: Date): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The Thai fiscal year's 1 October on or before `today`, and the 30 September that ends it. */
export function fiscalYearOf(today: string): { since: string; deadline: string } {
  const [y, m] = today.split('-').map(Number);
  const start = m >= 10 ? y : y - 1;
  return { since: `${start}-10-01`, deadline: `${start + 1}-09-30` };
}

/**
 * A date in an item's details (ISO date or date-time, as validated on entry) as a day in Thailand: a
 * date-time with an offset is moved to Asia/Bangkok first; a plain date is taken as written.
 */
export const detailDate = (field: string) => {
  const value = `NULLIF(i.details ->> '${field}', '')`;
  return `(CASE WHEN ${value} ~ '(Z|[+-][0-9]{2}(:?[0-9]{2})?)$' THEN (${value}::timestamptz AT TIME ZONE 'Asia/Bangkok')::date ELSE left(${value}, 10)::date END)`;
};

/**
 * Each evidence item held with its review date and, when known, its forfeiture date (ข้อ 47). Held: not
 * closed now; or, with `heldAtParam`, registered before that moment and not closed before it.
 */
const TIMERS_CTE = (stationParam: string | null, heldAtParam: string | null = null) => `WITH timers AS (
         SELECT i.id, i.code, i.kind, i.description, i.case_number, i.status,
                COALESCE(${detailDate('reviewDate')},
                         ((i.registered_at AT TIME ZONE 'Asia/Bangkok')::date + make_interval(months => COALESCE((s.settings ->> 'evidenceReviewMonths')::int, ${DEFAULT_STATION_SETTINGS.evidenceReviewMonths})))::date) AS review_date,
                CASE WHEN NULLIF(trim(i.details ->> 'ownerName'), '') IS NOT NULL
                     THEN (${detailDate('ownerNotifiedAt')} + interval '1 year')::date
                     ELSE (COALESCE(${detailDate('publicNoticeAt')}, ${detailDate('seizedAt')}, (i.registered_at AT TIME ZONE 'Asia/Bangkok')::date) + interval '5 years')::date
                END AS forfeiture_date,
                NULLIF(trim(i.details ->> 'ownerName'), '') IS NOT NULL AS owner_known
         FROM items i JOIN stations s ON s.id = i.station_id
         WHERE i.category = 'EVIDENCE' ${stationParam ? `AND i.station_id = ${stationParam}` : ''}
           AND ${
             heldAtParam
               ? `i.registered_at < ${heldAtParam} AND NOT EXISTS (SELECT 1 FROM custody_events c WHERE c.item_id = i.id AND c.to_status = 'DISPOSED' AND c.at < ${heldAtParam})`
               : `i.status <> 'DISPOSED'`
           }
       )`;

/**
 * Evidence timers (DESIGN §3 rule 6; DOMAIN-TH §3): the "due for disposition" list, and the evidence
 * firearms the station head must check before 30 September (ข้อ 53). Computed when asked, against the clock.
 */
@Injectable()
export class EvidenceTimersService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async dueForDisposition(ctx: RequestContext, query: PageQueryDto): Promise<Page<DueItem> & { asOf: string }> {
    const { page, pageSize, offset } = paging(query);
    const today = bangkokDate(this.clock.now());
    const stationId = stationScope(ctx);
    const { rows, total } = await pageOf(
      this.dataSource.manager,
      `${TIMERS_CTE(stationId ? '$2' : null)}
       SELECT id, code, kind, description, case_number, status, owner_known, review_date::text AS review_date,
              forfeiture_date::text AS forfeiture_date, count(*) OVER () AS total_count
       FROM timers
       WHERE review_date <= $1::date OR forfeiture_date <= $1::date
       ORDER BY LEAST(review_date, COALESCE(forfeiture_date, review_date)), code`,
      stationId ? [today, stationId] : [today],
      pageSize,
      offset,
    );
    const items = rows.map((r) => {
      const reasons: DispositionReason[] = [];
      const review: string = r.review_date;
      const forfeiture: string | null = r.forfeiture_date;
      if (review <= today) reasons.push(DispositionReason.REVIEW_DUE);
      if (forfeiture && forfeiture <= today) reasons.push(r.owner_known ? DispositionReason.OWNER_NOTIFIED_1Y : DispositionReason.OWNER_UNKNOWN_5Y);
      return { itemId: r.id, code: r.code, kind: r.kind, description: r.description, caseNumber: r.case_number, status: r.status, reviewDate: review, forfeitureDate: forfeiture, reasons };
    });
    return { asOf: today, items, total, page, pageSize };
  }

  /**
   * How many evidence items held at `heldAt` are due for disposition on the Thai day `day` (the O23
   * report: the period's last day, items held at the period's end), so a past month's figure does not
   * change as later data arrives.
   */
  async dueCount(stationId: string, day: string, heldAt: Date): Promise<number> {
    const [row] = await this.dataSource.query(
      `${TIMERS_CTE('$2', '$3')} SELECT count(*) AS n FROM timers WHERE review_date <= $1::date OR forfeiture_date <= $1::date`,
      [day, stationId, heldAt],
    );
    return Number(row.n);
  }

  /**
   * Evidence firearms not checked since the last 1 October: no CONDITION_CHECK event and no FOUND in a
   * closed count since then. The station head checks them before 30 September (ข้อ 53).
   */
  async firearmsUnchecked(ctx: RequestContext, query: PageQueryDto): Promise<Page<UncheckedFirearm> & { since: string; deadline: string }> {
    const { page, pageSize, offset } = paging(query);
    const { since, deadline } = fiscalYearOf(bangkokDate(this.clock.now()));
    const stationId = stationScope(ctx);
    // The first moment of 1 October in Thailand.
    const from = new Date(`${since}T00:00:00+07:00`);
    const { rows, total } = await pageOf(
      this.dataSource.manager,
      `SELECT i.id, i.code, i.description, i.case_number, i.serial_number, i.status, checked.at AS last_checked_at, count(*) OVER () AS total_count
       FROM items i
       LEFT JOIN LATERAL (
         SELECT max(at) AS at FROM (
           SELECT e.at FROM custody_events e WHERE e.item_id = i.id AND e.type = 'CONDITION_CHECK'
           UNION ALL
           SELECT a.closed_at FROM audit_findings f JOIN audit_sessions a ON a.id = f.audit_id WHERE f.item_id = i.id AND f.type = 'FOUND'
         ) c
       ) checked ON true
       WHERE i.category = 'EVIDENCE' AND i.kind = 'firearm' AND i.status <> 'DISPOSED' ${stationId ? 'AND i.station_id = $2' : ''}
         AND (checked.at IS NULL OR checked.at < $1)
       ORDER BY i.code`,
      stationId ? [from, stationId] : [from],
      pageSize,
      offset,
    );
    const items = rows.map((r) => ({
      itemId: r.id,
      code: r.code,
      description: r.description,
      caseNumber: r.case_number,
      serialNumber: r.serial_number,
      status: r.status,
      lastCheckedAt: r.last_checked_at ? (r.last_checked_at as Date).toISOString() : null,
    }));
    return { since, deadline, items, total, page, pageSize };
  }
}
