import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ForbiddenError, NotFoundError, UnprocessableError } from './errors.js';
import { Role } from './roles.js';

/** The authenticated user as the guard found it in the database for this request. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  stationId: string | null;
  roles: Role[];
}

/** Who is acting, and the request's id and address: what every audit-log row records. */
export interface RequestContext {
  actor: AuthUser | null;
  requestId: string | null;
  clientIp: string | null;
}

export type KhlangRequest = Request & { id?: string; user?: AuthUser };

export function contextFromRequest(req: KhlangRequest): RequestContext {
  return { actor: req.user ?? null, requestId: req.id ?? null, clientIp: req.ip ?? null };
}

/** Injects the RequestContext of the current HTTP request into a controller method. */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext =>
  contextFromRequest(ctx.switchToHttp().getRequest<KhlangRequest>()),
);

/** A context for work that does not come from HTTP (CLI, boot-time seeding). */
export function systemContext(actor: AuthUser | null, requestId: string): RequestContext {
  return { actor, requestId, clientIp: null };
}

export function isAdmin(user: AuthUser | null | undefined): boolean {
  return !!user && user.roles.includes(Role.ADMIN);
}

/**
 * The station a caller's reads and writes are confined to: null for the system administrator (who sees
 * every station), the user's own station for everyone else.
 */
export function stationScope(ctx: RequestContext): string | null {
  if (isAdmin(ctx.actor)) return null;
  if (!ctx.actor?.stationId) throw new ForbiddenError('NO_STATION', 'This user belongs to no station', 'ผู้ใช้นี้ไม่ได้สังกัดสถานีใด');
  return ctx.actor.stationId;
}

/**
 * The station a new record goes to. The administrator names it; a station user may only name their
 * own (another station's id is answered as not found, as everywhere).
 */
export function targetStation(ctx: RequestContext, requested: string | undefined): string {
  const scope = stationScope(ctx);
  if (scope === null) {
    if (!requested) throw new UnprocessableError('STATION_REQUIRED', 'stationId is required', 'กรุณาระบุสถานี (stationId)');
    return requested;
  }
  if (requested && requested !== scope) throw new NotFoundError('Station', 'สถานี');
  return scope;
}

/**
 * The station a list reads: the caller's own, or for the administrator the one asked for (null: every
 * station). False when a station user names another station: that list is empty, never an error.
 */
export function listScope(ctx: RequestContext, requested: string | undefined): string | null | false {
  const scope = stationScope(ctx);
  if (scope === null) return requested ?? null;
  return requested && requested !== scope ? false : scope;
}

/**
 * The caller's own station, for work only a station's staff do (registering, custody, labels): the
 * system administrator belongs to none and gets a 422 saying so.
 */
export function ownStation(ctx: RequestContext): string {
  const stationId = stationScope(ctx);
  if (!stationId) throw new UnprocessableError('STATION_USER_ONLY', 'This is done by a user of the station', 'รายการนี้ต้องทำโดยผู้ใช้ของสถานี');
  return stationId;
}
