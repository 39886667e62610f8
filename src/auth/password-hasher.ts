import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/** argon2id; the cost comes from the configuration (tests lower it, production keeps the default). */
@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: this.config.passwordHash.memoryKiB,
      timeCost: this.config.passwordHash.timeCost,
    });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same time as a real check, so an unknown username is not revealed by a fast answer. */
  async verifyNothing(password: string): Promise<void> {
    this.dummy ??= this.hash('khlang-dummy-password');
    await this.verify(await this.dummy, password);
  }
}
