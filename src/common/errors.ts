/**
 * Domain errors carry a stable code, an English and a Thai message. One global filter maps them to
 * HTTP (`{statusCode, code, message, messageTh, details?}`); services never build HTTP responses.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageTh: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  /** Also the answer for another station's ids: their existence is not revealed. */
  constructor(entityEn: string, entityTh: string) {
    super(404, 'NOT_FOUND', `${entityEn} not found`, `ไม่พบ${entityTh}`);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, messageTh: string, details?: unknown) {
    super(409, code, message, messageTh, details);
  }
}

export class UnprocessableError extends DomainError {
  constructor(code: string, message: string, messageTh: string, details?: unknown) {
    super(422, code, message, messageTh, details);
  }
}

export class BadRequestError extends DomainError {
  constructor(code: string, message: string, messageTh: string, details?: unknown) {
    super(400, code, message, messageTh, details);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(code: string, message: string, messageTh: string) {
    super(401, code, message, messageTh);
  }
}

export class ForbiddenError extends DomainError {
  constructor(code: string, message: string, messageTh: string, details?: unknown) {
    super(403, code, message, messageTh, details);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(code: string, message: string, messageTh: string, details?: unknown) {
    super(429, code, message, messageTh, details);
  }
}
