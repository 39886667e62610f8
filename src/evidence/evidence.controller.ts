import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole } from '../common/decorators.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { PageQueryDto } from '../common/validation.js';
import { EvidenceTimersService } from './evidence-timers.service.js';

@ApiTags('evidence')
@ApiBearerAuth()
@Controller('api/evidence')
export class EvidenceController {
  constructor(@Inject(EvidenceTimersService) private readonly timers: EvidenceTimersService) {}

  /** Evidence due for review or forfeited under ข้อ 47 (1 year after the owner was told, 5 with the owner unknown). */
  @Get('due-for-disposition')
  @AnyRole()
  due(@Ctx() ctx: RequestContext, @Query() query: PageQueryDto) {
    return this.timers.dueForDisposition(ctx, query);
  }

  /** Evidence firearms not checked since the last 1 October, to check before 30 September (ข้อ 53). */
  @Get('firearms-unchecked')
  @AnyRole()
  firearms(@Ctx() ctx: RequestContext, @Query() query: PageQueryDto) {
    return this.timers.firearmsUnchecked(ctx, query);
  }
}
