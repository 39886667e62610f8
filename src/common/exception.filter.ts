import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { answerWebError } from '../web/error-page.js';
import { isWebPath } from '../web/web-session.js';
import { DomainError } from './errors.js';
import { JsonLogger } from './json-logger.js';
import type { KhlangRequest } from './request-context.js';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  messageTh: string;
  details?: unknown;
  requestId?: string;
}

const HTTP_CODES: Record<number, [string, string, string]> = {
  400: ['BAD_REQUEST', 'Bad request', 'คำขอไม่ถูกต้อง'],
  401: ['UNAUTHENTICATED', 'Log in first', 'กรุณาเข้าสู่ระบบ'],
  403: ['FORBIDDEN', 'Your role may not do this', 'สิทธิ์ของท่านไม่อนุญาตให้ทำรายการนี้'],
  404: ['NOT_FOUND', 'Not found', 'ไม่พบข้อมูลที่ร้องขอ'],
  405: ['METHOD_NOT_ALLOWED', 'Method not allowed', 'ไม่รองรับวิธีการเรียกนี้'],
  413: ['PAYLOAD_TOO_LARGE', 'Request body too large', 'ข้อมูลที่ส่งมีขนาดใหญ่เกินไป'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Send JSON (Content-Type: application/json)', 'กรุณาส่งข้อมูลแบบ JSON'],
};

/** PostgreSQL errors a user's input can cause, and what they mean to that user. */
function fromPostgres(err: QueryFailedError & { code?: string; constraint?: string; detail?: string }): ErrorBody | undefined {
  switch (err.code) {
    case '23505':
      return {
        statusCode: 409,
        code: 'ALREADY_EXISTS',
        message: `Already exists (${err.constraint ?? 'unique'})`,
        messageTh: 'มีข้อมูลนี้อยู่แล้ว',
        details: { constraint: err.constraint },
      };
    case '23514':
      return {
        statusCode: 422,
        code: 'RULE_VIOLATED',
        message: `Refused by rule ${err.constraint ?? ''}`.trim(),
        messageTh: 'ข้อมูลขัดกับกฎของระบบ',
        details: { constraint: err.constraint },
      };
    case '23503':
      return {
        statusCode: 422,
        code: 'REFERENCE_NOT_FOUND',
        message: 'A referenced record does not exist',
        messageTh: 'ไม่พบข้อมูลที่อ้างอิง',
        details: { constraint: err.constraint },
      };
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
    case '22021': // a NUL character in text (PostgreSQL cannot store it)
    case '22P05': // a \u0000 escape in jsonb
      return { statusCode: 400, code: 'INVALID_VALUE', message: 'A value has the wrong format or size', messageTh: 'ข้อมูลมีรูปแบบหรือขนาดไม่ถูกต้อง' };
    case '40001':
    case '40P01':
    case '55P03':
      return { statusCode: 409, code: 'BUSY', message: 'Another request changed this at the same moment; try again', messageTh: 'มีผู้อื่นทำรายการเดียวกันพร้อมกัน กรุณาลองใหม่' };
    default:
      return undefined;
  }
}

/** The one place where errors become HTTP answers: `{statusCode, code, message, messageTh, details?}`. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'secureCookies'>,
  ) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const req = http.getRequest<KhlangRequest>();
    const res = http.getResponse<Response>();
    const body = this.toBody(exception, req);
    if (body.statusCode >= 500) {
      this.logger.error({ msg: 'unhandled error', reqId: req.id, path: req.originalUrl, err: String(exception), stack: (exception as Error)?.stack });
    }
    if (res.headersSent) return;
    // Pages answer in HTML: a Thai error page, or the login page when the session is missing.
    if (isWebPath(req.path)) return answerWebError(req, res, body, this.config.secureCookies);
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, req: KhlangRequest): ErrorBody {
    if (exception instanceof DomainError) {
      return {
        statusCode: exception.status,
        code: exception.code,
        message: exception.message,
        messageTh: exception.messageTh,
        ...(exception.details !== undefined ? { details: exception.details } : {}),
      };
    }
    if (exception instanceof HttpException) return this.fromHttp(exception);
    if (exception instanceof QueryFailedError) {
      const known = fromPostgres(exception as QueryFailedError & { code?: string });
      if (known) return known;
    }
    // body-parser errors (malformed JSON, too large, bad charset) carry their own status.
    const status = (exception as { status?: number; type?: string })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const type = (exception as { type?: string }).type;
      if (type === 'entity.parse.failed') {
        return { statusCode: 400, code: 'MALFORMED_JSON', message: 'The body is not valid JSON', messageTh: 'ข้อมูลที่ส่งไม่ใช่ JSON ที่ถูกต้อง' };
      }
      const [code, message, messageTh] = HTTP_CODES[status] ?? HTTP_CODES[400];
      return { statusCode: status, code, message, messageTh };
    }
    return {
      statusCode: 500,
      code: 'INTERNAL',
      message: `Internal error; quote request id ${req.id ?? '-'}`,
      messageTh: `ระบบขัดข้อง กรุณาแจ้งผู้ดูแลพร้อมรหัสคำขอ ${req.id ?? '-'}`,
      requestId: req.id,
    };
  }

  private fromHttp(exception: HttpException): ErrorBody {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const [code, message, messageTh] = HTTP_CODES[status] ?? ['HTTP_' + status, exception.message, exception.message];
    // ValidationPipe: a list of messages, one per failed constraint.
    if (status === 400 && typeof response === 'object' && Array.isArray((response as { message?: unknown }).message)) {
      const problems = (response as { message: string[] }).message;
      return {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: `Invalid input: ${problems.join('; ')}`,
        messageTh: `ข้อมูลไม่ถูกต้อง: ${problems.join('; ')}`,
        details: problems,
      };
    }
    if (status === 404) {
      return { statusCode: 404, code: 'ROUTE_NOT_FOUND', message: exception.message, messageTh: 'ไม่พบเส้นทางที่เรียก' };
    }
    return { statusCode: status, code, message: status === 400 ? exception.message : message, messageTh };
  }
}
