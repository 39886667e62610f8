import { DiscrepancyKind, DiscrepancyStatus } from '../../custody/custody.enums.js';
import type { IncidentView } from '../../incidents/incidents.repository.js';
import { CONDITION_TH, type ItemCondition } from '../../items/item.enums.js';
import { thaiShortDateTime } from '../../reports/thai-dates.js';
import { type FieldErrors, FORM_ERROR, formError, select } from '../forms.js';
import { type Html, html } from '../html.js';
import { csrfField, type Flash, layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { INCIDENT_RESOLVERS } from './operations-roles.js';
import { operationsStyles, withThaiLabels } from './operations-ui.js';
import { pageHref, pager, personName, textArea } from '../parts.js';

export interface IncidentFilter {
  status?: DiscrepancyStatus;
  kind?: DiscrepancyKind;
  auditId?: string;
}

function statusBadge(page: PageContext, status: DiscrepancyStatus): Html {
  return html`<span class="badge${status === DiscrepancyStatus.OPEN ? ' high' : ' ok'}">${page.m.operations.discrepancyStatus[status]}</span>`;
}

/**
 * What the record said and what was seen, as a person reads it: seals as typed, grams, baht, conditions
 * by their Thai names. A shift closed with an item out says why in its note, not here.
 */
function comparison(page: PageContext, i: IncidentView): { recorded: string; observed: string } | null {
  const m = page.m.operations.incident;
  if (i.expected === null && i.observed === null) return null;
  const show = (value: string | null): string => {
    if (value === null) return page.m.common.none;
    switch (i.kind) {
      case DiscrepancyKind.WEIGHT_MISMATCH:
        return m.grams(value);
      case DiscrepancyKind.AMOUNT_MISMATCH:
        return m.baht(value);
      case DiscrepancyKind.DAMAGED_ON_RETURN:
      case DiscrepancyKind.CONDITION_CHANGED:
        return CONDITION_TH[value as ItemCondition] ?? value;
      default:
        return withThaiLabels(value);
    }
  };
  if (i.kind === DiscrepancyKind.NOT_RETURNED) return null;
  return { recorded: show(i.expected), observed: show(i.observed) };
}

/** One line of the list: the note, or what was compared. */
function summary(page: PageContext, i: IncidentView): string {
  const c = comparison(page, i);
  const compared = c ? `${page.m.operations.incident.recorded} ${c.recorded} · ${page.m.operations.incident.observed} ${c.observed}` : '';
  return [compared, withThaiLabels(i.note)].filter(Boolean).join(' · ');
}

/** GET /incidents: filters, the list (open ones first unless a status is chosen), paged. */
export function incidentListPage(page: PageContext, list: { items: IncidentView[]; total: number; page: number; pageSize: number }, filter: IncidentFilter): string {
  const m = page.m.operations.incidents;
  const o = page.m.operations;
  const kinds = Object.values(DiscrepancyKind).map((k) => ({ value: k, label: o.discrepancyKind[k] }));
  const statuses = Object.values(DiscrepancyStatus).map((s) => ({ value: s, label: o.discrepancyStatus[s] }));
  const body = html`${operationsStyles()}
<h1>${m.title}</h1>
<p class="muted">${m.intro}</p>
<form method="get" action="/incidents" class="card filters">
  ${filter.auditId ? html`<input type="hidden" name="auditId" value="${filter.auditId}">
  <p>${m.fromAudit} <a href="/audits/${filter.auditId}">${o.view}</a> · <a href="/incidents">${m.clearAudit}</a></p>` : ''}
  <div class="filter-row">
    ${select({ name: 'status', label: m.status, options: statuses, value: filter.status ?? '', empty: m.statusAll })}
    ${select({ name: 'kind', label: m.kind, options: kinds, value: filter.kind ?? '', empty: m.kindAll })}
    <button type="submit">${o.filter}</button>
  </div>
</form>
<section class="card" id="list">
  ${list.items.length
    ? html`<div class="table-wrap"><table class="grid stacked">
  <thead><tr><th scope="col">${m.col.at}</th><th scope="col">${m.col.kind}</th><th scope="col">${m.col.item}</th><th scope="col">${m.col.note}</th><th scope="col">${m.col.status}</th><th scope="col">${m.col.reportedBy}</th></tr></thead>
  <tbody>
    ${list.items.map(
      (i) => html`<tr${i.status === DiscrepancyStatus.OPEN ? html` class="incident-open"` : ''}>
      <td data-label="${m.col.at}" class="when">${thaiShortDateTime(i.createdAt)}</td>
      <th scope="row"><a href="/incidents/${i.id}">${o.discrepancyKind[i.kind]}</a></th>
      <td data-label="${m.col.item}"><span class="code">${i.item.code}</span> <small>${i.item.description}</small></td>
      <td data-label="${m.col.note}">${summary(page, i) || page.m.common.none}</td>
      <td data-label="${m.col.status}">${statusBadge(page, i.status)}</td>
      <td data-label="${m.col.reportedBy}">${personName(i.reportedBy)}</td>
    </tr>`,
    )}
  </tbody>
</table></div>`
    : html`<p class="muted">${m.none}</p>`}
  ${pager(page, { page: list.page, pageSize: list.pageSize, total: list.total }, pageHref('/incidents', { status: filter.status, kind: filter.kind, auditId: filter.auditId }, '#list'))}
</section>`;
  return layout(page, { title: m.title, body });
}

export interface ResolveState {
  errors?: FieldErrors | null;
  values?: Record<string, unknown>;
  flash?: Flash | null;
}

/** GET /incidents/:id: the incident, where it came from, and the commander's resolution. */
export function incidentPage(page: PageContext, i: IncidentView, state: ResolveState = {}): string {
  const m = page.m.operations.incident;
  const o = page.m.operations;
  const c = comparison(page, i);
  const open = i.status === DiscrepancyStatus.OPEN;
  const source = i.auditId
    ? html`<a href="/audits/${i.auditId}">${m.fromAudit}</a>`
    : i.loanItemId
      ? html`${m.fromLine}`
      : i.eventId !== null
        ? html`${m.fromEvent(i.eventId)}`
        : html`${page.m.common.none}`;
  const body = html`${operationsStyles()}
<p class="crumbs"><a href="/incidents">${m.toList}</a></p>
<div class="page-head"><h1>${m.heading(o.discrepancyKind[i.kind])}</h1>${statusBadge(page, i.status)}</div>
<section class="card">
  <dl class="facts">
    <dt>${m.item}</dt><dd><a href="/items/${i.item.id}" class="code">${i.item.code}</a> ${i.item.description}</dd>
    ${c ? html`<dt>${m.recorded}</dt><dd>${c.recorded}</dd><dt>${m.observed}</dt><dd>${c.observed}</dd>` : ''}
    ${i.note ? html`<dt>${m.note}</dt><dd>${withThaiLabels(i.note)}</dd>` : ''}
    <dt>${m.source}</dt><dd>${source}</dd>
    <dt>${m.reportedBy}</dt><dd>${personName(i.reportedBy)} ${o.at(thaiShortDateTime(i.createdAt))}</dd>
    ${i.resolvedBy ? html`<dt>${m.resolvedBy}</dt><dd>${personName(i.resolvedBy)} ${o.at(thaiShortDateTime(i.resolvedAt!))}</dd>` : ''}
    ${i.resolutionNote ? html`<dt>${m.resolutionNote}</dt><dd>${i.resolutionNote}</dd>` : ''}
  </dl>
</section>
${open && page.can(...INCIDENT_RESOLVERS)
  ? html`<section class="card" id="resolve">
  <h2>${m.resolve.title}</h2>
  <p class="hint">${m.resolve.hint}</p>
  ${formError(state.errors)}
  <form method="post" action="/incidents/${i.id}/resolve" novalidate>
    ${csrfField(page)}
    ${textArea({ name: 'note', label: m.resolve.note, value: String(state.values?.note ?? ''), errors: state.errors, required: true, maxlength: 2000, rows: 4, autofocus: !!state.errors })}
    <div class="actions"><button type="submit" class="primary">${m.resolve.submit}</button></div>
  </form>
</section>`
  : open
    ? html`<p class="notice">${m.commanderOnly}</p>`
    : ''}`;
  // Refused once resolved (by another commander meanwhile): no form is left to show the reason on.
  const refused = !open ? state.errors?.[FORM_ERROR] : undefined;
  return layout(page, { title: m.heading(o.discrepancyKind[i.kind]), body, flash: state.flash ?? (refused ? { kind: 'error', text: refused } : null) });
}
