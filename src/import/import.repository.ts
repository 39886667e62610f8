import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '../common/roles.js';
import type { ItemCategory, ItemCondition, ItemKind, ItemStatus, RiskClass } from '../items/item.enums.js';
import type { ImportLocation } from './import-validation.js';

/** Rows per INSERT: big enough that round trips do not count, small enough for one JSON parameter. */
const INSERT_BATCH = 5_000;

export interface ImportUser {
  id: string;
  username: string;
  displayName: string;
  stationId: string | null;
  roles: Role[];
  active: boolean;
}

/** An items row as inserted, in column names. */
export interface NewItemRow {
  id: string;
  station_id: string;
  code: string;
  year_be: number;
  seq: number;
  category: ItemCategory;
  kind: ItemKind;
  risk_class: RiskClass;
  description: string;
  quantity: number;
  unit: string;
  serial_number: string | null;
  asset_number: string | null;
  case_number: string | null;
  seal_number: string | null;
  weight_grams: number | null;
  net_weight_grams: number | null;
  amount: number | null;
  denominations: Record<string, number> | null;
  condition: ItemCondition;
  status: ItemStatus;
  location_id: string;
  details: Record<string, unknown>;
  registered_by: string;
}

/** A custody_events row as inserted, in column names. */
export interface NewIntakeRow {
  station_id: string;
  item_id: string;
  type: 'INTAKE';
  actor_id: string;
  witness_id: string | null;
  from_status: null;
  to_status: ItemStatus;
  to_location_id: string;
  quantity: number;
  seal_seen: string | null;
  weight_seen_grams: number | null;
  amount_seen: number | null;
  condition: ItemCondition;
  note: string;
}

const ITEM_COLUMNS = [
  'id', 'station_id', 'code', 'year_be', 'seq', 'category', 'kind', 'risk_class', 'description', 'quantity', 'unit', 'serial_number',
  'asset_number', 'case_number', 'seal_number', 'weight_grams', 'net_weight_grams', 'amount', 'denominations', 'condition', 'status',
  'location_id', 'details', 'registered_by',
].join(', ');

const EVENT_COLUMNS = [
  'station_id', 'item_id', 'type', 'actor_id', 'witness_id', 'from_status', 'to_status', 'to_location_id', 'quantity', 'seal_seen',
  'weight_seen_grams', 'amount_seen', 'condition', 'note',
].join(', ');

function batches<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += INSERT_BATCH) out.push(rows.slice(i, i + INSERT_BATCH));
  return out;
}

/** The SQL of a register import: what it reads to validate, and its set-based inserts. */
@Injectable()
export class ImportRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async findUser(username: string): Promise<ImportUser | null> {
    const [row] = await this.dataSource.query(
      'SELECT id, username, display_name, station_id, roles::text[] AS roles, active FROM users WHERE username = $1',
      [username.trim().toLowerCase()],
    );
    return row ? { id: row.id, username: row.username, displayName: row.display_name, stationId: row.station_id, roles: row.roles, active: row.active } : null;
  }

  locations(stationId: string): Promise<ImportLocation[]> {
    return this.dataSource.query('SELECT id, code, name, secure FROM locations WHERE station_id = $1 ORDER BY code', [stationId]);
  }

  /** The weapon serial numbers among these already registered in the station. */
  async takenSerials(stationId: string, serials: string[]): Promise<Set<string>> {
    if (!serials.length) return new Set();
    const rows: { serial_number: string }[] = await this.dataSource.query(
      `SELECT serial_number FROM items WHERE station_id = $1 AND category = 'WEAPON' AND serial_number = ANY($2::text[])`,
      [stationId, serials],
    );
    return new Set(rows.map((r) => r.serial_number));
  }

  /** When and by whom this very file (by its SHA-256) was imported into the station before, if it was. */
  async previousImport(stationId: string, sha256: string): Promise<{ at: Date; username: string } | null> {
    const [row] = await this.dataSource.query(
      `SELECT a.at, u.username FROM audit_log a JOIN users u ON u.id = a.actor_id
       WHERE a.entity_type = 'register_import' AND a.entity_id = $2 AND a.station_id = $1 AND a.action = 'REGISTER_IMPORTED'
       ORDER BY a.seq LIMIT 1`,
      [stationId, sha256],
    );
    return row ? { at: row.at, username: row.username } : null;
  }

  /** The last number given per category code in a year, read without a lock (a dry run's forecast). */
  async lastSeqs(stationId: string, yearBe: number): Promise<Map<string, number>> {
    const rows: { category_code: string; last_seq: number }[] = await this.dataSource.query(
      'SELECT category_code, last_seq FROM item_code_counters WHERE station_id = $1 AND year_be = $2',
      [stationId, yearBe],
    );
    return new Map(rows.map((r) => [r.category_code.trim(), r.last_seq]));
  }

  /**
   * Takes `count` numbers at once from the (station, category, year) counter, as ItemsRepository.nextSeq
   * takes one: the row stays locked until commit and a rollback gives the numbers back. Answers the last.
   */
  async takeSeqs(em: EntityManager, stationId: string, categoryCode: string, yearBe: number, count: number): Promise<number> {
    const [row] = await em.query(
      `INSERT INTO item_code_counters (station_id, category_code, year_be, last_seq) VALUES ($1, $2, $3, $4)
       ON CONFLICT (station_id, category_code, year_be) DO UPDATE SET last_seq = item_code_counters.last_seq + EXCLUDED.last_seq
       RETURNING last_seq`,
      [stationId, categoryCode, yearBe, count],
    );
    return row.last_seq;
  }

  /** Inserts the items in batches (their ids are made by the caller, so nothing needs to come back). */
  async insertItems(em: EntityManager, rows: NewItemRow[]): Promise<void> {
    for (const batch of batches(rows)) {
      await em.query(`INSERT INTO items (${ITEM_COLUMNS}) SELECT ${ITEM_COLUMNS} FROM json_populate_recordset(NULL::items, $1::json)`, [JSON.stringify(batch)]);
    }
  }

  /** Inserts the INTAKE events in batches; answers each item's event id. */
  async insertEvents(em: EntityManager, rows: NewIntakeRow[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (const batch of batches(rows)) {
      const inserted: { id: number; item_id: string }[] = await em.query(
        `INSERT INTO custody_events (${EVENT_COLUMNS}) SELECT ${EVENT_COLUMNS} FROM json_populate_recordset(NULL::custody_events, $1::json) RETURNING id, item_id`,
        [JSON.stringify(batch)],
      );
      for (const row of inserted) ids.set(row.item_id, Number(row.id));
    }
    return ids;
  }
}
