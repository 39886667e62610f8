import { Param, ParseUUIDPipe } from '@nestjs/common';
import { NotFoundError } from '../../common/errors.js';
import { CONDITION_TH, type ItemCondition, type ItemStatus, STATUS_TH } from '../../items/item.enums.js';
import { thaiShortDateTime } from '../../reports/thai-dates.js';
import { FORM_ERROR, type FieldErrors, given } from '../forms.js';
import { type Html, html } from '../html.js';
import type { PageContext } from '../page-context.js';

/**
 * Small pieces the operations pages share: a path id answered with the Thai 404 page when it is not
 * one, paging links, a text area and a check box beside forms.ts's fields, and re-authentication fields
 * that can appear twice on one page (issue and return both ask for a witness).
 */

/** A path id: anything but a UUID is a page that does not exist (the API says 400; a person sees "not found"). */
export const PageIdParam = (name = 'id') =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError('Page', 'หน้าที่ต้องการ') }));

/** `?page=` as typed in the address bar: a page number from 1, else the first page. */
export function pageParam(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return n >= 1 ? n : 1;
}

/** The stylesheet of these pages (the layout links only the shared one; a stylesheet link is allowed in the body). */
export function operationsStyles(): Html {
  return html`<link rel="stylesheet" href="/assets/operations.css">`;
}

/** "ร.ต.อ. สมชาย ใจดี" from a person of a view. */
export function personName(page: PageContext, p: { rank: string; displayName: string } | null | undefined): string {
  return p ? page.m.operations.person(p.rank, p.displayName) : page.m.common.none;
}

/** Previous / next links and "page n of m", keeping the list's other query parameters. */
export function pager(page: PageContext, path: string, query: Record<string, string | undefined>, current: number, pageSize: number, total: number, anchor = ''): Html {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return html``;
  const href = (n: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
    params.set('page', String(n));
    return `${path}?${params.toString()}${anchor}`;
  };
  const m = page.m.common;
  return html`<nav class="pager" aria-label="${page.m.operations.pager}">
  ${current > 1 ? html`<a class="button" href="${href(current - 1)}" rel="prev">${m.previous}</a>` : ''}
  <span>${m.page(Math.min(current, pages), pages)} · ${m.total(total)}</span>
  ${current < pages ? html`<a class="button" href="${href(current + 1)}" rel="next">${m.next}</a>` : ''}
</nav>`;
}

const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export function textArea(spec: { name: string; label: string; value?: string | null; errors?: FieldErrors | null; required?: boolean; hint?: string; maxlength?: number; rows?: number; autofocus?: boolean }): Html {
  const id = fieldId(spec.name);
  const error = spec.errors?.[spec.name];
  return html`<div class="field${error ? ' has-error' : ''}">
  <label for="${id}">${spec.label}${spec.required ? html` <span class="req" aria-hidden="true">*</span>` : ''}</label>
  <textarea id="${id}" name="${spec.name}" rows="${spec.rows ?? 3}"${spec.required ? html` required` : ''}${spec.autofocus ? html` autofocus` : ''}${spec.maxlength ? html` maxlength="${spec.maxlength}"` : ''}${
    error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''
  }>${spec.value ?? ''}</textarea>
  ${spec.hint ? html`<small class="hint">${spec.hint}</small>` : ''}
  ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
</div>`;
}

export function checkbox(spec: { name: string; label: string; value: string; checked?: boolean; hint?: string }): Html {
  const id = fieldId(`${spec.name}-${spec.value}`);
  return html`<div class="check">
  <input type="checkbox" id="${id}" name="${spec.name}" value="${spec.value}"${spec.checked ? html` checked` : ''}>
  <label for="${id}">${spec.label}${spec.hint ? html` <small class="hint">${spec.hint}</small>` : ''}</label>
</div>`;
}

/** Values of a form field that may repeat (check boxes): none, one or many. */
export function givenList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map(given).filter((v): v is string => v !== undefined);
}

/**
 * A username and password typed by a second person in the same form (a witness, a countersigner), named
 * with a prefix so two such forms can share a page.
 */
export function credentialsFields(
  prefix: string,
  text: { legend: string; hint: string; username: string; password: string },
  errors: FieldErrors | null | undefined,
  values: Record<string, unknown>,
  focus?: string,
): Html {
  const user = `${prefix}Username`;
  const pass = `${prefix}Password`;
  const field = (name: string, label: string, type: string, value: string, autocomplete: string) => {
    const id = fieldId(name);
    const error = errors?.[name];
    return html`<div class="field${error ? ' has-error' : ''}">
  <label for="${id}">${label}</label>
  <input id="${id}" name="${name}" type="${type}" value="${value}" autocomplete="${autocomplete}"${focus === name ? html` autofocus` : ''}${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
  ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
</div>`;
  };
  return html`<fieldset class="witness">
  <legend>${text.legend}</legend>
  <p class="hint">${text.hint}</p>
  <div class="form-grid">
    ${field(user, text.username, 'text', String(values[user] ?? ''), 'off')}
    ${field(pass, text.password, 'password', '', 'new-password')}
  </div>
</fieldset>`;
}

/** `{username, password}` from credentialsFields, or undefined when nothing was typed. */
export function credentialsOf(body: Record<string, unknown>, prefix: string): { username: string; password: string } | undefined {
  const username = given(body[`${prefix}Username`]);
  const raw = body[`${prefix}Password`];
  const password = typeof raw === 'string' ? raw : '';
  return username || password ? { username: username ?? '', password } : undefined;
}

/** Validation errors keyed by the DTO's property paths, moved to the names the form's fields carry. */
export function renameErrors(errors: FieldErrors, names: Record<string, string>): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, text] of Object.entries(errors)) {
    const target = names[key] ?? (key.includes('.') ? names[key.split('.')[0]] : undefined) ?? (key === FORM_ERROR ? FORM_ERROR : key);
    if (!out[target]) out[target] = text;
  }
  return out;
}

/**
 * Free text written by the services with enum names in it ("ทะเบียน GOOD พบ DAMAGED"), shown with the
 * Thai labels of those names instead.
 */
const LABELS: Record<string, string> = { ...CONDITION_TH, ...STATUS_TH } as Record<ItemCondition | ItemStatus, string>;
const CODE_WORDS = new RegExp(`\\b(${Object.keys(LABELS).join('|')})\\b`, 'g');
export function withThaiLabels(text: string | null | undefined): string {
  return (text ?? '').replace(CODE_WORDS, (word) => LABELS[word] ?? word);
}

const bangkokDay = (at: Date | string) => new Date(new Date(at).getTime() + 7 * 3600_000).toISOString().slice(0, 10);

/** "08.55 น." when the moment falls on the reference's Thai day (a shift, a day's count), else the date too. */
export function shortWhen(at: string, reference: Date | string): string {
  const full = thaiShortDateTime(at);
  return bangkokDay(at) === bangkokDay(reference) ? full.slice(full.lastIndexOf(' ', full.length - 4) + 1) : full;
}
