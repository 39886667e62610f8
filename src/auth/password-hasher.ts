import { Inject, Injectable } from '@nestjs/common';
import argon2 from '@node-rs/argon2';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/**
 * argon2id (@node-rs/argon2: prebuilt per platform as plain registry packages, no install script; the
 * `argon2` package's glibc prebuild crashed on these machines). The cost comes from the configuration.
 */
@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    // The library's default algorithm is argon2id (its Algorithm enum is type-only at run time).
    return argon2.hash(password, {
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
