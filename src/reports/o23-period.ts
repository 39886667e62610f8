import { UnprocessableError } from '../common/errors.js';

/** A report period: whole months in the Buddhist era, from the first to the last, in Thai time. */
export interface O23Period {
  /** "2568-01" */
  from: string;
  to: string;
  /** The first moment of the first month and of the month after the last (Asia/Bangkok, UTC+7). */
  start: Date;
  end: Date;
  months: number;
  /** Calendar days in the period. */
  days: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** Periods up to two fiscal years. */
export const MAX_MONTHS = 24;

/** The query fields in the clerk's words. */
const FIELD_TH: Record<string, string> = { period: 'เดือน', from: 'เดือนเริ่มต้น', to: 'เดือนสิ้นสุด' };

function parseMonth(text: string, field: string): { yearBe: number; month: number } {
  const m = MONTH.exec(text);
  if (!m) throw new UnprocessableError('PERIOD_INVALID', `${field} must be a Buddhist-era month like 2568-01`, `${FIELD_TH[field]}ต้องเป็นเดือนแบบพุทธศักราช เช่น 2568-01`);
  const yearBe = Number(m[1]);
  if (yearBe < 2500 || yearBe > 2700) throw new UnprocessableError('PERIOD_INVALID', `${field}: ${yearBe} is not a Buddhist-era year`, `${FIELD_TH[field]}: ปี ${yearBe} ไม่ใช่ปีพุทธศักราช`);
  return { yearBe, month: Number(m[2]) };
}

/** The first moment of a Buddhist-era month in Thailand. */
function monthStart(yearBe: number, month: number): Date {
  const ce = yearBe - 543 + Math.floor((month - 1) / 12);
  const m = ((month - 1) % 12) + 1;
  return new Date(`${ce}-${String(m).padStart(2, '0')}-01T00:00:00+07:00`);
}

/** `?period=2568-01` for one month, or `?from=2567-10&to=2568-03` for a range (the fiscal first half). */
export function parsePeriod(query: { period?: string; from?: string; to?: string }): O23Period {
  const single = query.period !== undefined;
  if (single === (query.from !== undefined || query.to !== undefined) || (!single && (query.from === undefined || query.to === undefined))) {
    throw new UnprocessableError('PERIOD_REQUIRED', 'Give period=YYYY-MM, or from=YYYY-MM and to=YYYY-MM (Buddhist era)', 'กรุณาระบุเดือน (period) หรือช่วงเดือน (from และ to) แบบพุทธศักราช');
  }
  const from = parseMonth(single ? query.period! : query.from!, single ? 'period' : 'from');
  const to = single ? from : parseMonth(query.to!, 'to');
  const months = (to.yearBe - from.yearBe) * 12 + (to.month - from.month) + 1;
  if (months < 1) throw new UnprocessableError('PERIOD_INVALID', 'from is after to', 'เดือนเริ่มต้นอยู่หลังเดือนสิ้นสุด');
  if (months > MAX_MONTHS) throw new UnprocessableError('PERIOD_TOO_LONG', `A report covers at most ${MAX_MONTHS} months`, `รายงานครอบคลุมได้ไม่เกิน ${MAX_MONTHS} เดือน`);
  const start = monthStart(from.yearBe, from.month);
  const end = monthStart(to.yearBe, to.month + 1);
  const label = (m: { yearBe: number; month: number }) => `${m.yearBe}-${String(m.month).padStart(2, '0')}`;
  return { from: label(from), to: label(to), start, end, months, days: Math.round((end.getTime() - start.getTime()) / 86_400_000) };
}
