/**
 * Backup and restore (issue 8): `npm run cli -- backup --out FILE` takes one snapshot of every table into
 * one file with its manifest; `restore FILE` loads it into an empty database after checking every table's
 * SHA-256, verifies row counts and every audit-log chain, and otherwise rolls everything back.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { createApp } from '../../src/app.factory.js';
import { checkArchive } from '../../src/backup/archive-check.js';
import { ArchiveWriter, countRows, type Frame, FrameKind, readFrames } from '../../src/backup/archive-format.js';
import { createBackup } from '../../src/backup/backup.js';
import { restoreBackup } from '../../src/backup/restore.js';
import { auditLogOn } from '../../src/backup/restore-checks.js';
import { codeMigrations } from '../../src/backup/restore-schema.js';
import { ManualClock } from '../../src/common/clock.js';
import { DomainError } from '../../src/common/errors.js';
import { JsonLogger } from '../../src/common/json-logger.js';
import { createDataSource, dataSourceOptions } from '../../src/database/data-source.js';
import { ensureDatabase } from '../../src/database/migrate.js';
import { auth, expectOk, type Json, THAI } from '../helpers/checks.js';
import { startTestApp, TEST_PASSWORD, type TestApp, testConfig } from '../helpers/app.js';
import { createEmptyDatabase, MACHINE_PG, machinePostgresReachable, ownerQuery, type TestDatabase } from '../helpers/database.js';
import { endOf, monthOf } from '../helpers/periods.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli.js');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const W = (username = 'sta.supervisor') => ({ username, password: TEST_PASSWORD });

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI against one database (DATABASE_URL), as an operator runs it; several may run at once. */
function cli(databaseUrl: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

/** Rows of one table per database, for side-by-side comparisons. */
const rows = (db: { ownerUrl: string }, sql: string) => ownerQuery(db as TestDatabase, sql);
const tableNames = async (db: { ownerUrl: string }) =>
  (await rows(db, `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') ORDER BY 1`)).map((r) => r.name as string);
async function rowCounts(db: { ownerUrl: string }): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of await tableNames(db)) counts[name] = Number((await rows(db, `SELECT count(*) AS n FROM "${name}"`))[0].n);
  return counts;
}
const itemStates = (db: { ownerUrl: string }) =>
  rows(db, 'SELECT code, status, location_id, holder_id, holder_text, condition, quantity::text FROM items ORDER BY code');
const counters = (db: { ownerUrl: string }) => rows(db, 'SELECT * FROM item_code_counters ORDER BY station_id, category_code, year_be');

/** Every chain of a database verified in-process (as verify-log does, without recording a checkpoint), by station code. */
async function chains(db: { ownerUrl: string }): Promise<Record<string, Json>> {
  const dataSource = createDataSource({ url: db.ownerUrl, poolSize: 2 });
  await dataSource.initialize();
  try {
    const auditLog = auditLogOn(dataSource.manager);
    const stations: Json[] = await dataSource.query('SELECT id, code FROM stations ORDER BY code');
    const result: Record<string, Json> = { SYSTEM: await auditLog.verify(null, { record: false }) };
    for (const station of stations) result[station.code] = await auditLog.verify(station.id, { record: false });
    return result;
  } finally {
    await dataSource.destroy();
  }
}

/**
 * A copy of an archive with its frames edited (the writer re-gzips; the data frames may be re-cut).
 * `reseal` rewrites the manifest's hashes to the edited data: a forgery that passes the file checks.
 */
async function rewrite(from: string, to: string, edit: (frame: Frame, table: string) => Frame, reseal = false): Promise<void> {
  const writer = new ArchiveWriter(to);
  const tally = new Map<string, { hash: ReturnType<typeof createHash>; bytes: number; rows: number }>();
  let table = '';
  for await (const frame of readFrames(from)) {
    if (frame.kind === FrameKind.Table) {
      table = JSON.parse(frame.payload.toString()).name;
      tally.set(table, { hash: createHash('sha256'), bytes: 0, rows: 0 });
    }
    const edited = edit(frame, table);
    if (edited.kind === FrameKind.Data) {
      const t = tally.get(table)!;
      t.hash.update(edited.payload);
      t.bytes += edited.payload.length;
      t.rows += countRows(edited.payload);
      await writer.data(edited.payload);
      continue;
    }
    const json = JSON.parse(edited.payload.toString());
    if (edited.kind === FrameKind.Manifest && reseal) {
      for (const m of json.tables) Object.assign(m, { sha256: tally.get(m.name)!.hash.digest('hex'), bytes: tally.get(m.name)!.bytes, rows: tally.get(m.name)!.rows });
    }
    await writer.json(edited.kind, json);
  }
  await writer.finish();
}

describe('backup and restore', () => {
  // Items are registered now (this month); the clock then moves past the month's end so the O23 report can be issued.
  const PERIOD = monthOf(new Date());
  const clock = new ManualClock(new Date());
  let t: TestApp;
  let dir: string;
  let archive: string;
  let backup: Json;
  let issued: Json;
  const empties: TestDatabase[] = [];
  let restored: TestDatabase;
  let restoreRun: Run;

  const post = (url: string, body: object, token: string) => t.http().post(url).set(auth(token)).send(body);
  async function ok(res: Promise<request.Response> | request.Response, status = 201): Promise<Json> {
    const answer = await res;
    expectOk(answer, status);
    return answer.body;
  }
  const register = (body: object, token = t.a.tokens.CLERK) => ok(post('/api/items', body, token));
  const emptyDatabase = async () => {
    const db = await createEmptyDatabase();
    empties.push(db);
    return db;
  };

  /** Real data through the API: every category, a HIGH item with its witness, custody events, loans, a donation decision, an issued O23. */
  async function buildData(): Promise<void> {
    const a = t.a;
    const drugs = await register({ category: 'EVIDENCE', kind: 'drugs', description: 'ยาบ้า 200 เม็ด บรรจุถุงพลาสติกใส', quantity: 200, unit: 'เม็ด', locationId: a.safe.id, sealNumber: 'S-0001', weightGrams: 20.5, evidence: { caseNumber: '123/2569', seizedFrom: 'นายสมชาย ใจดี', seizedAt: '2026-01-10T10:00:00+07:00' }, witness: W() });
    await ok(post(`/api/items/${drugs.id}/events`, { type: 'SEND_OUT', recipient: 'กองพิสูจน์หลักฐานกลาง', destination: 'LAB', documentRef: 'ตช 0026.1/1234', sealNumber: 'S-0001', weightGrams: 20.5, witness: W() }, a.tokens.CLERK));
    await ok(post(`/api/items/${drugs.id}/events`, { type: 'RECEIVE_BACK', toLocationId: a.safe.id, sealNumber: 'S-0001', weightGrams: 20.5, witness: W() }, a.tokens.CLERK));
    await register({ category: 'WEAPON', kind: 'firearm', description: 'ปืนพกสั้นกึ่งอัตโนมัติ', locationId: a.safe.id, serialNumber: 'BK-0001', weapon: { make: 'Glock', model: '19', calibre: '9 มม.' }, witness: W() });
    const desk = await register({ category: 'PROPERTY', kind: 'furniture', description: 'โต๊ะทำงานไม้', locationId: a.room.id, property: { unitPrice: 4500 } });
    await ok(post(`/api/items/${desk.id}/events`, { type: 'MOVE', toLocationId: a.safe.id }, a.tokens.CLERK));
    const donated = await register({ category: 'DONATION', kind: 'furniture', description: 'ตู้เอกสารเหล็ก', locationId: a.room.id, donation: { donorName: 'มูลนิธิทดสอบ ใจบุญ', receivedAt: '2026-01-15', purpose: 'ใช้ในงานธุรการ' } });
    await ok(post(`/api/donations/${donated.id}/accept`, {}, a.tokens.COMMANDER), 200);

    // A loan approved and issued (still out), and one returned damaged (an incident of an enum value a later migration added).
    const book = await register({ category: 'EVIDENCE', kind: 'document', description: 'สมุดบัญชีธนาคารของกลาง', locationId: a.room.id, evidence: { caseNumber: '124/2569' } }, a.tokens.INVESTIGATOR);
    const camera = await register({ category: 'PROPERTY', kind: 'equipment', description: 'กล้องถ่ายภาพ', locationId: a.room.id, property: { assetNumber: '6720-001-0001', unitPrice: 12000 } });
    const due = new Date(Date.now() + 48 * 3600_000).toISOString();
    for (const [item, back] of [[book, false], [camera, true]] as const) {
      const loan = await ok(post('/api/loans', { items: [{ itemId: item.id }], purposeType: 'COURT', purpose: 'นำส่งศาลจังหวัดในคดีอาญา', offPremises: false, dueAt: due }, a.tokens.INVESTIGATOR));
      await ok(post(`/api/loans/${loan.id}/approve`, { note: 'อนุมัติ' }, a.tokens.SUPERVISOR), 200);
      await ok(post(`/api/loans/${loan.id}/issue`, { items: [{ code: item.code }] }, a.tokens.CLERK), 200);
      if (back) await ok(post(`/api/loans/${loan.id}/return`, { items: [{ code: item.code, condition: 'DAMAGED', note: 'เลนส์แตก' }] }, a.tokens.CLERK), 200);
    }
    await register({ category: 'PROPERTY', kind: 'furniture', description: 'เก้าอี้สำนักงาน', locationId: t.b.room.id }, t.b.tokens.CLERK);

    await ok(t.http().put(`/api/reports/o23/notes?period=${PERIOD}`).set(auth(a.tokens.CLERK)).send({ problems: 'ไม่มี', correctiveAction: 'ไม่มี' }), 200);
    clock.set(new Date(endOf(PERIOD).getTime() + 60_000));
    issued = await ok(post('/api/reports/o23/issue', { period: PERIOD }, a.tokens.COMMANDER));
  }

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
    dir = mkdtempSync(join(tmpdir(), 'khlang-backup-'));
    archive = join(dir, 'khlang.backup');
    t = await startTestApp({}, { clock });
    await buildData();
    const run = await cli(t.db.ownerUrl, 'backup', '--out', archive);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    backup = JSON.parse(run.stdout);
  });

  afterAll(async () => {
    await Promise.all(empties.map((db) => db.drop()));
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('backup', () => {
    it('writes one file and prints tables, rows, bytes and the SHA-256 of the file', async () => {
      const bytes = readFileSync(archive);
      const counts = await rowCounts(t.db);
      expect(backup).toMatchObject({
        out: archive,
        tables: Object.keys(counts).length,
        rows: Object.values(counts).reduce((a, b) => a + b, 0),
        bytes: bytes.length,
        sha256: sha256(bytes),
        lastMigration: codeMigrations().at(-1),
      });
      expect(existsSync(`${archive}.partial`)).toBe(false);
    });

    it('has a manifest: versions, the last migration, every table from the catalog with rows and SHA-256, the chain heads', async () => {
      const { manifest, sha256: fileSha } = await checkArchive(archive);
      expect(fileSha).toBe(backup.sha256);
      expect(manifest).toMatchObject({ format: 'khlang-backup', formatVersion: 1, khlangVersion: JSON.parse(readFileSync('package.json', 'utf8')).version, migrations: codeMigrations() });
      expect(manifest.postgres.versionNum).toBeGreaterThanOrEqual(150000);
      const counts = await rowCounts(t.db);
      expect(Object.fromEntries(manifest.tables.map((m) => [m.name, m.rows]))).toEqual(counts);
      expect(manifest.tables.map((m) => m.name)).toEqual(expect.arrayContaining(['migrations', 'audit_log', 'items', 'o23_reports']));
      expect(manifest.tables.every((m) => /^[0-9a-f]{64}$/.test(m.sha256))).toBe(true);
      // Foreign-key order: stations before users before items before custody events.
      const at = (name: string) => manifest.tables.findIndex((m) => m.name === name);
      expect(at('stations')).toBeLessThan(at('users'));
      expect(at('users')).toBeLessThan(at('items'));
      expect(at('items')).toBeLessThan(at('custody_events'));
      const heads = await rows(t.db, 'SELECT h.chain_key AS chain, s.code AS station, h.seq::int AS seq, h.hash FROM audit_chain_heads h LEFT JOIN stations s ON s.id::text = h.chain_key ORDER BY s.code NULLS FIRST');
      expect(manifest.auditChains).toEqual(heads);
      expect(manifest.auditChains.map((c) => c.station)).toEqual([null, 'STA', 'STB']);
    });
  });

  describe('restore into an empty database', () => {
    beforeAll(async () => {
      restored = await emptyDatabase();
      restoreRun = await cli(restored.ownerUrl, 'restore', archive);
    });

    it('restores, verified, and prints what it restored', () => {
      expect(restoreRun.stderr).toBe('');
      expect(restoreRun.status).toBe(0);
      expect(JSON.parse(restoreRun.stdout)).toMatchObject({ restored: archive, sha256: backup.sha256, tables: backup.tables, rows: backup.rows, auditChains: 3, replaced: null, migrationsAppliedAfter: [] });
    });

    it('has every table with the same rows; the restore itself is one more row on the system chain', async () => {
      const before = await rowCounts(t.db);
      expect(await rowCounts(restored)).toEqual({ ...before, audit_log: before.audit_log + 1 });
      const [entry] = await rows(restored, 'SELECT action, chain_key, after FROM audit_log ORDER BY id DESC LIMIT 1');
      expect(entry).toMatchObject({ action: 'DATABASE_RESTORED', chain_key: 'SYSTEM', after: { sha256: backup.sha256, lastMigration: backup.lastMigration } });
    });

    it('keeps every item where it was, with whom, and the code counters', async () => {
      const items = await itemStates(t.db);
      expect(items.some((i) => i.status === 'ON_LOAN' && i.holder_id === t.a.users.INVESTIGATOR.id)).toBe(true);
      expect(await itemStates(restored)).toEqual(items);
      expect(await counters(restored)).toEqual(await counters(t.db));
      expect(await rows(restored, "SELECT kind::text FROM discrepancies")).toEqual([{ kind: 'DAMAGED_ON_RETURN' }]);
    });

    it('verifies every audit-log chain: the stations end where they did', async () => {
      const [before, after] = await Promise.all([chains(t.db), chains(restored)]);
      expect(Object.values(after).every((c) => c.ok)).toBe(true);
      expect(Object.keys(after)).toEqual(['SYSTEM', 'STA', 'STB']);
      expect(after.STA).toEqual(before.STA);
      expect(after.STB).toEqual(before.STB);
      expect(after.SYSTEM.headSeq).toBe(before.SYSTEM.headSeq + 1);
    });

    it('keeps the issued O23 report byte for byte, the app role\'s grants, the triggers and every constraint', async () => {
      const [report] = await rows(restored, "SELECT encode(sha256(pdf), 'hex') AS pdf, encode(sha256(xlsx), 'hex') AS xlsx FROM o23_reports");
      expect(report).toEqual({ pdf: issued.pdf.sha256, xlsx: issued.xlsx.sha256 });
      const guards = `SELECT c.relname, has_table_privilege('khlang_app', c.oid, 'UPDATE') AS u, has_table_privilege('khlang_app', c.oid, 'INSERT') AS i,
          (SELECT string_agg(tgname, ',' ORDER BY tgname) FROM pg_trigger WHERE tgrelid = c.oid AND NOT tgisinternal AND tgenabled <> 'D') AS triggers
        FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 1`;
      expect(await rows(restored, guards)).toEqual(await rows(t.db, guards));
      const constraints = "SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2";
      expect(await rows(restored, constraints)).toEqual(await rows(t.db, constraints));
    });

    it('backs up again to the same table hashes (only the system chain moved)', async () => {
      const again = join(dir, 'again.backup');
      await createBackup(restored.ownerUrl, again);
      const hashes = async (file: string) => Object.fromEntries((await checkArchive(file)).manifest.tables.map((m) => [m.name, m.sha256]));
      const [first, second] = await Promise.all([hashes(archive), hashes(again)]);
      for (const moved of ['audit_log', 'audit_chain_heads']) {
        expect(second[moved]).not.toBe(first[moved]);
        delete first[moved];
        delete second[moved];
      }
      expect(second).toEqual(first);
    });

    it('works: the app starts on it, serves the issued file, and the next item continues the code sequence on a verified chain', async () => {
      const config = testConfig();
      const dataSource = createDataSource({ url: restored.ownerUrl, actAsAppRole: true, poolSize: 5 });
      await dataSource.initialize();
      const app: INestApplication = await createApp(config, dataSource, new JsonLogger(config.logLevel));
      await app.init();
      try {
        const http = () => request(app.getHttpServer());
        const file = await http().get(issued.pdf.href).set(auth(t.a.tokens.AUDITOR)).buffer(true);
        expect(file.status).toBe(200);
        expect(file.headers['x-content-sha256']).toBe(issued.pdf.sha256);
        const last = (await rows(restored, "SELECT max(code) AS code FROM items WHERE code LIKE 'STA-GP%'"))[0].code as string;
        const next = await http().post('/api/items').set(auth(t.a.tokens.CLERK)).send({ category: 'PROPERTY', kind: 'furniture', description: 'ตู้ล็อกเกอร์', locationId: t.a.room.id });
        expectOk(next, 201);
        expect(next.body.code).toBe(last.replace(/\d{6}$/, (seq) => String(Number(seq) + 1).padStart(6, '0')));
        const verify = await http().get('/api/audit-log/verify').set(auth(t.a.tokens.COMMANDER));
        const before = (await checkArchive(archive)).manifest.auditChains.find((c) => c.station === 'STA')!;
        expect(verify.body).toMatchObject({ ok: true, firstBadSeq: null, headSeq: before.seq + 1 });
      } finally {
        await app.close();
      }
    });

    it('replaces a database holding data with --force, saying what it replaces', async () => {
      const items = (await rowCounts(restored)).items;
      const forced = await cli(restored.ownerUrl, 'restore', '--in', archive, '--force');
      expect(forced.status).toBe(0);
      expect(forced.stderr).toMatch(/^--force: แทนที่ข้อมูลทั้งหมด.*สถานี STA, STB/m);
      expect(forced.stderr).toMatch(new RegExp(`^--force: replacing all the data .* stations STA, STB; rows .*items ${items}`, 'm'));
      expect(JSON.parse(forced.stdout).replaced.stations).toEqual(['STA', 'STB']);
      expect(await itemStates(restored)).toEqual(await itemStates(t.db));
      expect(Object.values(await chains(restored)).every((c) => c.ok)).toBe(true);
    });
  });

  describe('refuses, writing nothing', () => {
    let target: TestDatabase;
    beforeAll(async () => {
      target = await emptyDatabase();
    });
    const nothingWritten = async () => expect(await tableNames(target)).toEqual([]);

    it('an archive with one byte of a table changed (exit 1, Thai and English), or a database holding data without --force', async () => {
      const tampered = join(dir, 'tampered.backup');
      await rewrite(archive, tampered, (frame, table) => {
        if (frame.kind !== FrameKind.Data || table !== 'items') return frame;
        const payload = Buffer.from(frame.payload);
        const at = payload.indexOf('123/2569');
        if (at >= 0) payload[at + 7] = '8'.charCodeAt(0);
        return { kind: frame.kind, payload };
      });
      const before = await rowCounts(t.db);
      const [tamperedRun, notEmptyRun, usage] = await Promise.all([
        cli(target.ownerUrl, 'restore', tampered),
        cli(t.db.ownerUrl, 'restore', archive),
        cli(target.ownerUrl, 'restore'),
      ]);
      const refusal = (run: Run, message: RegExp) => {
        expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: expect.stringMatching(message) });
        expect(run.stderr).toMatch(THAI);
      };
      refusal(tamperedRun, /table items does not match the backup's manifest \(SHA-256\).*nothing was restored/);
      refusal(notEmptyRun, /already holds data \(stations STA, STB\).*add --force to replace all of it/);
      expect(usage.status).toBe(2);
      await nothingWritten();
      expect(await rowCounts(t.db)).toEqual(before);
    });

    it('a damaged file, a truncated one, and one from a newer Khlang', async () => {
      const bytes = readFileSync(archive);
      const damaged = join(dir, 'damaged.backup');
      const flipped = Buffer.from(bytes);
      flipped[Math.floor(flipped.length / 2)] ^= 0xff;
      writeFileSync(damaged, flipped);
      const truncated = join(dir, 'truncated.backup');
      writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.9)));
      const newer = join(dir, 'newer.backup');
      const future = 'Future9999999999999';
      await rewrite(archive, newer, (frame) => {
        if (frame.kind !== FrameKind.Header && frame.kind !== FrameKind.Manifest) return frame;
        const json = JSON.parse(frame.payload.toString());
        return { kind: frame.kind, payload: Buffer.from(JSON.stringify({ ...json, migrations: [...json.migrations, future] })) };
      });
      const refusal = async (file: string, code: string, message: RegExp) => {
        const err = await restoreBackup(target.ownerUrl, file, { force: true }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DomainError);
        expect({ code: (err as DomainError).code, message: (err as DomainError).message }).toEqual({ code, message: expect.stringMatching(message) });
        expect((err as DomainError).messageTh).toMatch(THAI);
      };
      await refusal(damaged, 'ARCHIVE_CORRUPT', /damaged/);
      await refusal(truncated, 'ARCHIVE_TRUNCATED', /incomplete \(cut short\)/);
      await refusal(newer, 'BACKUP_NEWER_THAN_CODE', new RegExp(`newer Khlang: its schema is at migration ${future}`));
      await nothingWritten();
    });

    it('a forged archive whose manifest matches but whose audit log was rewritten: loaded, fails verification, all rolled back', async () => {
      const forged = join(dir, 'forged.backup');
      await rewrite(archive, forged, (frame, table) => {
        if (frame.kind !== FrameKind.Data || table !== 'audit_log') return frame;
        return { kind: frame.kind, payload: Buffer.from(frame.payload.toString('utf8').replace('"action":"LOAN_ISSUED"', '"action":"LOAN_ISSUEX"')) };
      }, true);
      const err = (await restoreBackup(target.ownerUrl, forged, { force: false }).catch((e: unknown) => e)) as DomainError;
      expect(err).toBeInstanceOf(DomainError);
      expect(err.code).toBe('RESTORE_VERIFY_FAILED');
      expect(err.message).toMatch(/rolled back: audit-log chain STA is broken at seq \d+/);
      expect(err.messageTh).toMatch(/ยกเลิกการกู้คืนทั้งหมด/);
      await nothingWritten();
    });
  });

  describe('other starting points', () => {
    it('a backup older than this code: restored at its migration, then the newer migrations run', async () => {
      const older = await emptyDatabase();
      const migrations = new DataSource({ ...dataSourceOptions({ url: older.ownerUrl, poolSize: 1 }), migrations: MIGRATIONS.slice(0, -1) });
      await migrations.initialize();
      await migrations.runMigrations();
      await migrations.destroy();
      const file = join(dir, 'older.backup');
      await createBackup(older.ownerUrl, file);
      const target = await emptyDatabase();
      const summary = await restoreBackup(target.ownerUrl, file, { force: false });
      expect(summary).toMatchObject({ lastMigration: codeMigrations().at(-2), migrationsAppliedAfter: [codeMigrations().at(-1)] });
      expect((await rows(target, 'SELECT name FROM migrations ORDER BY id')).map((r) => r.name)).toEqual(codeMigrations());
      expect(await tableNames(target)).toEqual(await tableNames(t.db));
    });

    it('a database holding something else: refused, then with --force replaced in one transaction', async () => {
      const other = await emptyDatabase();
      await ownerQuery(other, "CREATE TYPE other_kind AS ENUM ('a'); CREATE TABLE other_app (k other_kind); INSERT INTO other_app VALUES ('a')");
      const err = (await restoreBackup(other.ownerUrl, archive, { force: false }).catch((e: unknown) => e)) as DomainError;
      expect({ code: err.code, message: err.message }).toEqual({ code: 'DATABASE_NOT_EMPTY', message: expect.stringContaining('other_app 1') });
      const told: unknown[] = [];
      const [{ version }] = await ownerQuery<{ version: number }>(other, "SELECT current_setting('server_version_num')::int AS version");
      if (version < 170000) {
        // Before PostgreSQL 17 a new enum value cannot be used in the transaction that adds it, so a
        // replacement (schema and data in one transaction) is refused whole, as the README says.
        const refused = (await restoreBackup(other.ownerUrl, archive, { force: true, onReplace: (existing) => told.push(existing) }).catch((e: unknown) => e)) as Error;
        expect(refused.message).toMatch(/rolled back.*PostgreSQL 17/s);
        expect(await tableNames(other)).toEqual(['other_app']);
        return;
      }
      const summary = await restoreBackup(other.ownerUrl, archive, { force: true, onReplace: (existing) => told.push(existing) });
      expect(told).toEqual([{ tables: [{ name: 'other_app', rows: 1 }], stations: [], migrations: [] }]);
      expect(summary.replaced).toEqual(told[0]);
      expect(await tableNames(other)).toEqual(await tableNames(t.db));
      expect(await itemStates(other)).toEqual(await itemStates(t.db));
    });
  });

  it('restores the same file into the machine PostgreSQL (15 here), verified the same way', async () => {
    if (!(await machinePostgresReachable())) {
      if (process.env.CI) throw new Error(`CI must test the machine PostgreSQL at ${MACHINE_PG}, and it is not reachable`);
      console.warn(`no PostgreSQL at ${MACHINE_PG}: the cross-server restore has nothing to test here`);
      return;
    }
    const url = new URL(MACHINE_PG);
    url.pathname = `/khlang_restore_${randomBytes(4).toString('hex')}`;
    const machine = { ownerUrl: url.toString() };
    try {
      await ensureDatabase(machine.ownerUrl);
      const summary = await restoreBackup(machine.ownerUrl, archive, { force: false });
      expect(summary).toMatchObject({ sha256: backup.sha256, rows: backup.rows, replaced: null });
      expect(await itemStates(machine)).toEqual(await itemStates(t.db));
      const [before, after] = await Promise.all([chains(t.db), chains(machine)]);
      expect(after.STA).toEqual(before.STA);
      expect(after.SYSTEM).toMatchObject({ ok: true, headSeq: before.SYSTEM.headSeq + 1 });
    } finally {
      const admin = new pg.Client({ connectionString: MACHINE_PG });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${url.pathname.slice(1)} WITH (FORCE)`);
      await admin.end();
    }
  });
});
