import type { Response } from 'express';
import { Role } from '../../common/roles.js';
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

type TabKey = keyof PageContext['m']['reports']['tabs'];
const TABS: { key: Exclude<TabKey, 'label'>; href: string; roles: Role[] }[] = [
  { key: 'o23', href: '/reports', roles: REPORT_READERS },
  { key: 'issued', href: '/reports/issued', roles: REPORT_READERS },
  { key: 'registers', href: '/reports/registers', roles: REPORT_READERS },
  { key: 'publication', href: '/reports/publication', roles: REPORT_READERS },
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

/** A SHA-256 printed whole (an assessor compares it character by character), breakable anywhere on a phone. */
export function hashText(hash: string | null | undefined): Html {
  return hash ? html`<code class="hash">${hash}</code>` : html`-`;
}

