import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, Roles } from '../common/decorators.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { Role } from '../common/roles.js';
import { IdParam } from '../common/validation.js';
import { CloseShiftDto, CreateShiftDto, ListShiftsQueryDto, ShiftIssueDto, ShiftReturnDto } from './shifts.dto.js';
import { ShiftsService } from './shifts.service.js';

/** The duty supervisor runs the book; the armory clerk may issue and take back at the counter. */
@ApiTags('shifts')
@ApiBearerAuth()
@Controller('api/shifts')
export class ShiftsController {
  constructor(@Inject(ShiftsService) private readonly shifts: ShiftsService) {}

  @Post()
  @Roles(Role.SUPERVISOR)
  open(@Ctx() ctx: RequestContext, @Body() dto: CreateShiftDto) {
    return this.shifts.open(ctx, dto);
  }

  @Get()
  @AnyRole()
  list(@Ctx() ctx: RequestContext, @Query() query: ListShiftsQueryDto) {
    return this.shifts.list(ctx, query);
  }

  @Get(':id')
  @AnyRole()
  get(@Ctx() ctx: RequestContext, @IdParam() id: string) {
    return this.shifts.get(ctx, id);
  }

  @Post(':id/issue')
  @HttpCode(200)
  @Roles(Role.SUPERVISOR, Role.CLERK)
  issue(@Ctx() ctx: RequestContext, @IdParam() id: string, @Body() dto: ShiftIssueDto) {
    return this.shifts.issue(ctx, id, dto);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles(Role.SUPERVISOR, Role.CLERK)
  giveBack(@Ctx() ctx: RequestContext, @IdParam() id: string, @Body() dto: ShiftReturnDto) {
    return this.shifts.giveBack(ctx, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(Role.SUPERVISOR)
  close(@Ctx() ctx: RequestContext, @IdParam() id: string, @Body() dto: CloseShiftDto) {
    return this.shifts.close(ctx, id, dto);
  }
}
