import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AnyRole, WebPages } from '../../common/decorators.js';
import { Role } from '../../common/roles.js';
import { CATEGORY_TH, type ItemCategory, ItemStatus, STATUS_TH } from '../../items/item.enums.js';
import { type Notification, NotificationsService, NotificationType } from '../../loans/notifications.service.js';
import { thaiShortDateTime } from '../../reports/thai-dates.js';
import { type Html, html } from '../html.js';
import { layout } from '../layout.js';
import { Page, type PageContext } from '../page-context.js';
import { sendPage } from '../respond.js';
import { type ChainState, DashboardService } from './dashboard.service.js';

const OVERVIEW_ROLES = [Role.COMMANDER, Role.SUPERVISOR, Role.AUDITOR, Role.CLERK];

/** Where a notification takes its reader. */
function linkOf(n: Notification): string {
  switch (n.type) {
    case NotificationType.DONATION_PENDING:
      return `/items/${n.itemId}`;
    case NotificationType.OPEN_INCIDENTS:
      return '/incidents';
    default:
      return `/loans/${n.loanId}`;
  }
}

/** The first page after logging in: what waits for the user, and for the station's heads its overview. */
@ApiExcludeController()
@WebPages()
@Controller()
export class DashboardController {
  constructor(
    @Inject(DashboardService) private readonly dashboard: DashboardService,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
  ) {}

  @Get()
  @AnyRole()
  async home(@Page() page: PageContext, @Res() res: Response) {
    const m = page.m.dashboard;
    const stationId = page.user!.stationId;
    const work = await this.notifications.forMe(page.ctx);
    const overview = stationId && page.can(...OVERVIEW_ROLES) ? await this.overview(page, stationId) : html``;
    const body = html`<h1>${m.title}</h1>
<section class="card">
  <h2>${m.myWork}</h2>
  ${work.items.length
    ? html`<ul class="work">${work.items.map((n) => html`<li class="work-${n.type.toLowerCase()}"><a href="${linkOf(n)}">${n.messageTh}</a>${n.codes.length ? html` <span class="codes">${n.codes.join(', ')}</span>` : ''}</li>`)}</ul>`
    : html`<p class="muted">${m.noWork}</p>`}
</section>
${overview}`;
    sendPage(res, layout(page, { title: m.title, body }));
  }

  private async overview(page: PageContext, stationId: string): Promise<Html> {
    const m = page.m.dashboard;
    const [items, loans, incidents, arms, chain] = await Promise.all([
      this.dashboard.itemsByCategoryAndStatus(stationId),
      this.dashboard.loanCounts(stationId),
      this.dashboard.openIncidents(stationId),
      this.dashboard.armsCountThisMonth(stationId),
      this.dashboard.chainState(stationId),
    ]);
    const tile = (label: string, value: Html | string, href: string, alert = false) =>
      html`<a class="tile${alert ? ' alert' : ''}" href="${href}"><span class="tile-label">${label}</span><span class="tile-value">${value}</span></a>`;
    return html`<section class="card">
  <h2>${m.overview}</h2>
  <div class="tiles">
    ${tile(m.awaitingApproval, m.unit(loans.awaitingApproval), '/loans/approvals', loans.awaitingApproval > 0)}
    ${tile(m.overdue, m.unit(loans.overdue), '/loans?status=OVERDUE', loans.overdue > 0)}
    ${tile(m.openIncidents, m.unit(incidents), '/incidents', incidents > 0)}
    ${tile(m.armsCount, html`${m.missedDays(arms.missedDays)}<br><small>${m.today(arms.countedToday)}</small>`, '/audits', arms.missedDays > 0 || !arms.countedToday)}
    ${tile(m.chain, this.chainText(page, chain), '/audit-log/verify', chain.result !== null && !chain.result.ok)}
  </div>
  ${this.itemsTable(page, items)}
</section>`;
  }

  private chainText(page: PageContext, chain: ChainState): Html {
    const m = page.m.dashboard;
    if (!chain.result) return html`${m.chainChecking}`;
    const state = chain.result.ok ? m.chainOk(chain.result.entries) : m.chainBad(chain.result.firstBadSeq);
    return html`${state}${chain.checkedAt ? html`<br><small>${m.checkedAt(thaiShortDateTime(chain.checkedAt))}</small>` : ''}`;
  }

  /** Categories down, statuses across, with totals: the register at a glance. */
  private itemsTable(page: PageContext, rows: { category: string; status: string; n: number }[]): Html {
    const m = page.m.dashboard;
    const statuses = Object.values(ItemStatus);
    const categories = [...new Set(rows.map((r) => r.category))];
    const count = (category: string | null, status: string | null) =>
      rows.filter((r) => (category === null || r.category === category) && (status === null || r.status === status)).reduce((sum, r) => sum + r.n, 0);
    const n = (value: number) => value.toLocaleString('th-TH');
    return html`<h3>${m.itemsTitle}</h3>
<div class="table-wrap"><table class="grid">
  <thead><tr><th scope="col">${m.category}</th>${statuses.map((s) => html`<th scope="col" class="num">${STATUS_TH[s]}</th>`)}<th scope="col" class="num">${m.sum}</th></tr></thead>
  <tbody>
    ${categories.map((c) => html`<tr><th scope="row"><a href="/items?category=${c}">${CATEGORY_TH[c as ItemCategory] ?? c}</a></th>${statuses.map((s) => html`<td class="num">${n(count(c, s))}</td>`)}<td class="num">${n(count(c, null))}</td></tr>`)}
  </tbody>
  <tfoot><tr><th scope="row">${m.sum}</th>${statuses.map((s) => html`<td class="num">${n(count(null, s))}</td>`)}<td class="num">${n(count(null, null))}</td></tr></tfoot>
</table></div>`;
  }
}
