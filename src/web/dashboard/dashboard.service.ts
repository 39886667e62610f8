import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLogService, type ChainVerification } from '../../audit-log/audit-log.service.js';
import { Clock } from '../../common/clock.js';
import { bangkokDate } from '../../evidence/evidence-timers.service.js';
import { IncidentsRepository } from '../../incidents/incidents.repository.js';
import { LoanListStatus } from '../../loans/loan.enums.js';
import { LoansRepository } from '../../loans/loans.repository.js';

/** A station's chain is verified at most this often for the dashboard; the verify page always recomputes. */
const VERIFY_TTL_MS = 5 * 60_000;
/** Past this, the dashboard says the check is running instead of waiting for it. */
const VERIFY_WAIT_MS = 2_000;

export interface ChainState {
  result: ChainVerification | null;
  checkedAt: Date | null;
}

/** The commander's overview: each figure one SQL aggregate over the caller's station. */
@Injectable()
export class DashboardService {
  private readonly chains = new Map<string, { at: Date; result?: ChainVerification; pending?: Promise<ChainVerification> }>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IncidentsRepository) private readonly incidents: IncidentsRepository,
    @Inject(LoansRepository) private readonly loans: LoansRepository,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Items by category and status (closed ones included: a register never loses a row). */
  async itemsByCategoryAndStatus(stationId: string): Promise<{ category: string; status: string; n: number }[]> {
    return this.dataSource.query('SELECT category, status, count(*)::int AS n FROM items WHERE station_id = $1 GROUP BY category, status ORDER BY category, status', [stationId]);
  }

  /** Loans waiting for a decision, and loans out past their due time, as the loan lists count them. */
  async loanCounts(stationId: string): Promise<{ awaitingApproval: number; overdue: number }> {
    const base = { stationId, now: this.clock.now(), offset: 0, limit: 1 };
    const [awaiting, overdue] = await Promise.all([
      this.loans.list({ ...base, statuses: [LoanListStatus.REQUESTED] }),
      this.loans.list({ ...base, statuses: [LoanListStatus.OVERDUE] }),
    ]);
    return { awaitingApproval: awaiting.total, overdue: overdue.total };
  }

  openIncidents(stationId: string): Promise<number> {
    return this.incidents.counts(stationId).then((c) => c.open);
  }

  /**
   * This month's daily arms counts: the days before today (since the station was set up) without a
   * closed DAILY_ARMS count, and whether today's is done (Thai days).
   */
  async armsCountThisMonth(stationId: string): Promise<{ daysBeforeToday: number; missedDays: number; countedToday: boolean }> {
    const today = bangkokDate(this.clock.now());
    const [r] = await this.dataSource.query(
      `WITH first_day AS (
         SELECT greatest(date_trunc('month', $2::date)::date, (created_at AT TIME ZONE 'Asia/Bangkok')::date) AS day FROM stations WHERE id = $1),
       counted AS (
         SELECT DISTINCT (closed_at AT TIME ZONE 'Asia/Bangkok')::date AS day FROM audit_sessions
         WHERE station_id = $1 AND kind = 'DAILY_ARMS' AND status = 'CLOSED'
           AND closed_at >= (date_trunc('month', $2::date) AT TIME ZONE 'Asia/Bangkok'))
       SELECT (SELECT count(*) FROM counted, first_day f WHERE counted.day < $2::date AND counted.day >= f.day)::int AS counted_before,
              EXISTS (SELECT 1 FROM counted WHERE day = $2::date) AS counted_today,
              greatest(0, $2::date - (SELECT day FROM first_day))::int AS days_before`,
      [stationId, today],
    );
    return { daysBeforeToday: r.days_before, missedDays: r.days_before - r.counted_before, countedToday: r.counted_today };
  }

  /** The last verification of the station's chain, recomputed when older than a few minutes. */
  async chainState(stationId: string): Promise<ChainState> {
    const now = this.clock.now();
    let entry = this.chains.get(stationId);
    if (!entry || (!entry.pending && now.getTime() - entry.at.getTime() > VERIFY_TTL_MS)) {
      const pending = this.auditLog.verify(stationId, { since: 'checkpoint', record: false });
      entry = { at: entry?.at ?? now, result: entry?.result, pending };
      this.chains.set(stationId, entry);
      pending.then(
        (result) => this.chains.set(stationId, { at: this.clock.now(), result }),
        () => this.chains.delete(stationId),
      );
    }
    if (entry.pending && !entry.result) {
      const result = await Promise.race([entry.pending, new Promise<null>((r) => setTimeout(() => r(null), VERIFY_WAIT_MS).unref())]);
      return { result, checkedAt: result ? this.clock.now() : null };
    }
    return { result: entry.result ?? null, checkedAt: entry.result ? entry.at : null };
  }
}
