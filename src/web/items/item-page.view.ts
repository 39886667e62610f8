import { Role } from '../../common/roles.js';
import type { TimelineRow } from '../../custody/custody.repository.js';
import { type CustodyEventType, EVENT_TH } from '../../custody/custody.enums.js';
import type { DonationView } from '../../donations/donations.repository.js';
import { CATEGORY_TH, CONDITION_TH, type ItemCondition, ItemStatus, type ItemKind, KIND_TH, RiskClass, STATUS_TH } from '../../items/item.enums.js';
import { DETAILS_FIELD, type ItemView } from '../../items/items.dto.js';
import { thaiShortDateTime } from '../../reports/thai-dates.js';
import { type FieldErrors, field, formError } from '../forms.js';
import { type Html, html } from '../html.js';
import { csrfField } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { type ItemHold, itemCard } from './item-card.js';
import { CONDITION_FIELD, COUNTER_USERS, DEFAULT_LABEL_TEMPLATE, DETAIL_GROUPS, displayValue, type ItemField, MEASURE_FIELDS, mayRegister, PRINTERS } from './item-fields.js';
import { itemsStyles } from './page-parts.js';

/** Who may take the chain-of-custody sheet (the API's custody-sheet route): the investigator takes it to court. */
const CUSTODY_SHEET_READERS = [Role.CLERK, Role.INVESTIGATOR, Role.SUPERVISOR, Role.COMMANDER, Role.AUDITOR];

export interface ItemPageState {
  item: ItemView;
  events: TimelineRow[];
  hold: ItemHold;
  /** The acceptance of a donated item (null for the other categories). */
  donation: DonationView | null;
  /** The label templates there are (labels/). */
  templates: string[];
  /** Just registered: the label comes first. */
  registered: boolean;
  /** The commander's donation decision shown again with its errors. */
  decision?: { values: Record<string, unknown>; errors: FieldErrors } | null;
}

const person = (p: { rank: string; displayName: string } | null | undefined) => (p ? (p.rank && p.rank !== '-' ? `${p.rank} ${p.displayName}` : p.displayName) : '');

/** The label form: the station's template unless another is chosen, and the used labels of a part-used A4 sheet. */
function labelForm(page: PageContext, item: ItemView, templates: string[], first: boolean): Html {
  const m = page.m.items.label;
  const options = templates.map((t) => html`<option value="${t}"${t === DEFAULT_LABEL_TEMPLATE ? html` selected` : ''}>${m.templates[t] ?? t}</option>`);
  return html`<form method="post" action="/items/${item.id}/label" target="_blank" class="label-form">
  ${csrfField(page)}
  <div class="field">
    <label for="f-template">${m.template}</label>
    <select id="f-template" name="template">${options}</select>
  </div>
  ${field({ name: 'skip', label: m.skip, value: '', inputmode: 'numeric', maxlength: 3, hint: m.skipHint, autocomplete: 'off' })}
  <div class="label-submit">
    <button type="submit" class="${first ? 'primary' : ''}" data-shortcut="F8"${first ? html` autofocus` : ''}>${m.print}<kbd>F8</kbd></button>
    <small class="hint">${m.opensInNewTab}</small>
  </div>
</form>`;
}

/** The category's own fields, then weights and amount the card leaves out, then when it was registered. */
function detailsSection(page: PageContext, item: ItemView): Html {
  const m = page.m.items;
  const block = (item[DETAILS_FIELD[item.category]] ?? {}) as Record<string, unknown>;
  const fact = (label: string, value: string | null) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : '');
  const own = DETAIL_GROUPS[item.category].flatMap((g) => g.fields).map((f) => fact(m.fields[f.name], displayValue(page, f, block[f.name.slice(f.name.indexOf('.') + 1)])));
  const measures = MEASURE_FIELDS.filter((f) => ['weightGrams', 'netWeightGrams', 'amount'].includes(f.name)).map((f) => fact(m.fields[f.name], displayValue(page, f, item[f.name as keyof ItemView])));
  return html`<section class="card">
  <h2>${m.item.details[item.category]}</h2>
  ${item.riskClass === RiskClass.HIGH ? html`<p class="badge high">${m.item.riskHigh}</p>` : ''}
  <dl class="facts">
    ${own}
    ${measures}
    ${fact(m.item.registeredAt, thaiShortDateTime(item.registeredAt))}
  </dl>
</section>`;
}

/** The commander accepts (acknowledging a donor named on the station's evidence) or declines with the reason. */
function decisionForms(page: PageContext, donation: DonationView, decision: ItemPageState['decision']): Html {
  const m = page.m.items.item;
  const errors = decision?.errors ?? null;
  const note = (id: string) => (typeof decision?.values[id] === 'string' ? (decision.values[id] as string) : '');
  return html`${formError(errors)}
<div class="form-grid decision">
  <form method="post" action="/items/${donation.itemId}/donation/accept" class="stack">
    ${csrfField(page)}
    ${donation.donorMatches.length
      ? html`<label class="choice"><input type="checkbox" name="acknowledgeConflict" value="true"${errors?.acknowledgeConflict ? html` aria-invalid="true"` : ''}> ${m.acknowledgeConflict}</label>
${errors?.acknowledgeConflict ? html`<p class="field-error">${errors.acknowledgeConflict}</p>` : ''}`
      : ''}
    ${field({ name: 'acceptNote', label: m.acceptNote, value: note('acceptNote'), errors, maxlength: 1000 })}
    <button type="submit" class="primary">${m.accept}</button>
  </form>
  <form method="post" action="/items/${donation.itemId}/donation/decline" class="stack">
    ${csrfField(page)}
    ${field({ name: 'declineNote', label: m.declineNote, value: note('declineNote'), errors, required: true, maxlength: 1000 })}
    <button type="submit" class="danger">${m.decline}</button>
  </form>
</div>`;
}

function donationSection(page: PageContext, donation: DonationView, decision: ItemPageState['decision']): Html {
  const m = page.m.items.item;
  const decides = donation.status === 'PENDING' && page.can(Role.COMMANDER);
  return html`<section class="card" id="donation">
  <h2>${m.donationState}</h2>
  <p><span class="badge${donation.status === 'ACCEPTED' ? ' ok' : donation.status === 'PENDING' ? ' warn' : ''}">${m.donationStatus[donation.status]}</span>
  ${donation.receiptNumber ? html` ${m.receipt(donation.receiptNumber)}` : ''}
  ${donation.decidedBy && donation.decidedAt ? html` <small>${m.decidedBy(person(donation.decidedBy), thaiShortDateTime(donation.decidedAt))}</small>` : ''}</p>
  ${donation.donorMatches.length ? html`<p class="form-error">${m.donorMatches(donation.donorMatches.map((d) => d.code).join(', '))}</p>` : ''}
  ${donation.note ? html`<p>${donation.note}</p>` : ''}
  ${decides ? decisionForms(page, donation, decision) : ''}
</section>`;
}

/** Every field an amendment can change, by its name in the item (and in the category's block). */
const FIELD_BY_NAME = new Map<string, ItemField>(
  [...MEASURE_FIELDS, CONDITION_FIELD, ...Object.values(DETAIL_GROUPS).flat().flatMap((g) => g.fields)].map((f) => [f.name, f]),
);

/** One value of an amendment or a reseal, as a clerk reads it. */
function changedValue(page: PageContext, name: string, value: unknown): string {
  const empty = page.m.items.timeline.empty;
  if (value === null || value === undefined || value === '') return empty;
  if (name === 'kind') return KIND_TH[value as ItemKind] ?? String(value);
  if (name === 'riskClass') return value === RiskClass.HIGH ? page.m.counter.high : '-';
  if (name === 'denominations' && typeof value === 'object') {
    return Object.entries(value as Record<string, number>).map(([note, count]) => `${note} × ${count}`).join(', ');
  }
  const f = FIELD_BY_NAME.get(name);
  return (f ? displayValue(page, f, value) : typeof value === 'object' ? JSON.stringify(value) : String(value)) ?? empty;
}

/** What an AMEND or RESEAL changed: each field's Thai name, before → after (the category block field by field). */
function changesOf(page: PageContext, item: ItemView, changes: unknown): Html {
  const c = changes as { before?: Record<string, unknown>; after?: Record<string, unknown> } | null;
  if (!c?.after) return html``;
  const rows: Html[] = [];
  const row = (name: string, before: unknown, after: unknown) =>
    rows.push(html`<li><span class="muted">${page.m.items.fields[name] ?? name}:</span> ${changedValue(page, name, before)} → ${changedValue(page, name, after)}</li>`);
  const block = DETAILS_FIELD[item.category];
  for (const [key, after] of Object.entries(c.after)) {
    if (key === 'details' && after && typeof after === 'object') {
      const before = (c.before?.details ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(after as Record<string, unknown>)) if (JSON.stringify(before[k]) !== JSON.stringify(v)) row(`${block}.${k}`, before[k], v);
    } else if (key !== 'caseNumber' && key !== 'assetNumber') {
      // The case and asset numbers are copies of the block's fields, listed there already.
      row(key, c.before?.[key], after);
    }
  }
  return rows.length ? html`<dt>${page.m.items.timeline.changes}</dt><dd><ul class="changes">${rows}</ul></dd>` : html``;
}

function eventItem(page: PageContext, item: ItemView, e: TimelineRow): Html {
  const m = page.m.items.timeline;
  const fact = (label: string, value: Html | string | null | undefined) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : '');
  const place = (p: TimelineRow['fromLocation']) => (p ? `${p.code} ${p.name}` : null);
  const from = place(e.fromLocation);
  const to = place(e.toLocation);
  const where = from && to && from !== to ? `${from} → ${to}` : (to ?? from);
  // A reseal's seal is the new one (listed among the changes), not one seen on the item.
  const seen = [e.sealSeen && e.type !== 'RESEAL' ? m.seal(e.sealSeen) : null, e.weightSeenGrams !== null ? m.weight(e.weightSeenGrams) : null, e.amountSeen !== null ? m.amount(e.amountSeen) : null].filter(Boolean).join(' · ');
  const status = e.fromStatus && e.fromStatus !== e.toStatus ? `${STATUS_TH[e.fromStatus as ItemStatus]} → ${STATUS_TH[e.toStatus as ItemStatus]}` : null;
  return html`<li class="event" id="event-${e.id}" data-event-type="${e.type}">
  <p class="event-head"><strong>${EVENT_TH[e.type as CustodyEventType] ?? e.type}</strong> <time datetime="${new Date(e.at).toISOString()}">${thaiShortDateTime(e.at)}</time></p>
  <dl class="event-facts">
    ${fact(m.actor, person(e.actor))}
    ${fact(m.witness, person(e.witness))}
    ${fact(m.place, where)}
    ${fact(m.status, status)}
    ${fact(m.destination, e.destination ? (page.m.counter.destinations[e.destination] ?? e.destination) : null)}
    ${fact(m.recipient, e.recipient)}
    ${fact(m.documentRef, e.documentRef)}
    ${fact(m.quantity, e.quantity !== null && (e.quantity !== item.quantity || e.type !== 'INTAKE') && e.quantity !== 1 ? `${e.quantity.toLocaleString('th-TH')} ${item.unit}` : null)}
    ${fact(m.condition, e.condition && e.type !== 'INTAKE' ? CONDITION_TH[e.condition as ItemCondition] : null)}
    ${fact(m.seen, seen)}
    ${changesOf(page, item, e.changes)}
    ${fact(m.reason, e.reason)}
    ${fact(m.note, e.note)}
  </dl>
</li>`;
}

function timelineSection(page: PageContext, state: ItemPageState): Html {
  const m = page.m.items.timeline;
  return html`<section class="card" id="timeline">
  <h2>${m.title}</h2>
  <p class="hint">${m.intro}</p>
  ${state.events.length ? html`<ol class="timeline">${state.events.map((e) => eventItem(page, state.item, e))}</ol>` : html`<p>${m.none}</p>`}
</section>`;
}

/** `/items/:id`: the card with what can be done now, the category's fields, the custody timeline. */
export function itemPageBody(page: PageContext, state: ItemPageState): Html {
  const m = page.m.items;
  const { item } = state;
  const printable = item.status !== ItemStatus.DISPOSED && page.can(...PRINTERS);
  const next = state.registered && printable
    ? html`<section class="card next-step">
  <h2>${m.item.nextStep}</h2>
  ${labelForm(page, item, state.templates, true)}
  ${mayRegister(page, item.category) ? html`<p><a href="/items/new?category=${item.category}">${m.item.registerAnother(CATEGORY_TH[item.category])}</a></p>` : ''}
</section>`
    : '';
  const actions = html`<div class="actions">
  ${page.can(...COUNTER_USERS) ? html`<a class="button" href="/counter?code=${encodeURIComponent(item.code)}">${m.item.openAtCounter}</a>` : ''}
  ${page.can(...CUSTODY_SHEET_READERS) ? html`<a class="button" href="/reports/custody-sheet?itemId=${item.id}">${m.item.custodySheet}</a>` : ''}
  <a class="button" href="/items">${m.item.backToSearch}</a>
</div>
${printable && !state.registered ? labelForm(page, item, state.templates, false) : ''}`;
  return html`${itemsStyles}
<h1>${m.item.title}</h1>
${next}
${itemCard(page, item, state.hold, actions)}
${detailsSection(page, item)}
${state.donation ? donationSection(page, state.donation, state.decision) : ''}
${timelineSection(page, state)}`;
}
