import { Role } from '../../common/roles.js';
import { CONDITION_TH, type ItemCondition, RiskClass } from '../../items/item.enums.js';
import { LoanStatus, OUT_STATUSES, PURPOSE_TH } from '../../loans/loan.enums.js';
import type { LoanView } from '../../loans/loans.repository.js';
import { thaiShortDateTime } from '../../reports/thai-dates.js';
import { FORM_ERROR } from '../forms.js';
import { type Html, html } from '../html.js';
import type { PageContext } from '../page-context.js';
import { cancelForm, type FormState, issueForm, returnForm } from './loan-actions.view.js';
import { statusBadge } from './loan-list.view.js';
import { approverRolesTh, decideForms, type DecisionState } from './approvals.view.js';
import { APPROVERS, BORROWERS, COUNTER, loansStyles } from './page-parts.js';
import type { BlindAsked } from './scan-forms.js';
import { personName } from '../parts.js';

export type LoanAction = 'cancel' | 'decide' | 'issue' | 'receive';

/**
 * What this user may do to this loan now — the same rules the service enforces (DESIGN §3 rule 1:
 * approver, issuer and receiver are never the requester; the issuer is not the approver), so the page
 * offers only what would be accepted.
 */
export function legalActions(page: PageContext, loan: LoanView): Record<LoanAction, boolean> {
  const me = page.user!;
  const requester = loan.requester.id === me.id;
  const status = loan.storedStatus;
  return {
    cancel: requester && page.can(...BORROWERS) && (status === LoanStatus.REQUESTED || status === LoanStatus.APPROVED),
    decide: !requester && page.can(...APPROVERS) && status === LoanStatus.REQUESTED && loan.approverRoles.some((r) => me.roles.includes(r as Role)),
    issue: !requester && page.can(...COUNTER) && status === LoanStatus.APPROVED && loan.approver?.id !== me.id,
    receive: !requester && page.can(...COUNTER) && OUT_STATUSES.includes(status),
  };
}

export interface DetailState {
  /** The form shown again with its errors, if one was refused. */
  action?: Exclude<LoanAction, 'decide'>;
  form?: FormState;
  decision?: DecisionState | null;
}

function fact(label: string, value: Html | string | null | undefined, className = ''): Html {
  return value ? html`<dt>${label}</dt><dd${className ? html` class="${className}"` : ''}>${value}</dd>` : html``;
}

function facts(page: PageContext, loan: LoanView): Html {
  const m = page.m.loans.detail;
  const when = (iso: string | null) => (iso ? thaiShortDateTime(iso) : null);
  const decided = loan.approver ? html`${personName(loan.approver)} <span class="muted">(${when(loan.decidedAt)})</span>` : null;
  const issued = loan.issuedBy ? html`${personName(loan.issuedBy)} <span class="muted">(${when(loan.issuedAt)})</span>` : null;
  return html`<dl class="facts">
  ${fact(m.requester, personName(loan.requester))}
  ${fact(m.purposeType, PURPOSE_TH[loan.purposeType])}
  ${fact(m.purpose, loan.purpose)}
  ${fact(m.place, loan.offPremises ? page.m.loans.offPremises : page.m.loans.onPremises)}
  ${fact(m.requestedAt, when(loan.requestedAt))}
  ${fact(m.dueAt, when(loan.dueAt), loan.overdue ? 'overdue' : '')}
  ${loan.storedStatus === LoanStatus.REQUESTED ? fact(m.approverNeeded, approverRolesTh(page, loan)) : ''}
  ${fact(loan.storedStatus === LoanStatus.REJECTED ? m.rejecter : m.approver, decided)}
  ${fact(m.decisionNote, loan.decisionNote)}
  ${fact(m.issuedBy, issued)}
  ${fact(m.witness, loan.witness ? personName(loan.witness) : null)}
  ${fact(m.receivedBy, loan.issuedAt ? personName(loan.requester) : null)}
  ${fact(m.returnedAt, when(loan.returnedAt))}
  ${fact(m.cancelledAt, when(loan.cancelledAt))}
</dl>`;
}

function linesTable(page: PageContext, loan: LoanView): Html {
  const m = page.m.loans.detail;
  const q = (qty: number, unit: string) => page.m.loans.quantity(qty, unit);
  return html`<table class="grid cards-on-phone loan-lines">
  <thead><tr><th scope="col" class="num">${m.col.no}</th><th scope="col">${m.col.code}</th><th scope="col">${m.col.description}</th><th scope="col" class="num">${m.col.quantity}</th><th scope="col" class="num">${m.col.returned}</th><th scope="col" class="num">${m.col.outstanding}</th><th scope="col">${m.col.condition}</th></tr></thead>
  <tbody>${loan.items.map(
    (l, i) => html`<tr>
    <td data-label="${m.col.no}" class="num">${i + 1}</td>
    <td data-label="${m.col.code}"><span class="code">${l.code}</span>${l.riskClass === RiskClass.HIGH ? html` <span class="badge high">${m.high}</span>` : ''}</td>
    <td data-label="${m.col.description}">${l.description}${l.spentQuantity > 0 ? html`<br><small>${m.spent(q(l.spentQuantity, l.unit), l.spentReason)}</small>` : ''}</td>
    <td data-label="${m.col.quantity}" class="num">${q(l.quantity, l.unit)}</td>
    <td data-label="${m.col.returned}" class="num">${q(l.returnedQuantity, l.unit)}</td>
    <td data-label="${m.col.outstanding}" class="num${l.open && loan.overdue ? ' overdue' : ''}">${l.open && l.outstanding > 0 ? q(l.outstanding, l.unit) : page.m.common.none}</td>
    <td data-label="${m.col.condition}">${l.returnCondition ? CONDITION_TH[l.returnCondition as ItemCondition] : page.m.common.none}</td>
  </tr>`,
  )}</tbody>
</table>`;
}

/** `/loans/:id`: the loan as the borrowing form shows it, and the actions this user may take now. */
export function loanDetailBody(page: PageContext, loan: LoanView, blind: Map<string, BlindAsked>, state: DetailState): Html {
  const m = page.m.loans.detail;
  const can = legalActions(page, loan);
  const form = (action: DetailState['action']) => (state.action === action ? (state.form ?? {}) : {});
  const actions = [
    can.decide ? decideForms(page, loan, state.decision ?? null, 'loan') : '',
    can.cancel ? cancelForm(page, loan, form('cancel')) : '',
    can.issue ? issueForm(page, loan, blind, form('issue')) : '',
    can.receive ? returnForm(page, loan, blind, form('receive')) : '',
  ].filter(Boolean);
  // A refusal of an action this page no longer offers (the state moved on, or it was never this user's) is shown above the actions.
  const hidden = state.decision && !can.decide ? state.decision.errors : state.action && !can[state.action] ? state.form?.errors : null;
  const refusal = hidden ? (hidden[FORM_ERROR] ?? Object.values(hidden)[0]) : null;
  const escalation = loan.overdue
    ? html`<p class="notice-overdue">${m.overdue} ${loan.escalated ? m.escalated(thaiShortDateTime(loan.escalateAt)) : m.escalateAt(thaiShortDateTime(loan.escalateAt))}</p>`
    : '';
  return html`${loansStyles}
<p><a href="/loans">${m.toList}</a></p>
<section class="card${loan.overdue ? ' is-overdue' : ''}">
  <div class="page-head"><h1>${m.heading(thaiShortDateTime(loan.requestedAt))}</h1>${statusBadge(loan)}</div>
  ${escalation}
  ${facts(page, loan)}
</section>
<section class="card">
  <h2>${m.lines}</h2>
  ${linesTable(page, loan)}
</section>
<section class="card" id="actions">
  <h2>${m.actions}</h2>
  ${refusal ? html`<p class="form-error" role="alert">${refusal}</p>` : ''}
  ${actions.length ? actions : html`<p class="muted">${m.noActions}</p>`}
</section>`;
}
