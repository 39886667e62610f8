import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { withOwner } from '../helpers/database.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli.js');

describe('command line', () => {
  let t: TestApp;
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: t.db.ownerUrl, LOG_LEVEL: 'warn', PASSWORD_HASH_MEMORY_KIB: '1024', PASSWORD_HASH_TIME_COST: '1' },
      timeout: 60_000,
    });

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('verify-log reports every chain as a JSON line and exits 0 when all hold', () => {
    const run = cli('verify-log');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.chain)).toEqual(['SYSTEM', 'STA', 'STB']);
    expect(lines.every((l) => l.ok && l.firstBadSeq === null && l.entries > 0)).toBe(true);
  });

  it('create-user adds an audited user to a station by its code, and refuses bad input with exit 2', async () => {
    const run = cli('create-user', '--username', 'cli.officer', '--password', 'long-enough-1', '--display-name', 'สมหมาย ขยัน', '--rank', 'ส.ต.ต.', '--roles', 'officer', '--station', 'sta');
    expect(run.status).toBe(0);
    const user = JSON.parse(run.stdout.trim());
    expect(user).toMatchObject({ username: 'cli.officer', roles: ['OFFICER'], stationId: t.a.station.id });
    await t.http().post('/api/auth/login').send({ username: 'cli.officer', password: 'long-enough-1' }).expect(200);
    const rows = await withOwner(t.db, (c) => c.query("SELECT request_id FROM audit_log WHERE entity_id = $1 AND action = 'USER_CREATED'", [user.id]));
    expect(rows.rows).toEqual([{ request_id: 'cli:create-user' }]);

    const bad = cli('create-user', '--username', 'x', '--password', 'short', '--display-name', 'a', '--rank', 'b', '--roles', 'KING');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/username/);
    expect(cli('create-user', '--username', 'ok.user', '--password', 'long-enough-1', '--display-name', 'a', '--rank', 'b', '--roles', 'CLERK', '--station', 'NOPE').status).toBe(2);
  });

  it('verify-log exits 1 and names the first bad row of a tampered chain', async () => {
    await withOwner(t.db, async (c) => {
      await c.query('SET session_replication_role = replica');
      await c.query("UPDATE audit_log SET canonical = replace(canonical, '\"action\":\"', '\"action\":\"FORGED_') WHERE chain_key = $1 AND seq = 2", [t.b.station.id]);
    });
    const run = cli('verify-log', '--station', 'STB');
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ chain: 'STB', ok: false, firstBadSeq: 2 });
  });

  it('migrate has nothing to do on a migrated database; an unknown command is exit 2 with the usage', () => {
    const migrate = cli('migrate');
    expect(migrate.status).toBe(0);
    expect(migrate.stdout).toContain('no pending migrations');
    const unknown = cli('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('verify-log');
  });
});
