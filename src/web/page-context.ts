import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Response } from 'express';
import { type AuthUser, contextFromRequest, type KhlangRequest, type RequestContext } from '../common/request-context.js';
import type { Role } from '../common/roles.js';
import { type Messages, th } from './messages/th.js';

/** What every page needs to draw itself: who is looking, their form token, the words, the request's context for services. */
export interface PageContext {
  user: AuthUser | null;
  csrf: string;
  m: Messages;
  /** The path and query the page was asked for (the target of "back here" links and forms). */
  url: string;
  ctx: RequestContext;
  /** Whether the user holds one of the roles. */
  can(...roles: Role[]): boolean;
}

export function pageContextOf(req: KhlangRequest, res: Response): PageContext {
  const user = req.user ?? null;
  return {
    user,
    csrf: String(res.locals.csrfToken ?? ''),
    m: th,
    url: req.originalUrl,
    ctx: contextFromRequest(req),
    can: (...roles) => !!user && roles.some((r) => user.roles.includes(r)),
  };
}

/** Injects the PageContext into a page handler. */
export const Page = createParamDecorator((_: unknown, ctx: ExecutionContext): PageContext =>
  pageContextOf(ctx.switchToHttp().getRequest<KhlangRequest>(), ctx.switchToHttp().getResponse<Response>()),
);
