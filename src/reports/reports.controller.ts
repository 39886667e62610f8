import { Body, Controller, Get, Inject, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/decorators.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { Role } from '../common/roles.js';
import { O23NoteDto, O23PeriodQueryDto, O23ReportQueryDto } from './reports.dto.js';
import { ReportsService } from './reports.service.js';

/** Who prepares, checks, approves and assesses the report. */
const REPORT_READERS = [Role.CLERK, Role.SUPERVISOR, Role.COMMANDER, Role.AUDITOR];

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class ReportsController {
  constructor(@Inject(ReportsService) private readonly reports: ReportsService) {}

  /** The figures of the O23 report for a month or a range of months, as JSON (the preview; PDF and XLSX render them). */
  /** The O23 report as a file for a month or a range: `?period=2568-01&format=pdf|xlsx`. */
  @Get('o23')
  @Roles(...REPORT_READERS)
  @ApiProduces('application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async o23(@Ctx() ctx: RequestContext, @Query() query: O23ReportQueryDto, @Res() res: Response) {
    const file = await this.reports.o23File(ctx, query);
    res.type(file.contentType).setHeader('Content-Disposition', `attachment; filename="${file.filename}"`).setHeader('Cache-Control', 'no-store').send(file.body);
  }

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
}
