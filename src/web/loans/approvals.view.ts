import { PURPOSE_TH } from '../../loans/loan.enums.js';
import type { LoanView } from '../../loans/loans.repository.js';
import { thaiShortDateTime } from '../../reports/thai-dates.js';
import { type FieldErrors, formError } from '../forms.js';
import { type Html, html } from '../html.js';
import { csrfField } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { lineSummary } from './loan-list.view.js';
import { loansStyles } from './page-parts.js';
import { personName, textArea } from '../parts.js';

/** A refused decision shown again on the loan it was about: which of the two forms, its errors, what was typed. */
export interface DecisionState {
  loanId: string;
  outcome: 'approve' | 'reject';
  errors: FieldErrors;
  note?: string;
}

/** Who may approve this loan, in Thai ("ผู้บังคับบัญชา หรือ หัวหน้างาน"). */
export function approverRolesTh(page: PageContext, loan: Pick<LoanView, 'approverRoles'>): string {
  return loan.approverRoles.map((r) => page.m.roles[r]).join(page.m.loans.approvals.or);
}

/**
 * Approve in one tap (the note folded away), reject with a required note: both big enough for a thumb.
 * `back` says where the answer returns: the queue, or the loan's own page.
 */
export function decideForms(page: PageContext, loan: LoanView, state: DecisionState | null, back: 'queue' | 'loan'): Html {
  const m = page.m.loans.approvals;
  const mine = state?.loanId === loan.id ? state : null;
  const approveErrors = mine?.outcome === 'approve' ? mine.errors : null;
  const rejectErrors = mine?.outcome === 'reject' ? mine.errors : null;
  const backField = html`<input type="hidden" name="back" value="${back}">`;
  return html`<div class="decide">
  <form method="post" action="/loans/${loan.id}/approve" class="approve" novalidate>
    ${csrfField(page)}${backField}
    ${formError(approveErrors)}
    <button type="submit" class="primary big">${m.approve}</button>
    <details class="approve-note"${approveErrors?.note ? html` open` : ''}>
      <summary>${m.approveNote}</summary>
      ${textArea({ name: 'note', id: `approve-note-${loan.id}`, label: m.approveNote, value: mine?.outcome === 'approve' ? mine.note : '', errors: approveErrors, rows: 2, maxlength: 1000 })}
    </details>
  </form>
  <details class="reject"${rejectErrors ? html` open` : ''}>
    <summary class="button danger big">${m.reject}</summary>
    <form method="post" action="/loans/${loan.id}/reject" novalidate>
      ${csrfField(page)}${backField}
      ${formError(rejectErrors)}
      ${textArea({ name: 'note', id: `reject-note-${loan.id}`, label: m.rejectNote, value: mine?.outcome === 'reject' ? mine.note : '', errors: rejectErrors, required: true, rows: 3, maxlength: 1000 })}
      <button type="submit" class="danger big">${m.rejectConfirm}</button>
    </form>
  </details>
</div>`;
}

function queueItem(page: PageContext, loan: LoanView, state: DecisionState | null): Html {
  const m = page.m.loans;
  return html`<li class="card queue-item" id="loan-${loan.id}">
  <h2><a href="/loans/${loan.id}">${PURPOSE_TH[loan.purposeType]}</a> · ${loan.offPremises ? m.offPremises : m.onPremises}</h2>
  <ul class="lines">${loan.items.map((l) => lineSummary(page, l))}</ul>
  <dl class="facts">
    <dt>${m.col.requester}</dt><dd>${personName(loan.requester)}</dd>
    <dt>${m.col.purpose}</dt><dd>${loan.purpose}</dd>
    <dt>${m.col.due}</dt><dd>${thaiShortDateTime(loan.dueAt)}</dd>
    <dt>${m.approvals.requestedAt}</dt><dd>${thaiShortDateTime(loan.requestedAt)}</dd>
    <dt>${m.approvals.needs}</dt><dd>${approverRolesTh(page, loan)}</dd>
  </dl>
  ${decideForms(page, loan, state, 'queue')}
</li>`;
}

/** `/loans/approvals`: one card per request, the oldest last as the list sorts (newest first). */
export function approvalsBody(page: PageContext, loans: LoanView[], total: number, state: DecisionState | null): Html {
  const m = page.m.loans.approvals;
  // A refusal about a loan that is not in the queue (someone else's decision came first) is shown above it.
  const elsewhere = state && !loans.some((l) => l.id === state.loanId) ? (Object.values(state.errors)[0] ?? null) : null;
  return html`${loansStyles}
<h1>${m.title}</h1>
<p class="muted">${m.intro}</p>
${elsewhere ? html`<p class="form-error" role="alert">${elsewhere}</p>` : ''}
${loans.length
  ? html`<p class="muted">${page.m.common.total(total)}</p><ul class="queue">${loans.map((l) => queueItem(page, l, state))}</ul>`
  : html`<section class="card"><p>${m.empty}</p></section>`}`;
}
