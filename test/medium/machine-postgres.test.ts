import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { createDataSource } from '../../src/database/data-source.js';
import { ensureDatabase, runMigrations } from '../../src/database/migrate.js';
import { createApp } from '../../src/app.factory.js';
import { AuditLogService } from '../../src/audit-log/audit-log.service.js';
import { JsonLogger } from '../../src/common/json-logger.js';
import { systemContext } from '../../src/common/request-context.js';
import { Role } from '../../src/common/roles.js';
import { UsersService } from '../../src/users/users.service.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { testConfig } from '../helpers/app.js';
import { MACHINE_PG, machinePostgresReachable } from '../helpers/database.js';

/**
 * The DATABASE_URL path against the machine's own PostgreSQL (15 on these machines, 127.0.0.1:5432,
 * trust auth), next to the embedded 18 the other tests use. CI machines always have it; elsewhere set
 * MACHINE_PG_URL to point at another server, or the file reports that it had nothing to test.
 */

describe('DATABASE_URL on the machine PostgreSQL', () => {
  let available = false;
  const name = `khlang_machine_${randomBytes(4).toString('hex')}`;
  const url = new URL(MACHINE_PG);
  url.pathname = `/${name}`;

  beforeAll(async () => {
    available = await machinePostgresReachable();
    if (!available && process.env.CI) throw new Error(`CI must test the machine PostgreSQL at ${MACHINE_PG}, and it is not reachable`);
    if (!available) console.warn(`no PostgreSQL at ${MACHINE_PG}: the DATABASE_URL test has nothing to test here`);
  });

  afterAll(async () => {
    if (!available) return;
    const client = new pg.Client({ connectionString: MACHINE_PG });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });

  it('creates the database, migrates it, and serves requests as the restricted role', async () => {
    if (!available) return;
    expect(await ensureDatabase(url.toString())).toBe(true);
    expect(await runMigrations(url.toString())).toHaveLength(MIGRATIONS.length);
    const ds = createDataSource({ url: url.toString(), actAsAppRole: true });
    await ds.initialize();
    const config = testConfig();
    const app = await createApp(config, ds, new JsonLogger('silent'));
    await app.init();
    try {
      const [{ server_version_num }] = await ds.query('SHOW server_version_num');
      expect(Number(server_version_num)).toBeGreaterThanOrEqual(130000);
      const admin = await app.get(UsersService).create(systemContext(null, 'machine-pg'), { username: 'admin', password: 'long-enough-1', displayName: 'ผู้ดูแล', rank: '-', roles: [Role.ADMIN] });
      expect(admin.roles).toEqual([Role.ADMIN]);
      const [{ current_user }] = await ds.query('SELECT current_user');
      expect(current_user).toBe('khlang_app');
      await expect(ds.query('DELETE FROM audit_log')).rejects.toMatchObject({ code: '42501' });
      expect(await app.get(AuditLogService).verify(null)).toMatchObject({ ok: true, entries: 1 });
    } finally {
      await app.close();
    }
  });
});
