import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, WebPages } from '../../common/decorators.js';
import type { DomainError } from '../../common/errors.js';
import { ownStation } from '../../common/request-context.js';
import { BUILT_IN_HIGH_RISK_KINDS, ItemCategory } from '../../items/item.enums.js';
import { CreateItemDto } from '../../items/items.dto.js';
import { ItemsService } from '../../items/items.service.js';
import { LocationsService } from '../../locations/locations.service.js';
import { settingsOf } from '../../stations/station-settings.js';
import { StationsService } from '../../stations/stations.service.js';
import { domainErrorOnForm, type FieldErrors, validateForm } from '../forms.js';
import { layout } from '../layout.js';
import { Page, type PageContext } from '../page-context.js';
import { seeOther, sendPage } from '../respond.js';
import { mayRegister, REGISTRARS } from './item-fields.js';
import { errorsOnForm, fieldOfRegisterError, intakeFromForm } from './intake.form.js';
import { chooserBody, intakeBody } from './intake.view.js';
import { stationPlaces } from './page-parts.js';

const categoryOf = (value: unknown): ItemCategory | null => (Object.values(ItemCategory) as unknown[]).includes(value) ? (value as ItemCategory) : null;

/**
 * The intake form (DESIGN §8): the category first, then that category's fields; HIGH kinds with their
 * witness in the same form. The item is registered by the same service as POST /api/items, and the
 * clerk lands on its page with the label ready to print.
 */
@ApiExcludeController()
@WebPages()
@Controller('items/new')
export class IntakeController {
  constructor(
    @Inject(ItemsService) private readonly items: ItemsService,
    @Inject(LocationsService) private readonly locations: LocationsService,
    @Inject(StationsService) private readonly stations: StationsService,
  ) {}

  @Get()
  @Roles(...REGISTRARS)
  async form(@Page() page: PageContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const asked = query.category;
    const category = categoryOf(asked);
    if (!category) return this.chooser(page, res, asked === undefined ? undefined : page.m.items.intake.badCategory, asked === undefined ? 200 : 400);
    if (!mayRegister(page, category)) return this.chooser(page, res, page.m.items.intake.notYours, 403);
    await this.show(page, res, category, {}, null, 200);
  }

  @Post()
  @Roles(...REGISTRARS)
  async register(@Page() page: PageContext, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const category = categoryOf(body.category);
    if (!category) return this.chooser(page, res, page.m.items.intake.badCategory, 400);
    const { plain, errors: formErrors } = intakeFromForm(category, body, page.m);
    const checked = await validateForm(CreateItemDto, plain, page.m);
    // The form's own reading of a date or time says more than the DTO's "not a date", so it wins.
    const errors: FieldErrors = { ...errorsOnForm(category, checked.errors ?? {}, page.m), ...formErrors };
    if (checked.errors || Object.keys(errors).length) return this.show(page, res, category, body, errors, 422);
    try {
      const item = await this.items.register(page.ctx, checked.dto);
      seeOther(res, `/items/${item.id}?done=registered`);
    } catch (err) {
      await this.show(page, res, category, body, domainErrorOnForm(err, fieldOfRegisterError(category)), (err as DomainError).status);
    }
  }

  private chooser(page: PageContext, res: Response, notice: string | undefined, status: number) {
    sendPage(res, layout(page, { title: page.m.items.intake.title, body: chooserBody(page, notice) }), status);
  }

  private async show(page: PageContext, res: Response, category: ItemCategory, values: Record<string, unknown>, errors: FieldErrors | null, status: number) {
    const [places, station] = await Promise.all([stationPlaces(this.locations, page.ctx), this.stations.visible(page.ctx, ownStation(page.ctx))]);
    const highKinds = [...BUILT_IN_HIGH_RISK_KINDS, ...settingsOf(station).extraHighRiskKinds];
    const body = intakeBody(page, { category, places, highKinds, values, errors });
    sendPage(res, layout(page, { title: page.m.items.intake.title, body, script: 'items.js' }), status);
  }
}
