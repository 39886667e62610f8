import { RegisterKind } from '../../reports/registers/registers.dto.js';
import { field, type FieldErrors } from '../forms.js';
import { type Html, html } from '../html.js';
import { layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { REPORT_READERS, REPORTS_STYLE, reportTabs } from './report-parts.js';

export interface RegistersState {
  /** The station's code, for the example of an item code. */
  stationCode: string;
  /** Today as the as-at field shows it (วว/ดด/ปปปป), its default. */
  today: string;
  errors?: FieldErrors | null;
  /** The as-at day as typed (วว/ดด/ปปปป). */
  asOf?: string;
  /** The custody sheet's code as typed, and why it was not found. */
  code?: string;
  codeErrors?: FieldErrors | null;
}

/** The custody sheet of one item by its code: on the registers page, and a page of its own for the investigator. */
function custodySheetForm(page: PageContext, state: RegistersState, headingLevel: 'h1' | 'h2'): Html {
  const m = page.m.reports.custody;
  const heading = headingLevel === 'h1' ? html`<h1 id="custody-title">${m.title}</h1>` : html`<h2 id="custody-title">${m.heading}</h2>`;
  return html`<section class="card" aria-labelledby="custody-title">
  ${heading}
  <p>${m.about}</p>
  <form method="get" action="/reports/custody-sheet" class="inline-form">
    ${field({ name: 'code', label: m.code, value: state.code, errors: state.codeErrors, required: true, hint: m.codeHint(`${state.stationCode}-EV${state.today.slice(-2)}-000001`), autocomplete: 'off', autofocus: headingLevel === 'h1' })}
    <div class="actions"><button type="submit" class="primary">${m.submit}</button></div>
  </form>
  <p class="hint">${m.fromItemPage}</p>
</section>`;
}

/** The four registers with their PDF and XLSX downloads (the property register as at a day), and the custody sheet. */
export function registersPage(page: PageContext, state: RegistersState): string {
  const m = page.m.reports.registers;
  const card = (kind: RegisterKind) => {
    const k = m.kinds[kind];
    const links =
      kind === RegisterKind.PROPERTY
        ? html`<form method="get" action="/reports/registers/${kind}" class="inline-form" novalidate>
  ${field({ name: 'asOf', label: m.asOf, value: state.asOf ?? state.today, errors: state.errors, hint: m.asOfHint, inputmode: 'numeric', autocomplete: 'off' })}
  <div class="actions">
    <button type="submit" name="format" value="pdf" class="primary" aria-label="${m.download(k.name, m.pdf)}">${m.pdf}</button>
    <button type="submit" name="format" value="xlsx" aria-label="${m.download(k.name, m.xlsx)}">${m.xlsx}</button>
  </div>
</form>`
        : html`<div class="actions">
  <a class="button primary" href="/reports/registers/${kind}?format=pdf" download aria-label="${m.download(k.name, m.pdf)}">${m.pdf}</a>
  <a class="button" href="/reports/registers/${kind}?format=xlsx" download aria-label="${m.download(k.name, m.xlsx)}">${m.xlsx}</a>
</div>`;
    return html`<section class="card register" id="register-${kind}" aria-labelledby="register-${kind}-title">
  <h2 id="register-${kind}-title">${k.name}</h2>
  <p>${k.about}</p>
  ${links}
</section>`;
  };
  const body = html`<div class="page-head"><h1>${m.title}</h1></div>
${reportTabs(page, 'registers')}
<p>${m.intro}</p>
<div class="registers">${Object.values(RegisterKind).map(card)}</div>
${custodySheetForm(page, state, 'h2')}`;
  return layout(page, { title: m.title, body, style: REPORTS_STYLE });
}

/** GET /reports/custody-sheet without a code: the form alone (the investigator has no registers page). */
export function custodySheetPage(page: PageContext, state: RegistersState): string {
  const body = html`${page.can(...REPORT_READERS) ? reportTabs(page, 'registers') : ''}${custodySheetForm(page, state, 'h1')}`;
  return layout(page, { title: page.m.reports.custody.title, body, style: REPORTS_STYLE });
}
