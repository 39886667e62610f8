import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, Roles } from '../common/decorators.js';
import { Ctx, type RequestContext, stationScope } from '../common/request-context.js';
import { Role } from '../common/roles.js';
import { paging } from '../common/validation.js';
import { ListAuditLogQueryDto, VerifyQueryDto } from './audit-log.dto.js';
import { AuditLogService } from './audit-log.service.js';

@ApiTags('audit-log')
@ApiBearerAuth()
@Controller('api/audit-log')
export class AuditLogController {
  constructor(@Inject(AuditLogService) private readonly auditLog: AuditLogService) {}

  /** The caller's station chain; the administrator chooses a station or gets the system chain. */
  @Get('verify')
  @AnyRole()
  verify(@Ctx() ctx: RequestContext, @Query() query: VerifyQueryDto) {
    const scope = stationScope(ctx);
    return this.auditLog.verify(scope ?? query.stationId ?? null);
  }

  @Get()
  @Roles(Role.ADMIN, Role.COMMANDER, Role.SUPERVISOR, Role.AUDITOR)
  async list(@Ctx() ctx: RequestContext, @Query() query: ListAuditLogQueryDto) {
    const scope = stationScope(ctx);
    const { page, pageSize, offset } = paging(query);
    const { items, total } = await this.auditLog.list({
      stationId: scope ?? query.stationId ?? null,
      entityType: query.entityType,
      entityId: query.entityId,
      action: query.action,
      actorId: query.actorId,
      offset,
      limit: pageSize,
    });
    return { items, total, page, pageSize };
  }
}
