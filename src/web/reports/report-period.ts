import { DomainError, UnprocessableError } from '../../common/errors.js';
import { MAX_MONTHS, type O23Period, parsePeriod } from '../../reports/o23-period.js';
import type { PageContext } from '../page-context.js';

/** "2569-10": a Buddhist-era month as the report's query strings write it. */
export type MonthKey = string;

const key = (yearBe: number, month: number): MonthKey => `${yearBe}-${String(month).padStart(2, '0')}`;

/** The Buddhist-era month a moment falls in, in Thai time. */
export function monthOf(at: Date): { yearBe: number; month: number } {
  const bangkok = new Date(at.getTime() + 7 * 3600_000);
  return { yearBe: bangkok.getUTCFullYear() + 543, month: bangkok.getUTCMonth() + 1 };
}

function shift(m: { yearBe: number; month: number }, by: number): { yearBe: number; month: number } {
  const index = m.yearBe * 12 + (m.month - 1) + by;
  return { yearBe: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The months the selector offers, newest first: this month (still running) and the ones before it. */
export function recentMonths(now: Date, count = 24): MonthKey[] {
  const current = monthOf(now);
  return Array.from({ length: count }, (_, i) => {
    const m = shift(current, -i);
    return key(m.yearBe, m.month);
  });
}

/** The month a report is usually made for: the last one that has ended. */
export function lastFinishedMonth(now: Date): MonthKey {
  const m = shift(monthOf(now), -1);
  return key(m.yearBe, m.month);
}

export interface FiscalHalf {
  fiscalYear: number;
  half: 1 | 2;
  from: MonthKey;
  to: MonthKey;
}

/**
 * The fiscal halves that have begun, newest first, over the last `years` fiscal years. Fiscal year N runs
 * 1 Oct (N−1) – 30 Sep N (DOMAIN-TH §5); its first half, ต.ค.–มี.ค., is what ITA O23 part 3 asks for.
 */
export function fiscalHalves(now: Date, years = 3): FiscalHalf[] {
  const { yearBe, month } = monthOf(now);
  const currentFy = month >= 10 ? yearBe + 1 : yearBe;
  const out: FiscalHalf[] = [];
  for (let fy = currentFy; fy > currentFy - years; fy--) {
    const second: FiscalHalf = { fiscalYear: fy, half: 2, from: key(fy, 4), to: key(fy, 9) };
    const first: FiscalHalf = { fiscalYear: fy, half: 1, from: key(fy - 1, 10), to: key(fy, 3) };
    for (const h of [second, first]) if (h.from <= key(yearBe, month)) out.push(h);
  }
  return out;
}

/** The query string of a period: `period=2569-10` for one month, else `from=…&to=…`. */
export function periodQuery(p: { from: string; to: string }): string {
  return p.from === p.to ? `period=${p.from}` : `from=${p.from}&to=${p.to}`;
}

export function periodFields(p: { from: string; to: string }): { period?: string; from?: string; to?: string } {
  return p.from === p.to ? { period: p.from } : { from: p.from, to: p.to };
}

/** A value typed in the address bar: one string, never a repeated parameter or an object. */
const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : v === undefined ? undefined : '\u0000');

/**
 * The period a page was asked for (`?period=` or `?from=&to=`), undefined when none was given, or the
 * refusal in Thai words of this page. parsePeriod's own Thai message names its query fields in
 * English ("period ต้องเป็น…"), which a clerk never typed, so it is said again here.
 */
export function askedPeriod(page: PageContext, source: Record<string, unknown>): { period: O23Period } | { error: DomainError } | undefined {
  const period = one(source.period);
  const from = one(source.from);
  const to = one(source.to);
  if (period === undefined && from === undefined && to === undefined) return undefined;
  try {
    return { period: parsePeriod({ period, from, to }) };
  } catch (err) {
    if (err instanceof DomainError && err.code.startsWith('PERIOD_')) return { error: periodError(page, err, from, to) };
    throw err;
  }
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function periodError(page: PageContext, err: DomainError, from: string | undefined, to: string | undefined): DomainError {
  const m = page.m.reports.period;
  // Two well-formed months the wrong way round: "2569-09" sorts after "2569-04" as text, as in time.
  const reversed = !!from && !!to && MONTH.test(from) && MONTH.test(to) && from > to;
  const text = err.code === 'PERIOD_REQUIRED' ? m.required : err.code === 'PERIOD_TOO_LONG' ? m.tooLong(MAX_MONTHS) : reversed ? m.reversed : m.invalid;
  return new UnprocessableError(err.code, err.message, text);
}

/** A period the page must have (the downloads, the posts): its absence is a refusal too. */
export function requiredPeriod(page: PageContext, source: Record<string, unknown>): O23Period {
  const asked = askedPeriod(page, source) ?? { error: new UnprocessableError('PERIOD_REQUIRED', 'Give period, or from and to', page.m.reports.period.required) };
  if ('error' in asked) throw asked.error;
  return asked.period;
}
