import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, WebPages } from '../../common/decorators.js';
import { BadRequestError } from '../../common/errors.js';
import { STATION_ROLES } from '../../common/roles.js';
import { IdParam } from '../../common/validation.js';
import { CustodyService } from '../../custody/custody.service.js';
import { DonationsService } from '../../donations/donations.service.js';
import { ItemCategory } from '../../items/item.enums.js';
import { LabelSheetDto } from '../../labels/labels.dto.js';
import { LabelTemplates } from '../../labels/label-templates.js';
import { LabelsService } from '../../labels/labels.service.js';
import { given, givenNumber, validateForm } from '../forms.js';
import { layout } from '../layout.js';
import { Page, type PageContext } from '../page-context.js';
import { sendPage } from '../respond.js';
import { ItemHolds } from './item-card.js';
import { DEFAULT_LABEL_TEMPLATE, PRINTERS } from './item-fields.js';
import { itemPageBody } from './item-page.view.js';

/**
 * The item page (DESIGN §8): the card, the category's own fields and the chain of custody, and the
 * label printed from it. Another station's item is "not found" (the services scope every read).
 */
@ApiExcludeController()
@WebPages()
@Controller('items')
export class ItemPageController {
  constructor(
    @Inject(CustodyService) private readonly custody: CustodyService,
    @Inject(ItemHolds) private readonly holds: ItemHolds,
    @Inject(DonationsService) private readonly donations: DonationsService,
    @Inject(LabelsService) private readonly labels: LabelsService,
    @Inject(LabelTemplates) private readonly templates: LabelTemplates,
  ) {}

  @Get(':id')
  @Roles(...STATION_ROLES)
  async item(@Page() page: PageContext, @IdParam() id: string, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const { item, events } = await this.custody.timeline(page.ctx, id);
    const [hold, donation] = await Promise.all([this.holds.of(item.id), item.category === ItemCategory.DONATION ? this.donations.get(page.ctx, item.id) : null]);
    const registered = query.done === 'registered';
    const body = itemPageBody(page, { item, events, hold, donation, templates: this.templates.names(), registered });
    const flash = registered ? { kind: 'ok' as const, text: `${page.m.items.item.registered} — ${item.code}` } : null;
    sendPage(res, layout(page, { title: item.code, body, flash }));
  }

  /** The label sheet PDF of this one item, opened by the form in a new tab; the service audit-logs the print. */
  @Post(':id/label')
  @Roles(...PRINTERS)
  async label(@Page() page: PageContext, @IdParam() id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const checked = await validateForm(LabelSheetDto, { itemIds: [id], template: given(body.template) ?? DEFAULT_LABEL_TEMPLATE, skip: givenNumber(body.skip) }, page.m);
    if (checked.errors) throw new BadRequestError('LABEL_FORM_INVALID', 'Invalid label template or number of labels to skip', page.m.items.label.invalid);
    const pdf = await this.labels.sheet(page.ctx, checked.dto);
    res.status(200).type('application/pdf').setHeader('Content-Disposition', 'inline; filename="label.pdf"').setHeader('Cache-Control', 'no-store').send(pdf);
  }
}
