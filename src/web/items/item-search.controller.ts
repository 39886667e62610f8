import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, WebPages } from '../../common/decorators.js';
import { STATION_ROLES } from '../../common/roles.js';
import { SearchItemsQueryDto } from '../../items/items.dto.js';
import { ItemsService } from '../../items/items.service.js';
import { LocationsService } from '../../locations/locations.service.js';
import { given, validateForm } from '../forms.js';
import { layout } from '../layout.js';
import { Page, type PageContext } from '../page-context.js';
import { sendPage } from '../respond.js';
import { searchBody } from './item-search.view.js';
import { stationPlaces } from './page-parts.js';

const PAGE_SIZE = 25;
const FILTERS = ['q', 'category', 'status', 'locationId', 'caseNumber'] as const;

/** Search of the station's register (DESIGN §7 GET /api/items, as a page): the filters are the address. */
@ApiExcludeController()
@WebPages()
@Controller('items')
export class ItemSearchController {
  constructor(
    @Inject(ItemsService) private readonly items: ItemsService,
    @Inject(LocationsService) private readonly locations: LocationsService,
  ) {}

  @Get()
  @Roles(...STATION_ROLES)
  async search(@Page() page: PageContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const values: Record<string, string> = {};
    for (const name of FILTERS) {
      const v = given(query[name]);
      if (v !== undefined) values[name] = v;
    }
    const checked = await validateForm(SearchItemsQueryDto, { ...values, page: given(query.page), pageSize: PAGE_SIZE }, page.m);
    const [places, result] = await Promise.all([stationPlaces(this.locations, page.ctx), checked.dto ? this.items.search(page.ctx, checked.dto) : null]);
    const href = (n: number) => `/items?${new URLSearchParams({ ...values, ...(n > 1 ? { page: String(n) } : {}) }).toString()}`;
    const errors = checked.errors && (checked.errors.page ? { ...checked.errors, _form: page.m.items.search.badFilter } : checked.errors);
    const body = searchBody(page, { values, errors, places, result, href });
    sendPage(res, layout(page, { title: page.m.items.search.title, body }), errors ? 400 : 200);
  }
}
