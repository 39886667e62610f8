import { Role } from '../../common/roles.js';
import type { Page } from '../../common/validation.js';
import { RiskClass } from '../../items/item.enums.js';
import { type LoanListStatus, LoanStatus, PURPOSE_TH } from '../../loans/loan.enums.js';
import type { LoanLineView, LoanView } from '../../loans/loans.repository.js';
import { thaiShortDateTime } from '../../reports/thai-dates.js';
import { type Html, html } from '../html.js';
import type { PageContext } from '../page-context.js';
import { BORROWERS, loansStyles } from './page-parts.js';
import { pager, personName } from '../parts.js';

export type TabKey = 'mine' | 'toIssue' | 'out' | 'overdue' | 'all';

/** The list's tabs and the filter each stands for; "out now" includes the overdue ones, which are out too. */
export const TABS: { key: TabKey; statuses?: LoanListStatus[]; mine?: boolean; roles?: Role[] }[] = [
  { key: 'mine', mine: true, roles: BORROWERS },
  { key: 'toIssue', statuses: [LoanStatus.APPROVED] },
  { key: 'out', statuses: [LoanStatus.ISSUED, LoanStatus.PARTIALLY_RETURNED, 'OVERDUE'] },
  { key: 'overdue', statuses: ['OVERDUE'] },
  { key: 'all' },
];

export interface ListState {
  /** The tab shown, or 'filtered' for a filter no tab stands for (`?status=REQUESTED`). */
  tab: TabKey | 'filtered';
  /** The address of page n of this list. */
  href: (page: number) => string;
  result: Page<LoanView>;
}

const SHOWN_LINES = 3;

/** The badge colour of a status: red for overdue, amber while someone must act, green when done. */
export function statusBadge(loan: Pick<LoanView, 'status' | 'statusTh'>): Html {
  const kind = loan.status === 'OVERDUE' ? ' high' : loan.status === LoanStatus.REQUESTED || loan.status === LoanStatus.APPROVED ? ' warn' : loan.status === LoanStatus.RETURNED ? ' ok' : '';
  return html`<span class="badge${kind}">${loan.statusTh}</span>`;
}

export function quantityOf(page: PageContext, line: Pick<LoanLineView, 'unit'>, qty: number): string {
  return page.m.loans.quantity(qty, line.unit);
}

/** One line of a loan in a list: code, description, and the quantity when it is not a single piece. */
export function lineSummary(page: PageContext, line: LoanLineView): Html {
  return html`<li><span class="code">${line.code}</span> ${line.description}${line.quantity !== 1 ? html` <span class="muted">(${quantityOf(page, line, line.quantity)})</span>` : ''}${
    line.riskClass === RiskClass.HIGH ? html` <span class="badge high">${page.m.loans.detail.high}</span>` : ''
  }</li>`;
}

function row(page: PageContext, loan: LoanView): Html {
  const m = page.m.loans;
  const more = loan.items.length - SHOWN_LINES;
  return html`<tr${loan.overdue ? html` class="overdue"` : ''}>
  <td data-label="${m.col.items}"><a class="loan-link" href="/loans/${loan.id}"><ul class="lines">${loan.items.slice(0, SHOWN_LINES).map((l) => lineSummary(page, l))}</ul>${more > 0 ? html`<span class="muted">${m.moreLines(more)}</span>` : ''}</a></td>
  <td data-label="${m.col.requester}">${personName(loan.requester)}</td>
  <td data-label="${m.col.purpose}">${PURPOSE_TH[loan.purposeType]}<br><small class="purpose">${loan.purpose}</small></td>
  <td data-label="${m.col.place}">${loan.offPremises ? m.offPremises : m.onPremises}</td>
  <td data-label="${m.col.due}">${thaiShortDateTime(loan.dueAt)}</td>
  <td data-label="${m.col.status}">${statusBadge(loan)}</td>
</tr>`;
}

/** `/loans`: the tabs, the table (cards on a phone), the pager. */
export function loanListBody(page: PageContext, state: ListState): Html {
  const m = page.m.loans;
  const tabs = TABS.filter((t) => !t.roles || page.can(...t.roles));
  const { result } = state;
  return html`${loansStyles}
<div class="page-head">
  <h1>${m.title}</h1>
  <div class="actions">
    ${page.can(Role.SUPERVISOR, Role.COMMANDER) ? html`<a class="button" href="/loans/approvals">${m.toApprovals}</a>` : ''}
    ${page.can(...BORROWERS) ? html`<a class="button primary" href="/loans/new" data-shortcut="F2">${m.newRequest}<kbd>F2</kbd></a>` : ''}
  </div>
</div>
<nav aria-label="${m.tabsLabel}"><ul class="tabs">
  ${tabs.map((t) => html`<li><a href="/loans?view=${t.key}"${t.key === 'overdue' ? html` class="tab-overdue"` : ''}${state.tab === t.key ? html` aria-current="page"` : ''}>${m.tabs[t.key]}</a></li>`)}
  ${state.tab === 'filtered' ? html`<li><a href="${state.href(1)}" aria-current="page">${m.tabs.filtered}</a></li>` : ''}
</ul></nav>
<section class="card">
  <p class="muted">${page.m.common.total(result.total)}</p>
  ${result.items.length
    ? html`<table class="grid loans cards-on-phone">
  <thead><tr><th scope="col">${m.col.items}</th><th scope="col">${m.col.requester}</th><th scope="col">${m.col.purpose}</th><th scope="col">${m.col.place}</th><th scope="col">${m.col.due}</th><th scope="col">${m.col.status}</th></tr></thead>
  <tbody>${result.items.map((loan) => row(page, loan))}</tbody>
</table>`
    : html`<p>${m.noLoans}</p>`}
  ${pager(page, result, state.href)}
</section>`;
}
