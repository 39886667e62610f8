import type { Response } from 'express';

/** A whole page (status 200 unless a form is shown again with its errors: 422, 409, 403 …). */
export function sendPage(res: Response, page: string, status = 200): void {
  res.status(status).type('html').setHeader('Cache-Control', 'no-store').send(page);
}

/** After a successful post: see the result on a page of its own (post/redirect/get). */
export function seeOther(res: Response, url: string): void {
  res.redirect(303, url);
}

/** Where to go after logging in: a path of this site only (never "//elsewhere" or "https://…"). */
export function safeNext(next: unknown, fallback = '/'): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) && next.length <= 2000 ? next : fallback;
}
