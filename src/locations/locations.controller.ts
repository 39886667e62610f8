import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, Roles } from '../common/decorators.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { Role } from '../common/roles.js';
import { IdParam } from '../common/validation.js';
import { CreateLocationDto, ListLocationsQueryDto } from './locations.dto.js';
import { LocationsService } from './locations.service.js';

@ApiTags('locations')
@ApiBearerAuth()
@Controller('api/locations')
export class LocationsController {
  constructor(@Inject(LocationsService) private readonly locations: LocationsService) {}

  @Post()
  @Roles(Role.ADMIN, Role.CLERK)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateLocationDto) {
    return this.locations.create(ctx, dto);
  }

  @Get()
  @AnyRole()
  list(@Ctx() ctx: RequestContext, @Query() query: ListLocationsQueryDto) {
    return this.locations.list(ctx, query);
  }

  @Get(':id')
  @AnyRole()
  get(@Ctx() ctx: RequestContext, @IdParam() id: string) {
    return this.locations.get(ctx, id);
  }
}
