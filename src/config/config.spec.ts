import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.js';

const base = () => ({ DATA_DIR: mkdtempSync(join(tmpdir(), 'khlang-config-')) });

describe('loadConfig', () => {
  it('gives the documented defaults', () => {
    const config = loadConfig(base());
    expect(config).toMatchObject({
      production: false,
      port: 3000,
      embeddedPgPort: 54329,
      seedDemo: true,
      adminUsername: 'admin',
      jwtExpiresInSeconds: 28800,
      login: { maxFailures: 5, lockSeconds: 900 },
      logLevel: 'info',
    });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('keeps a generated development secret in the data folder, the same on the next start', () => {
    const env = base();
    const first = loadConfig(env).jwtSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(env.DATA_DIR, 'jwt-secret'), 'utf8').trim()).toBe(first);
    expect(loadConfig(env).jwtSecret).toBe(first);
  });

  it('refuses to start in production without a JWT secret', () => {
    expect(() => loadConfig({ ...base(), NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
  });

  it('lists every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({ ...base(), PORT: 'abc', DATABASE_URL: 'mysql://x', SEED_DEMO: 'maybe', LOG_LEVEL: 'loud', JWT_SECRET: 'short', ADMIN_PASSWORD: '123' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'SEED_DEMO', 'LOG_LEVEL', 'JWT_SECRET', 'ADMIN_PASSWORD']) expect(message).toContain(name);
  });

  it('reads booleans, numbers and URLs', () => {
    const config = loadConfig({ ...base(), SEED_DEMO: 'false', PORT: '8080', DATABASE_URL: 'postgresql://u:p@db:5432/khlang', ADMIN_USERNAME: 'Chief' });
    expect(config).toMatchObject({ seedDemo: false, port: 8080, databaseUrl: 'postgresql://u:p@db:5432/khlang', adminUsername: 'chief' });
  });
});
