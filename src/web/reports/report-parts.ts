import { Param, ParseUUIDPipe } from '@nestjs/common';
import type { Response } from 'express';
import { NotFoundError } from '../../common/errors.js';
import { Role } from '../../common/roles.js';
import type { FieldErrors } from '../forms.js';
import { type Html, html } from '../html.js';
import type { Flash } from '../layout.js';
import type { PageContext } from '../page-context.js';

const { COMMANDER, SUPERVISOR, CLERK, INVESTIGATOR, AUDITOR } = Role;

/** The roles of the matching API routes (test/e2e/route-roles.test.ts). */
export const REPORT_READERS = [CLERK, SUPERVISOR, COMMANDER, AUDITOR];
/** Section 8 is the clerk's to write; the supervisor may correct it. */
export const NOTE_WRITERS = [CLERK, SUPERVISOR];
export const ISSUERS = [COMMANDER];
/** The custody sheet goes to court with the case file: the investigator needs it too. */
export const CUSTODY_SHEET_READERS = [CLERK, INVESTIGATOR, SUPERVISOR, COMMANDER, AUDITOR];

/** The area's stylesheet, given to layout() as `style`. */
export const REPORTS_STYLE = 'reports.css';

/** A path id: anything but a UUID is a page that does not exist (the API says 400; a person sees "not found"). */
export const PageIdParam = (name = 'id') => Param(name, new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError('Page', 'หน้าที่ต้องการ') }));

type TabKey = keyof PageContext['m']['reports']['tabs'];
const TABS: { key: Exclude<TabKey, 'label'>; href: string; roles: Role[] }[] = [
  { key: 'o23', href: '/reports', roles: REPORT_READERS },
  { key: 'issued', href: '/reports/issued', roles: REPORT_READERS },
  { key: 'registers', href: '/reports/registers', roles: REPORT_READERS },
  { key: 'verify', href: '/audit-log/verify', roles: [] },
];

/** The reports area's tabs, each shown to the roles its page serves (verification: everyone). */
export function reportTabs(page: PageContext, current: Exclude<TabKey, 'label'>): Html {
  const m = page.m.reports.tabs;
  const shown = TABS.filter((t) => !t.roles.length || page.can(...t.roles));
  if (shown.length < 2) return html``;
  return html`<nav class="report-tabs" aria-label="${m.label}"><ul>${shown.map(
    (t) => html`<li><a href="${t.href}"${t.key === current ? html` aria-current="page"` : ''}>${m[t.key]}</a></li>`,
  )}</ul></nav>`;
}

/** A file as a download; nothing a page wrote is cached by the browser. */
export function sendFile(res: Response, file: { filename: string; contentType: string; body: Buffer }, headers: Record<string, string> = {}): void {
  res.type(file.contentType).setHeader('Content-Disposition', `attachment; filename="${file.filename}"`).setHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.send(file.body);
}

/**
 * The message after a post/redirect/get: the redirect names what was done (`?done=note`) from a fixed
 * list, so the page never echoes text from the address.
 */
export function flashOf(page: PageContext, query: Record<string, unknown>): Flash | null {
  const done = page.m.reports.done;
  return typeof query.done === 'string' && Object.hasOwn(done, query.done) ? { kind: 'ok', text: done[query.done] } : null;
}

/** Rank and name, as a Thai form writes a person. */
export function personName(page: PageContext, p: { rank: string; displayName: string } | null | undefined): string {
  return p ? page.m.reports.person(p.rank, p.displayName) : page.m.common.none;
}

/** A SHA-256 printed whole (an assessor compares it character by character), breakable anywhere on a phone. */
export function hashText(hash: string | null | undefined): Html {
  return hash ? html`<code class="hash">${hash}</code>` : html`-`;
}

export const count = (n: number) => n.toLocaleString('th-TH');
export const baht = (n: number) => n.toLocaleString('th-TH', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** A labelled textarea with its error next to it, marked up like forms.ts `field` (forms.ts has none). */
export function textArea(spec: { name: string; label: string; value?: string | null; errors?: FieldErrors | null; required?: boolean; hint?: string; maxlength?: number; rows?: number }): Html {
  const id = fieldId(spec.name);
  const error = spec.errors?.[spec.name];
  const described = [spec.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${error ? ' has-error' : ''}">
  <label for="${id}">${spec.label}${spec.required ? html` <span class="req" aria-hidden="true">*</span>` : ''}</label>
  <textarea id="${id}" name="${spec.name}" rows="${spec.rows ?? 4}"${spec.required ? html` required` : ''}${spec.maxlength ? html` maxlength="${spec.maxlength}"` : ''}${
    error ? html` aria-invalid="true"` : ''
  }${described ? html` aria-describedby="${described}"` : ''}>${spec.value ?? ''}</textarea>
  ${spec.hint ? html`<small class="hint" id="${id}-hint">${spec.hint}</small>` : ''}
  ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
</div>`;
}

/** Previous / "page n of m" / next. */
export function pager(page: PageContext, label: string, at: { page: number; pageSize: number; total: number }, href: (n: number) => string): Html {
  const pages = Math.max(1, Math.ceil(at.total / at.pageSize));
  if (pages <= 1) return html``;
  const m = page.m.common;
  return html`<nav class="pager" aria-label="${label}">
  ${at.page > 1 ? html`<a class="button" rel="prev" href="${href(at.page - 1)}">${m.previous}</a>` : ''}
  <span>${m.page(Math.min(at.page, pages), pages)}</span>
  ${at.page < pages ? html`<a class="button" rel="next" href="${href(at.page + 1)}">${m.next}</a>` : ''}
</nav>`;
}

/** `?page=` as typed in the address bar: a page number from 1, else the first page. */
export function pageParam(value: unknown): number {
  return typeof value === 'string' && /^[1-9]\d{0,5}$/.test(value) ? Number(value) : 1;
}
