import { CATEGORY_TH, ItemCategory, ItemCondition, type ItemKind, KIND_TH, KINDS_BY_CATEGORY } from '../../items/item.enums.js';
import type { LocationView } from '../../locations/locations.dto.js';
import { type FieldErrors, field, formError, select, witnessFields } from '../forms.js';
import { type Html, html } from '../html.js';
import { csrfField } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { CONDITION_FIELD, DETAIL_GROUPS, type ItemField, measureFieldsOf, mayRegister } from './item-fields.js';
import { timeName } from './intake.form.js';
import { itemsStyles, placeLabel } from './page-parts.js';
import { textArea } from '../parts.js';

export interface IntakeState {
  category: ItemCategory;
  /** The station's locations. */
  places: LocationView[];
  /** The kinds that are HIGH risk at this station (built-in and the station's own). */
  highKinds: readonly string[];
  values: Record<string, unknown>;
  errors?: FieldErrors | null;
}

/** `/items/new`: the category first, one big button each (only those the user may register). */
export function chooserBody(page: PageContext, notice?: string): Html {
  const m = page.m.items.intake;
  const categories = Object.values(ItemCategory);
  const allowed = categories.filter((c) => mayRegister(page, c));
  return html`${itemsStyles}
<h1>${m.title}</h1>
${notice ? html`<p class="form-error" role="alert">${notice}</p>` : ''}
<section class="card">
  <h2>${m.choose}</h2>
  <ul class="category-choices">
    ${allowed.map((c) => html`<li><a class="button category-choice" href="/items/new?category=${c}"><strong>${CATEGORY_TH[c]}</strong><small>${m.categoryHint[c]}</small></a></li>`)}
  </ul>
  ${allowed.length < categories.length ? html`<p class="hint">${m.clerkOnly}</p>` : ''}
</section>`;
}

/** One input of the form, by the kind of value it takes. */
function input(page: PageContext, f: ItemField, state: IntakeState): Html {
  const m = page.m.items;
  const v = (name: string) => (typeof state.values[name] === 'string' ? (state.values[name] as string) : '');
  const e = state.errors;
  const label = m.fields[f.name];
  const hint = f.hint?.(m);
  switch (f.input) {
    case 'number':
      return field({ name: f.name, label, value: v(f.name), errors: e, required: f.required, inputmode: 'decimal', hint, autocomplete: 'off' });
    case 'date':
      return field({ name: f.name, label, value: v(f.name), errors: e, required: f.required, thaiDate: true, autocomplete: 'off' });
    case 'dateTime':
      return html`${field({ name: f.name, label, value: v(f.name), errors: e, required: f.required, thaiDate: true, autocomplete: 'off' })}
${field({ name: timeName(f.name), label: m.fields[timeName(f.name)], value: v(timeName(f.name)), errors: e, hint: m.intake.timeHint, maxlength: 5, autocomplete: 'off' })}`;
    case 'choice':
      return select({ name: f.name, label, value: v(f.name), errors: e, required: f.required, empty: m.intake.chooseOption, options: f.options!(m) });
    case 'longText':
      return html`<div class="wide">${textArea({ name: f.name, label, value: v(f.name), errors: e, required: f.required, maxlength: f.max, hint })}</div>`;
    default:
      return field({ name: f.name, label, value: v(f.name), errors: e, required: f.required, maxlength: f.max, hint, autocomplete: 'off' });
  }
}

/**
 * A block shown only for some kinds (`HIGH` for the witness). Without the script it is shown when the
 * kind is not chosen yet or fits; items.js shows and hides it as the kind changes, without a round trip.
 */
function onlyFor(state: IntakeState, showFor: string[], names: string[], body: Html): Html {
  const kind = typeof state.values.kind === 'string' ? state.values.kind : '';
  const shown = !kind || showFor.includes(kind) || (showFor.includes('HIGH') && state.highKinds.includes(kind)) || names.some((n) => state.errors?.[n]);
  return html`<div data-show-for="${showFor.join(' ')}"${shown ? '' : html` hidden`}>${body}</div>`;
}

/**
 * `/items/new?category=…`: the intake form of one category. `novalidate`: the server's Thai message
 * next to each field, rather than the browser's own bubble in whatever language the browser speaks.
 */
export function intakeBody(page: PageContext, state: IntakeState): Html {
  const m = page.m.items;
  const v = (name: string) => (typeof state.values[name] === 'string' ? (state.values[name] as string) : '');
  const e = state.errors;
  const { category } = state;
  const kinds = KINDS_BY_CATEGORY[category];
  const kindOptions = kinds.map((k: ItemKind) => ({ value: k, label: state.highKinds.includes(k) ? m.intake.highKind(KIND_TH[k]) : KIND_TH[k] }));
  const measures = measureFieldsOf(category).map((f) => (f.kinds ? onlyFor(state, f.kinds, [f.name], input(page, f, state)) : input(page, f, state)));
  const groups = DETAIL_GROUPS[category].map(
    (g) => html`<fieldset><legend>${m.intake.sections[g.legend]}</legend><div class="form-grid">${g.fields.map((f) => input(page, f, state))}</div></fieldset>`,
  );
  return html`${itemsStyles}
<div class="page-head">
  <h1>${m.intake.formTitle(CATEGORY_TH[category])}</h1>
  <a class="button" href="/items/new">${m.intake.changeCategory}</a>
</div>
<form method="post" action="/items/new" class="card intake-form" data-intake data-high-kinds="${state.highKinds.join(' ')}" novalidate>
  ${csrfField(page)}
  <input type="hidden" name="category" value="${category}">
  <p class="hint">${m.intake.intro}</p>
  ${formError(e)}
  <fieldset>
    <legend>${m.intake.sections.item}</legend>
    <div class="form-grid">
      ${select({ name: 'kind', label: m.fields.kind, value: v('kind'), errors: e, required: true, empty: m.intake.chooseKind, options: kindOptions })}
      ${select({ name: 'locationId', label: m.fields.locationId, value: v('locationId'), errors: e, required: true, empty: m.intake.chooseLocation, options: state.places.map((p) => ({ value: p.id, label: placeLabel(page, p) })) })}
      ${select({ name: CONDITION_FIELD.name, label: m.fields.condition, value: v(CONDITION_FIELD.name) || ItemCondition.GOOD, errors: e, options: CONDITION_FIELD.options!(m) })}
    </div>
    <p class="hint">${state.places.length ? m.intake.kindHint : m.intake.noLocations}</p>
    ${textArea({ name: 'description', label: m.fields.description, value: v('description'), errors: e, required: true, maxlength: 1000, hint: m.intake.descriptionHint })}
  </fieldset>
  <fieldset>
    <legend>${m.intake.sections.measures}</legend>
    <div class="form-grid">${measures}</div>
  </fieldset>
  ${groups}
  ${onlyFor(state, ['HIGH'], ['witnessUsername', 'witnessPassword'], witnessFields(page.m, e, state.values))}
  <div class="actions">
    <button type="submit" class="primary">${m.intake.submit}</button>
    <a class="button" href="/items">${page.m.common.cancel}</a>
  </div>
</form>`;
}
