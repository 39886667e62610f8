import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase, ownerQuery, withOwner } from '../helpers/database.js';
import { barePdfText, bareThai } from '../helpers/pdf-tools.js';

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

  it('seed-demo refuses (exit 1) on a database with no administrator yet, and writes nothing', async () => {
    const empty = await createTestDatabase();
    try {
      const run = spawnSync(process.execPath, [CLI, 'seed-demo'], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: empty.ownerUrl, LOG_LEVEL: 'warn' },
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/no administrator yet/);
      expect(run.stderr).toMatch(/ยังไม่มีผู้ดูแลระบบ/);
      const [{ n }] = await ownerQuery<{ n: number }>(empty, 'SELECT count(*)::int AS n FROM stations');
      expect(n).toBe(0);
    } finally {
      await empty.drop();
    }
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

  describe('report o23', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'khlang-cli-report-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('writes the draft PDF of a month for a station, in Thai, and says what it wrote', () => {
      const out = join(dir, 'o23.pdf');
      const run = cli('report', 'o23', '--period', '2569-10', '--format', 'pdf', '--out', out, '--station', 'sta');
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const bytes = readFileSync(out);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(JSON.parse(run.stdout.trim())).toEqual({ station: 'STA', out, format: 'pdf', bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), issuedVersion: null });
      const text = barePdfText(bytes);
      expect(text).toContain(bareThai('ตุลาคม 2569'));
      expect(text).toContain(bareThai('สถานีตำรวจทดสอบ STA'));
      expect(text).toContain(bareThai('ฉบับร่าง'));
    });

    it('writes a range as XLSX, and with --issued the stored file of the latest issue, byte for byte', async () => {
      const xlsx = join(dir, 'half.xlsx');
      const range = cli('report', 'o23', '--from', '2569-04', '--to', '2569-09', '--format', 'xlsx', '--out', xlsx, '--station', 'STA');
      expect(range.status).toBe(0);
      expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');

      await t.http().put('/api/reports/o23/notes?period=2569-09').set('authorization', `Bearer ${t.a.tokens.CLERK}`).send({ problems: 'ไม่มี', correctiveAction: 'ไม่มี' }).expect(200);
      const issued = await t.http().post('/api/reports/o23/issue').set('authorization', `Bearer ${t.a.tokens.COMMANDER}`).send({ period: '2569-09' }).expect(201);
      const out = join(dir, 'issued.pdf');
      const run = cli('report', 'o23', '--period', '2569-09', '--format', 'pdf', '--out', out, '--station', 'STA', '--issued');
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout.trim())).toMatchObject({ sha256: issued.body.pdf.sha256, issuedVersion: 1 });
      expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(issued.body.pdf.sha256);
    });

    it('refuses bad input with exit 2 and a message: period, format, missing --out, several stations, not issued', () => {
      const out = join(dir, 'x.pdf');
      const bad = (args: string[], message: RegExp) => {
        const run = cli('report', 'o23', ...args);
        expect({ args, status: run.status, stderr: message.test(run.stderr) }).toEqual({ args, status: 2, stderr: true });
      };
      bad(['--period', '2569-13', '--format', 'pdf', '--out', out, '--station', 'STA'], /Buddhist-era month/);
      bad(['--period', '2569-01', '--format', 'doc', '--out', out, '--station', 'STA'], /format must be one of pdf, xlsx/);
      bad(['--period', '2569-01', '--format', 'pdf', '--station', 'STA'], /--out FILE is required/);
      bad(['--period', '2569-01', '--format', 'pdf', '--out', out], /--station \(one of STA, STB\)/);
      bad(['--period', '2569-01', '--format', 'pdf', '--out', out, '--station', 'STA', '--issued'], /has not been issued/);
      expect(cli('report', 'registers').status).toBe(2);
      expect(cli('verify-log', 'extra').status).toBe(2);
    });
  });
});
