import { Body, Controller, Get, Inject, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/decorators.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { Role } from '../common/roles.js';
import { IdParam } from '../common/validation.js';
import { O23IssueService } from './o23-issue.service.js';
import { IssuedO23ListQueryDto, IssueO23Dto, O23FileQueryDto, O23NoteDto, O23PeriodQueryDto, O23ReportQueryDto } from './reports.dto.js';
import { ReportsService } from './reports.service.js';

/** Who prepares, checks, approves and assesses the report. */
const REPORT_READERS = [Role.CLERK, Role.SUPERVISOR, Role.COMMANDER, Role.AUDITOR];

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class ReportsController {
  constructor(
    @Inject(ReportsService) private readonly reports: ReportsService,
    @Inject(O23IssueService) private readonly issued: O23IssueService,
  ) {}

  /** The O23 report as a draft file for a month or a range: `?period=2568-01&format=pdf|xlsx`. */
  @Get('o23')
  @Roles(...REPORT_READERS)
  @ApiProduces('application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async o23(@Ctx() ctx: RequestContext, @Query() query: O23ReportQueryDto, @Res() res: Response) {
    const file = await this.reports.o23File(ctx, query);
    res.type(file.contentType).setHeader('Content-Disposition', `attachment; filename="${file.filename}"`).setHeader('Cache-Control', 'no-store').send(file.body);
  }

  /** The figures of the O23 report for a month or a range of months, as JSON (the preview; PDF and XLSX render them). */
  @Get('o23/figures')
  @Roles(...REPORT_READERS)
  o23Figures(@Ctx() ctx: RequestContext, @Query() query: O23PeriodQueryDto) {
    return this.reports.o23Figures(ctx, query);
  }

  @Get('o23/notes')
  @Roles(...REPORT_READERS)
  o23Note(@Ctx() ctx: RequestContext, @Query() query: O23PeriodQueryDto) {
    return this.reports.o23Note(ctx, query);
  }

  /** Section 8 is the clerk's to write (the supervisor may correct it) before the commander issues the report. */
  @Put('o23/notes')
  @Roles(Role.CLERK, Role.SUPERVISOR)
  saveO23Note(@Ctx() ctx: RequestContext, @Query() query: O23PeriodQueryDto, @Body() dto: O23NoteDto) {
    return this.reports.saveO23Note(ctx, query, dto);
  }

  /** The commander freezes the period's report: figures, PDF and XLSX with their SHA-256 and the chain head. */
  @Post('o23/issue')
  @Roles(Role.COMMANDER)
  issue(@Ctx() ctx: RequestContext, @Body() dto: IssueO23Dto) {
    return this.issued.issue(ctx, dto);
  }

  @Get('o23/issued')
  @Roles(...REPORT_READERS)
  listIssued(@Ctx() ctx: RequestContext, @Query() query: IssuedO23ListQueryDto) {
    return this.issued.list(ctx, query);
  }

  @Get('o23/issued/:id')
  @Roles(...REPORT_READERS)
  getIssued(@Ctx() ctx: RequestContext, @IdParam() id: string) {
    return this.issued.get(ctx, id);
  }

  /** The issued file byte for byte; `X-Content-SHA256` repeats the hash that was published. */
  @Get('o23/issued/:id/file')
  @Roles(...REPORT_READERS)
  @ApiProduces('application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async issuedFile(@Ctx() ctx: RequestContext, @IdParam() id: string, @Query() query: O23FileQueryDto, @Res() res: Response) {
    const file = await this.issued.file(ctx, id, query.format);
    res
      .type(file.contentType)
      .setHeader('Content-Disposition', `attachment; filename="${file.filename}"`)
      .setHeader('X-Content-SHA256', file.sha256)
      .setHeader('ETag', `"${file.sha256}"`)
      .send(file.body);
  }
}
