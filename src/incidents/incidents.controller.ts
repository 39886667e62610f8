import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/decorators.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { Role } from '../common/roles.js';
import { IdParam } from '../common/validation.js';
import { ListIncidentsQueryDto, ResolveIncidentDto } from './incidents.dto.js';
import { IncidentsService } from './incidents.service.js';

/** Who follows incidents up: the commander, the supervisor, the auditor and the clerk (and the administrator, across stations). */
const READERS = [Role.ADMIN, Role.COMMANDER, Role.SUPERVISOR, Role.AUDITOR, Role.CLERK];

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/incidents')
export class IncidentsController {
  constructor(@Inject(IncidentsService) private readonly incidents: IncidentsService) {}

  @Get()
  @Roles(...READERS)
  list(@Ctx() ctx: RequestContext, @Query() query: ListIncidentsQueryDto) {
    return this.incidents.list(ctx, query);
  }

  /** How many are open (by kind) and resolved: the commander's dashboard and the O23 report. */
  @Get('counts')
  @Roles(...READERS)
  counts(@Ctx() ctx: RequestContext) {
    return this.incidents.counts(ctx);
  }

  @Get(':id')
  @Roles(...READERS)
  get(@Ctx() ctx: RequestContext, @IdParam() id: string) {
    return this.incidents.get(ctx, id);
  }

  /** Only the commander resolves an incident, with a note (DESIGN §2). */
  @Post(':id/resolve')
  @HttpCode(200)
  @Roles(Role.COMMANDER)
  resolve(@Ctx() ctx: RequestContext, @IdParam() id: string, @Body() dto: ResolveIncidentDto) {
    return this.incidents.resolve(ctx, id, dto);
  }
}
