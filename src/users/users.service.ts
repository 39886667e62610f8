import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLogService } from '../audit-log/audit-log.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors.js';
import { listScope, type RequestContext, stationScope } from '../common/request-context.js';
import { Role } from '../common/roles.js';
import { emptyPage, type Page, paging } from '../common/validation.js';
import { TransactionService } from '../database/transaction.service.js';
import { StationsRepository } from '../stations/stations.repository.js';
import type { User } from './user.entity.js';
import { type CreateUserDto, type ListUsersQueryDto, toUserView, type UserView } from './users.dto.js';
import { UsersRepository } from './users.repository.js';

@Injectable()
export class UsersService {
  constructor(
    @Inject(TransactionService) private readonly tx: TransactionService,
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(StationsRepository) private readonly stations: StationsRepository,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
  ) {}

  async create(ctx: RequestContext, dto: CreateUserDto): Promise<UserView> {
    const isAdminUser = dto.roles.includes(Role.ADMIN);
    if (isAdminUser && dto.roles.length > 1) {
      throw new UnprocessableError('ADMIN_ROLE_ALONE', 'ADMIN is system-wide and cannot be combined with station roles', 'บทบาท ADMIN เป็นผู้ดูแลระบบ ใช้ร่วมกับบทบาทของสถานีไม่ได้');
    }
    if (isAdminUser && dto.stationId) {
      throw new UnprocessableError('ADMIN_HAS_NO_STATION', 'An ADMIN belongs to no station; leave stationId out', 'ผู้ดูแลระบบไม่สังกัดสถานี ไม่ต้องระบุ stationId');
    }
    if (!isAdminUser && !dto.stationId) {
      throw new UnprocessableError('STATION_REQUIRED', 'stationId is required for station roles', 'กรุณาระบุสถานี (stationId) ของผู้ใช้');
    }
    const passwordHash = await this.hasher.hash(dto.password);
    return this.tx.run(async (em) => {
      if (dto.stationId && !(await this.stations.findById(dto.stationId, em))) throw new NotFoundError('Station', 'สถานี');
      const username = dto.username.toLowerCase();
      if (await this.users.findByUsername(username, em)) {
        throw new ConflictError('USERNAME_TAKEN', `Username ${username} is taken`, `ชื่อผู้ใช้ ${username} มีผู้ใช้แล้ว`);
      }
      const user = await this.users.insert(em, {
        username,
        passwordHash,
        displayName: dto.displayName,
        rank: dto.rank,
        position: dto.position ?? null,
        roles: dto.roles,
        stationId: dto.stationId ?? null,
        active: true,
      });
      const view = toUserView(user);
      await this.auditLog.append(em, ctx, { stationId: user.stationId, action: 'USER_CREATED', entityType: 'user', entityId: user.id, after: view });
      return view;
    });
  }

  async list(ctx: RequestContext, query: ListUsersQueryDto): Promise<Page<UserView>> {
    const stationId = listScope(ctx, query.stationId);
    if (stationId === false) return emptyPage(query);
    const { page, pageSize, offset } = paging(query);
    const [rows, total] = await this.users.list({
      stationId: stationId ?? undefined,
      role: query.role,
      active: query.active,
      q: query.q,
      offset,
      limit: pageSize,
    });
    return { items: rows.map(toUserView), total, page, pageSize };
  }

  async get(ctx: RequestContext, id: string): Promise<UserView> {
    const user = await this.users.findScoped(id, stationScope(ctx));
    if (!user) throw new NotFoundError('User', 'ผู้ใช้');
    return toUserView(user);
  }

  /** Deactivated, never deleted: their name stays on every record they signed. */
  setActive(ctx: RequestContext, id: string, active: boolean): Promise<UserView> {
    return this.tx.run(async (em) => {
      const user = await this.locked(em, ctx, id);
      if (user.id === ctx.actor?.id && !active) {
        throw new UnprocessableError('CANNOT_DEACTIVATE_SELF', 'You cannot deactivate yourself', 'ไม่สามารถระงับบัญชีของตนเองได้');
      }
      if (user.active === active) return toUserView(user);
      const before = toUserView(user);
      await this.users.setActive(em, id, active);
      user.active = active;
      const after = toUserView(user);
      await this.auditLog.append(em, ctx, { stationId: user.stationId, action: active ? 'USER_REACTIVATED' : 'USER_DEACTIVATED', entityType: 'user', entityId: id, before, after });
      return after;
    });
  }

  async changePassword(ctx: RequestContext, id: string, password: string): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    await this.tx.run(async (em) => {
      const user = await this.locked(em, ctx, id);
      await this.users.setPasswordHash(em, id, passwordHash);
      // The hash itself is never logged; the row records that it changed and who changed it.
      await this.auditLog.append(em, ctx, { stationId: user.stationId, action: 'USER_PASSWORD_CHANGED', entityType: 'user', entityId: id });
    });
  }

  private async locked(em: EntityManager, ctx: RequestContext, id: string): Promise<User> {
    const user = await this.users.lockScoped(em, id, stationScope(ctx));
    if (!user) throw new NotFoundError('User', 'ผู้ใช้');
    return user;
  }
}
