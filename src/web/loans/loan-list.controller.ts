import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, WebPages } from '../../common/decorators.js';
import { BadRequestError } from '../../common/errors.js';
import { STATION_ROLES } from '../../common/roles.js';
import { ListLoansQueryDto } from '../../loans/loans.dto.js';
import { LoansService } from '../../loans/loans.service.js';
import { given, validateForm } from '../forms.js';
import { layout } from '../layout.js';
import { Page, type PageContext } from '../page-context.js';
import { sendPage } from '../respond.js';
import { LoanPagesRenderer } from './loan-pages.renderer.js';
import { loanListBody, type ListState, TABS, type TabKey } from './loan-list.view.js';
import { APPROVERS, BORROWERS, flashOf } from './page-parts.js';

const PAGE_SIZE = 25;

/** The list's filter from the address: a tab (`?view=out`), or statuses (`?status=OVERDUE`, as the dashboard links), and the page. */
async function filterOf(page: PageContext, query: Record<string, unknown>): Promise<{ tab: TabKey | 'filtered'; dto: ListLoansQueryDto; params: Record<string, string> }> {
  const bad = () => new BadRequestError('INVALID_FILTER', 'Invalid loan list filter or page', page.m.loans.badFilter);
  const view = given(query.view);
  const status = given(query.status);
  const itemId = given(query.itemId);
  const checked = await validateForm(ListLoansQueryDto, { status, itemId, page: given(query.page) }, page.m);
  if (checked.errors) throw bad();
  let tab = TABS.find((t) => t.key === view);
  if (view && !tab) throw bad();
  const asked = checked.dto.status ? [...new Set(checked.dto.status)].sort().join(',') : null;
  if (!tab && !itemId) tab = asked ? TABS.find((t) => t.statuses && [...t.statuses].sort().join(',') === asked) : TABS.find((t) => t.key === (page.can(...BORROWERS) ? 'mine' : 'all'));
  const dto = Object.assign(checked.dto, { pageSize: PAGE_SIZE }, tab ? { status: tab.statuses, mine: tab.mine } : {});
  const params: Record<string, string> = tab ? { view: tab.key } : { ...(status ? { status } : {}), ...(itemId ? { itemId } : {}) };
  return { tab: tab?.key ?? 'filtered', dto, params };
}

/** The loans of the station by tab, and the approver's queue. */
@ApiExcludeController()
@WebPages()
@Controller()
export class LoanListController {
  constructor(
    @Inject(LoansService) private readonly loans: LoansService,
    @Inject(LoanPagesRenderer) private readonly pages: LoanPagesRenderer,
  ) {}

  @Get('loans')
  @Roles(...STATION_ROLES)
  async list(@Page() page: PageContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const filter = await filterOf(page, query);
    const result = await this.loans.list(page.ctx, filter.dto);
    const href = (n: number) => `/loans?${new URLSearchParams({ ...filter.params, ...(n > 1 ? { page: String(n) } : {}) }).toString()}`;
    const state: ListState = { tab: filter.tab, href, result };
    sendPage(res, layout(page, { title: page.m.loans.title, body: loanListBody(page, state), flash: flashOf(page, query), script: 'loans.js' }));
  }

  @Get('loans/approvals')
  @Roles(...APPROVERS)
  async approvals(@Page() page: PageContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    sendPage(res, await this.pages.queue(page, null, flashOf(page, query)));
  }
}
