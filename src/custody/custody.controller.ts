import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, Roles } from '../common/decorators.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { Role } from '../common/roles.js';
import { IdParam } from '../common/validation.js';
import { CreateCustodyEventDto } from './custody.dto.js';
import { CustodyService } from './custody.service.js';

@ApiTags('custody')
@ApiBearerAuth()
@Controller('api')
export class CustodyController {
  constructor(@Inject(CustodyService) private readonly custody: CustodyService) {}

  /** Movements are recorded at the storage-room counter, by its clerk or the duty supervisor. */
  @Post('items/:id/events')
  @Roles(Role.CLERK, Role.SUPERVISOR)
  record(@Ctx() ctx: RequestContext, @IdParam() id: string, @Body() dto: CreateCustodyEventDto) {
    return this.custody.record(ctx, id, dto);
  }

  @Get('items/:id/custody')
  @AnyRole()
  timeline(@Ctx() ctx: RequestContext, @IdParam() id: string) {
    return this.custody.timeline(ctx, id);
  }
}
