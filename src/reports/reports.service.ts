import { Inject, Injectable } from '@nestjs/common';
import { AuditLogService, chainKeyOf } from '../audit-log/audit-log.service.js';
import { ownStation, type RequestContext } from '../common/request-context.js';
import { bangkokDate, EvidenceTimersService } from '../evidence/evidence-timers.service.js';
import { StationsRepository } from '../stations/stations.repository.js';
import { O23FiguresRepository } from './o23-figures.repository.js';
import { parsePeriod } from './o23-period.js';
import { renderO23Xlsx } from './o23-xlsx.renderer.js';
import type { O23NoteDto, O23PeriodQueryDto, O23ReportQueryDto } from './reports.dto.js';
import { renderO23Pdf } from './o23-pdf.renderer.js';
import type { O23IssueStamp } from './o23-labels.js';
import { settingsOf } from '../stations/station-settings.js';
import { O23Note } from './o23-note.entity.js';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { TransactionService } from '../database/transaction.service.js';

/**
 * The O23 report's figures (DESIGN §6 sections 1–7), each from one SQL aggregate (definitions next to the
 * queries in O23FiguresRepository), and section 8, the clerk's text. The PDF and XLSX render these.
 */
@Injectable()
export class ReportsService {
  constructor(
    @Inject(O23FiguresRepository) private readonly figures: O23FiguresRepository,
    @Inject(EvidenceTimersService) private readonly timers: EvidenceTimersService,
    @Inject(StationsRepository) private readonly stations: StationsRepository,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
    @Inject(TransactionService) private readonly tx: TransactionService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Section 8 for a period: the clerk's text, or null while none is written. */
  async o23Note(ctx: RequestContext, query: O23PeriodQueryDto) {
    const stationId = ownStation(ctx);
    const period = parsePeriod(query);
    return { from: period.from, to: period.to, note: await this.noteOf(stationId, period.from, period.to) };
  }

  private async noteOf(stationId: string, from: string, to: string) {
    const note = await this.dataSource.getRepository(O23Note).findOneBy({ stationId, periodFrom: from, periodTo: to });
    return note ? { problems: note.problems, correctiveAction: note.correctiveAction, updatedBy: note.updatedBy, updatedAt: note.updatedAt.toISOString() } : null;
  }

  /** The clerk writes (or rewrites) section 8 before the report is issued; each save is on the audit chain. */
  async saveO23Note(ctx: RequestContext, query: O23PeriodQueryDto, dto: O23NoteDto) {
    const stationId = ownStation(ctx);
    const period = parsePeriod(query);
    return this.tx.run(async (em) => {
      const repo = em.getRepository(O23Note);
      const before = await repo.createQueryBuilder('n').setLock('pessimistic_write').where('n.station_id = :stationId AND n.period_from = :from AND n.period_to = :to', { stationId, from: period.from, to: period.to }).getOne();
      const row = { stationId, periodFrom: period.from, periodTo: period.to, problems: dto.problems, correctiveAction: dto.correctiveAction, updatedBy: ctx.actor!.id, updatedAt: this.clock.now() };
      if (before) await repo.update({ stationId, periodFrom: period.from, periodTo: period.to }, row);
      else await repo.insert(row);
      await this.auditLog.append(em, ctx, {
        stationId,
        action: 'O23_NOTE_SAVED',
        entityType: 'o23_note',
        entityId: `${period.from}..${period.to}`,
        before: before ? { problems: before.problems, correctiveAction: before.correctiveAction } : null,
        after: { problems: dto.problems, correctiveAction: dto.correctiveAction },
      });
      return { from: period.from, to: period.to, note: { problems: row.problems, correctiveAction: row.correctiveAction, updatedBy: row.updatedBy, updatedAt: row.updatedAt.toISOString() } };
    });
  }

  /** The report as a file (a draft: the issued ones are stored): the same figures object rendered as PDF or XLSX, so both say the same. */
  async o23File(ctx: RequestContext, query: O23ReportQueryDto): Promise<{ filename: string; contentType: string; body: Buffer }> {
    const figures = await this.o23Figures(ctx, query);
    const body = query.format === 'pdf' ? await this.renderPdf(figures, this.clock.now()) : await renderO23Xlsx(figures, this.clock.now());
    return { filename: o23Filename(figures.station.code, figures.period.from, figures.period.to, query.format), contentType: O23_CONTENT_TYPES[query.format], body };
  }

  /** The PDF in the station's settings (Thai numerals, ITA item); `issue` stamps it as issued instead of a draft. */
  async renderPdf(figures: O23Figures, at: Date, issue?: O23IssueStamp): Promise<Buffer> {
    const settings = settingsOf((await this.stations.findById(figures.station.id))!);
    return renderO23Pdf(figures, { generatedAt: at, thaiNumerals: settings.thaiNumerals, itaItemNumber: settings.itaItemNumber, issue });
  }

  async o23Figures(ctx: RequestContext, query: O23PeriodQueryDto) {
    const stationId = ownStation(ctx);
    const period = parsePeriod(query);
    const station = (await this.stations.findById(stationId))!;
    const { start, end } = period;
    const lastDay = bangkokDate(new Date(end.getTime() - 1));
    const [holdings, loans, weapons, donations, evidence, dueForDisposition, auditsAndIncidents, chain, verification, note] = await Promise.all([
      this.figures.holdings(stationId, start, end),
      this.figures.loans(stationId, start, end),
      this.figures.weapons(stationId, start, end),
      this.figures.donations(stationId, start, end),
      this.figures.evidence(stationId, start, end),
      this.timers.dueCount(stationId, lastDay, end),
      this.figures.auditsAndIncidents(stationId, start, end),
      this.figures.chainAtEnd(chainKeyOf(stationId), end),
      // Only the rows since the last verification that held: the whole chain is millions of rows at scale.
      this.auditLog.verify(stationId, { since: 'checkpoint', record: false }),
      this.noteOf(stationId, period.from, period.to),
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
      auditLog: { verified: verification.ok, firstBadSeq: verification.firstBadSeq, entriesNow: verification.entries, verifiedSince: verification.since ?? null, ...chain },
      problems: note,
    };
  }
}

/** The O23 figures as answered, and as the XLSX and the PDF render them. */
export type O23Figures = Awaited<ReturnType<ReportsService['o23Figures']>>;

export const O23_CONTENT_TYPES = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** "O23-STA-2568-01.pdf", "O23-STA-2567-10_2568-03-v2.xlsx" */
export function o23Filename(stationCode: string, from: string, to: string, format: keyof typeof O23_CONTENT_TYPES, version?: number): string {
  return `O23-${stationCode}-${from === to ? from : `${from}_${to}`}${version ? `-v${version}` : ''}.${format}`;
}
