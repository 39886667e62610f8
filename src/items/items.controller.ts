import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, Roles } from '../common/decorators.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { Role } from '../common/roles.js';
import { IdParam } from '../common/validation.js';
import { CreateItemDto, SearchItemsQueryDto } from './items.dto.js';
import { ItemsService } from './items.service.js';

@ApiTags('items')
@ApiBearerAuth()
@Controller('api/items')
export class ItemsController {
  constructor(@Inject(ItemsService) private readonly items: ItemsService) {}

  /** Investigators book evidence in; clerks register everything. No route deletes an item. */
  @Post()
  @Roles(Role.CLERK, Role.INVESTIGATOR)
  register(@Ctx() ctx: RequestContext, @Body() dto: CreateItemDto) {
    return this.items.register(ctx, dto);
  }

  @Get()
  @AnyRole()
  search(@Ctx() ctx: RequestContext, @Query() query: SearchItemsQueryDto) {
    return this.items.search(ctx, query);
  }

  /** The counter's scan (a keyboard-wedge scanner types the code and Enter). */
  @Get('by-code/:code')
  @AnyRole()
  byCode(@Ctx() ctx: RequestContext, @Param('code') code: string) {
    return this.items.byCode(ctx, code.slice(0, 64));
  }

  @Get(':id')
  @AnyRole()
  get(@Ctx() ctx: RequestContext, @IdParam() id: string) {
    return this.items.get(ctx, id);
  }
}
