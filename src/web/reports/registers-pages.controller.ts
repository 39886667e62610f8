import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock } from '../../common/clock.js';
import { Roles, WebPages } from '../../common/decorators.js';
import { DomainError, NotFoundError, UnprocessableError } from '../../common/errors.js';
import { ItemsService } from '../../items/items.service.js';
import { RegisterKind, RegisterQueryDto, type RegisterFormat } from '../../reports/registers/registers.dto.js';
import { RegistersService } from '../../reports/registers/registers.service.js';
import { StationsService } from '../../stations/stations.service.js';
import { given, givenThaiDate, thaiDateValue, validateForm } from '../forms.js';
import { Page, type PageContext } from '../page-context.js';
import { sendPage } from '../respond.js';
import { CUSTODY_SHEET_READERS, REPORT_READERS, sendFile } from './report-parts.js';
import { custodySheetPage, registersPage } from './registers.view.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FORMATS: readonly RegisterFormat[] = ['pdf', 'xlsx'];

/** The registers (DESIGN §6) and the chain-of-custody sheet of one item, as files from RegistersService. */
@ApiExcludeController()
@WebPages()
@Controller('reports')
export class RegistersPagesController {
  constructor(
    @Inject(RegistersService) private readonly registers: RegistersService,
    @Inject(ItemsService) private readonly items: ItemsService,
    @Inject(StationsService) private readonly stations: StationsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** What the forms of these pages show before anything is typed: the station's code in the example, today as the as-at day. */
  private async basics(page: PageContext): Promise<{ stationCode: string; today: string }> {
    const station = await this.stations.get(page.ctx, page.user!.stationId!);
    return { stationCode: station.code, today: thaiDateValue(this.clock.now().toISOString()) };
  }

  @Get('registers')
  @Roles(...REPORT_READERS)
  async list(@Page() page: PageContext, @Res() res: Response) {
    sendPage(res, registersPage(page, await this.basics(page)));
  }

  /** `?format=pdf|xlsx`; the property register also `&asOf=30/09/2569` (the form's Thai date) for its depreciation. */
  @Get('registers/:kind')
  @Roles(...REPORT_READERS)
  async register(@Page() page: PageContext, @Param('kind') kind: string, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const m = page.m.reports.registers;
    const known = Object.values(RegisterKind).find((k) => k === kind);
    if (!known) throw new DomainError(404, 'NOT_FOUND', `No register ${kind}`, m.unknownKind);
    const format = this.format(page, query.format);
    const asOfTyped = given(query.asOf);
    const checked = await validateForm(RegisterQueryDto, { format, ...(asOfTyped ? { asOf: givenThaiDate(asOfTyped) } : {}) }, page.m);
    // The only field a person types is the day; any other refusal is of the address, not of the form.
    if (checked.errors) return sendPage(res, registersPage(page, { ...(await this.basics(page)), asOf: asOfTyped, errors: { asOf: m.asOfInvalid } }), 422);
    sendFile(res, await this.registers.register(page.ctx, known, checked.dto));
  }

  /**
   * One item's chain of custody for court: `?code=` from the form (a scan), or `?itemId=` from the item
   * page; neither shows the form. Another station's item is not found, as everywhere.
   */
  @Get('custody-sheet')
  @Roles(...CUSTODY_SHEET_READERS)
  async custodySheet(@Page() page: PageContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const format = query.format === undefined ? 'pdf' : this.format(page, query.format);
    const itemId = given(query.itemId);
    const code = given(query.code);
    if (itemId !== undefined) {
      if (!UUID.test(itemId)) throw new NotFoundError('Item', 'ของในคลัง');
      return sendFile(res, await this.registers.custodySheet(page.ctx, itemId, { format }));
    }
    if (code === undefined) return sendPage(res, custodySheetPage(page, await this.basics(page)));
    let id: string;
    try {
      id = (await this.items.byCode(page.ctx, code)).id;
    } catch (err) {
      if (!(err instanceof DomainError) || err.status !== 404) throw err;
      return sendPage(res, custodySheetPage(page, { ...(await this.basics(page)), code, codeErrors: { code: page.m.reports.custody.notFound(code) } }), 404);
    }
    sendFile(res, await this.registers.custodySheet(page.ctx, id, { format }));
  }

  private format(page: PageContext, value: unknown): RegisterFormat {
    const format = FORMATS.find((f) => f === value);
    if (!format) throw new UnprocessableError('FORMAT_INVALID', 'format must be pdf or xlsx', page.m.reports.registers.formatInvalid);
    return format;
  }
}
