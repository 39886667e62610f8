import type pg from 'pg';
import { APP_ROLE } from '../database/data-source.js';
import type { ChainHeadManifest, SequenceManifest } from './archive-format.js';

/*
 * Everything backup and restore read from PostgreSQL's catalog. Tables are listed from the catalog, never
 * by hand, so a table a later migration adds is in the next backup without anyone remembering it.
 */

/** The migrations create every Khlang object in this schema (see migrations/). */
export const SCHEMA = 'public';

/** TypeORM's bookkeeping and the chain heads: the tables the migrations fill by themselves. */
const FILLED_BY_MIGRATIONS = new Set(['migrations', 'typeorm_metadata', 'audit_chain_heads']);

export interface CatalogTable {
  name: string;
  columns: string[];
  primaryKey: string[];
  /** Tables its foreign keys point to (itself left out: one COPY checks its own rows at its end). */
  references: string[];
  appPrivileges: string[];
  triggers: string[];
}

/** Only objects of the schema that no extension owns (pg_trgm's live in the same schema). */
const notInExtension = (alias: string, catalog: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${alias}.oid AND e.deptype = 'e')`;

const PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];

/** Every table of the schema with its columns (generated ones left out), keys, references, grants and triggers. */
export async function listTables(client: pg.ClientBase): Promise<CatalogTable[]> {
  const { rows } = await client.query(
    `SELECT c.relname AS name,
            (SELECT coalesce(json_agg(a.attname ORDER BY a.attnum), '[]') FROM pg_attribute a
              WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns,
            (SELECT coalesce(json_agg(a.attname ORDER BY k.ord), '[]') FROM pg_index i
               CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
              WHERE i.indrelid = c.oid AND i.indisprimary) AS primary_key,
            (SELECT coalesce(json_agg(DISTINCT p.relname), '[]') FROM pg_constraint f JOIN pg_class p ON p.oid = f.confrelid
              WHERE f.conrelid = c.oid AND f.contype = 'f' AND f.confrelid <> c.oid AND p.relnamespace = c.relnamespace) AS references,
            CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $2) THEN
              (SELECT coalesce(json_agg(p ORDER BY o), '[]') FROM unnest($3::text[]) WITH ORDINALITY u(p, o)
                WHERE has_table_privilege($2, c.oid, p)) ELSE '[]' END AS app_privileges,
            (SELECT coalesce(json_agg(t.tgname ORDER BY t.tgname), '[]') FROM pg_trigger t
              WHERE t.tgrelid = c.oid AND NOT t.tgisinternal AND t.tgenabled <> 'D') AS triggers
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${notInExtension('c', 'pg_class')}
     ORDER BY c.relname`,
    [SCHEMA, APP_ROLE, PRIVILEGES],
  );
  return rows.map((r) => ({
    name: r.name,
    columns: r.columns,
    primaryKey: r.primary_key,
    references: r.references,
    appPrivileges: r.app_privileges,
    triggers: r.triggers,
  }));
}

/**
 * Tables in an order where every table comes after the tables it references: an archive that reads
 * parents first, loadable even with the foreign keys on (restore suspends them anyway, for speed). Ties
 * (and a cycle, which Khlang's schema does not have) go by name.
 */
export function foreignKeyOrder(tables: CatalogTable[]): CatalogTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const placed = new Set<string>();
  const order: CatalogTable[] = [];
  while (order.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t.name) && t.references.every((r) => placed.has(r) || !byName.has(r)));
    const next = ready.length ? ready : tables.filter((t) => !placed.has(t.name)).slice(0, 1);
    for (const t of next) {
      placed.add(t.name);
      order.push(t);
    }
  }
  return order;
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const qualified = (name: string) => `${quoteIdent(SCHEMA)}.${quoteIdent(name)}`;

/**
 * Session settings under which COPY's text is the same wherever and whenever it is written or read
 * (pg_dump sets the same): times in UTC ISO, all float digits, hex bytea, and an error rather than
 * rows silently hidden by row security.
 */
export async function useCopySettings(client: pg.ClientBase): Promise<void> {
  await client.query(`SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD';
    SET IntervalStyle = 'postgres'; SET extra_float_digits = 3; SET bytea_output = 'hex'; SET row_security = off;
    SET statement_timeout = 0; SET lock_timeout = 0; SET idle_in_transaction_session_timeout = 0`);
}

/** The applied migrations, in the order they ran; none when the schema has no migrations table. */
export async function appliedMigrations(client: pg.ClientBase, tables: CatalogTable[]): Promise<string[]> {
  if (!tables.some((t) => t.name === 'migrations')) return [];
  const { rows } = await client.query(`SELECT name FROM ${qualified('migrations')} ORDER BY id`);
  return rows.map((r) => r.name);
}

/** Sequences of the schema with the column each feeds, and where each stands. */
export async function readSequences(client: pg.ClientBase): Promise<SequenceManifest[]> {
  const { rows } = await client.query(
    `SELECT s.relname AS name, t.relname AS table, a.attname AS column
     FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
     LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
       AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
     LEFT JOIN pg_class t ON t.oid = d.refobjid
     LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
     WHERE n.nspname = $1 AND s.relkind = 'S' AND ${notInExtension('s', 'pg_class')}
     ORDER BY s.relname`,
    [SCHEMA],
  );
  const sequences: SequenceManifest[] = [];
  for (const r of rows) {
    const [state] = (await client.query(`SELECT last_value, is_called FROM ${qualified(r.name)}`)).rows;
    sequences.push({ name: r.name, table: r.table, column: r.column, lastValue: Number(state.last_value), isCalled: state.is_called });
  }
  return sequences;
}

/** The audit-log chain heads (DESIGN §4): the system chain and one per station, with the station's code. */
export async function readChainHeads(client: pg.ClientBase): Promise<ChainHeadManifest[]> {
  const { rows } = await client.query(
    `SELECT h.chain_key AS chain, s.code AS station, h.seq, h.hash
     FROM ${qualified('audit_chain_heads')} h LEFT JOIN ${qualified('stations')} s ON s.id::text = h.chain_key
     ORDER BY s.code NULLS FIRST, h.chain_key`,
  );
  return rows.map((r) => ({ chain: r.chain, station: r.station, seq: Number(r.seq), hash: r.hash }));
}

export interface ExistingData {
  /** Non-empty tables with their row counts. */
  tables: { name: string; rows: number }[];
  stations: string[];
  migrations: string[];
}

/**
 * What a database already holds: the tables with rows, besides those the migrations fill themselves.
 * Anything here is Khlang data (or someone else's) that a restore would replace.
 */
export async function existingData(client: pg.ClientBase, tables: CatalogTable[]): Promise<ExistingData> {
  const migrations = await appliedMigrations(client, tables);
  if (!tables.length) return { tables: [], stations: [], migrations };
  const counts = await client.query(
    tables.map((t, i) => `SELECT ${i} AS i, count(*)::bigint AS n FROM ${qualified(t.name)}`).join(' UNION ALL '),
  );
  const nonEmpty = counts.rows
    .map((r) => ({ name: tables[r.i].name, rows: Number(r.n) }))
    .filter((t) => t.rows > 0 && !FILLED_BY_MIGRATIONS.has(t.name));
  const stations = nonEmpty.some((t) => t.name === 'stations')
    ? (await client.query(`SELECT code FROM ${qualified('stations')} ORDER BY code`)).rows.map((r) => r.code)
    : [];
  return { tables: nonEmpty, stations, migrations };
}

/**
 * Drops every object of the schema that no extension owns — tables (with their indexes, triggers and
 * sequences), views, types, functions — so that the migrations can create the schema afresh. Default
 * privileges and roles stay: the migrations grant them idempotently.
 */
export async function dropSchemaObjects(client: pg.ClientBase): Promise<void> {
  const kinds: [string, string][] = [
    ['r', 'TABLE'],
    ['p', 'TABLE'],
    ['f', 'FOREIGN TABLE'],
    ['v', 'VIEW'],
    ['m', 'MATERIALIZED VIEW'],
    ['S', 'SEQUENCE'],
  ];
  for (const [relkind, noun] of kinds) {
    const { rows } = await client.query(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind = $2 AND NOT c.relispartition AND ${notInExtension('c', 'pg_class')}`,
      [SCHEMA, relkind],
    );
    if (rows.length) await client.query(`DROP ${noun} IF EXISTS ${rows.map((r) => r.name).join(', ')} CASCADE`);
  }
  const types = await client.query(
    `SELECT format('%I.%I', n.nspname, t.typname) AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = $1 AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
       AND ${notInExtension('t', 'pg_type')}`,
    [SCHEMA],
  );
  if (types.rows.length) await client.query(`DROP TYPE IF EXISTS ${types.rows.map((r) => r.name).join(', ')} CASCADE`);
  const routines = await client.query(
    `SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS name
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = $1 AND p.prokind IN ('f', 'p') AND ${notInExtension('p', 'pg_proc')}`,
    [SCHEMA],
  );
  if (routines.rows.length) await client.query(`DROP ROUTINE IF EXISTS ${routines.rows.map((r) => r.name).join(', ')} CASCADE`);
}
