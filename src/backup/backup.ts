import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { UnprocessableError } from '../common/errors.js';
import { findProjectFolder } from '../common/project-folder.js';
import {
  type ArchiveHeader,
  type ArchiveManifest,
  ArchiveWriter,
  countRows,
  FORMAT_VERSION,
  FrameKind,
  lastMigration,
  type TableManifest,
} from './archive-format.js';
import {
  appliedMigrations,
  type CatalogTable,
  foreignKeyOrder,
  listTables,
  qualified,
  quoteIdent,
  readChainHeads,
  readSequences,
  useCopySettings,
} from './backup-catalog.js';
import { copyOut } from './pg-copy.js';

export interface BackupSummary {
  out: string;
  tables: number;
  rows: number;
  bytes: number;
  sha256: string;
  createdAt: string;
  lastMigration: string;
  postgres: string;
  seconds: number;
}

/** The version in package.json: which Khlang wrote a backup. */
export function khlangVersion(): string {
  const root = dirname(findProjectFolder('node_modules', import.meta.dirname));
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
}

/**
 * One snapshot of every table: a REPEATABLE READ, READ ONLY transaction (what pg_dump uses). The tables
 * are locked ACCESS SHARE first — LOCK takes no snapshot — so no migration alters one while it is read.
 */
async function openSnapshot(client: pg.Client): Promise<CatalogTable[]> {
  const seen = await listTables(client);
  if (!seen.some((t) => t.name === 'migrations')) {
    throw new UnprocessableError('NO_KHLANG_SCHEMA', 'This database has no Khlang schema to back up', 'ฐานข้อมูลนี้ยังไม่มีโครงสร้างของระบบคลังให้สำรอง');
  }
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  await client.query(`LOCK TABLE ${seen.map((t) => qualified(t.name)).join(', ')} IN ACCESS SHARE MODE`);
  const tables = await listTables(client);
  if (tables.map((t) => t.name).join() !== seen.map((t) => t.name).join()) {
    throw new UnprocessableError('SCHEMA_CHANGED', 'The schema changed while the backup started; run it again', 'โครงสร้างฐานข้อมูลเปลี่ยนระหว่างเริ่มสำรองข้อมูล กรุณาสั่งใหม่อีกครั้ง');
  }
  return foreignKeyOrder(tables);
}

async function headerOf(client: pg.Client, tables: CatalogTable[]): Promise<ArchiveHeader> {
  const [server] = (
    await client.query(`SELECT now() AS at, current_setting('server_version') AS version,
      current_setting('server_version_num')::int AS num, current_database() AS database`)
  ).rows;
  return {
    format: 'khlang-backup',
    formatVersion: FORMAT_VERSION,
    khlangVersion: khlangVersion(),
    createdAt: new Date(server.at).toISOString(),
    postgres: { version: server.version, versionNum: server.num, database: server.database },
    migrations: await appliedMigrations(client, tables),
    tables: tables.map((t) => ({ name: t.name, columns: t.columns })),
  };
}

/**
 * One table as COPY text, in primary-key order so that the same rows always give the same bytes (and
 * SHA-256): a restored database backs up to the same table hashes.
 */
async function dumpTable(client: pg.Client, writer: ArchiveWriter, table: CatalogTable): Promise<TableManifest> {
  await writer.json(FrameKind.Table, { name: table.name });
  const order = table.primaryKey.length ? table.primaryKey.map(quoteIdent).join(', ') : 't::text';
  const copy = copyOut(client, `COPY (SELECT ${table.columns.map(quoteIdent).join(', ')} FROM ${qualified(table.name)} t ORDER BY ${order}) TO STDOUT`);
  const hash = createHash('sha256');
  let bytes = 0;
  let lines = 0;
  for await (const chunk of copy) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    lines += countRows(chunk as Buffer);
    await writer.data(chunk as Buffer);
  }
  await writer.flushData();
  // The server's count against the rows actually received: a backup never records bytes it did not get.
  if (lines !== copy.rows) throw new Error(`table ${table.name}: the server sent ${copy.rows} rows, ${lines} arrived`);
  const { name, columns, appPrivileges, triggers } = table;
  return { name, columns, rows: copy.rows, bytes, sha256: hash.digest('hex'), appPrivileges, triggers };
}

/**
 * Writes a backup of the database behind `ownerUrl` to `out` (through `out.partial`, renamed only when
 * complete, so a failed backup never leaves a file that looks whole).
 */
export async function createBackup(ownerUrl: string, out: string): Promise<BackupSummary> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'khlang-backup' });
  await client.connect();
  const partial = `${out}.partial`;
  let writer: ArchiveWriter | undefined;
  try {
    await useCopySettings(client);
    writer = await ArchiveWriter.open(partial);
    const tables = await openSnapshot(client);
    const header = await headerOf(client, tables);
    await writer.json(FrameKind.Header, header);
    const stats: TableManifest[] = [];
    for (const table of tables) stats.push(await dumpTable(client, writer, table));
    const manifest: ArchiveManifest = { ...header, tables: stats, sequences: await readSequences(client), auditChains: await readChainHeads(client) };
    await client.query('COMMIT');
    await writer.json(FrameKind.Manifest, manifest);
    const file = await writer.finish();
    await rename(partial, out);
    return {
      out,
      tables: stats.length,
      rows: stats.reduce((sum, t) => sum + t.rows, 0),
      bytes: file.bytes,
      sha256: file.sha256,
      createdAt: header.createdAt,
      lastMigration: lastMigration(header),
      postgres: header.postgres.version,
      seconds: (Date.now() - started) / 1000,
    };
  } catch (err) {
    writer?.abort();
    await rm(partial, { force: true });
    throw err;
  } finally {
    await client.end();
  }
}
