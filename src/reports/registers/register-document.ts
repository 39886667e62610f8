import { THAI_DIGITS } from '../../labels/thai-text.js';

/**
 * A register as both renderers see it: typed fields (one XLSX column each), the PDF's columns (each a
 * stack of one or more of those fields, so a landscape page holds a clerk's ledger), and rows of typed
 * values. The PDF and the XLSX render the same rows, so they cannot say different things.
 */

/** A moment is a Date; a day is 'YYYY-MM-DD' (a Thai calendar day, no time). */
export type CellValue = string | number | Date | null;

export type FieldType =
  /** Thai or free text. */
  | 'text'
  /** A person's rank and name (or a body's name): broken between its words, never inside a name. */
  | 'person'
  /** An identifier printed as written (item code, serial, hash): never wrapped, never in Thai digits. */
  | 'code'
  | 'count'
  /** An audit-log hash: whole in the XLSX, its first 16 hex digits in the PDF (enough to find the row). */
  | 'hash'
  /** A number that names something (a Buddhist-era year, an audit-log sequence number): no thousands separator. */
  | 'ordinal'
  /** A quantity, up to three decimals (grams, rounds, pieces). */
  | 'quantity'
  | 'baht'
  /** % a year. */
  | 'percent'
  | 'day'
  | 'moment';

export interface RegisterField {
  key: string;
  header: string;
  type: FieldType;
  /** XLSX column width, in characters. */
  width: number;
  /** Values that are a warning (HIGH risk, an audit row that fails its check): bold in both files. */
  emphasis?: (value: CellValue) => boolean;
}

/** One line of a PDF cell: the values of its fields side by side, after a label and before a unit. */
export interface CellLine {
  keys: string[];
  label?: string;
  suffix?: string;
}
/** A field's key, keys sharing a line ("100 เม็ด"), or a line with a label or unit. */
export type PdfLine = string | string[] | CellLine;

export interface PdfColumn {
  header: string;
  /** Points, or '*' for the column that takes the rest of the line. */
  width: number | '*';
  /** The lines drawn one under the other in this column's cells. */
  keys: PdfLine[];
}

export type RegisterRow = Record<string, CellValue>;

/** A label and its value above the table (station, as-at date, an item's identity, a check's result). */
export interface Detail {
  label: string;
  value: CellValue;
  type?: FieldType;
}

export interface RegisterDocument {
  title: string;
  /** The XLSX sheet name (at most 31 characters). */
  sheetName: string;
  station: { code: string; nameTh: string };
  details: Detail[];
  fields: RegisterField[];
  pdfColumns: PdfColumn[];
  rows: RegisterRow[];
  /** A last row of sums, same keys as a row. */
  totals?: RegisterRow;
  /** Footnotes: how figures are defined. */
  notes: string[];
  generatedAt: Date;
}

const SHORT_HASH = 16;
/** What the PDF prints for a missing value (Thai registers write a dash, never leave a cell looking forgotten). */
export const DASH = '-';

const SHORT_DATE = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Asia/Bangkok' });
const CLOCK = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Bangkok' });
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const QUANTITY = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A day ('YYYY-MM-DD') as the Date of its midnight in Bangkok. */
function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00+07:00`);
}

/** "1 ธ.ค. 2569": a Thai day, or the Thai day of a moment, abbreviated as in tables (DOMAIN-TH §5). */
export function thaiShortDate(value: Date | string): string {
  return SHORT_DATE.format(typeof value === 'string' ? dayStart(value) : value);
}

/** "09.30 น.": the time in Bangkok as official Thai documents write it. */
export function thaiTime(at: Date): string {
  return `${CLOCK.format(at).replace(':', '.')} น.`;
}

export function toThaiDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => THAI_DIGITS[Number(d)]);
}

/**
 * Figures in Thai digits, but not the digits of a word that starts with a Latin letter: a code or a
 * name (BKM-EV69-000001, SHA-256, O23) is printed as the label and the standard write it.
 */
export function toThaiDigitsOutsideCodes(text: string): string {
  return text.replace(/[A-Za-z][A-Za-z0-9-]*|[0-9]+/g, (m) => (/^[0-9]/.test(m) ? toThaiDigits(m) : m));
}

/** A value as the PDF prints it; figures, dates and times in Thai digits when the station asks for them. */
export function formatCell(value: CellValue, type: FieldType, thaiNumerals: boolean): string {
  if (value === null || value === '') return '';
  const digits = (s: string) => (thaiNumerals ? toThaiDigits(s) : s);
  switch (type) {
    case 'count':
      return digits(COUNT.format(value as number));
    case 'ordinal':
      return digits(String(value));
    case 'hash':
      return `${String(value).slice(0, SHORT_HASH)}…`;
    case 'quantity':
      return digits(QUANTITY.format(value as number));
    case 'baht':
    case 'percent':
      return digits(MONEY.format(value as number));
    case 'day':
      return digits(thaiShortDate(value as string));
    case 'moment':
      return digits(`${thaiShortDate(value as Date)} ${thaiTime(value as Date)}`);
    default:
      return String(value);
  }
}
