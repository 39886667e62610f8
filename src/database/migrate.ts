import pg from 'pg';
import { createDataSource } from './data-source.js';

/** Any fixed 64-bit key: every Khlang process that migrates this database takes the same lock. */
const MIGRATION_LOCK_KEY = 4242_0001;

/**
 * Runs pending migrations as the owner, under a session advisory lock so that two servers booting
 * at once do not both migrate. Returns the names of the migrations applied.
 */
export async function runMigrations(ownerUrl: string): Promise<string[]> {
  const lock = new pg.Client({ connectionString: ownerUrl, application_name: 'khlang-migrate-lock' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const ds = createDataSource({ url: ownerUrl, poolSize: 2, applicationName: 'khlang-migrate' });
    await ds.initialize();
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await ds.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}

/** Creates the database named in `url` when it does not exist yet (owner connection to `postgres`). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) throw new Error('DATABASE_URL names no database');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}" ENCODING 'UTF8' TEMPLATE template0`);
    return true;
  } catch (err) {
    // Another server created it between the check and CREATE: that is fine.
    if ((err as { code?: string }).code === '42P04') return false;
    throw err;
  } finally {
    await client.end();
  }
}
