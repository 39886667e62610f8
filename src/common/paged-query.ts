import type { EntityManager } from 'typeorm';

/**
 * One page of a list query and the list's total. The query selects `count(*) OVER () AS total_count`
 * and ends with its ORDER BY; the page is cut here. A page past the end has no row to carry the total,
 * so the total is then counted on its own (lists answer the real total on every page).
 */
export async function pageOf<T extends Record<string, any>>(em: EntityManager, sql: string, params: unknown[], limit: number, offset: number): Promise<{ rows: T[]; total: number }> {
  const rows: T[] = await em.query(`${sql} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, limit, offset]);
  if (rows.length) return { rows, total: Number(rows[0].total_count) };
  if (offset === 0) return { rows, total: 0 };
  const [row] = await em.query(`SELECT count(*) AS n FROM (${sql}) q`, params);
  return { rows, total: Number(row.n) };
}
