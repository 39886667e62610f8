import { AuditKind, AuditStatus } from '../../audits/audit.enums.js';
import type { AuditView } from '../../audits/audits.repository.js';
import type { Role } from '../../common/roles.js';
import type { Page } from '../../common/validation.js';
import { CATEGORY_TH, ItemCategory } from '../../items/item.enums.js';
import { thaiShortDateTime } from '../../reports/thai-dates.js';
import { KIND_OF_COUNT_TH } from '../../reports/o23-labels.js';
import { field, type FieldErrors, formError, select } from '../forms.js';
import { type Html, html } from '../html.js';
import { csrfField, type Flash, layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { COUNTERS } from './operations-roles.js';
import { operationsStyles } from './operations-ui.js';
import { checkbox, pageHref, pager, personName } from '../parts.js';

export interface Place {
  id: string;
  code: string;
  name: string;
}

export interface Member {
  id: string;
  label: string;
  roles: Role[];
}

export interface StartFormState {
  errors?: FieldErrors | null;
  values?: Record<string, unknown>;
  flash?: Flash | null;
}

export function auditStatusBadge(page: PageContext, status: AuditStatus): Html {
  return html`<span class="badge${status === AuditStatus.OPEN ? ' warn' : ' ok'}">${page.m.operations.audits.status[status]}</span>`;
}

/** "อาวุธและยุทธภัณฑ์ · ตู้นิรภัย" — what a count covers. */
export function scopeText(page: PageContext, audit: AuditView, places: Map<string, Place>): string {
  const m = page.m.operations.count;
  const category = audit.scope.category ? CATEGORY_TH[audit.scope.category as ItemCategory] : m.allCategories;
  const place = audit.scope.locationId ? places.get(audit.scope.locationId) : null;
  const where = audit.scope.locationId ? (place ? `${place.code} ${place.name}` : m.locationUnknown) : m.allLocations;
  return `${category} · ${where}`;
}

function auditRows(page: PageContext, audits: AuditView[], places: Map<string, Place>): Html {
  const m = page.m.operations.audits;
  // A closed count shows what it found when it closed; an open one its running tally (withheld while blind).
  const tally = (a: AuditView) =>
    a.summary ? m.tallyShort(a.summary.counted, a.summary.expected) : a.tally.expected === null || a.tally.counted === null ? m.blindShort : m.tallyShort(a.tally.counted, a.tally.expected);
  return html`<div class="table-wrap"><table class="grid stacked">
  <thead><tr><th scope="col">${m.col.kind}</th><th scope="col">${m.col.status}</th><th scope="col">${m.col.scope}</th><th scope="col">${m.col.startedBy}</th><th scope="col">${m.col.startedAt}</th><th scope="col" class="num">${m.col.tally}</th><th scope="col">${m.col.closedAt}</th></tr></thead>
  <tbody>
    ${audits.map(
      (a) => html`<tr>
      <th scope="row"><a href="/audits/${a.id}">${KIND_OF_COUNT_TH[a.kind]}</a></th>
      <td data-label="${m.col.status}">${auditStatusBadge(page, a.status)}</td>
      <td data-label="${m.col.scope}">${scopeText(page, a, places)}</td>
      <td data-label="${m.col.startedBy}">${personName(a.startedBy)}</td>
      <td data-label="${m.col.startedAt}" class="when">${thaiShortDateTime(a.startedAt)}</td>
      <td data-label="${m.col.tally}" class="num">${tally(a)}</td>
      <td data-label="${m.col.closedAt}" class="when">${a.closedAt ? thaiShortDateTime(a.closedAt) : page.m.common.none}</td>
    </tr>`,
    )}
  </tbody>
</table></div>`;
}

function startForm(page: PageContext, places: Place[], members: Member[], state: StartFormState): Html {
  const m = page.m.operations.audits.start;
  const errors = state.errors;
  const v = state.values ?? {};
  const chosen = new Set(Array.isArray(v.committee) ? v.committee.map(String) : v.committee ? [String(v.committee)] : []);
  const committeeError = errors?.committee;
  return html`<section class="card" id="start">
  <h2>${m.title}</h2>
  ${formError(errors)}
  <form method="post" action="/audits" novalidate>
    ${csrfField(page)}
    <div class="form-grid">
      ${select({ name: 'kind', label: m.kind, options: Object.values(AuditKind).map((k) => ({ value: k, label: KIND_OF_COUNT_TH[k] })), value: String(v.kind ?? AuditKind.DAILY_ARMS), errors, required: true })}
      ${select({ name: 'category', label: m.category, options: Object.values(ItemCategory).map((c) => ({ value: c, label: CATEGORY_TH[c] })), value: String(v.category ?? ''), errors, empty: m.categoryDefault })}
      ${select({ name: 'locationId', label: m.location, options: places.map((p) => ({ value: p.id, label: `${p.code} ${p.name}` })), value: String(v.locationId ?? ''), errors, empty: m.locationAll })}
      ${field({ name: 'samplePercent', label: m.samplePercent, value: String(v.samplePercent ?? ''), errors, hint: m.sampleHint, inputmode: 'decimal' })}
    </div>
    <p class="hint">${m.categoryHint}</p>
    ${checkbox({ name: 'blind', value: '1', label: m.blind, checked: v.blind === '1', hint: m.blindHint })}
    <fieldset class="committee${committeeError ? ' has-error' : ''}">
      <legend>${m.committee}</legend>
      <p class="hint">${m.committeeHint}</p>
      ${members.length
        ? html`<div class="checks">${members.map((u) => checkbox({ name: 'committee', value: u.id, label: u.label, checked: chosen.has(u.id), hint: u.roles.map((r) => page.m.roles[r]).join(', ') }))}</div>`
        : html`<p class="muted">${m.noCommittee}</p>`}
      ${committeeError ? html`<p class="field-error" role="alert">${committeeError}</p>` : ''}
    </fieldset>
    <div class="actions"><button type="submit" class="primary">${m.submit}</button></div>
  </form>
</section>`;
}

/** GET /audits: open counts, every count newest first, and the form that starts one. */
export function auditListPage(page: PageContext, open: AuditView[], recent: Page<AuditView>, places: Place[], members: Member[], state: StartFormState = {}): string {
  const m = page.m.operations.audits;
  const byId = new Map(places.map((p) => [p.id, p]));
  const body = html`${operationsStyles()}
<h1>${m.title}</h1>
<p class="muted">${m.intro}</p>
<section class="card">
  <h2>${m.open}</h2>
  ${open.length ? auditRows(page, open, byId) : html`<p class="muted">${m.noOpen}</p>`}
</section>
${page.can(...COUNTERS) ? startForm(page, places, members, state) : ''}
<section class="card" id="all">
  <h2>${m.recent}</h2>
  ${recent.items.length ? auditRows(page, recent.items, byId) : html`<p class="muted">${m.none}</p>`}
  ${pager(page, { page: recent.page, pageSize: recent.pageSize, total: recent.total }, pageHref('/audits', {}, '#all'))}
</section>`;
  return layout(page, { title: m.title, body, flash: state.flash, script: 'operations.js' });
}
