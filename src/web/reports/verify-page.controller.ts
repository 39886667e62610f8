import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditLogService } from '../../audit-log/audit-log.service.js';
import { Clock } from '../../common/clock.js';
import { AnyRole, WebPages } from '../../common/decorators.js';
import { O23IssueService } from '../../reports/o23-issue.service.js';
import { StationsService } from '../../stations/stations.service.js';
import { type FieldErrors, given } from '../forms.js';
import { Page, type PageContext } from '../page-context.js';
import { sendPage } from '../respond.js';
import { ChainEntryLookup } from './chain-entry.lookup.js';
import { REPORT_READERS } from './report-parts.js';
import { adminVerifyPage, type ManualCheck, stationVerifyPage } from './verify.view.js';
import { pageParam } from '../parts.js';

/** Issued reports compared on the page; older ones are on their own pages. */
const REPORTS_SHOWN = 6;
/** Stations verified per page for the administrator: each is a whole-chain recomputation. */
const STATIONS_PER_PAGE = 20;

/**
 * GET /audit-log/verify: the caller's station chain recomputed now (DESIGN §4) and said plainly, with
 * the chain heads of the station's issued O23 reports compared against it; for the administrator, the
 * system chain and every station's.
 */
@ApiExcludeController()
@WebPages()
@Controller('audit-log')
export class VerifyPageController {
  constructor(
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
    @Inject(O23IssueService) private readonly issued: O23IssueService,
    @Inject(StationsService) private readonly stations: StationsService,
    @Inject(ChainEntryLookup) private readonly chain: ChainEntryLookup,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Get('verify')
  @AnyRole()
  async verify(@Page() page: PageContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const stationId = page.user!.stationId;
    if (!stationId) return this.admin(page, query, res);
    const [result, station, reports, manual] = await Promise.all([
      this.auditLog.verify(stationId),
      this.stations.get(page.ctx, stationId),
      page.can(...REPORT_READERS) ? this.reportsChecked(page, stationId) : null,
      this.manual(page, stationId, query),
    ]);
    sendPage(res, stationVerifyPage(page, { stationName: station.nameTh, result, checkedAt: this.clock.now(), reports, manual }), manual.errors ? 422 : 200);
  }

  private async reportsChecked(page: PageContext, stationId: string) {
    const [list, tip] = await Promise.all([this.issued.list(page.ctx, { pageSize: REPORTS_SHOWN }), this.chain.tip(stationId)]);
    return Promise.all(
      list.items.map(async (report) => ({ report, check: report.chainHead.hash ? await this.chain.compare(stationId, report.chainHead.seq, report.chainHead.hash, tip) : null })),
    );
  }

  /** `?seq=&hash=` typed from a printed report. */
  private async manual(page: PageContext, stationId: string, query: Record<string, unknown>): Promise<ManualCheck> {
    const m = page.m.reports.verify;
    const seqText = given(query.seq);
    const hashText = given(query.hash);
    const values = { seq: seqText, hash: hashText };
    if (seqText === undefined && hashText === undefined) return { values, errors: null, result: null };
    const errors: FieldErrors = {};
    const seq = seqText && /^\d{1,15}$/.test(seqText.replace(/,/g, '')) ? Number(seqText.replace(/,/g, '')) : null;
    if (seq === null || seq < 1) errors.seq = m.seqInvalid;
    if (!hashText || !/^[0-9a-f]{64}$/i.test(hashText)) errors.hash = m.hashInvalid;
    if (Object.keys(errors).length) return { values, errors, result: null };
    return { values, errors: null, result: { seq: seq!, check: await this.chain.compare(stationId, seq!, hashText!) } };
  }

  private async admin(page: PageContext, query: Record<string, unknown>, res: Response) {
    const [system, list] = await Promise.all([this.auditLog.verify(null), this.stations.list(page.ctx, { page: pageParam(query.page), pageSize: STATIONS_PER_PAGE })]);
    const items = await Promise.all(list.items.map(async (station) => ({ station, result: await this.auditLog.verify(station.id) })));
    sendPage(res, adminVerifyPage(page, { system, stations: { ...list, items }, checkedAt: this.clock.now() }));
  }
}
