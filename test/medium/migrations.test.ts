import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import 'reflect-metadata';
import { createDataSource } from '../../src/database/data-source.js';
import { runMigrations } from '../../src/database/migrate.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { createEmptyDatabase, ownerQuery, type TestDatabase } from '../helpers/database.js';

/** What `migration:generate` would write for this database: empty when entities and migrations agree. */
async function pendingSchemaChanges(url: string): Promise<string[]> {
  const ds = createDataSource({ url, poolSize: 1 });
  await ds.initialize();
  try {
    const log = await ds.driver.createSchemaBuilder().log();
    return log.upQueries.map((q) => q.query);
  } finally {
    await ds.destroy();
  }
}

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createEmptyDatabase();
  });
  afterAll(async () => db?.drop());

  it('apply to an empty database and leave no drift from the entities', async () => {
    const applied = await runMigrations(db.ownerUrl);
    expect(applied).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await pendingSchemaChanges(db.ownerUrl)).toEqual([]);
  });

  it('apply nothing the second time (two servers booting run them once)', async () => {
    const [first, second] = await Promise.all([runMigrations(db.ownerUrl), runMigrations(db.ownerUrl)]);
    expect([...first, ...second]).toEqual([]);
  });

  it('install the append-only triggers and the restricted application role', async () => {
    const triggers = await ownerQuery<{ tgname: string }>(db, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal ORDER BY tgname");
    expect(triggers.map((t) => t.tgname)).toEqual(['audit_log_no_truncate', 'audit_log_no_update_delete']);
    const privileges = await ownerQuery<{ privilege_type: string }>(
      db,
      "SELECT privilege_type FROM information_schema.role_table_grants WHERE grantee = 'khlang_app' AND table_name = 'audit_log' ORDER BY privilege_type",
    );
    expect(privileges.map((p) => p.privilege_type)).toEqual(['INSERT', 'SELECT']);
    const system = await ownerQuery(db, "SELECT seq, hash FROM audit_chain_heads WHERE chain_key = 'SYSTEM'");
    expect(system).toEqual([{ seq: 0, hash: '0'.repeat(64) }]);
  });

  it('revert cleanly and re-apply to the same schema', async () => {
    const ds = createDataSource({ url: db.ownerUrl, poolSize: 1 });
    await ds.initialize();
    try {
      for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const tables = await ds.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'");
      expect(tables).toEqual([]);
    } finally {
      await ds.destroy();
    }
    await runMigrations(db.ownerUrl);
    expect(await pendingSchemaChanges(db.ownerUrl)).toEqual([]);
  });
});
