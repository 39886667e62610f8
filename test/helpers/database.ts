import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runMigrations } from '../../src/database/migrate.js';

/** This run's migrated template; every test file clones it. */
const TEMPLATE = `khlang_test_template_${process.env.KHLANG_TEST_RUN ?? 'x'}`;

/** The superuser URL of the test cluster (set by test/global-setup.mjs). */
export function adminUrl(): string {
  const url = process.env.KHLANG_TEST_ADMIN_URL;
  if (!url) throw new Error('KHLANG_TEST_ADMIN_URL is not set: run the tests through jest (test/global-setup.mjs)');
  return url;
}

export function urlFor(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Migrates the template once per test run (the first test file to ask does it, under a lock). */
async function ensureTemplate(): Promise<void> {
  await withAdmin(async (client) => {
    await client.query('SELECT pg_advisory_lock(4242003)');
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE]);
      if (found.rowCount) return;
      await client.query(`CREATE DATABASE ${TEMPLATE} ENCODING 'UTF8' TEMPLATE template0`);
      await runMigrations(urlFor(TEMPLATE));
    } finally {
      await client.query('SELECT pg_advisory_unlock(4242003)');
    }
  });
}

export interface TestDatabase {
  name: string;
  /** Owner (superuser) URL: migrations and the tests' own checks. */
  ownerUrl: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file: a clone of the template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  await ensureTemplate();
  const name = `khlang_t_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`));
  return {
    name,
    ownerUrl: urlFor(name),
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** An empty database (no migrations), for the migration tests. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const name = `khlang_t_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`));
  return {
    name,
    ownerUrl: urlFor(name),
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs SQL as the owner (superuser): for checks the application role may not make. */
export async function ownerQuery<T = Record<string, unknown>>(db: TestDatabase, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: db.ownerUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Several statements on one owner session (e.g. `SET session_replication_role` before a change). */
export async function withOwner<T>(db: TestDatabase, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: db.ownerUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The PostgreSQL installed on the machine (15 here), which the cross-server tests use beside the embedded one. */
export const MACHINE_PG = process.env.MACHINE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether the machine PostgreSQL answers (within two seconds). */
export async function machinePostgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: MACHINE_PG, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
