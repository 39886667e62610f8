import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, Roles } from '../common/decorators.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { Role } from '../common/roles.js';
import { IdParam } from '../common/validation.js';
import { ChangePasswordDto, CreateUserDto, ListUsersQueryDto } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Post()
  @Roles(Role.ADMIN)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateUserDto) {
    return this.users.create(ctx, dto);
  }

  /** Station users list their own station's people (witnesses, committees, officers on a shift). */
  @Get()
  @AnyRole()
  list(@Ctx() ctx: RequestContext, @Query() query: ListUsersQueryDto) {
    return this.users.list(ctx, query);
  }

  @Get(':id')
  @AnyRole()
  get(@Ctx() ctx: RequestContext, @IdParam() id: string) {
    return this.users.get(ctx, id);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles(Role.ADMIN)
  deactivate(@Ctx() ctx: RequestContext, @IdParam() id: string) {
    return this.users.setActive(ctx, id, false);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @Roles(Role.ADMIN)
  reactivate(@Ctx() ctx: RequestContext, @IdParam() id: string) {
    return this.users.setActive(ctx, id, true);
  }

  @Post(':id/password')
  @HttpCode(204)
  @Roles(Role.ADMIN)
  async changePassword(@Ctx() ctx: RequestContext, @IdParam() id: string, @Body() dto: ChangePasswordDto) {
    await this.users.changePassword(ctx, id, dto.password);
  }
}
