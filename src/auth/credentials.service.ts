import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { User } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import { LoginThrottleRepository, type ThrottleState } from './login-throttle.repository.js';
import { PasswordHasher } from './password-hasher.js';

export type CredentialCheck =
  | { outcome: 'locked'; lockedUntil: Date }
  | { outcome: 'wrong'; user: User | null }
  | { outcome: 'ok'; user: User; hadFailures: boolean };

/**
 * One username and password checked the same way wherever someone signs in (the login page, a
 * witness co-signing): the lock first, then the password, spending the same time on unknown names.
 */
@Injectable()
export class CredentialsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(LoginThrottleRepository) private readonly throttle: LoginThrottleRepository,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
  ) {}

  async check(username: string, password: string): Promise<CredentialCheck> {
    const state = await this.throttle.state(this.dataSource.manager, username);
    if (state?.lockedUntil && state.lockedUntil > new Date()) return { outcome: 'locked', lockedUntil: state.lockedUntil };
    const user = await this.users.findByUsername(username);
    const ok = user ? await this.hasher.verify(user.passwordHash, password) : (await this.hasher.verifyNothing(password), false);
    if (!user || !ok) return { outcome: 'wrong', user };
    return { outcome: 'ok', user, hadFailures: !!state };
  }

  /** Counts a wrong password against the name (unknown names too), locking it at the configured limit. */
  recordFailure(username: string, em: EntityManager = this.dataSource.manager): Promise<ThrottleState> {
    return this.throttle.recordFailure(em, username, this.config.login.maxFailures, this.config.login.lockSeconds);
  }

  clearFailures(username: string): Promise<void> {
    return this.throttle.clear(this.dataSource.manager, username);
  }
}
