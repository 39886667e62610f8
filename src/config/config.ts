import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Every setting Khlang reads from the environment, read once and validated at boot. */
export interface AppConfig {
  production: boolean;
  port: number;
  host: string;
  /** Owner connection (runs migrations). Absent: the embedded PostgreSQL is started. */
  databaseUrl?: string;
  /** Optional separate login for the application role; else the owner connection with `role=khlang_app`. */
  appDatabaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  jwtSecret: string;
  jwtExpiresInSeconds: number;
  /** The pages' session and CSRF cookies only over HTTPS (on by default in production). */
  secureCookies: boolean;
  seedDemo: boolean;
  adminUsername: string;
  adminPassword?: string;
  login: { maxFailures: number; lockSeconds: number };
  passwordHash: { memoryKiB: number; timeCost: number };
  logLevel: LogLevel;
  dbPoolSize: number;
}

export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function bool(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return fallback;
}

function postgresUrl(env: Env, name: string, problems: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error('protocol');
    return raw;
  } catch {
    problems.push(`${name} must be a postgres:// URL`);
    return undefined;
  }
}

/**
 * Development convenience: without JWT_SECRET outside production, a secret is generated once and kept
 * in the data folder so tokens survive a restart. In production a missing secret is a boot error.
 */
function devJwtSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR || 'data');
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  let jwtSecret = env.JWT_SECRET ?? '';
  if (jwtSecret && jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters');
  if (!jwtSecret && production) problems.push('JWT_SECRET is required when NODE_ENV=production');

  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 8) problems.push('ADMIN_PASSWORD must be at least 8 characters');
  const adminUsername = (env.ADMIN_USERNAME || 'admin').toLowerCase();
  if (!/^[a-z0-9._-]{3,64}$/.test(adminUsername)) problems.push('ADMIN_USERNAME must be 3-64 of a-z 0-9 . _ -');

  const config: AppConfig = {
    production,
    port: int(env, 'PORT', 3000, 0, 65535, problems),
    host: env.HOST || '0.0.0.0',
    databaseUrl: postgresUrl(env, 'DATABASE_URL', problems),
    appDatabaseUrl: postgresUrl(env, 'APP_DATABASE_URL', problems),
    dataDir,
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535, problems),
    jwtSecret,
    jwtExpiresInSeconds: int(env, 'JWT_EXPIRES_IN_SECONDS', 8 * 3600, 60, 30 * 24 * 3600, problems),
    secureCookies: bool(env, 'COOKIE_SECURE', production, problems),
    seedDemo: bool(env, 'SEED_DEMO', true, problems),
    adminUsername,
    adminPassword,
    login: {
      maxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 100, problems),
      lockSeconds: int(env, 'LOGIN_LOCK_SECONDS', 900, 1, 86400, problems),
    },
    passwordHash: {
      memoryKiB: int(env, 'PASSWORD_HASH_MEMORY_KIB', 19456, 1024, 1048576, problems),
      timeCost: int(env, 'PASSWORD_HASH_TIME_COST', 2, 1, 20, problems),
    },
    logLevel,
    dbPoolSize: int(env, 'DB_POOL_SIZE', 20, 1, 500, problems),
  };
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  if (!config.jwtSecret) config.jwtSecret = devJwtSecret(dataDir);
  return config;
}

/** Injection token for the validated configuration object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
