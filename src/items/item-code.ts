import { CATEGORY_CODE, type ItemCategory } from './item.enums.js';

/** The Buddhist-era year of a moment in Thailand (UTC+7, no daylight saving): CE + 543. */
export function buddhistYear(at: Date): number {
  const bangkok = new Date(at.getTime() + 7 * 3600_000);
  return bangkok.getUTCFullYear() + 543;
}

/** `{STATION}-{CAT}{YY}-{SEQ}`, e.g. BKM-EV68-000123. */
export function formatItemCode(stationCode: string, category: ItemCategory, yearBe: number, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq > 999_999) throw new RangeError(`item sequence ${seq} is outside 1..999999`);
  return `${stationCode}-${CATEGORY_CODE[category]}${String(yearBe % 100).padStart(2, '0')}-${String(seq).padStart(6, '0')}`;
}

export const ITEM_CODE = /^[A-Z][A-Z0-9]{1,9}-(EV|GP|WP|DN)[0-9]{2}-[0-9]{6}$/;
