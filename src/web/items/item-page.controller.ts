import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, WebPages } from '../../common/decorators.js';
import { BadRequestError, type DomainError } from '../../common/errors.js';
import { Role, STATION_ROLES } from '../../common/roles.js';
import { IdParam } from '../../common/validation.js';
import { CustodyService } from '../../custody/custody.service.js';
import { AcceptDonationDto, DeclineDonationDto } from '../../donations/donations.dto.js';
import { DonationsService } from '../../donations/donations.service.js';
import { ItemCategory } from '../../items/item.enums.js';
import { LabelSheetDto } from '../../labels/labels.dto.js';
import { LabelTemplates } from '../../labels/label-templates.js';
import { LabelsService } from '../../labels/labels.service.js';
import { domainErrorOnForm, given, givenNumber, validateForm } from '../forms.js';
import { type Flash, layout } from '../layout.js';
import { Page, type PageContext } from '../page-context.js';
import { seeOther, sendPage } from '../respond.js';
import { ItemHolds } from './item-card.js';
import { DEFAULT_LABEL_TEMPLATE, PRINTERS } from './item-fields.js';
import { itemPageBody, type ItemPageState } from './item-page.view.js';

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
    const m = page.m.items.item;
    const registered = query.done === 'registered';
    const flash: Flash | null = registered
      ? { kind: 'ok', text: m.registered }
      : query.done === 'donation-accepted'
        ? { kind: 'ok', text: m.accepted(String(query.receipt ?? '')) }
        : query.done === 'donation-declined'
          ? { kind: 'ok', text: m.declined }
          : null;
    await this.show(page, res, id, { registered, flash });
  }

  /** The commander accepts a donation; a donor named on the station's evidence must be acknowledged. */
  @Post(':id/donation/accept')
  @Roles(Role.COMMANDER)
  async acceptDonation(@Page() page: PageContext, @IdParam() id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const checked = await validateForm(AcceptDonationDto, { acknowledgeConflict: body.acknowledgeConflict === 'true' || undefined, note: given(body.acceptNote) }, page.m);
    if (checked.errors) return this.show(page, res, id, { decision: { values: body, errors: { acceptNote: checked.errors.note ?? page.m.errors.fieldInvalid } } }, 422);
    try {
      const view = await this.donations.accept(page.ctx, id, checked.dto);
      seeOther(res, `/items/${id}?done=donation-accepted&receipt=${encodeURIComponent(view.receiptNumber ?? '')}#donation`);
    } catch (err) {
      const errors = domainErrorOnForm(err, (code) => (code === 'DONOR_CONFLICT_UNACKNOWLEDGED' ? 'acknowledgeConflict' : undefined));
      await this.show(page, res, id, { decision: { values: body, errors } }, (err as DomainError).status);
    }
  }

  @Post(':id/donation/decline')
  @Roles(Role.COMMANDER)
  async declineDonation(@Page() page: PageContext, @IdParam() id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const checked = await validateForm(DeclineDonationDto, { note: given(body.declineNote) }, page.m);
    if (checked.errors) return this.show(page, res, id, { decision: { values: body, errors: { declineNote: checked.errors.note } } }, 422);
    try {
      await this.donations.decline(page.ctx, id, checked.dto);
      seeOther(res, `/items/${id}?done=donation-declined#donation`);
    } catch (err) {
      await this.show(page, res, id, { decision: { values: body, errors: domainErrorOnForm(err) } }, (err as DomainError).status);
    }
  }

  private async show(page: PageContext, res: Response, id: string, extra: { registered?: boolean; flash?: Flash | null; decision?: ItemPageState['decision'] }, status = 200) {
    const { item, events } = await this.custody.timeline(page.ctx, id);
    const [hold, donation] = await Promise.all([this.holds.of(item.id), item.category === ItemCategory.DONATION ? this.donations.get(page.ctx, item.id) : null]);
    const body = itemPageBody(page, { item, events, hold, donation, templates: this.templates.names(), registered: extra.registered ?? false, decision: extra.decision });
    const flash = extra.flash && extra.registered ? { ...extra.flash, text: `${extra.flash.text} — ${item.code}` } : extra.flash;
    sendPage(res, layout(page, { title: item.code, body, flash }), status);
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
