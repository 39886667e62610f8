import express, { type NextFunction, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { JsonLogger } from './json-logger.js';
import type { KhlangRequest } from './request-context.js';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Gives each request an id (the caller's X-Request-Id when it is safe), echoes it, logs the outcome. */
export function requestId(logger: JsonLogger) {
  return (req: KhlangRequest, res: Response, next: NextFunction) => {
    const offered = req.header('x-request-id');
    req.id = offered && SAFE_ID.test(offered) ? offered : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.log({
        msg: 'request',
        reqId: req.id,
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        userId: req.user?.id,
      });
    });
    next();
  };
}

/**
 * JSON bodies up to 1 MB. Parser failures (broken JSON, too large, wrong charset) are answered here in
 * the API's error shape, since they happen before Nest's exception filter sees the request.
 */
export function jsonBody() {
  const parse = express.json({ limit: '1mb', strict: true });
  return (req: KhlangRequest, res: Response, next: NextFunction) => {
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { status?: number; type?: string };
      const status = e.status && e.status >= 400 && e.status < 500 ? e.status : 400;
      const [code, message, messageTh] =
        e.type === 'entity.too.large'
          ? ['PAYLOAD_TOO_LARGE', 'Request body larger than 1 MB', 'ข้อมูลที่ส่งมีขนาดเกิน 1 MB']
          : e.type === 'entity.parse.failed'
            ? ['MALFORMED_JSON', 'The body is not valid JSON', 'ข้อมูลที่ส่งไม่ใช่ JSON ที่ถูกต้อง']
            : ['BAD_BODY', 'The request body could not be read', 'อ่านข้อมูลที่ส่งมาไม่ได้'];
      res.status(status).json({ statusCode: status, code, message, messageTh });
    });
  };
}
