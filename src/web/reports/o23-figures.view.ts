import { CATEGORY_TH, CONDITION_TH, type ItemCategory, KIND_TH, type ItemKind } from '../../items/item.enums.js';
import { type FigureRow, figureSections, HOLDINGS_TH, O23_CONDITIONS, O23_SECTIONS, PROBLEMS_TH } from '../../reports/o23-labels.js';
import type { O23Figures } from '../../reports/reports.service.js';
import { type Html, html } from '../html.js';
import type { PageContext } from '../page-context.js';
import { hashText } from './report-parts.js';
import { baht, count } from '../parts.js';

/**
 * The figures of an O23 report as the screen shows them: the same labels and the same numbers as its
 * PDF and XLSX (o23-labels.ts), for a draft (today's figures) and for an issued report (its frozen ones).
 */

function value(row: FigureRow): Html {
  if (row.value === null || row.value === undefined) return html`-`;
  switch (row.format) {
    case 'baht':
      return html`${baht(Number(row.value))}`;
    case 'hash':
      return hashText(String(row.value));
    case 'text':
      return html`${String(row.value)}`;
    default:
      return html`${typeof row.value === 'number' ? count(row.value) : row.value}`;
  }
}

/** A 64-character hash does not fit beside its label on a phone: it gets the row's whole width under it. */
function hashRows(row: FigureRow): Html {
  return html`<tr class="hash-label"><th scope="rowgroup" colspan="2">${row.label}</th></tr><tr class="hash-value"><td colspan="2">${value(row)}</td></tr>`;
}

type HoldingsRow = O23Figures['holdings']['rows'][number];

/** Rows grouped by category, as a clerk's ledger lists them: the category a heading row, its kinds below. */
function byCategory(rows: HoldingsRow[]): [string, HoldingsRow[]][] {
  const groups = new Map<string, HoldingsRow[]>();
  for (const r of rows) groups.set(r.category, [...(groups.get(r.category) ?? []), r]);
  return [...groups];
}

/** The ledger's figures of one row; each cell names its column, for the phone's card layout. */
function ledgerCells(r: { opening: number; received: number; disposed: number; closing: number; closingValue: number }): Html {
  return html`<td class="num" data-label="${HOLDINGS_TH.opening}">${count(r.opening)}</td><td class="num" data-label="${HOLDINGS_TH.received}">${count(r.received)}</td><td class="num" data-label="${HOLDINGS_TH.disposed}">${count(r.disposed)}</td><td class="num" data-label="${HOLDINGS_TH.closing}">${count(r.closing)}</td><td class="num" data-label="${HOLDINGS_TH.closingValue}">${baht(r.closingValue)}</td>`;
}

const categoryTh = (c: string) => CATEGORY_TH[c as ItemCategory] ?? c;
const kindTh = (k: string) => KIND_TH[k as ItemKind] ?? k;

/** Section 1: the ledger (opening, received, disposed, closing, value), then the condition of what is held at the end. */
export function holdingsSection(page: PageContext, figures: O23Figures): Html {
  const m = page.m.reports.o23;
  const { rows, totals } = figures.holdings;
  const groups = byCategory(rows);
  // Conditions as the report's columns; anything else recorded shows in one more column, never dropped.
  const other = (r: HoldingsRow) => Object.entries(r.byCondition).reduce((sum, [c, n]) => sum + (O23_CONDITIONS.includes(c as never) ? 0 : n), 0);
  const showOther = rows.some((r) => other(r) > 0);
  const ledger = html`<div class="table-wrap"><table class="grid ledger">
  <caption class="visually-hidden">${O23_SECTIONS.holdings.title}</caption>
  <thead><tr>
    <th scope="col">${HOLDINGS_TH.kind}</th>
    <th scope="col" class="num">${HOLDINGS_TH.opening}</th>
    <th scope="col" class="num">${HOLDINGS_TH.received}</th>
    <th scope="col" class="num">${HOLDINGS_TH.disposed}</th>
    <th scope="col" class="num">${HOLDINGS_TH.closing}</th>
    <th scope="col" class="num">${HOLDINGS_TH.closingValue}</th>
  </tr></thead>
  <tbody>
  ${groups.length
    ? groups.map(
        ([category, kinds]) => html`<tr class="group"><th scope="rowgroup" colspan="6">${HOLDINGS_TH.category} ${categoryTh(category)}</th></tr>
  ${kinds.map(
    (r) => html`<tr data-row="${r.category}.${r.kind}"><th scope="row">${kindTh(r.kind)}</th>${ledgerCells(r)}</tr>`,
  )}`,
      )
    : html`<tr><td colspan="6" class="muted">${m.noHoldings}</td></tr>`}
  </tbody>
  <tfoot><tr data-row="total"><th scope="row">${HOLDINGS_TH.total}</th>${ledgerCells(totals)}</tr></tfoot>
</table></div>`;

  const conditions = groups.length
    ? html`<h3>${m.conditionCaption}</h3>
<div class="table-wrap"><table class="grid ledger conditions">
  <thead><tr><th scope="col">${HOLDINGS_TH.kind}</th>${O23_CONDITIONS.map((c) => html`<th scope="col" class="num">${CONDITION_TH[c]}</th>`)}${showOther ? html`<th scope="col" class="num">${m.unknownCondition}</th>` : ''}</tr></thead>
  <tbody>
  ${groups.map(
    ([category, kinds]) => html`<tr class="group"><th scope="rowgroup" colspan="${O23_CONDITIONS.length + (showOther ? 2 : 1)}">${HOLDINGS_TH.category} ${categoryTh(category)}</th></tr>
  ${kinds.map(
    (r) => html`<tr data-row="${r.category}.${r.kind}"><th scope="row">${kindTh(r.kind)}</th>${O23_CONDITIONS.map((c) => html`<td class="num" data-label="${CONDITION_TH[c]}">${count(r.byCondition[c] ?? 0)}</td>`)}${showOther ? html`<td class="num" data-label="${m.unknownCondition}">${count(other(r))}</td>` : ''}</tr>`,
  )}`,
  )}
  </tbody>
</table></div>`
    : html``;

  return html`<section class="card o23-section" id="section-1" aria-labelledby="section-1-title">
  <h2 id="section-1-title">${O23_SECTIONS.holdings.title}</h2>
  ${ledger}
  ${conditions}
</section>`;
}

/** Sections 2–7: label → figure, each a small table; section 7 leads to the verification of the chain now. */
export function figureSectionsView(page: PageContext, figures: O23Figures): Html {
  return html`<div class="o23-sections">${figureSections(figures).map((s, i) => {
    const id = `section-${i + 2}`;
    return html`<section class="card o23-section" id="${id}" aria-labelledby="${id}-title">
  <h2 id="${id}-title">${s.title}</h2>
  <table class="grid figures">
    <tbody>${s.rows.map((r) => (r.format === 'hash' ? hashRows(r) : html`<tr><th scope="row">${r.label}</th><td class="${r.format === 'text' ? `text${s.key === 'auditLog' ? (figures.auditLog.verified ? ' verdict-line ok' : ' verdict-line bad') : ''}` : 'num'}">${value(r)}</td></tr>`))}</tbody>
  </table>
  ${s.key === 'auditLog' ? html`<p><a href="/audit-log/verify">${page.m.reports.o23.verifyLink}</a></p>` : ''}
</section>`;
  })}</div>`;
}

/** Section 8's text as written, line breaks kept. */
export function problemsText(page: PageContext, note: O23Figures['problems']): Html {
  if (!note) return html`<p class="notice-warn">${page.m.reports.note.notWritten}</p>`;
  return html`<dl class="note-text">
  <dt>${PROBLEMS_TH.problems}</dt><dd>${note.problems}</dd>
  <dt>${PROBLEMS_TH.correctiveAction}</dt><dd>${note.correctiveAction}</dd>
</dl>`;
}
