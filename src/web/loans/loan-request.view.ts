import { CATEGORY_TH, KIND_TH, RiskClass, STATUS_TH } from '../../items/item.enums.js';
import { LoanPurpose, PURPOSE_TH } from '../../loans/loan.enums.js';
import { field, type FieldErrors, formError, select } from '../forms.js';
import { type Html, html } from '../html.js';
import { csrfField } from '../layout.js';
import type { PageContext } from '../page-context.js';
import type { RequestedLine, RequestValues } from './loan-request.form.js';
import { loansStyles } from './page-parts.js';
import { radios, textArea } from '../parts.js';

export interface RequestState {
  values: RequestValues;
  errors?: FieldErrors | null;
  /** The items the codes named, once read (after "check" or a refused submit). */
  lines?: RequestedLine[];
}

function preview(page: PageContext, lines: RequestedLine[]): Html {
  const m = page.m.loans;
  if (!lines.length) return html``;
  return html`<section class="preview" aria-live="polite">
  <h2>${m.request.preview}</h2>
  <table class="grid cards-on-phone">
    <thead><tr><th scope="col">${m.detail.col.code}</th><th scope="col">${m.detail.col.description}</th><th scope="col">${m.request.itemStatus}</th><th scope="col" class="num">${m.request.available}</th><th scope="col" class="num">${m.request.asked}</th></tr></thead>
    <tbody>${lines.map(
      ({ item, quantity }) => html`<tr>
      <td data-label="${m.detail.col.code}"><span class="code">${item.code}</span>${item.riskClass === RiskClass.HIGH ? html` <span class="badge high">${m.detail.high}</span>` : ''}</td>
      <td data-label="${m.detail.col.description}">${item.description}<br><small>${CATEGORY_TH[item.category]} · ${KIND_TH[item.kind] ?? item.kind}</small></td>
      <td data-label="${m.request.itemStatus}">${STATUS_TH[item.status]}</td>
      <td data-label="${m.request.available}" class="num">${m.quantity(item.quantity, item.unit)}</td>
      <td data-label="${m.request.asked}" class="num">${quantity === undefined ? m.request.whole : m.quantity(quantity, item.unit)}</td>
    </tr>`,
    )}</tbody>
  </table>
</section>`;
}

/**
 * `/loans/new`: the borrowing form of DOMAIN-TH §7 — what, why, where, until when — and the
 * undertaking of ข้อ 209. The codes box is a textarea, so a scanner's Enter starts a new line.
 */
export function requestBody(page: PageContext, state: RequestState): Html {
  const m = page.m.loans.request;
  const { values, errors } = state;
  return html`${loansStyles}
<h1>${m.title}</h1>
<section class="card">
  <p>${m.intro}</p>
  <p class="hint">${m.approvalRule}</p>
  ${formError(errors)}
  <form method="post" action="/loans/new" class="loan-request" novalidate>
    ${csrfField(page)}
    ${textArea({ name: 'codes', label: m.codes, value: values.codes, errors, required: true, hint: m.codesHint, rows: 4, autofocus: true, scan: true })}
    ${preview(page, state.lines ?? [])}
    <div class="form-grid">
      ${select({
        name: 'purposeType',
        label: m.purposeType,
        options: Object.values(LoanPurpose).map((p) => ({ value: p, label: PURPOSE_TH[p] })),
        value: values.purposeType,
        errors,
        required: true,
        empty: m.choose,
      })}
      ${radios({
        name: 'offPremises',
        label: m.place,
        options: [
          { value: 'false', label: page.m.loans.onPremises },
          { value: 'true', label: page.m.loans.offPremises },
        ],
        value: values.offPremises,
        errors,
        required: true,
      })}
    </div>
    ${textArea({ name: 'purpose', label: m.purpose, value: values.purpose, errors, required: true, rows: 2, maxlength: 1000 })}
    <div class="form-grid">
      ${field({ name: 'dueDate', label: m.dueDate, value: values.dueDate, errors, required: true, thaiDate: true })}
      ${field({ name: 'dueTime', label: m.dueTime, value: values.dueTime, errors, required: true, hint: m.dueTimeHint, inputmode: 'numeric', maxlength: 5 })}
    </div>
    <p class="undertaking">${m.undertaking}</p>
    <div class="actions">
      <button type="submit" name="intent" value="check">${m.check}</button>
      <button type="submit" class="primary" name="intent" value="submit">${m.submit}</button>
    </div>
  </form>
</section>`;
}
