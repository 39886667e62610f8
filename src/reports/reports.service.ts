import { Inject, Injectable } from '@nestjs/common';
import { AuditLogService, chainKeyOf } from '../audit-log/audit-log.service.js';
import { ownStation, type RequestContext } from '../common/request-context.js';
import { bangkokDate, EvidenceTimersService } from '../evidence/evidence-timers.service.js';
import { StationsRepository } from '../stations/stations.repository.js';
import { O23FiguresRepository } from './o23-figures.repository.js';
import { parsePeriod } from './o23-period.js';
import type { O23PeriodQueryDto } from './reports.dto.js';

/**
 * The O23 report's figures (DESIGN §6 sections 1–7), each from one SQL aggregate (definitions next to the
 * queries in O23FiguresRepository). The PDF and XLSX render these same figures.
 */
@Injectable()
export class ReportsService {
  constructor(
    @Inject(O23FiguresRepository) private readonly figures: O23FiguresRepository,
    @Inject(EvidenceTimersService) private readonly timers: EvidenceTimersService,
    @Inject(StationsRepository) private readonly stations: StationsRepository,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
  ) {}

  async o23Figures(ctx: RequestContext, query: O23PeriodQueryDto) {
    const stationId = ownStation(ctx);
    const period = parsePeriod(query);
    const station = (await this.stations.findById(stationId))!;
    const { start, end } = period;
    const lastDay = bangkokDate(new Date(end.getTime() - 1));
    const [holdings, loans, weapons, donations, evidence, dueForDisposition, auditsAndIncidents, chain, verification] = await Promise.all([
      this.figures.holdings(stationId, start, end),
      this.figures.loans(stationId, start, end),
      this.figures.weapons(stationId, start, end),
      this.figures.donations(stationId, start, end),
      this.figures.evidence(stationId, start, end),
      this.timers.dueCount(stationId, lastDay, end),
      this.figures.auditsAndIncidents(stationId, start, end),
      this.figures.chainAtEnd(chainKeyOf(stationId), end),
      this.auditLog.verify(stationId),
    ]);
    const totals = holdings.reduce(
      (t, r) => ({ opening: t.opening + r.opening, received: t.received + r.received, disposed: t.disposed + r.disposed, closing: t.closing + r.closing, closingValue: t.closingValue + r.closingValue }),
      { opening: 0, received: 0, disposed: 0, closing: 0, closingValue: 0 },
    );
    return {
      station: { id: station.id, code: station.code, nameTh: station.nameTh, nameEn: station.nameEn },
      period: { from: period.from, to: period.to, start: start.toISOString(), end: end.toISOString(), months: period.months, days: period.days },
      holdings: { rows: holdings, totals },
      loans,
      weapons: { ...weapons, daysInPeriod: period.days },
      donations,
      evidence: { ...evidence, dueForDispositionAtEnd: dueForDisposition },
      auditsAndIncidents,
      auditLog: { verified: verification.ok, firstBadSeq: verification.firstBadSeq, entriesNow: verification.entries, ...chain },
    };
  }
}
