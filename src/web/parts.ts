import { Param, ParseUUIDPipe } from '@nestjs/common';
import { NotFoundError } from '../common/errors.js';
import type { FieldErrors } from './forms.js';
import { type Html, html } from './html.js';
import type { PageContext } from './page-context.js';

/**
 * Pieces every area of the pages uses beside forms.ts's fields: a text area, radio buttons, a check
 * box, paging, a person's name, and a path id that is "not found" when it is not an id.
 */

const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** A path id: anything but a UUID is a page that does not exist (the API says 400; a person sees "not found"). */
export const PageIdParam = (name = 'id') => Param(name, new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError('Page', 'หน้าที่ต้องการ') }));

/** `?page=` as typed in the address bar: a page number from 1, else the first page. */
export function pageParam(value: unknown): number {
  return typeof value === 'string' && /^[1-9]\d{0,5}$/.test(value) ? Number(value) : 1;
}

/** Rank and name, as a Thai form writes a person ("ร.ต.อ. สมชาย ใจดี"); '-' for nobody. */
export function personName(p: { rank: string; displayName: string } | null | undefined): string {
  if (!p) return '-';
  return p.rank && p.rank !== '-' ? `${p.rank} ${p.displayName}` : p.displayName;
}

export const count = (n: number) => n.toLocaleString('th-TH');
export const baht = (n: number) => n.toLocaleString('th-TH', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export interface TextAreaSpec {
  name: string;
  label: string;
  /** When the same field name appears in several forms of one page (a note per loan). */
  id?: string;
  value?: string | null;
  errors?: FieldErrors | null;
  required?: boolean;
  hint?: string;
  maxlength?: number;
  rows?: number;
  autofocus?: boolean;
  /** A box a scanner types codes into: no autocorrect, capitals. */
  scan?: boolean;
}

/** A labelled textarea with its error next to it, marked up like forms.ts `field`. */
export function textArea(spec: TextAreaSpec): Html {
  const id = fieldId(spec.id ?? spec.name);
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

/** A group of radio buttons in a fieldset, its error under the choices. */
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

export function checkbox(spec: { name: string; label: string; value: string; checked?: boolean; hint?: string }): Html {
  const id = fieldId(`${spec.name}-${spec.value}`);
  return html`<div class="check">
  <input type="checkbox" id="${id}" name="${spec.name}" value="${spec.value}"${spec.checked ? html` checked` : ''}>
  <label for="${id}">${spec.label}${spec.hint ? html` <small class="hint">${spec.hint}</small>` : ''}</label>
</div>`;
}

/** The address of page n of a list: its path, its other query parameters, and an anchor to come back to. */
export function pageHref(path: string, query: Record<string, string | undefined> = {}, anchor = ''): (n: number) => string {
  return (n) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
    if (n > 1) params.set('page', String(n));
    const q = params.toString();
    return `${path}${q ? `?${q}` : ''}${anchor}`;
  };
}

/** Previous / "page n of m · x items" / next; nothing when everything fits on one page. */
export function pager(page: PageContext, at: { page: number; pageSize: number; total: number }, href: (n: number) => string): Html {
  const pages = Math.max(1, Math.ceil(at.total / at.pageSize));
  if (pages <= 1) return html``;
  const m = page.m.common;
  return html`<nav class="pager" aria-label="${m.pager}">
  ${at.page > 1 ? html`<a class="button" rel="prev" href="${href(Math.min(at.page - 1, pages))}">${m.previous}</a>` : ''}
  <span>${m.page(Math.min(at.page, pages), pages)} · ${m.total(at.total)}</span>
  ${at.page < pages ? html`<a class="button" rel="next" href="${href(at.page + 1)}">${m.next}</a>` : ''}
</nav>`;
}
