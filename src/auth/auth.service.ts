import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ForbiddenError, TooManyRequestsError, UnauthorizedError } from '../common/errors.js';
import type { AuthUser, RequestContext } from '../common/request-context.js';
import { AuditLogService } from '../audit-log/audit-log.service.js';
import { JsonLogger } from '../common/json-logger.js';
import { TransactionService } from '../database/transaction.service.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { toUserView } from '../users/users.dto.js';
import { UsersRepository } from '../users/users.repository.js';
import type { LoginResult, TokenClaims } from './auth.dto.js';
import { CredentialsService } from './credentials.service.js';

const INVALID = () => new UnauthorizedError('INVALID_CREDENTIALS', 'Wrong username or password', 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง');

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(CredentialsService) private readonly credentials: CredentialsService,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(TransactionService) private readonly tx: TransactionService,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async login(ctx: RequestContext, usernameInput: string, password: string): Promise<LoginResult> {
    const username = usernameInput.trim().toLowerCase();
    const check = await this.credentials.check(username, password);
    if (check.outcome === 'locked') throw this.locked(check.lockedUntil);
    if (check.outcome === 'wrong') {
      const { user } = check;
      // Unknown usernames count too, so guessing names is slowed down the same way.
      const after = await this.tx.run(async (tx) => {
        const counted = await this.credentials.recordFailure(username, tx);
        // An account being locked is a security event of its station; failures of unknown names only reach the log.
        if (user && counted.failures === this.config.login.maxFailures) {
          await this.auditLog.append(tx, ctx, {
            stationId: user.stationId,
            action: 'LOGIN_LOCKED',
            entityType: 'user',
            entityId: user.id,
            after: { failures: counted.failures, lockedUntil: counted.lockedUntil },
          });
        }
        return counted;
      });
      const locked = !!after.lockedUntil && after.lockedUntil > new Date();
      this.logger.warn({ msg: 'login failed', username, known: !!user, failures: after.failures, locked, reqId: ctx.requestId, ip: ctx.clientIp, context: 'Auth' });
      if (locked) throw this.locked(after.lockedUntil!);
      throw INVALID();
    }
    const { user } = check;
    if (!user.active) throw new ForbiddenError('ACCOUNT_DEACTIVATED', 'This account has been deactivated', 'บัญชีผู้ใช้นี้ถูกระงับการใช้งาน');
    if (check.hadFailures) await this.credentials.clearFailures(username);

    const claims: TokenClaims = { sub: user.id, st: user.stationId };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwtExpiresInSeconds, user: toUserView(user) };
  }

  /** Checks a bearer token and reloads its user: a deactivated user's tokens stop working at once. */
  async authenticate(token: string): Promise<AuthUser> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims & object>(token);
    } catch (err) {
      if ((err as Error).name === 'TokenExpiredError') {
        throw new UnauthorizedError('TOKEN_EXPIRED', 'Your session has expired; log in again', 'หมดเวลาการใช้งาน กรุณาเข้าสู่ระบบใหม่');
      }
      throw new UnauthorizedError('TOKEN_INVALID', 'The access token is not valid', 'โทเค็นการเข้าใช้งานไม่ถูกต้อง');
    }
    if (typeof claims.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(claims.sub)) {
      throw new UnauthorizedError('TOKEN_INVALID', 'The access token is not valid', 'โทเค็นการเข้าใช้งานไม่ถูกต้อง');
    }
    const user = await this.users.findActive(claims.sub);
    if (!user) throw new UnauthorizedError('ACCOUNT_INACTIVE', 'This account is deactivated or gone', 'บัญชีผู้ใช้นี้ถูกระงับหรือไม่มีอยู่');
    return user;
  }

  private locked(until: Date) {
    const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
    return new TooManyRequestsError(
      'LOGIN_LOCKED',
      `Too many failed logins for this username; try again in ${seconds} s`,
      `เข้าสู่ระบบผิดหลายครั้งเกินไป กรุณาลองใหม่ในอีก ${seconds} วินาที`,
      { retryAfterSeconds: seconds },
    );
  }
}
