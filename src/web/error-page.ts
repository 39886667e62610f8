import type { Response } from 'express';
import type { KhlangRequest } from '../common/request-context.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { pageContextOf } from './page-context.js';
import { clearCookie, SESSION_COOKIE } from './web-session.js';

/** The longest address a login sends the user back to (a longer one loses its query). */
const MAX_NEXT_LENGTH = 1000;

export interface WebError {
  statusCode: number;
  code: string;
  messageTh: string;
  requestId?: string;
}

/**
 * How a page answers an error the page itself did not handle: not logged in (or the session is over)
 * → the login page, which comes back here afterwards; anything else → a Thai page with the reason.
 */
export function answerWebError(req: KhlangRequest, res: Response, error: WebError, secureCookies: boolean): void {
  if (error.statusCode === 401) {
    clearCookie(res, SESSION_COOKIE, { secure: secureCookies });
    // Back to the page after login, but never a Location header longer than browsers and proxies take.
    const back = req.originalUrl.length <= MAX_NEXT_LENGTH ? req.originalUrl : req.path.slice(0, MAX_NEXT_LENGTH);
    const next = req.method === 'GET' ? `?next=${encodeURIComponent(back)}` : '';
    const expired = error.code === 'TOKEN_EXPIRED' ? `${next ? '&' : '?'}expired=1` : '';
    res.redirect(303, `/login${next}${expired}`);
    return;
  }
  const page = pageContextOf(req, res);
  const m = page.m.errors;
  const text =
    error.code === 'ROUTE_NOT_FOUND'
      ? m.notFound
      : error.code === 'FORBIDDEN'
        ? m.forbidden
        : error.code === 'CSRF_FAILED'
          ? m.csrf
          : error.statusCode >= 500
            ? m.internal(error.requestId ?? String(req.id ?? '-'))
            : error.messageTh;
  const body = html`<section class="card error-page">
  <h1>${m.title}</h1>
  <p class="error-text" role="alert">${text}</p>
  <p><a class="button" href="/">${m.backHome}</a></p>
</section>`;
  res.status(error.statusCode).type('html').send(layout(page, { title: m.title, body }));
}
