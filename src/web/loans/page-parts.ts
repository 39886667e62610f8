import { Role } from '../../common/roles.js';
import { html } from '../html.js';
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

