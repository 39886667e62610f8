import { Role } from '../../common/roles.js';
import type { FieldErrors } from '../forms.js';
import { type Html, html } from '../html.js';
import type { Flash } from '../layout.js';
import type { PageContext } from '../page-context.js';

const { COMMANDER, SUPERVISOR, CLERK, INVESTIGATOR, OFFICER } = Role;

/** The roles of the matching API routes (test/e2e/route-roles.test.ts): who may borrow, decide, issue and receive. */
export const BORROWERS = [CLERK, INVESTIGATOR, OFFICER, SUPERVISOR, COMMANDER];
export const APPROVERS = [SUPERVISOR, COMMANDER];
export const COUNTER = [CLERK];

/**
 * The loans pages' own stylesheet. The shared layout loads only khlang.css; a stylesheet link is
 * allowed in the body (HTML "body-ok"), and the CSP's style-src 'self' covers it.
 */
export const loansStyles = html`<link rel="stylesheet" href="/assets/loans.css">`;

const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** A labelled textarea with its error next to it, marked up like forms.ts `field`. */
export function textArea(spec: {
  name: string;
  label: string;
  /** When the same field name appears in several forms of one page (a note per loan). */
  id?: string;
  value?: string;
  errors?: FieldErrors | null;
  required?: boolean;
  hint?: string;
  rows?: number;
  autofocus?: boolean;
  maxlength?: number;
  scan?: boolean;
}): Html {
  const id = spec.id ? fieldId(spec.id) : fieldId(spec.name);
  const error = spec.errors?.[spec.name];
  const described = [spec.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${error ? ' has-error' : ''}">
  <label for="${id}">${spec.label}${spec.required ? html` <span class="req" aria-hidden="true">*</span>` : ''}</label>
  <textarea id="${id}" name="${spec.name}" rows="${spec.rows ?? 3}"${spec.required ? html` required` : ''}${spec.autofocus ? html` autofocus` : ''}${spec.maxlength ? html` maxlength="${spec.maxlength}"` : ''}${
    spec.scan ? html` autocomplete="off" autocapitalize="characters" spellcheck="false"` : ''
  }${error ? html` aria-invalid="true"` : ''}${described ? html` aria-describedby="${described}"` : ''}>${spec.value ?? ''}</textarea>
  ${spec.hint ? html`<small class="hint" id="${id}-hint">${spec.hint}</small>` : ''}
  ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
</div>`;
}

/** A group of radio buttons in a fieldset, its error under the legend's choices. */
export function radios(spec: { name: string; label: string; options: { value: string; label: string }[]; value?: string; errors?: FieldErrors | null; required?: boolean }): Html {
  const id = fieldId(spec.name);
  const error = spec.errors?.[spec.name];
  return html`<fieldset class="choices${error ? ' has-error' : ''}"${error ? html` aria-describedby="${id}-error"` : ''}>
  <legend>${spec.label}${spec.required ? html` <span class="req" aria-hidden="true">*</span>` : ''}</legend>
  ${spec.options.map(
    (o, i) => html`<label class="choice"><input type="radio" id="${id}-${i}" name="${spec.name}" value="${o.value}"${o.value === spec.value ? html` checked` : ''}${spec.required ? html` required` : ''}> ${o.label}</label>`,
  )}
  ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
</fieldset>`;
}

/** Previous / "page n of m" / next, keeping the page's filter in the links. */
export function pager(page: PageContext, at: { page: number; pageSize: number; total: number }, href: (page: number) => string): Html {
  const pages = Math.max(1, Math.ceil(at.total / at.pageSize));
  if (pages <= 1) return html``;
  const m = page.m.common;
  return html`<nav class="pager" aria-label="${page.m.loans.pager}">
  ${at.page > 1 ? html`<a class="button" rel="prev" href="${href(at.page - 1)}">${m.previous}</a>` : ''}
  <span>${m.page(at.page, pages)}</span>
  ${at.page < pages ? html`<a class="button" rel="next" href="${href(at.page + 1)}">${m.next}</a>` : ''}
</nav>`;
}

export type DoneKey = keyof PageContext['m']['loans']['done'];

/**
 * The message after a post/redirect/get: the redirect names what was done (`?done=issued`) from a
 * fixed list, so the page never echoes text from the address.
 */
export function flashOf(page: PageContext, query: Record<string, unknown>): Flash | null {
  const m = page.m.loans;
  const done = typeof query.done === 'string' && Object.hasOwn(m.done, query.done) ? m.done[query.done as DoneKey] : null;
  const mismatches = typeof query.mismatch === 'string' && /^\d{1,3}$/.test(query.mismatch) ? Number(query.mismatch) : 0;
  if (mismatches > 0) return { kind: 'error', text: m.mismatch(mismatches) };
  return done ? { kind: 'ok', text: done } : null;
}

/** Rank and name, as a Thai form writes a person. */
export function personName(p: { rank: string; displayName: string } | null | undefined): string {
  if (!p) return '';
  return p.rank && p.rank !== '-' ? `${p.rank} ${p.displayName}` : p.displayName;
}
