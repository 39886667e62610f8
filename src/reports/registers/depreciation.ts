/**
 * Straight-line depreciation of a durable good (DOMAIN-TH §2, ทะเบียนคุมทรัพย์สิน), the convention the
 * property register prints in its footnote (DEPRECIATION_NOTE_TH):
 *
 * - rate (% a year) = the item's own depreciation rate, else 100 ÷ useful life in years;
 * - yearly = cost × rate ÷ 100, cost = unit price × quantity;
 * - accumulated = cost × rate ÷ 100 × days held ÷ 365, the days counted from the acquisition day (the
 *   first day held) to the as-at day, both included: Thai government accounts depreciate by the days an
 *   asset was held, so a good bought mid-year carries part of a year and a whole fiscal year (1 Oct –
 *   30 Sep) carries one yearly amount (366 days in a leap year: a day more);
 * - accumulated never exceeds cost − 1 baht: the last baht (ราคาซาก) stays on the books until disposal,
 *   so net value never goes below 1 baht.
 *
 * Baht are rounded to the satang at the end, from the unrounded figures.
 */

export interface DepreciationInput {
  /** Unit price × quantity in baht; null when the item has no price. */
  cost: number | null;
  /** The item's own rate, % a year. */
  ratePercent: number | null;
  usefulLifeYears: number | null;
  /** The first day held, YYYY-MM-DD (Thai day). */
  acquiredOn: string;
  /** The as-at day, YYYY-MM-DD: the register's date, or the day the item left the register if earlier. */
  asOf: string;
}

export interface Depreciation {
  ratePercent: number;
  yearly: number;
  accumulated: number;
  net: number;
  daysHeld: number;
}

/** What stays on the books of a fully depreciated good (ราคาซาก). */
const SALVAGE_BAHT = 1;
const DAYS_A_YEAR = 365;
const DAY_MS = 86_400_000;

export const DEPRECIATION_NOTE_TH =
  'ค่าเสื่อมราคาคิดแบบเส้นตรง: อัตราต่อปีตามที่บันทึกไว้ หรือ 100 ÷ อายุการใช้งาน (ปี); ค่าเสื่อมราคาต่อปี = มูลค่ารวม × อัตรา ÷ 100; ' +
  'ค่าเสื่อมราคาสะสม = ค่าเสื่อมราคาต่อปี × จำนวนวันที่ถือครอง ÷ 365 นับตั้งแต่วันที่ได้มาถึงวันที่คำนวณ (นับทั้งสองวัน; ของที่จำหน่ายแล้วคิดถึงวันที่จำหน่าย) ' +
  `และไม่เกินมูลค่ารวมหัก ${SALVAGE_BAHT} บาท (ราคาซาก) มูลค่าสุทธิจึงไม่ต่ำกว่า ${SALVAGE_BAHT} บาท ปัดเศษเป็นสตางค์`;

const roundBaht = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;

function dayNumber(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** Days from `from` to `to`, both included; 0 when `to` is before `from`. */
export function daysHeld(from: string, to: string): number {
  return Math.max(0, dayNumber(to) - dayNumber(from) + 1);
}

/** The figures, or null when there is nothing to depreciate from (no price, or neither rate nor useful life). */
export function straightLine(input: DepreciationInput): Depreciation | null {
  const { cost } = input;
  if (cost === null) return null;
  const rate = input.ratePercent ?? (input.usefulLifeYears ? 100 / input.usefulLifeYears : null);
  if (rate === null) return null;
  const days = daysHeld(input.acquiredOn, input.asOf);
  const yearly = (cost * rate) / 100;
  const accumulated = roundBaht(Math.min((yearly * days) / DAYS_A_YEAR, Math.max(0, cost - SALVAGE_BAHT)));
  return { ratePercent: roundRate(rate), yearly: roundBaht(yearly), accumulated, net: roundBaht(cost - accumulated), daysHeld: days };
}

/** 100 ÷ 3 years is printed as 33.33 %; the figures use the exact rate. */
function roundRate(rate: number): number {
  return Math.round(rate * 100) / 100;
}
