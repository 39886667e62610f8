import { Body, Controller, Get, Inject, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, Roles } from '../common/decorators.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { Role } from '../common/roles.js';
import { IdParam } from '../common/validation.js';
import { CreateStationDto, ListStationsQueryDto, UpdateStationSettingsDto } from './stations.dto.js';
import { StationsService } from './stations.service.js';

@ApiTags('stations')
@ApiBearerAuth()
@Controller('api/stations')
export class StationsController {
  constructor(@Inject(StationsService) private readonly stations: StationsService) {}

  @Post()
  @Roles(Role.ADMIN)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateStationDto) {
    return this.stations.create(ctx, dto);
  }

  @Get()
  @AnyRole()
  list(@Ctx() ctx: RequestContext, @Query() query: ListStationsQueryDto) {
    return this.stations.list(ctx, query);
  }

  @Get(':id')
  @AnyRole()
  get(@Ctx() ctx: RequestContext, @IdParam() id: string) {
    return this.stations.get(ctx, id);
  }

  @Patch(':id/settings')
  @Roles(Role.ADMIN, Role.COMMANDER)
  updateSettings(@Ctx() ctx: RequestContext, @IdParam() id: string, @Body() dto: UpdateStationSettingsDto) {
    return this.stations.updateSettings(ctx, id, dto.settings);
  }
}
