import { Body, Controller, Get, Inject, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/decorators.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { Role } from '../common/roles.js';
import { O23NoteDto, O23PeriodQueryDto } from './reports.dto.js';
import { ReportsService } from './reports.service.js';

/** Who prepares, checks, approves and assesses the report. */
const REPORT_READERS = [Role.CLERK, Role.SUPERVISOR, Role.COMMANDER, Role.AUDITOR];

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class ReportsController {
  constructor(@Inject(ReportsService) private readonly reports: ReportsService) {}

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
}
