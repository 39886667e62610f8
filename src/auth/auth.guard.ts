import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { IS_PUBLIC, IS_WEB, ROLES } from '../common/decorators.js';
import { ForbiddenError, UnauthorizedError } from '../common/errors.js';
import type { KhlangRequest } from '../common/request-context.js';
import type { Role } from '../common/roles.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CSRF_FIELD, CSRF_HEADER, cookiesOf, csrfTokenValid, SESSION_COOKIE } from '../web/web-session.js';
import { AuthService } from './auth.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Deny by default: a handler is open only when marked @Public(); every other handler needs a valid
 * bearer token of an active user holding one of the handler's @Roles. A handler with no @Roles is
 * refused for everybody, so a forgotten decorator fails closed. Pages (@WebPages) take the same token
 * from the session cookie instead, and refuse any post without the CSRF token — login included.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<KhlangRequest>();
    const web = this.reflector.getAllAndOverride<boolean>(IS_WEB, targets) ?? false;
    if (web && !SAFE_METHODS.has(req.method)) this.checkCsrf(req, context.switchToHttp().getResponse<Response>());
    const token = web ? cookiesOf(req)[SESSION_COOKIE] : /^Bearer\s+([A-Za-z0-9\-_.]+)$/i.exec(req.header('authorization') ?? '')?.[1];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      // An open page still knows who is looking (the login page sends a logged-in user onwards).
      if (web && token) req.user = await this.auth.authenticate(token).catch(() => undefined);
      return true;
    }
    if (!token) throw new UnauthorizedError('UNAUTHENTICATED', web ? 'Log in first' : 'Log in first (Authorization: Bearer <token>)', 'กรุณาเข้าสู่ระบบ');
    req.user = await this.auth.authenticate(token);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets) ?? [];
    if (!roles.some((role) => req.user!.roles.includes(role))) {
      throw new ForbiddenError('FORBIDDEN', 'Your role may not do this', 'สิทธิ์ของท่านไม่อนุญาตให้ทำรายการนี้');
    }
    return true;
  }

  private checkCsrf(req: KhlangRequest, res: Response): void {
    const token = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD] ?? req.header(CSRF_HEADER);
    if (!csrfTokenValid(res.locals.csrfSeed as string | undefined, token, this.config.jwtSecret)) {
      throw new ForbiddenError('CSRF_FAILED', 'The form did not come from this site, or it expired; reload the page', 'แบบฟอร์มไม่ได้ส่งมาจากหน้าของระบบหรือหมดอายุ กรุณาเปิดหน้าใหม่แล้วลองอีกครั้ง');
    }
  }
}
