import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC, ROLES } from '../common/decorators.js';
import { ForbiddenError, UnauthorizedError } from '../common/errors.js';
import type { KhlangRequest } from '../common/request-context.js';
import type { Role } from '../common/roles.js';
import { AuthService } from './auth.service.js';

/**
 * Deny by default: a handler is open only when marked @Public(); every other handler needs a valid
 * bearer token of an active user holding one of the handler's @Roles. A handler with no @Roles is
 * refused for everybody, so a forgotten decorator fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<KhlangRequest>();
    const header = req.header('authorization') ?? '';
    const match = /^Bearer\s+([A-Za-z0-9\-_.]+)$/i.exec(header);
    if (!match) throw new UnauthorizedError('UNAUTHENTICATED', 'Log in first (Authorization: Bearer <token>)', 'กรุณาเข้าสู่ระบบ');
    req.user = await this.auth.authenticate(match[1]);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets) ?? [];
    if (!roles.some((role) => req.user!.roles.includes(role))) {
      throw new ForbiddenError('FORBIDDEN', 'Your role may not do this', 'สิทธิ์ของท่านไม่อนุญาตให้ทำรายการนี้');
    }
    return true;
  }
}
