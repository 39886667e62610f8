import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/** The session: the same signed token the API issues, kept in an httpOnly cookie the page's scripts cannot read. */
export const SESSION_COOKIE = 'khlang_session';
/** A random value per browser; forms carry its HMAC (see csrfTokenFor), which a cross-site page cannot compute. */
export const CSRF_COOKIE = 'khlang_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Cookies of a request (a small parser: names and values as the browser sent them, values URI-decoded). */
export function cookiesOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

export interface CookieOptions {
  /** Secure cookies only travel over HTTPS: on in production. */
  secure: boolean;
  maxAgeSeconds?: number;
}

export function setCookie(res: Response, name: string, value: string, options: CookieOptions): void {
  res.cookie(name, value, {
    httpOnly: true,
    // Lax: sent on a top-level navigation from elsewhere (a link to an item page), never on a cross-site form post.
    sameSite: 'lax',
    secure: options.secure,
    path: '/',
    ...(options.maxAgeSeconds ? { maxAge: options.maxAgeSeconds * 1000 } : {}),
  });
}

export function clearCookie(res: Response, name: string, options: CookieOptions): void {
  res.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure: options.secure, path: '/' });
}

export function newCsrfSeed(): string {
  return randomBytes(32).toString('base64url');
}

/** The token forms carry: HMAC(secret, the browser's CSRF cookie). */
export function csrfTokenFor(seed: string, secret: string): string {
  return createHmac('sha256', secret).update(`khlang-csrf:${seed}`).digest('base64url');
}

/** Whether a submitted token belongs to the browser's CSRF cookie (constant time). */
export function csrfTokenValid(seed: string | undefined, token: unknown, secret: string): boolean {
  if (!seed || typeof token !== 'string' || token.length > 100) return false;
  const expected = Buffer.from(csrfTokenFor(seed, secret));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Pages are everything but the API, the OpenAPI docs and the health check (Express routes ignore case, so this does too). */
export function isWebPath(path: string): boolean {
  const p = path.toLowerCase();
  return !(p === '/api' || p.startsWith('/api/') || p === '/health');
}
