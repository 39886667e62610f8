import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, WebPages } from '../../common/decorators.js';
import { UnprocessableError } from '../../common/errors.js';
import { O23IssueService } from '../../reports/o23-issue.service.js';
import { O23_FORMATS } from '../../reports/reports.dto.js';
import { Page, type PageContext } from '../page-context.js';
import { sendPage } from '../respond.js';
import { ChainEntryLookup } from './chain-entry.lookup.js';
import { issuedListPage, issuedPage } from './issued.view.js';
import { periodFields } from './report-period.js';
import { flashOf, REPORT_READERS, sendFile } from './report-parts.js';
import { PageIdParam, pageParam } from '../parts.js';

const PAGE_SIZE = 25;

/** Issued O23 reports: the list, one report with its frozen figures, and its stored files byte for byte. */
@ApiExcludeController()
@WebPages()
@Controller('reports/issued')
export class IssuedPagesController {
  constructor(
    @Inject(O23IssueService) private readonly issued: O23IssueService,
    @Inject(ChainEntryLookup) private readonly chain: ChainEntryLookup,
  ) {}

  @Get()
  @Roles(...REPORT_READERS)
  async list(@Page() page: PageContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const list = await this.issued.list(page.ctx, { page: pageParam(query.page), pageSize: PAGE_SIZE });
    sendPage(res, issuedListPage(page, list));
  }

  @Get(':id')
  @Roles(...REPORT_READERS)
  async show(@Page() page: PageContext, @PageIdParam() id: string, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const report = await this.issued.get(page.ctx, id);
    const [versions, chainNow] = await Promise.all([
      report.superseded ? this.issued.list(page.ctx, { ...periodFields(report.period), pageSize: 1 }) : null,
      report.chainHead.hash ? this.chain.compare(page.user!.stationId!, report.chainHead.seq, report.chainHead.hash) : null,
    ]);
    sendPage(res, issuedPage(page, { report, latest: versions?.items[0] ?? null, chainNow, flash: flashOf(page, query) }));
  }

  /** The stored file as issued; `X-Content-SHA256` repeats the published hash, as the API sends it. */
  @Get(':id/file')
  @Roles(...REPORT_READERS)
  async file(@Page() page: PageContext, @PageIdParam() id: string, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const format = O23_FORMATS.find((f) => f === query.format);
    if (!format) throw new UnprocessableError('FORMAT_INVALID', 'format must be pdf or xlsx', page.m.reports.registers.formatInvalid);
    const file = await this.issued.file(page.ctx, id, format);
    sendFile(res, file, { 'X-Content-SHA256': file.sha256, ETag: `"${file.sha256}"` });
  }
}
