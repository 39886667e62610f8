import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, Roles } from '../common/decorators.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { Role } from '../common/roles.js';
import { IdParam } from '../common/validation.js';
import { AcceptDonationDto, DeclineDonationDto, ListDonationsQueryDto } from './donations.dto.js';
import { DonationsService } from './donations.service.js';

/** Donations are items of category DONATION; their id is the item's. */
@ApiTags('donations')
@ApiBearerAuth()
@Controller('api/donations')
export class DonationsController {
  constructor(@Inject(DonationsService) private readonly donations: DonationsService) {}

  @Get()
  @AnyRole()
  list(@Ctx() ctx: RequestContext, @Query() query: ListDonationsQueryDto) {
    return this.donations.list(ctx, query);
  }

  @Get(':itemId')
  @AnyRole()
  get(@Ctx() ctx: RequestContext, @IdParam('itemId') itemId: string) {
    return this.donations.get(ctx, itemId);
  }

  @Post(':itemId/accept')
  @HttpCode(200)
  @Roles(Role.COMMANDER)
  accept(@Ctx() ctx: RequestContext, @IdParam('itemId') itemId: string, @Body() dto: AcceptDonationDto) {
    return this.donations.accept(ctx, itemId, dto);
  }

  @Post(':itemId/decline')
  @HttpCode(200)
  @Roles(Role.COMMANDER)
  decline(@Ctx() ctx: RequestContext, @IdParam('itemId') itemId: string, @Body() dto: DeclineDonationDto) {
    return this.donations.decline(ctx, itemId, dto);
  }
}
