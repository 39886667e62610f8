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
