import type { Page } from '../../common/validation.js';
import { CONDITION_TH } from '../../items/item.enums.js';
import { RETURN_CONDITIONS } from '../../loans/loan.enums.js';
import { thaiShortDateTime } from '../../reports/thai-dates.js';
import { ShiftStatus } from '../../shifts/shift.entity.js';
import type { ShiftIssueView, ShiftView } from '../../shifts/shifts.repository.js';
import { credentialsFields, field, type FieldErrors, formError, select } from '../forms.js';
import { type Html, html } from '../html.js';
import { csrfField, type Flash, layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { INCIDENT_READERS, SHIFT_ISSUERS, SHIFT_SUPERVISORS } from './operations-roles.js';
import { operationsStyles, shortWhen } from './operations-ui.js';
import { pageHref, pager, personName, textArea } from '../parts.js';

/** Which form of the shift page a post came from, with what was typed and what was wrong. */
export interface ShiftFormState {
  form?: 'issue' | 'return' | 'close' | 'open';
  errors?: FieldErrors | null;
  values?: Record<string, unknown>;
  flash?: Flash | null;
  /** The field that has the focus when the page opens (the scan box waiting, or the first field in error). */
  focus?: string;
}

export interface Officer {
  id: string;
  label: string;
}

const when = (at: string | null) => (at ? thaiShortDateTime(at) : '');

function statusBadge(page: PageContext, status: ShiftStatus): Html {
  return html`<span class="badge${status === ShiftStatus.OPEN ? ' ok' : ''}">${page.m.operations.shifts.status[status]}</span>`;
}

function shiftRows(page: PageContext, shifts: ShiftView[]): Html {
  const m = page.m.operations.shifts;
  return html`<div class="table-wrap"><table class="grid stacked">
  <thead><tr><th scope="col">${m.col.name}</th><th scope="col">${m.col.status}</th><th scope="col">${m.col.openedBy}</th><th scope="col">${m.col.openedAt}</th><th scope="col">${m.col.closedAt}</th><th scope="col" class="num">${m.col.issued}</th><th scope="col" class="num">${m.col.out}</th></tr></thead>
  <tbody>
    ${shifts.map(
      (s) => html`<tr${s.outstanding > 0 && s.status === ShiftStatus.CLOSED ? html` class="overdue"` : ''}>
      <th scope="row"><a href="/shifts/${s.id}">${s.name}</a></th>
      <td data-label="${m.col.status}">${statusBadge(page, s.status)}</td>
      <td data-label="${m.col.openedBy}">${personName(s.openedBy)}</td>
      <td data-label="${m.col.openedAt}" class="when">${when(s.openedAt)}</td>
      <td data-label="${m.col.closedAt}" class="when">${when(s.closedAt) || page.m.common.none}</td>
      <td data-label="${m.col.issued}" class="num">${m.items(s.issues.length)}</td>
      <td data-label="${m.col.out}" class="num">${s.outstanding ? html`<strong>${m.items(s.outstanding)}</strong>` : m.items(0)}</td>
    </tr>`,
    )}
  </tbody>
</table></div>`;
}

/** GET /shifts: the open shifts, every shift newest first, and the supervisor's form to open one. */
export function shiftListPage(page: PageContext, open: ShiftView[], recent: Page<ShiftView>, state: ShiftFormState = {}): string {
  const m = page.m.operations.shifts;
  const canOpen = page.can(...SHIFT_SUPERVISORS);
  const errors = state.form === 'open' ? state.errors : null;
  const body = html`${operationsStyles()}
<h1>${m.title}</h1>
<p class="muted">${m.intro}</p>
<section class="card">
  <h2>${m.open}</h2>
  ${open.length ? shiftRows(page, open) : html`<p class="muted">${m.noOpen}</p>`}
</section>
${canOpen
  ? html`<section class="card">
  <h2>${m.openForm}</h2>
  ${formError(errors)}
  <form method="post" action="/shifts" class="inline-form" novalidate>
    ${csrfField(page)}
    ${field({ name: 'name', label: m.name, value: String(state.values?.name ?? ''), errors, required: true, hint: m.nameHint, maxlength: 200, autofocus: !!errors })}
    <div class="actions"><button type="submit" class="primary">${m.openSubmit}</button></div>
  </form>
</section>`
  : ''}
<section class="card" id="all">
  <h2>${m.recent}</h2>
  ${recent.items.length ? shiftRows(page, recent.items) : html`<p class="muted">${m.none}</p>`}
  ${pager(page, { page: recent.page, pageSize: recent.pageSize, total: recent.total }, pageHref('/shifts', {}, '#all'))}
</section>`;
  return layout(page, { title: m.title, body, flash: state.flash, script: 'operations.js' });
}

function lineState(page: PageContext, shift: ShiftView, line: ShiftIssueView): Html {
  const m = page.m.operations.shift;
  if (!line.open) return html`<span class="badge ok">${m.lineBack}</span> <small>${shortWhen(line.closedAt!, shift.openedAt)}</small>`;
  if (line.unreturnedReason) return html`<span class="badge high">${m.lineUnreturned}</span> <small>${line.unreturnedReason}</small>`;
  return html`<span class="badge warn">${m.lineOut}</span>`;
}

function bookTable(page: PageContext, shift: ShiftView): Html {
  const m = page.m.operations.shift;
  const q = page.m.operations.quantity;
  if (!shift.issues.length) return html`<p class="muted">${m.noIssues}</p>`;
  return html`<div class="table-wrap"><table class="grid stacked book">
  <thead><tr>
    <th scope="col">${m.col.code}</th><th scope="col">${m.col.item}</th><th scope="col">${m.col.officer}</th><th scope="col">${m.col.issuedAt}</th>
    <th scope="col" class="num">${m.col.quantity}</th><th scope="col" class="num">${m.col.returned}</th><th scope="col" class="num">${m.col.spent}</th><th scope="col" class="num">${m.col.outstanding}</th>
    <th scope="col">${m.col.state}</th>
  </tr></thead>
  <tbody>
    ${shift.issues.map(
      (l) => html`<tr${l.open ? html` class="line-out"` : ''}>
      <th scope="row" class="code">${l.code}</th>
      <td data-label="${m.col.item}">${l.description}</td>
      <td data-label="${m.col.officer}">${personName(l.officer)}</td>
      <td data-label="${m.col.issuedAt}">${shortWhen(l.issuedAt, shift.openedAt)} <small>${m.col.issuedBy} ${personName(l.issuedBy)}</small></td>
      <td data-label="${m.col.quantity}" class="num">${q(l.quantity, l.unit)}</td>
      <td data-label="${m.col.returned}" class="num">${q(l.returnedQuantity, l.unit)}</td>
      <td data-label="${m.col.spent}" class="num">${l.spentQuantity ? q(l.spentQuantity, l.unit) : page.m.common.none}</td>
      <td data-label="${m.col.outstanding}" class="num">${l.open ? html`<strong>${q(l.outstanding, l.unit)}</strong>` : page.m.common.none}</td>
      <td data-label="${m.col.state}">${lineState(page, shift, l)}</td>
    </tr>`,
    )}
  </tbody>
</table></div>`;
}

function issueForm(page: PageContext, shift: ShiftView, officers: Officer[], state: ShiftFormState): Html {
  const m = page.m.operations.shift.issue;
  const mine = state.form === 'issue';
  const errors = mine ? state.errors : null;
  const v = mine ? (state.values ?? {}) : {};
  return html`<section class="card" id="issue">
  <h2>${m.title}</h2>
  ${formError(errors)}
  <form method="post" action="/shifts/${shift.id}/issue" novalidate data-enter-next="f-officerCode:f-issueCode f-issueCode f-issueQuantity f-issueWitnessUsername" data-copy="f-officerCode:f-issueWitnessUsername">
    ${csrfField(page)}
    <div class="form-grid">
      ${field({ name: 'officerCode', label: m.officerCode, value: String(v.officerCode ?? ''), errors, hint: m.officerCodeHint, autocomplete: 'off', autofocus: state.focus === 'officerCode' })}
      ${select({ name: 'officerId', label: m.officerId, options: officers.map((o) => ({ value: o.id, label: o.label })), value: String(v.officerId ?? ''), errors, empty: m.officerChoose })}
    </div>
    ${field({ name: 'issueCode', label: m.code, value: String(v.issueCode ?? ''), errors, required: true, hint: m.codeHint, autocomplete: 'off', autofocus: state.focus === 'issueCode' })}
    ${field({ name: 'issueQuantity', label: m.quantity, value: String(v.issueQuantity ?? ''), errors, hint: m.quantityHint, inputmode: 'decimal' })}
    ${credentialsFields('issueWitness', { legend: m.witness, hint: m.witnessHint, username: page.m.common.witnessUsername, password: page.m.common.witnessPassword }, errors, v, state.focus)}
    <div class="actions"><button type="submit" class="primary">${m.submit}</button></div>
  </form>
</section>`;
}

function returnForm(page: PageContext, shift: ShiftView, state: ShiftFormState): Html {
  const m = page.m.operations.shift.giveBack;
  const mine = state.form === 'return';
  const errors = mine ? state.errors : null;
  const v = mine ? (state.values ?? {}) : {};
  const conditions = RETURN_CONDITIONS.map((c) => ({ value: c, label: CONDITION_TH[c] }));
  return html`<section class="card" id="return">
  <h2>${m.title}</h2>
  ${formError(errors)}
  <form method="post" action="/shifts/${shift.id}/return" novalidate data-enter-next="f-returnCode:f-returnWitnessUsername f-returnQuantity f-spentQuantity f-spentReason f-note f-returnWitnessUsername">
    ${csrfField(page)}
    ${field({ name: 'returnCode', label: m.code, value: String(v.returnCode ?? ''), errors, required: true, autocomplete: 'off', autofocus: state.focus === 'returnCode' })}
    <div class="form-grid">
      ${select({ name: 'condition', label: m.condition, options: conditions, value: String(v.condition ?? 'GOOD'), errors, required: true })}
      ${field({ name: 'returnQuantity', label: m.quantity, value: String(v.returnQuantity ?? ''), errors, hint: m.quantityHint, inputmode: 'decimal' })}
      ${field({ name: 'spentQuantity', label: m.spentQuantity, value: String(v.spentQuantity ?? ''), errors, inputmode: 'decimal' })}
      ${field({ name: 'spentReason', label: m.spentReason, value: String(v.spentReason ?? ''), errors, maxlength: 1000 })}
    </div>
    ${field({ name: 'note', label: m.note, value: String(v.note ?? ''), errors, maxlength: 1000 })}
    ${credentialsFields('returnWitness', { legend: m.witness, hint: m.witnessHint, username: page.m.common.witnessUsername, password: page.m.common.witnessPassword }, errors, v, state.focus)}
    <div class="actions"><button type="submit" class="primary">${m.submit}</button></div>
  </form>
</section>`;
}

function closeForm(page: PageContext, shift: ShiftView, state: ShiftFormState): Html {
  const m = page.m.operations.shift.close;
  const mine = state.form === 'close';
  const errors = mine ? state.errors : null;
  const v = mine ? (state.values ?? {}) : {};
  const out = shift.issues.filter((l) => l.open);
  return html`<section class="card" id="close">
  <h2>${m.title}</h2>
  <p class="hint">${m.hint}</p>
  ${formError(errors)}
  <form method="post" action="/shifts/${shift.id}/close" novalidate>
    ${csrfField(page)}
    ${out.length
      ? html`<h3>${m.stillOut}</h3>${out.map((l) =>
          textArea({ name: `reason-${l.code}`, label: m.reasonFor(l.code, personName(l.officer)), value: String(v[`reason-${l.code}`] ?? ''), errors, maxlength: 1000, rows: 2, autofocus: state.focus === `reason-${l.code}` }),
        )}`
      : html`<p class="ok-text">${m.allBack}</p>`}
    <div class="actions"><button type="submit" class="${out.length ? 'danger' : 'primary'}">${m.submit}</button></div>
  </form>
</section>`;
}

/** GET /shifts/:id: the page of the book, and the forms of those who run it. */
export function shiftPage(page: PageContext, shift: ShiftView, officers: Officer[], state: ShiftFormState = {}): string {
  const m = page.m.operations.shift;
  const isOpen = shift.status === ShiftStatus.OPEN;
  const anyOut = shift.issues.some((l) => l.open);
  const canIssue = page.can(...SHIFT_ISSUERS);
  const body = html`${operationsStyles()}
<p class="crumbs"><a href="/shifts">${m.toList}</a></p>
<div class="page-head"><h1>${shift.name}</h1>${statusBadge(page, shift.status)}</div>
<dl class="facts card">
  <dt>${m.openedBy}</dt><dd>${personName(shift.openedBy)} ${page.m.operations.at(when(shift.openedAt))}</dd>
  ${shift.closedBy ? html`<dt>${m.closedBy}</dt><dd>${personName(shift.closedBy)} ${page.m.operations.at(when(shift.closedAt))}</dd>` : ''}
  <dt>${m.outNow}</dt><dd>${page.m.operations.shifts.items(shift.outstanding)}</dd>
</dl>
${!isOpen ? html`<p class="notice">${m.closedNote}${anyOut && page.can(...INCIDENT_READERS) ? html` <a href="/incidents?kind=NOT_RETURNED">${m.toIncidents}</a>` : ''}</p>` : ''}
<section class="card">
  <h2>${m.book}</h2>
  ${bookTable(page, shift)}
</section>
${canIssue && (isOpen || anyOut)
  ? html`<div class="ops-forms">
  ${isOpen ? issueForm(page, shift, officers, state) : ''}
  ${anyOut ? returnForm(page, shift, state) : ''}
</div>`
  : ''}
${isOpen && page.can(...SHIFT_SUPERVISORS) ? closeForm(page, shift, state) : ''}`;
  return layout(page, { title: shift.name, body, flash: state.flash, script: 'operations.js' });
}
