import type pg from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { systemContext } from '../common/request-context.js';
import { ConflictError, DomainError, UnprocessableError } from '../common/errors.js';
import { createDataSource } from '../database/data-source.js';
import { runMigrations } from '../database/migrate.js';
import { lastMigration } from './archive-format.js';
import { type CheckedArchive, checkArchive, readHeader } from './archive-check.js';
import { dropSchemaObjects, type ExistingData, existingData, listTables, useCopySettings } from './backup-catalog.js';
import { auditLogOn, checkRestored } from './restore-checks.js';
import { loadArchive, lockTables } from './restore-load.js';
import { createSchemaAt, migrationsAfter } from './restore-schema.js';

export interface RestoreOptions {
  /** Replace a database that already holds data. */
  force: boolean;
  /** Told what is about to be replaced, before anything is (only with `force`). */
  onReplace?: (existing: ExistingData) => void;
}

export interface RestoreSummary {
  restored: string;
  sha256: string;
  bytes: number;
  backupCreatedAt: string;
  backupKhlangVersion: string;
  lastMigration: string;
  tables: number;
  rows: number;
  auditChains: number;
  replaced: ExistingData | null;
  migrationsAppliedAfter: string[];
  seconds: number;
}

const notEmpty = (existing: ExistingData) => {
  const what = existing.tables.map((t) => `${t.name} ${t.rows}`).join(', ');
  const stations = existing.stations.length ? ` (stations ${existing.stations.join(', ')})` : '';
  return new ConflictError(
    'DATABASE_NOT_EMPTY',
    `The database already holds data${stations}: ${what}. Restore into an empty database, or add --force to replace all of it.`,
    `ฐานข้อมูลนี้มีข้อมูลอยู่แล้ว${stations ? ` (สถานี ${existing.stations.join(', ')})` : ''}: ${what} กรุณากู้คืนลงฐานข้อมูลว่าง หรือระบุ --force เพื่อแทนที่ข้อมูลทั้งหมด`,
  );
};

/** A failure of the load, said as what it means for the operator: nothing was kept. */
function rolledBack(err: unknown): Error {
  if (err instanceof DomainError) return err;
  const pgErr = err as { message?: string; code?: string };
  // 55P04: before PostgreSQL 17 an enum value a migration added cannot be used in the same transaction.
  const enumHint = pgErr.code === '55P04';
  return new UnprocessableError(
    'RESTORE_FAILED',
    `The restore failed and was rolled back; the database is as it was: ${pgErr.message ?? String(err)}` +
      (enumHint ? ' (before PostgreSQL 17 the schema cannot be created and loaded in one transaction, which replacing a database at another migration needs: restore into an empty database instead)' : ''),
    `กู้คืนไม่สำเร็จและยกเลิกทั้งหมดแล้ว ฐานข้อมูลยังเป็นเหมือนเดิม: ${pgErr.message ?? String(err)}` +
      (enumHint ? ' (PostgreSQL ก่อนรุ่น 17 สร้างโครงสร้างและบรรจุข้อมูลในธุรกรรมเดียวกันไม่ได้ ซึ่งจำเป็นเมื่อแทนที่ฐานข้อมูลที่มีโครงสร้างรุ่นอื่น กรุณากู้คืนลงฐานข้อมูลว่างแทน)' : ''),
  );
}

async function inTransaction(runner: QueryRunner, work: () => Promise<void>): Promise<void> {
  await runner.startTransaction();
  try {
    await work();
    await runner.commitTransaction();
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw err;
  }
}

/** The restore is itself a change of state: it goes on the system chain, after the chains verified. */
async function recordRestore(runner: QueryRunner, archive: CheckedArchive, replaced: ExistingData | null): Promise<void> {
  const { manifest } = archive;
  await auditLogOn(runner.manager).append(runner.manager, systemContext(null, 'cli:restore'), {
    stationId: null,
    action: 'DATABASE_RESTORED',
    entityType: 'database',
    entityId: null,
    after: {
      sha256: archive.sha256,
      backupCreatedAt: manifest.createdAt,
      lastMigration: lastMigration(manifest),
      tables: manifest.tables.length,
      rows: manifest.tables.reduce((sum, t) => sum + t.rows, 0),
      auditChains: manifest.auditChains.map(({ chain, seq, hash }) => ({ chain, seq, hash })),
      replaced: replaced && { stations: replaced.stations, tables: replaced.tables },
    },
  });
}

interface Target {
  runner: QueryRunner;
  dataSource: DataSource;
  client: pg.ClientBase;
}

/**
 * The restore proper, on one connection. When the schema has to be created and the database holds no
 * data, the migrations commit first (PostgreSQL before 17 cannot use an enum value added in the same
 * transaction) and are dropped again if the load fails; otherwise — the same schema, or data that --force
 * replaces — everything happens in one transaction, so the old data stays unless the new verifies.
 */
async function restoreInto({ runner, dataSource, client }: Target, path: string, archive: CheckedArchive, options: RestoreOptions): Promise<ExistingData | null> {
  const { manifest } = archive;
  const existing = await existingData(client, await listTables(client));
  const holdsData = existing.tables.length > 0;
  if (holdsData && !options.force) throw notEmpty(existing);
  if (holdsData) options.onReplace?.(existing);
  const sameSchema = existing.migrations.join() === manifest.migrations.join();
  const schemaFirst = !sameSchema && !holdsData;
  if (schemaFirst) await inTransaction(runner, () => createSchemaAt(runner, dataSource, client, manifest.migrations));
  try {
    await inTransaction(runner, async () => {
      if (!sameSchema && !schemaFirst) await createSchemaAt(runner, dataSource, client, manifest.migrations);
      const target = await lockTables(client);
      // Looked at again under the locks: nothing written since the first look is truncated unasked.
      const now = await existingData(client, target);
      if (!options.force && now.tables.length) throw notEmpty(now);
      await loadArchive(client, target, path, manifest);
      await checkRestored(client, runner.manager, manifest);
      await recordRestore(runner, archive, holdsData ? existing : null);
    });
  } catch (err) {
    if (schemaFirst) await inTransaction(runner, () => dropSchemaObjects(client)).catch(() => undefined);
    throw rolledBack(err);
  }
  return holdsData ? existing : null;
}

/**
 * Restores a backup into the database behind `ownerUrl`: refuses a backup this code cannot read or whose
 * data does not match its manifest before touching the database, refuses a database holding data unless
 * `force`, then loads and verifies everything in one transaction, and last runs the migrations this code
 * has beyond the backup's (as a server boot would).
 */
export async function restoreBackup(ownerUrl: string, path: string, options: RestoreOptions): Promise<RestoreSummary> {
  const started = Date.now();
  const later = migrationsAfter((await readHeader(path)).migrations);
  const archive = await checkArchive(path);
  const dataSource = createDataSource({ url: ownerUrl, poolSize: 1, applicationName: 'khlang-restore' });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  let replaced: ExistingData | null;
  try {
    const client = (await runner.connect()) as pg.PoolClient;
    await useCopySettings(client);
    replaced = await restoreInto({ runner, dataSource, client }, path, archive, options);
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
  const migrationsAppliedAfter = later.length ? await runMigrations(ownerUrl) : [];
  const { manifest } = archive;
  return {
    restored: path,
    sha256: archive.sha256,
    bytes: archive.bytes,
    backupCreatedAt: manifest.createdAt,
    backupKhlangVersion: manifest.khlangVersion,
    lastMigration: lastMigration(manifest),
    tables: manifest.tables.length,
    rows: manifest.tables.reduce((sum, t) => sum + t.rows, 0),
    auditChains: manifest.auditChains.length,
    replaced,
    migrationsAppliedAfter,
    seconds: (Date.now() - started) / 1000,
  };
}
