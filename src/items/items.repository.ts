import { Inject, Injectable } from '@nestjs/common';
import { numberOrNull } from '../common/numeric.js';
import { DataSource, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import { escapeLike } from '../users/users.repository.js';
import { Item } from './item.entity.js';
import type { ItemCategory, ItemKind, ItemStatus, RiskClass } from './item.enums.js';
import { DETAILS_FIELD, type ItemView } from './items.dto.js';

export interface ItemSearch {
  stationId: string | null;
  category?: ItemCategory;
  kind?: ItemKind;
  status?: ItemStatus;
  riskClass?: RiskClass;
  locationId?: string;
  caseNumber?: string;
  serialNumber?: string;
  q?: string;
  offset: number;
  limit: number;
}

/** The item with its location and holder, in one query: the counter's scan reads exactly this. */
export const VIEW_SELECT = `
  SELECT i.*, l.code AS location_code, l.name AS location_name, h.display_name AS holder_name
  FROM items i
  LEFT JOIN locations l ON l.id = i.location_id
  LEFT JOIN users h ON h.id = i.holder_id`;

type ViewRow = Record<string, unknown> & { id: string; category: ItemCategory };


export function toItemView(row: ViewRow): ItemView {
  const view: ItemView = {
    id: row.id,
    stationId: row.station_id as string,
    code: row.code as string,
    category: row.category,
    kind: row.kind as ItemKind,
    riskClass: row.risk_class as RiskClass,
    description: row.description as string,
    quantity: Number(row.quantity),
    unit: row.unit as string,
    serialNumber: row.serial_number as string | null,
    assetNumber: row.asset_number as string | null,
    caseNumber: row.case_number as string | null,
    sealNumber: row.seal_number as string | null,
    weightGrams: numberOrNull(row.weight_grams),
    netWeightGrams: numberOrNull(row.net_weight_grams),
    amount: numberOrNull(row.amount),
    denominations: row.denominations as Record<string, number> | null,
    condition: row.condition as ItemView['condition'],
    status: row.status as ItemStatus,
    locationId: row.location_id as string | null,
    location: row.location_id ? { id: row.location_id as string, code: row.location_code as string, name: row.location_name as string } : null,
    holderId: row.holder_id as string | null,
    holder: row.holder_id ? { id: row.holder_id as string, displayName: row.holder_name as string } : null,
    holderText: row.holder_text as string | null,
    registeredBy: row.registered_by as string,
    registeredAt: (row.registered_at as Date).toISOString(),
    updatedAt: (row.updated_at as Date).toISOString(),
  };
  view[DETAILS_FIELD[row.category]] = row.details as Record<string, unknown>;
  return view;
}

@Injectable()
export class ItemsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * The next number for (station, category, year), taken in the registering transaction: the counter
   * row stays locked until commit, and a rollback gives the number back.
   */
  async nextSeq(em: EntityManager, stationId: string, categoryCode: string, yearBe: number): Promise<number> {
    const [row] = await em.query(
      `INSERT INTO item_code_counters (station_id, category_code, year_be, last_seq) VALUES ($1, $2, $3, 1)
       ON CONFLICT (station_id, category_code, year_be) DO UPDATE SET last_seq = item_code_counters.last_seq + 1
       RETURNING last_seq`,
      [stationId, categoryCode, yearBe],
    );
    return row.last_seq;
  }

  /**
   * Inserts an item and answers its view from the inserted row itself (no second read): registration
   * holds the code-counter row locked meanwhile, so every round trip counts.
   */
  async insertView(em: EntityManager, item: Partial<Item>, location: { id: string; code: string; name: string }): Promise<ItemView> {
    const result = await em
      .createQueryBuilder()
      .insert()
      .into(Item)
      .values(item as QueryDeepPartialEntity<Item>)
      .returning('*')
      .execute();
    const row = result.raw[0] as ViewRow;
    return toItemView({ ...row, location_code: location.code, location_name: location.name, holder_name: null });
  }

  async update(em: EntityManager, id: string, changes: Partial<Item>): Promise<void> {
    const repo = em.getRepository(Item);
    await repo.update({ id }, changes as Parameters<typeof repo.update>[1]);
  }

  /** Locks the item for a state change; another station's item is not found. */
  lock(em: EntityManager, id: string, stationId: string | null): Promise<Item | null> {
    const qb = em.getRepository(Item).createQueryBuilder('i').setLock('pessimistic_write').where('i.id = :id', { id });
    if (stationId) qb.andWhere('i.station_id = :stationId', { stationId });
    return qb.getOne();
  }

  /** Locks several items of one station, always in id order so two requests cannot deadlock on them. */
  lockMany(em: EntityManager, ids: string[], stationId: string): Promise<Item[]> {
    return em
      .getRepository(Item)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.id IN (:...ids)', { ids })
      .andWhere('i.station_id = :stationId', { stationId })
      .orderBy('i.id')
      .getMany();
  }

  /** Locks the item with this label code in the station. */
  lockByCode(em: EntityManager, code: string, stationId: string): Promise<Item | null> {
    return em.getRepository(Item).createQueryBuilder('i').setLock('pessimistic_write').where('i.station_id = :stationId AND i.code = :code', { stationId, code }).getOne();
  }

  findScoped(id: string, stationId: string | null, em?: EntityManager): Promise<Item | null> {
    return (em ?? this.dataSource.manager).getRepository(Item).findOneBy(stationId ? { id, stationId } : { id });
  }

  async serialTaken(em: EntityManager, stationId: string, serialNumber: string, exceptId?: string): Promise<boolean> {
    const rows = await em.query(
      `SELECT 1 FROM items WHERE station_id = $1 AND category = 'WEAPON' AND serial_number = $2 AND id IS DISTINCT FROM $3 LIMIT 1`,
      [stationId, serialNumber, exceptId ?? null],
    );
    return rows.length > 0;
  }

  async view(id: string, stationId: string | null, em?: EntityManager): Promise<ItemView | null> {
    const params: unknown[] = [id];
    let sql = `${VIEW_SELECT} WHERE i.id = $1`;
    if (stationId) {
      sql += ' AND i.station_id = $2';
      params.push(stationId);
    }
    const rows: ViewRow[] = await (em ?? this.dataSource.manager).query(sql, params);
    return rows[0] ? toItemView(rows[0]) : null;
  }

  /** Several items of one station in one query (label sheets), keyed by id. */
  async viewMany(ids: string[], stationId: string): Promise<Map<string, ItemView>> {
    if (!ids.length) return new Map();
    const rows: ViewRow[] = await this.dataSource.query(`${VIEW_SELECT} WHERE i.id = ANY($1::uuid[]) AND i.station_id = $2`, [ids, stationId]);
    return new Map(rows.map((row) => [row.id, toItemView(row)]));
  }

  /** The scan: one unique-index lookup. The administrator's lookup uses the code alone (it names its station). */
  async viewByCode(code: string, stationId: string | null): Promise<ItemView | null> {
    const rows: ViewRow[] = stationId
      ? await this.dataSource.query(`${VIEW_SELECT} WHERE i.station_id = $1 AND i.code = $2`, [stationId, code])
      : await this.dataSource.query(`${VIEW_SELECT} WHERE i.code = $1`, [code]);
    return rows[0] ? toItemView(rows[0]) : null;
  }

  async search(filter: ItemSearch): Promise<{ items: ItemView[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (filter.stationId) add('i.station_id = ?', filter.stationId);
    if (filter.category) add('i.category = ?', filter.category);
    if (filter.kind) add('i.kind = ?', filter.kind);
    if (filter.status) add('i.status = ?', filter.status);
    if (filter.riskClass) add('i.risk_class = ?', filter.riskClass);
    if (filter.locationId) add('i.location_id = ?', filter.locationId);
    if (filter.caseNumber) add('i.case_number = ?', filter.caseNumber);
    if (filter.serialNumber) add('i.serial_number = ?', filter.serialNumber);
    if (filter.q) add(`i.search_text LIKE ? ESCAPE '\\'`, `%${escapeLike(filter.q.toLowerCase())}%`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM items i ${whereSql}`, params);
    params.push(filter.offset, filter.limit);
    const rows: ViewRow[] = await this.dataSource.query(
      `${VIEW_SELECT} ${whereSql} ORDER BY i.registered_at DESC, i.code DESC OFFSET $${params.length - 1} LIMIT $${params.length}`,
      params,
    );
    return { items: rows.map(toItemView), total };
  }
}
