import { CONDITION_TH, ItemCondition, RiskClass } from '../../items/item.enums.js';
import { RETURN_CONDITIONS } from '../../loans/loan.enums.js';
import type { LoanLineView, LoanView } from '../../loans/loans.repository.js';
import { field, type FieldErrors, formError, select, witnessFields } from '../forms.js';
import { type Html, html } from '../html.js';
import { csrfField } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { ALL_BLIND, asksBlind, asksQuantity, asksSpent, type BlindAsked, outLines, rowField } from './scan-forms.js';
import { textArea } from '../parts.js';

/** A form shown again after a refusal: its errors and what was typed (never a password). */
export interface FormState {
  errors?: FieldErrors | null;
  values?: Record<string, unknown>;
}

const valueOf = (state: FormState, name: string) => {
  const v = state.values?.[name];
  return typeof v === 'string' ? v : '';
};

function rowHead(page: PageContext, line: LoanLineView, row: number, detail: string): Html {
  return html`<legend>${row + 1}. <span class="code">${line.code}</span>${line.riskClass === RiskClass.HIGH ? html` <span class="badge high">${page.m.loans.detail.high}</span>` : ''}</legend>
  <p class="row-what">${line.description} <span class="muted">· ${detail}</span></p>`;
}

/** The seal, weight and amount seen on the item, asked blind: the recorded values are never on the page. */
function blindFields(page: PageContext, row: number, asked: BlindAsked | null, state: FormState): Html {
  if (!asked) return html``;
  const m = page.m.loans.scan;
  const one = (name: keyof BlindAsked, inputmode: 'text' | 'decimal') =>
    asked[name] ? field({ name: rowField(row, name), label: m[name], value: valueOf(state, rowField(row, name)), errors: state.errors, autocomplete: 'off', inputmode }) : '';
  return html`${one('sealNumber', 'text')}${one('weightGrams', 'decimal')}${one('amount', 'decimal')}`;
}

function scanField(page: PageContext, row: number, state: FormState, required: boolean): Html {
  return field({ name: rowField(row, 'code'), label: page.m.loans.scan.code, value: valueOf(state, rowField(row, 'code')), errors: state.errors, autocomplete: 'off', required });
}

/** The blind fields a row shows: those of a HIGH item whose record holds the measure. */
function blindOfLine(line: LoanLineView, blind: Map<string, BlindAsked>): BlindAsked | null {
  if (!asksBlind(line)) return null;
  const asked = blind.get(line.itemId) ?? ALL_BLIND;
  return asked.sealNumber || asked.weightGrams || asked.amount ? asked : null;
}

const blindHint = (page: PageContext, asked: BlindAsked | null) => (asked ? html`<p class="hint">${page.m.loans.scan.blind}</p>` : '');

/** Issue at the counter: each line scanned in its row; HIGH lines with the blind fields, the witness once. */
export function issueForm(page: PageContext, loan: LoanView, blind: Map<string, BlindAsked>, state: FormState): Html {
  const m = page.m.loans;
  const rows = loan.items.map(
    (line, row) => html`<fieldset class="scan-row">
  ${rowHead(page, line, row, m.quantity(line.quantity, line.unit))}
  ${blindHint(page, blindOfLine(line, blind))}
  <div class="form-grid">
    ${scanField(page, row, state, true)}
    ${blindFields(page, row, blindOfLine(line, blind), state)}
  </div>
</fieldset>`,
  );
  return html`<form method="post" action="/loans/${loan.id}/issue" class="scan-rows" novalidate>
  <h3>${m.issue.title}</h3>
  <p class="hint">${m.issue.hint}</p>
  ${csrfField(page)}
  ${formError(state.errors)}
  ${rows}
  ${loan.items.some(asksBlind) ? witnessFields(page.m, state.errors, state.values) : ''}
  <div class="actions"><button type="submit" class="primary">${m.issue.submit}</button></div>
</form>`;
}

/** Return at the counter: the rows scanned now come back; how much, condition, spent ammunition, blind fields. */
export function returnForm(page: PageContext, loan: LoanView, blind: Map<string, BlindAsked>, state: FormState): Html {
  const m = page.m.loans;
  const lines = outLines(loan.items);
  const conditions = RETURN_CONDITIONS.map((c) => ({ value: c, label: CONDITION_TH[c] }));
  const rows = lines.map((line, row) => {
    const outstanding = m.quantity(line.outstanding, line.unit);
    const v = (name: string) => valueOf(state, rowField(row, name));
    return html`<fieldset class="scan-row">
  ${rowHead(page, line, row, m.giveBack.outstanding(outstanding))}
  ${blindHint(page, blindOfLine(line, blind))}
  <div class="form-grid">
    ${scanField(page, row, state, false)}
    ${asksQuantity(line) ? field({ name: rowField(row, 'quantity'), label: m.giveBack.quantity, value: v('quantity'), errors: state.errors, inputmode: 'decimal', hint: m.giveBack.quantityHint(outstanding) }) : ''}
    ${select({ name: rowField(row, 'condition'), label: m.giveBack.condition, options: conditions, value: v('condition') || ItemCondition.GOOD, errors: state.errors, required: true })}
    ${asksSpent(line) ? field({ name: rowField(row, 'spentQuantity'), label: m.giveBack.spentQuantity, value: v('spentQuantity'), errors: state.errors, inputmode: 'decimal' }) : ''}
    ${asksSpent(line) ? field({ name: rowField(row, 'spentReason'), label: m.giveBack.spentReason, value: v('spentReason'), errors: state.errors, maxlength: 1000 }) : ''}
    ${field({ name: rowField(row, 'note'), label: m.giveBack.note, value: v('note'), errors: state.errors, maxlength: 1000 })}
    ${blindFields(page, row, blindOfLine(line, blind), state)}
  </div>
</fieldset>`;
  });
  return html`<form method="post" action="/loans/${loan.id}/return" class="scan-rows" novalidate>
  <h3>${m.giveBack.title}</h3>
  <p class="hint">${m.giveBack.hint}</p>
  ${csrfField(page)}
  ${formError(state.errors)}
  ${rows}
  ${lines.some(asksBlind) ? witnessFields(page.m, state.errors, state.values) : ''}
  <div class="actions"><button type="submit" class="primary">${m.giveBack.submit}</button></div>
</form>`;
}

/** The requester withdraws the request before anything is issued. */
export function cancelForm(page: PageContext, loan: LoanView, state: FormState): Html {
  const m = page.m.loans.cancel;
  return html`<form method="post" action="/loans/${loan.id}/cancel" class="cancel-form" novalidate>
  <h3>${m.title}</h3>
  <p class="hint">${m.hint}</p>
  ${csrfField(page)}
  ${formError(state.errors)}
  ${textArea({ name: 'note', id: 'cancel-note', label: m.note, value: valueOf(state, 'note'), errors: state.errors, rows: 2, maxlength: 1000 })}
  <div class="actions"><button type="submit" class="danger">${m.submit}</button></div>
</form>`;
}
