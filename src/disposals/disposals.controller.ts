import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, Roles } from '../common/decorators.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { Role } from '../common/roles.js';
import { IdParam } from '../common/validation.js';
import { CreateDisposalDto, DisposalDecisionDto, ExecuteDisposalDto, ListDisposalsQueryDto } from './disposals.dto.js';
import { DisposalsService } from './disposals.service.js';

@ApiTags('disposals')
@ApiBearerAuth()
@Controller('api/disposals')
export class DisposalsController {
  constructor(@Inject(DisposalsService) private readonly disposals: DisposalsService) {}

  /** The custodian (clerk), the investigator of the case, or the supervisor asks. */
  @Post()
  @Roles(Role.CLERK, Role.INVESTIGATOR, Role.SUPERVISOR)
  request(@Ctx() ctx: RequestContext, @Body() dto: CreateDisposalDto) {
    return this.disposals.request(ctx, dto);
  }

  @Get()
  @AnyRole()
  list(@Ctx() ctx: RequestContext, @Query() query: ListDisposalsQueryDto) {
    return this.disposals.list(ctx, query);
  }

  @Get(':id')
  @AnyRole()
  get(@Ctx() ctx: RequestContext, @IdParam() id: string) {
    return this.disposals.get(ctx, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles(Role.COMMANDER)
  approve(@Ctx() ctx: RequestContext, @IdParam() id: string, @Body() dto: DisposalDecisionDto) {
    return this.disposals.approve(ctx, id, dto);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles(Role.COMMANDER)
  reject(@Ctx() ctx: RequestContext, @IdParam() id: string, @Body() dto: DisposalDecisionDto) {
    return this.disposals.reject(ctx, id, dto);
  }

  /** Carried out at the store by its clerk or supervisor, with a witness. */
  @Post(':id/execute')
  @HttpCode(200)
  @Roles(Role.CLERK, Role.SUPERVISOR)
  execute(@Ctx() ctx: RequestContext, @IdParam() id: string, @Body() dto: ExecuteDisposalDto) {
    return this.disposals.execute(ctx, id, dto);
  }
}
