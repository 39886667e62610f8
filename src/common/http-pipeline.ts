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

/** Deeper than any request of the API; class-transformer recurses once per level and would overflow the stack. */
const MAX_BODY_DEPTH = 32;
/** Own keys JSON.parse creates that the ValidationPipe drops silently instead of refusing as unknown fields. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** What is wrong with a parsed body's shape, if anything (walked without recursion). */
function bodyProblem(body: unknown): { code: string; message: string; messageTh: string } | undefined {
  const pending: Array<[unknown, number]> = [[body, 1]];
  while (pending.length) {
    const [value, depth] = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_BODY_DEPTH) {
      return { code: 'BODY_TOO_DEEP', message: `The body is nested deeper than ${MAX_BODY_DEPTH} levels`, messageTh: `ข้อมูลที่ส่งซ้อนกันลึกเกิน ${MAX_BODY_DEPTH} ชั้น` };
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        return { code: 'VALIDATION_FAILED', message: `Invalid input: property ${key} should not exist`, messageTh: `ข้อมูลไม่ถูกต้อง: property ${key} should not exist` };
      }
      pending.push([(value as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return undefined;
}

/** A body the parsers refused, in the API's error shape. */
export interface BodyError {
  statusCode: number;
  code: string;
  message: string;
  messageTh: string;
}

/** How a refused body is answered: JSON for the API; the pages pass their own (a Thai HTML page). */
export type BodyErrorAnswer = (req: KhlangRequest, res: Response, error: BodyError) => void;

const answerJson: BodyErrorAnswer = (_req, res, error) => void res.status(error.statusCode).json(error);

/** What a body parser's failure means for the one who sent it: its status, code and message. */
export function bodyErrorOf(err: unknown, limit: string): BodyError {
  const e = err as { status?: number; type?: string; charset?: string };
  const status = e.status && e.status >= 400 && e.status < 500 ? e.status : 400;
  const [code, message, messageTh] =
    e.type === 'entity.too.large'
      ? ['PAYLOAD_TOO_LARGE', `Request body larger than ${limit}`, `ข้อมูลที่ส่งมีขนาดเกิน ${limit}`]
      : e.type === 'parameters.too.many'
        ? ['TOO_MANY_FIELDS', 'The form has too many fields', 'แบบฟอร์มที่ส่งมีจำนวนช่องมากเกินไป']
        : e.type === 'charset.unsupported' || e.type === 'encoding.unsupported'
          ? ['BAD_BODY', 'The body must be UTF-8, not compressed', 'ข้อมูลที่ส่งต้องเข้ารหัสแบบ UTF-8 และไม่บีบอัด']
          : e.type === 'entity.parse.failed'
            ? ['MALFORMED_JSON', 'The body is not valid JSON', 'ข้อมูลที่ส่งไม่ใช่ JSON ที่ถูกต้อง']
            : ['BAD_BODY', 'The request body could not be read', 'อ่านข้อมูลที่ส่งมาไม่ได้'];
  return { statusCode: status, code, message, messageTh };
}

/**
 * JSON bodies up to 1 MB. Parser failures (broken JSON, too large, wrong charset) are answered here,
 * since they happen before Nest's exception filter sees the request: in the API's error shape, or as
 * `answer` says for the pages.
 */
export function jsonBody(answer: BodyErrorAnswer = answerJson) {
  const parse = express.json({ limit: '1mb', strict: true });
  return (req: KhlangRequest, res: Response, next: NextFunction) => {
    parse(req, res, (err?: unknown) => {
      if (!err) {
        const problem = bodyProblem(req.body);
        if (!problem) return next();
        return answer(req, res, { statusCode: 400, ...problem });
      }
      answer(req, res, bodyErrorOf(err, '1 MB'));
    });
  };
}
