import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, Roles } from '../common/decorators.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { IdParam } from '../common/validation.js';
import { AuditScanDto, CloseAuditDto, CreateAuditDto, ListAuditsQueryDto } from './audits.dto.js';
import { AuditsService, COUNTING_ROLES } from './audits.service.js';

/** Who counts: the clerk, the supervisor, the commander and the auditor. */
const COUNTERS = COUNTING_ROLES;

@ApiTags('audits')
@ApiBearerAuth()
@Controller('api/audits')
export class AuditsController {
  constructor(@Inject(AuditsService) private readonly audits: AuditsService) {}

  @Post()
  @Roles(...COUNTERS)
  start(@Ctx() ctx: RequestContext, @Body() dto: CreateAuditDto) {
    return this.audits.start(ctx, dto);
  }

  @Get()
  @AnyRole()
  list(@Ctx() ctx: RequestContext, @Query() query: ListAuditsQueryDto) {
    return this.audits.list(ctx, query);
  }

  @Get(':id')
  @AnyRole()
  get(@Ctx() ctx: RequestContext, @IdParam() id: string) {
    return this.audits.get(ctx, id);
  }

  /** What the count expects to find; withheld while a blind count is open. */
  @Get(':id/expected')
  @AnyRole()
  expected(@Ctx() ctx: RequestContext, @IdParam() id: string) {
    return this.audits.expected(ctx, id);
  }

  @Post(':id/scans')
  @Roles(...COUNTERS)
  scan(@Ctx() ctx: RequestContext, @IdParam() id: string, @Body() dto: AuditScanDto) {
    return this.audits.scan(ctx, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...COUNTERS)
  close(@Ctx() ctx: RequestContext, @IdParam() id: string, @Body() dto: CloseAuditDto) {
    return this.audits.close(ctx, id, dto);
  }
}
