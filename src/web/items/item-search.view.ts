import type { Page } from '../../common/validation.js';
import { CATEGORY_TH, ItemCategory, ItemStatus, KIND_TH, RiskClass, STATUS_TH } from '../../items/item.enums.js';
import type { ItemView } from '../../items/items.dto.js';
import type { LocationView } from '../../locations/locations.dto.js';
import { type FieldErrors, field, formError, select } from '../forms.js';
import { type Html, html } from '../html.js';
import type { PageContext } from '../page-context.js';
import { REGISTRARS } from './item-fields.js';
import { itemsStyles, placeLabel } from './page-parts.js';
import { pager } from '../parts.js';

export interface SearchState {
  /** The filters as typed (they keep their values). */
  values: Record<string, string>;
  errors: FieldErrors | null;
  places: LocationView[];
  result: Page<ItemView> | null;
  /** The address of page n of these results. */
  href: (n: number) => string;
}

export function statusBadge(page: PageContext, item: ItemView): Html {
  const kind = item.status === ItemStatus.IN_STORAGE ? ' ok' : item.status === ItemStatus.DISPOSED ? '' : ' warn';
  return html`<span class="badge${kind}">${STATUS_TH[item.status]}</span>`;
}

function row(page: PageContext, item: ItemView): Html {
  const m = page.m.items.search;
  const where = item.location ? `${item.location.code} ${item.location.name}` : (item.holder?.displayName ?? item.holderText ?? '');
  return html`<tr>
  <td data-label="${m.col.code}"><a class="code" href="/items/${item.id}">${item.code}</a>${item.riskClass === RiskClass.HIGH ? html` <span class="badge high">${page.m.counter.high}</span>` : ''}</td>
  <td data-label="${m.col.category}">${CATEGORY_TH[item.category]}<br><small>${KIND_TH[item.kind]}</small></td>
  <td data-label="${m.col.description}">${item.description}${item.caseNumber ? html`<br><small>${m.caseOf(item.caseNumber)}</small>` : ''}</td>
  <td data-label="${m.col.status}">${statusBadge(page, item)}</td>
  <td data-label="${m.col.location}">${where}</td>
</tr>`;
}

/** `/items`: the filters (a GET form, so a search is a link), the results table (cards on a phone), the pager. */
export function searchBody(page: PageContext, state: SearchState): Html {
  const m = page.m.items.search;
  const v = state.values;
  const e = state.errors;
  const { result } = state;
  const filters = html`<form method="get" action="/items" class="card filters" role="search" aria-label="${m.filters}">
  ${formError(e)}
  <div class="form-grid">
    <div class="wide">${field({ name: 'q', label: m.q, type: 'search', value: v.q, errors: e, hint: m.qHint, maxlength: 200, autocomplete: 'off' })}</div>
    ${select({ name: 'category', label: m.category, value: v.category, errors: e, empty: m.all, options: Object.values(ItemCategory).map((c) => ({ value: c, label: CATEGORY_TH[c] })) })}
    ${select({ name: 'status', label: m.status, value: v.status, errors: e, empty: m.all, options: Object.values(ItemStatus).map((s) => ({ value: s, label: STATUS_TH[s] })) })}
    ${select({ name: 'locationId', label: m.location, value: v.locationId, errors: e, empty: m.all, options: state.places.map((p) => ({ value: p.id, label: placeLabel(page, p) })) })}
    ${field({ name: 'caseNumber', label: m.caseNumber, value: v.caseNumber, errors: e, maxlength: 100, autocomplete: 'off' })}
  </div>
  <div class="actions"><button type="submit" class="primary">${m.submit}</button><a class="button" href="/items">${m.clear}</a></div>
</form>`;
  const results = result
    ? html`<section class="card" aria-live="polite">
  <p class="muted">${page.m.common.total(result.total)}</p>
  ${result.items.length
    ? html`<div class="table-wrap"><table class="grid items-results cards-on-phone">
  <thead><tr><th scope="col">${m.col.code}</th><th scope="col">${m.col.category}</th><th scope="col">${m.col.description}</th><th scope="col">${m.col.status}</th><th scope="col">${m.col.location}</th></tr></thead>
  <tbody>${result.items.map((item) => row(page, item))}</tbody>
</table></div>`
    : html`<p class="empty">${Object.keys(v).length ? m.none : m.emptyRegister}</p>`}
  ${pager(page, result, state.href)}
</section>`
    : '';
  return html`${itemsStyles}
<div class="page-head">
  <h1>${m.title}</h1>
  ${page.can(...REGISTRARS) ? html`<a class="button primary" href="/items/new">${m.newItem}</a>` : ''}
</div>
${filters}
${results}`;
}
