import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, Public } from '../common/decorators.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { UsersService } from '../users/users.service.js';
import { LoginDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  login(@Ctx() ctx: RequestContext, @Body() dto: LoginDto) {
    return this.auth.login(ctx, dto.username, dto.password);
  }

  @Get('me')
  @ApiBearerAuth()
  @AnyRole()
  me(@Ctx() ctx: RequestContext) {
    return this.users.get(ctx, ctx.actor!.id);
  }
}
