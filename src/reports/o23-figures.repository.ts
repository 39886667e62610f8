import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_STATION_SETTINGS } from '../stations/station-settings.js';

/**
 * The O23 figures (DESIGN §6), each one SQL aggregate over [start, end) of one station. Definitions:
 *
 * - An item is **held** at a moment when it was registered before it and had not been closed
 *   (an event to DISPOSED) before it, whether in the store, out on loan or sent out.
 * - **Opening** = held at the start; **received** = registered in the period; **disposed** = closed in
 *   the period; **closing** = held at the end (= opening + received − disposed).
 * - The **value** of an item: unit price × quantity (property), else the donation's estimated value,
 *   else the cash amount, else 0.
 * - The **condition at the end**: the condition of the item's last event with a condition before the
 *   end (INTAKE records the condition at registration; condition checks and returns record changes).
 */
const HELD_AT = (moment: string) => `i.registered_at < ${moment} AND (d.at IS NULL OR d.at >= ${moment})`;
const CLOSED = `(SELECT item_id, min(at) AS at FROM custody_events WHERE station_id = $1 AND to_status = 'DISPOSED' GROUP BY item_id)`;
const VALUE = `COALESCE((i.details ->> 'unitPrice')::numeric * i.quantity, (i.details ->> 'estimatedValue')::numeric, i.amount, 0)`;

export interface HoldingsRow {
  category: string;
  kind: string;
  opening: number;
  received: number;
  disposed: number;
  closing: number;
  closingValue: number;
  /** Held at the end, by condition at the end. */
  byCondition: Record<string, number>;
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

@Injectable()
export class O23FiguresRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Section 1: holdings and movements by category and kind, with the condition of what is held at the end. */
  async holdings(stationId: string, start: Date, end: Date): Promise<HoldingsRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH d AS ${CLOSED},
       items_at AS (
         SELECT i.category, i.kind, ${VALUE} AS value,
                ${HELD_AT('$2')} AS opening,
                (i.registered_at >= $2 AND i.registered_at < $3) AS received,
                (d.at >= $2 AND d.at < $3) AS disposed,
                ${HELD_AT('$3')} AS closing,
                (SELECT e.condition FROM custody_events e WHERE e.item_id = i.id AND e.condition IS NOT NULL AND e.at < $3 ORDER BY e.id DESC LIMIT 1) AS condition_at_end
         FROM items i LEFT JOIN d ON d.item_id = i.id
         WHERE i.station_id = $1 AND i.registered_at < $3
       )
       SELECT g.*, COALESCE(c.by_condition, '{}') AS by_condition
       FROM (
         SELECT category, kind,
                count(*) FILTER (WHERE opening) AS opening, count(*) FILTER (WHERE received) AS received,
                count(*) FILTER (WHERE disposed) AS disposed, count(*) FILTER (WHERE closing) AS closing,
                COALESCE(sum(value) FILTER (WHERE closing), 0) AS closing_value
         FROM items_at GROUP BY category, kind
       ) g
       LEFT JOIN (
         SELECT category, kind, jsonb_object_agg(condition_at_end, n) AS by_condition
         FROM (SELECT category, kind, condition_at_end, count(*) AS n FROM items_at WHERE closing GROUP BY 1, 2, 3) y
         GROUP BY category, kind
       ) c USING (category, kind)
       ORDER BY category, kind`,
      [stationId, start, end],
    );
    return rows.map((r) => ({
      category: r.category as string,
      kind: r.kind as string,
      opening: num(r.opening),
      received: num(r.received),
      disposed: num(r.disposed),
      closing: num(r.closing),
      closingValue: num(r.closing_value),
      byCondition: Object.fromEntries(Object.entries(r.by_condition as Record<string, number>).map(([k, n]) => [k, Number(n)])),
    }));
  }

  /**
   * Section 2: loans. Requested, approved and rejected count decisions made in the period (a loan
   * approved then cancelled still counts as approved); issued counts issues in the period; returned on
   * time / late count loans whose last item came back in the period, by its due time; outstanding counts
   * loans issued before the end and not all back by then (overdue: past due at the end); escalated
   * counts loans whose escalation moment (due + the station's overdueEscalationDays) fell in the period
   * while they were still out.
   */
  async loans(stationId: string, start: Date, end: Date) {
    const [r] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE l.requested_at >= $2 AND l.requested_at < $3) AS requested,
              count(*) FILTER (WHERE l.decided_at >= $2 AND l.decided_at < $3 AND l.status <> 'REJECTED') AS approved,
              count(*) FILTER (WHERE l.decided_at >= $2 AND l.decided_at < $3 AND l.status = 'REJECTED') AS rejected,
              count(*) FILTER (WHERE l.cancelled_at >= $2 AND l.cancelled_at < $3) AS cancelled,
              count(*) FILTER (WHERE l.issued_at >= $2 AND l.issued_at < $3) AS issued,
              count(*) FILTER (WHERE l.returned_at >= $2 AND l.returned_at < $3 AND l.returned_at <= l.due_at) AS returned_on_time,
              count(*) FILTER (WHERE l.returned_at >= $2 AND l.returned_at < $3 AND l.returned_at > l.due_at) AS returned_late,
              count(*) FILTER (WHERE l.issued_at < $3 AND (l.returned_at IS NULL OR l.returned_at >= $3)) AS outstanding,
              count(*) FILTER (WHERE l.issued_at < $3 AND (l.returned_at IS NULL OR l.returned_at >= $3) AND l.due_at < $3) AS overdue_at_end,
              count(*) FILTER (WHERE e.at >= $2 AND e.at < $3 AND l.issued_at < e.at AND (l.returned_at IS NULL OR l.returned_at > e.at)) AS escalated
       FROM loans l
       JOIN stations s ON s.id = l.station_id
       CROSS JOIN LATERAL (SELECT l.due_at + make_interval(days => COALESCE((s.settings ->> 'overdueEscalationDays')::int, ${DEFAULT_STATION_SETTINGS.overdueEscalationDays})) AS at) e
       WHERE l.station_id = $1`,
      [stationId, start, end],
    );
    return {
      requested: num(r.requested),
      approved: num(r.approved),
      rejected: num(r.rejected),
      cancelled: num(r.cancelled),
      issued: num(r.issued),
      returnedOnTime: num(r.returned_on_time),
      returnedLate: num(r.returned_late),
      outstandingAtEnd: num(r.outstanding),
      overdueAtEnd: num(r.overdue_at_end),
      escalated: num(r.escalated),
    };
  }

  /**
   * Section 3: weapons. Days counted: Thai days in the period on which a DAILY_ARMS count was closed.
   * Discrepancies: incidents opened by those counts. Issues and returns: weapons-book lines issued, and
   * lines closed, in the period; unreturned: lines left out when their shift closed in the period.
   */
  async weapons(stationId: string, start: Date, end: Date) {
    const [r] = await this.dataSource.query(
      `SELECT (SELECT count(DISTINCT (a.closed_at AT TIME ZONE 'Asia/Bangkok')::date) FROM audit_sessions a
                WHERE a.station_id = $1 AND a.kind = 'DAILY_ARMS' AND a.status = 'CLOSED' AND a.closed_at >= $2 AND a.closed_at < $3) AS days_counted,
              (SELECT count(*) FROM discrepancies x JOIN audit_sessions a ON a.id = x.audit_id
                WHERE x.station_id = $1 AND a.kind = 'DAILY_ARMS' AND x.created_at >= $2 AND x.created_at < $3) AS count_discrepancies,
              (SELECT count(*) FROM loan_items li WHERE li.station_id = $1 AND li.shift_id IS NOT NULL AND li.issued_at >= $2 AND li.issued_at < $3) AS shift_issues,
              (SELECT count(*) FROM loan_items li WHERE li.station_id = $1 AND li.shift_id IS NOT NULL AND li.closed_at >= $2 AND li.closed_at < $3) AS shift_returns,
              (SELECT count(*) FROM loan_items li JOIN shifts sh ON sh.id = li.shift_id
                WHERE li.station_id = $1 AND li.unreturned_reason IS NOT NULL AND sh.closed_at >= $2 AND sh.closed_at < $3) AS unreturned_at_close`,
      [stationId, start, end],
    );
    return {
      daysCounted: num(r.days_counted),
      countDiscrepancies: num(r.count_discrepancies),
      shiftIssues: num(r.shift_issues),
      shiftReturns: num(r.shift_returns),
      unreturnedAtShiftClose: num(r.unreturned_at_close),
    };
  }

  /**
   * Section 4: donations received in the period (registered) and their value, the commander's decisions
   * in the period (and how many of them had a donor flagged), and those still undecided at the end. What
   * each donation is used for is the donation register's column (GET /api/donations).
   */
  async donations(stationId: string, start: Date, end: Date) {
    const [r] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE i.registered_at >= $2 AND i.registered_at < $3) AS received,
              COALESCE(sum((i.details ->> 'estimatedValue')::numeric) FILTER (WHERE i.registered_at >= $2 AND i.registered_at < $3), 0) AS received_value,
              count(*) FILTER (WHERE a.decided_at >= $2 AND a.decided_at < $3 AND a.decision = 'ACCEPTED') AS accepted,
              count(*) FILTER (WHERE a.decided_at >= $2 AND a.decided_at < $3 AND a.decision = 'DECLINED') AS declined,
              count(*) FILTER (WHERE a.decided_at >= $2 AND a.decided_at < $3 AND jsonb_array_length(a.donor_matches) > 0) AS flagged,
              count(*) FILTER (WHERE i.registered_at < $3 AND (a.item_id IS NULL OR a.decided_at >= $3)) AS pending_at_end
       FROM items i LEFT JOIN donation_acceptances a ON a.item_id = i.id
       WHERE i.station_id = $1 AND i.category = 'DONATION'`,
      [stationId, start, end],
    );
    return {
      received: num(r.received),
      receivedValue: num(r.received_value),
      accepted: num(r.accepted),
      declined: num(r.declined),
      flaggedDonors: num(r.flagged),
      pendingAtEnd: num(r.pending_at_end),
    };
  }

  /**
   * Section 5: evidence. Received: registered in the period; sent out / returned / disposed: SEND_OUT,
   * RECEIVE_BACK and closing events in the period; held at the end (all, and HIGH risk).
   */
  async evidence(stationId: string, start: Date, end: Date) {
    const [r] = await this.dataSource.query(
      `WITH d AS ${CLOSED}
       SELECT count(*) FILTER (WHERE i.registered_at >= $2 AND i.registered_at < $3) AS received,
              (SELECT count(*) FROM custody_events e JOIN items x ON x.id = e.item_id
                WHERE e.station_id = $1 AND x.category = 'EVIDENCE' AND e.type = 'SEND_OUT' AND e.at >= $2 AND e.at < $3) AS sent_out,
              (SELECT count(*) FROM custody_events e JOIN items x ON x.id = e.item_id
                WHERE e.station_id = $1 AND x.category = 'EVIDENCE' AND e.type = 'RECEIVE_BACK' AND e.at >= $2 AND e.at < $3) AS returned,
              count(*) FILTER (WHERE d.at >= $2 AND d.at < $3) AS disposed,
              count(*) FILTER (WHERE ${HELD_AT('$3')}) AS held_at_end,
              count(*) FILTER (WHERE ${HELD_AT('$3')} AND i.risk_class = 'HIGH') AS high_risk_held
       FROM items i LEFT JOIN d ON d.item_id = i.id
       WHERE i.station_id = $1 AND i.category = 'EVIDENCE'`,
      [stationId, start, end],
    );
    return {
      received: num(r.received),
      sentOut: num(r.sent_out),
      returned: num(r.returned),
      disposed: num(r.disposed),
      heldAtEnd: num(r.held_at_end),
      highRiskHeldAtEnd: num(r.high_risk_held),
    };
  }

  /**
   * Section 6: counts closed in the period by kind, and incidents: opened and resolved in the period,
   * open at the end (opened before it and not resolved before it).
   */
  async auditsAndIncidents(stationId: string, start: Date, end: Date) {
    const [r] = await this.dataSource.query(
      `SELECT (SELECT COALESCE(jsonb_object_agg(kind, n), '{}') FROM (
                 SELECT kind, count(*) AS n FROM audit_sessions
                 WHERE station_id = $1 AND status = 'CLOSED' AND closed_at >= $2 AND closed_at < $3 GROUP BY kind) k) AS counts_by_kind,
              (SELECT count(*) FROM discrepancies WHERE station_id = $1 AND created_at >= $2 AND created_at < $3) AS opened,
              (SELECT count(*) FROM discrepancies WHERE station_id = $1 AND resolved_at >= $2 AND resolved_at < $3) AS resolved,
              (SELECT count(*) FROM discrepancies WHERE station_id = $1 AND created_at < $3 AND (resolved_at IS NULL OR resolved_at >= $3)) AS open_at_end`,
      [stationId, start, end],
    );
    return {
      countsClosedByKind: Object.fromEntries(Object.entries(r.counts_by_kind as Record<string, number>).map(([k, n]) => [k, Number(n)])),
      incidentsOpened: num(r.opened),
      incidentsResolved: num(r.resolved),
      incidentsOpenAtEnd: num(r.open_at_end),
    };
  }

  /** Section 7: the station's audit-log chain as it stood at the end of the period (its last entry before the end). */
  async chainAtEnd(chainKey: string, end: Date): Promise<{ entriesAtEnd: number; headSeqAtEnd: number; headHashAtEnd: string | null }> {
    const [r] = await this.dataSource.query(
      `SELECT seq, hash FROM audit_log WHERE chain_key = $1 AND at < $2 ORDER BY seq DESC LIMIT 1`,
      [chainKey, end],
    );
    return { entriesAtEnd: r ? Number(r.seq) : 0, headSeqAtEnd: r ? Number(r.seq) : 0, headHashAtEnd: r ? String(r.hash).trim() : null };
  }
}
