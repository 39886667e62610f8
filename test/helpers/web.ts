import type { Response } from 'supertest';
import { CSRF_COOKIE, csrfTokenFor, newCsrfSeed, SESSION_COOKIE } from '../../src/web/web-session.js';
import { TEST_JWT_SECRET, type TestApp } from './app.js';

/** A browser as the pages see it: a CSRF cookie, optionally a session, forms posted with the token. */
export interface PageClient {
  get(path: string): Promise<Response>;
  /** A form post with the CSRF token (unless `withCsrf: false`); redirects are not followed. */
  post(path: string, form?: Record<string, string | string[]>, options?: { withCsrf?: boolean }): Promise<Response>;
}

export function pageClient(t: TestApp, sessionToken?: string): PageClient {
  const seed = newCsrfSeed();
  const csrf = csrfTokenFor(seed, TEST_JWT_SECRET);
  const cookie = [`${CSRF_COOKIE}=${seed}`, ...(sessionToken ? [`${SESSION_COOKIE}=${sessionToken}`] : [])].join('; ');
  return {
    get: (path) => t.http().get(path).set('Cookie', cookie).redirects(0),
    post: (path, form = {}, options = {}) =>
      t
        .http()
        .post(path)
        .type('form')
        .set('Cookie', cookie)
        .redirects(0)
        .send({ ...form, ...(options.withCsrf === false ? {} : { _csrf: csrf }) }),
  };
}

/**
 * What a person reads on a page: the body's text (no head, scripts or styles) and the texts of
 * placeholders, labels, titles and alternatives, entities decoded, spaces collapsed.
 */
export function visibleText(page: string): string {
  const body = page.replace(/<head>[\s\S]*?<\/head>/i, ' ').replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ');
  const attributes = [...body.matchAll(/\s(?:placeholder|aria-label|title|alt)="([^"]*)"/g)].map((m) => m[1]);
  return [body.replace(/<[^>]+>/g, ' '), ...attributes]
    .join(' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A form field's id, as src/web/forms.ts makes it from the field's name. */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** The message shown next to a field (its `…-error` paragraph), as read, or null. */
export function fieldError(page: string, name: string, id = fieldId(name)): string | null {
  const match = new RegExp(`<p class="field-error" id="${id}-error">([\\s\\S]*?)</p>`).exec(page);
  return match ? visibleText(match[1]) : null;
}

/** The message of the whole form, or null. */
export function formError(page: string): string | null {
  const match = /<p class="form-error" role="alert">([\s\S]*?)<\/p>/.exec(page);
  return match ? visibleText(match[1]) : null;
}

/** The message after a post/redirect/get, or null. */
export function flash(page: string): string | null {
  const match = /<p class="flash flash-(?:ok|error)"[^>]*>([\s\S]*?)<\/p>/.exec(page);
  return match ? visibleText(match[1]) : null;
}
