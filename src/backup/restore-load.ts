import { createHash } from 'node:crypto';
import type pg from 'pg';
import { type ArchiveManifest, archiveErrors, FrameKind, readFrames } from './archive-format.js';
import { tamperedTable } from './archive-check.js';
import { type CatalogTable, listTables, qualified, quoteIdent, SCHEMA } from './backup-catalog.js';
import { type CopyIn, copyIn } from './pg-copy.js';
import { checkSchemaFits } from './restore-checks.js';

/* Loading an archive's tables into the schema, inside the restore's transaction. */

/**
 * The triggers are business rules that were checked when each row was first written (a HIGH item's
 * place is secure, a committee has no clerk, a location's parent is of its station); re-checking them
 * against the final state of other rows would refuse true history, and the append-only ones refuse the
 * TRUNCATE of the migrations' own rows. pg_restore --disable-triggers does the same. CHECK, NOT NULL
 * and unique constraints stay on (foreign keys: see suspendForeignKeys).
 */
async function disableTriggers(client: pg.ClientBase, tables: CatalogTable[]): Promise<() => Promise<void>> {
  const statements = tables.flatMap((t) => t.triggers.map((trigger) => `ALTER TABLE ${qualified(t.name)} %s TRIGGER ${quoteIdent(trigger)}`));
  for (const sql of statements) await client.query(sql.replace('%s', 'DISABLE'));
  return async () => {
    for (const sql of statements) await client.query(sql.replace('%s', 'ENABLE'));
  };
}

/**
 * Foreign keys are dropped for the load and added back after it, by name and definition: PostgreSQL then
 * checks each one with a single join instead of a lookup per row (pg_restore also creates them after
 * the data). Added back inside the transaction, they still refuse a row pointing nowhere.
 */
async function suspendForeignKeys(client: pg.ClientBase, tables: CatalogTable[]): Promise<() => Promise<void>> {
  const { rows } = await client.query(
    `SELECT format('%I.%I', n.nspname, c.relname) AS table, quote_ident(k.conname) AS name, pg_get_constraintdef(k.oid) AS definition
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = $1 AND c.relname = ANY($2) ORDER BY 1, 2`,
    [SCHEMA, tables.map((t) => t.name)],
  );
  for (const fk of rows) await client.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
  return async () => {
    for (const fk of rows) await client.query(`ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.definition}`);
  };
}

/** Copies one table's frames into it; its bytes must hash to the manifest's again (the file may have changed since the check). */
async function loadTables(client: pg.ClientBase, path: string, manifest: ArchiveManifest): Promise<void> {
  let index = -1;
  let copy: CopyIn | null = null;
  let hash = createHash('sha256');
  let complete = false;
  const finish = async () => {
    if (!copy) return;
    const table = manifest.tables[index];
    const rows = await copy.end();
    if (hash.digest('hex') !== table.sha256 || rows !== table.rows) throw tamperedTable(table.name, 'SHA-256');
    copy = null;
  };
  try {
    for await (const frame of readFrames(path)) {
      if (frame.kind === FrameKind.Table) {
        await finish();
        const table = manifest.tables[++index];
        if (!table) throw archiveErrors.corrupt('the file changed since it was checked');
        hash = createHash('sha256');
        copy = copyIn(client, `COPY ${qualified(table.name)} (${table.columns.map(quoteIdent).join(', ')}) FROM STDIN`);
      } else if (frame.kind === FrameKind.Data && copy) {
        hash.update(frame.payload);
        await (copy as CopyIn).write(frame.payload);
      } else if (frame.kind === FrameKind.Manifest) {
        await finish();
        complete = index === manifest.tables.length - 1;
      }
    }
    if (!complete) throw archiveErrors.truncated();
  } catch (err) {
    await (copy as CopyIn | null)?.abort(String(err));
    throw err;
  }
}

/** Sequences continue where the backup's stood, and never below a value already in their column. */
async function resetSequences(client: pg.ClientBase, manifest: ArchiveManifest): Promise<void> {
  for (const s of manifest.sequences) {
    const max = s.table && s.column ? (await client.query(`SELECT max(${quoteIdent(s.column)})::bigint AS m FROM ${qualified(s.table)}`)).rows[0].m : null;
    const [value, called] = max !== null && Number(max) >= s.lastValue ? [Number(max), true] : [s.lastValue, s.isCalled];
    await client.query('SELECT setval($1::regclass, $2, $3)', [qualified(s.name), value, called]);
  }
}

/** The schema's tables, locked against every other session until the restore commits or rolls back. */
export async function lockTables(client: pg.ClientBase): Promise<CatalogTable[]> {
  const tables = await listTables(client);
  if (tables.length) await client.query(`LOCK TABLE ${tables.map((t) => qualified(t.name)).join(', ')} IN ACCESS EXCLUSIVE MODE`);
  return tables;
}

/**
 * Loads the archive into the locked schema on the open transaction: the rows the migrations wrote (and,
 * with --force, the replaced data) are truncated, each table is copied, the foreign keys and triggers
 * come back, and the sequences are set.
 */
export async function loadArchive(client: pg.ClientBase, target: CatalogTable[], path: string, manifest: ArchiveManifest): Promise<void> {
  checkSchemaFits(target, manifest);
  const enableTriggers = await disableTriggers(client, target);
  await client.query(`TRUNCATE ${target.map((t) => qualified(t.name)).join(', ')}`);
  const addForeignKeys = await suspendForeignKeys(client, target);
  await loadTables(client, path, manifest);
  await addForeignKeys();
  await enableTriggers();
  await resetSequences(client, manifest);
}
