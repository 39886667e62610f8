import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { join } from 'node:path';
import { type BodyErrorAnswer, bodyErrorOf } from '../common/http-pipeline.js';
import { findProjectFolder } from '../common/project-folder.js';
import type { KhlangRequest } from '../common/request-context.js';
import { answerWebError } from './error-page.js';
import { SARABUN_FILES } from '../labels/sarabun-font.js';
import { CSRF_COOKIE, cookiesOf, csrfTokenFor, isWebPath, newCsrfSeed, setCookie } from './web-session.js';

/**
 * What pages need before Nest sees the request: form bodies, the browser's CSRF cookie and the token
 * its forms carry, and headers that keep pages from being framed or running foreign scripts. The API
 * under /api is untouched (bearer tokens, JSON).
 */
export function webPipeline(options: { secret: string; secureCookies: boolean }) {
  const forms = express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 500 });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!isWebPath(req.path)) return next();
    pageHeaders(res);
    // The public O23 pages (no login, no forms that change anything) set no cookie on a visitor.
    if (req.path.startsWith('/public/')) return forms(req, res, (err?: unknown) => (err ? answerFormError(req, res, err, options.secureCookies) : next()));
    let seed = cookiesOf(req)[CSRF_COOKIE];
    if (!seed || !/^[A-Za-z0-9_-]{43}$/.test(seed)) {
      seed = newCsrfSeed();
      setCookie(res, CSRF_COOKIE, seed, { secure: options.secureCookies });
    }
    res.locals.csrfSeed = seed;
    res.locals.csrfToken = csrfTokenFor(seed, options.secret);
    forms(req, res, (err?: unknown) => (err ? answerFormError(req, res, err, options.secureCookies) : next()));
  };
}

function pageHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
}

/** A form the parser refused (too large, too many fields, not UTF-8): the Thai error page with its status. */
function answerFormError(req: Request, res: Response, err: unknown, secureCookies: boolean): void {
  answerWebError(req as KhlangRequest, res, bodyErrorOf(err, '200 KB'), secureCookies);
}

/** The JSON parser's refusals on a page's path: the Thai error page instead of the API's JSON. */
export function answerBodyError(secureCookies: boolean): BodyErrorAnswer {
  return (req, res, error) => (isWebPath(req.path) ? answerWebError(req, res, error, secureCookies) : void res.status(error.statusCode).json(error));
}

/** /assets: the stylesheet, the scripts and the Sarabun font, all served locally (no external network). */
export function webAssets(): Router {
  const router = express.Router();
  const cache = { maxAge: '1h', fallthrough: false, index: false as const };
  router.get('/assets/fonts/sarabun-400.ttf', (_req, res) => res.sendFile(SARABUN_FILES.normal, { maxAge: '30d' }));
  router.get('/assets/fonts/sarabun-700.ttf', (_req, res) => res.sendFile(SARABUN_FILES.bold, { maxAge: '30d' }));
  router.use('/assets', express.static(join(findProjectFolder('web', import.meta.dirname), 'assets'), cache));
  return router;
}
