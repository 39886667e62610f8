import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, Roles } from '../common/decorators.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { Role } from '../common/roles.js';
import { IdParam } from '../common/validation.js';
import { CreateLoanDto, DecisionDto, IssueLoanDto, ListLoansQueryDto, ReturnLoanDto } from './loans.dto.js';
import { LoansService } from './loans.service.js';
import { NotificationsService } from './notifications.service.js';

/** Station staff who may borrow: everyone who works with the store's items except the auditor. */
const BORROWERS = [Role.CLERK, Role.INVESTIGATOR, Role.OFFICER, Role.SUPERVISOR, Role.COMMANDER];

@ApiTags('loans')
@ApiBearerAuth()
@Controller('api/loans')
export class LoansController {
  constructor(@Inject(LoansService) private readonly loans: LoansService) {}

  @Post()
  @Roles(...BORROWERS)
  request(@Ctx() ctx: RequestContext, @Body() dto: CreateLoanDto) {
    return this.loans.request(ctx, dto);
  }

  @Get()
  @AnyRole()
  list(@Ctx() ctx: RequestContext, @Query() query: ListLoansQueryDto) {
    return this.loans.list(ctx, query);
  }

  @Get(':id')
  @AnyRole()
  get(@Ctx() ctx: RequestContext, @IdParam() id: string) {
    return this.loans.get(ctx, id);
  }

  /** The matrix of DESIGN §3 rule 2 decides which of these two roles may approve a given loan. */
  @Post(':id/approve')
  @HttpCode(200)
  @Roles(Role.SUPERVISOR, Role.COMMANDER)
  approve(@Ctx() ctx: RequestContext, @IdParam() id: string, @Body() dto: DecisionDto) {
    return this.loans.approve(ctx, id, dto);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles(Role.SUPERVISOR, Role.COMMANDER)
  reject(@Ctx() ctx: RequestContext, @IdParam() id: string, @Body() dto: DecisionDto) {
    return this.loans.reject(ctx, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...BORROWERS)
  cancel(@Ctx() ctx: RequestContext, @IdParam() id: string, @Body() dto: DecisionDto) {
    return this.loans.cancel(ctx, id, dto);
  }

  @Post(':id/issue')
  @HttpCode(200)
  @Roles(Role.CLERK)
  issue(@Ctx() ctx: RequestContext, @IdParam() id: string, @Body() dto: IssueLoanDto) {
    return this.loans.issue(ctx, id, dto);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles(Role.CLERK)
  giveBack(@Ctx() ctx: RequestContext, @IdParam() id: string, @Body() dto: ReturnLoanDto) {
    return this.loans.giveBack(ctx, id, dto);
  }
}

@ApiTags('loans')
@ApiBearerAuth()
@Controller('api/notifications')
export class NotificationsController {
  constructor(@Inject(NotificationsService) private readonly notifications: NotificationsService) {}

  @Get()
  @AnyRole()
  list(@Ctx() ctx: RequestContext) {
    return this.notifications.forMe(ctx);
  }
}
