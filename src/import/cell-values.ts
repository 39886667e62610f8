import type { CellValue } from 'exceljs';
import { CATEGORY_TH, CONDITION_TH, type ItemCategory, KIND_TH, KINDS_BY_CATEGORY } from '../items/item.enums.js';
import { givenNumber, readThaiDateTime } from '../web/forms.js';
import { th } from '../web/messages/th.js';
import type { CellType } from './import-columns.js';
import { importTh } from './import-messages.js';

/** A cell as a person sees it: text, a number, a real Excel date, or nothing. */
export type CellInput = string | number | boolean | Date | null;

/** A cell read for the DTO: its value (undefined when empty), or the Thai reason it cannot be used. */
export interface ReadCell {
  value?: unknown;
  problem?: string;
}

const EMPTY: ReadCell = {};

/** exceljs's cell value as shown: rich text joined, a formula's last result, a hyperlink's text. */
export function cellInput(value: CellValue): CellInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return value.result === undefined ? null : cellInput(value.result as CellValue);
  if ('hyperlink' in value) return value.text;
  if ('error' in value) return value.error;
  return null;
}

/** Thai digits (๐–๙) as Arabic ones, so "๑,๒๕๐" reads as 1250. */
function arabicDigits(text: string): string {
  return text.replace(/[\u0E50-\u0E59]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
}

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * An Excel date cell → ISO. Excel dates have no zone: the wall-clock time is Bangkok's. A year past
 * 2400 is a Buddhist-era year typed into a Christian-era Excel (25/11/2568 stored as AD 2568).
 */
function isoOfExcelDate(cell: Date): string | undefined {
  const at = new Date(Math.round(cell.getTime() / 60_000) * 60_000);
  const year = at.getUTCFullYear() > 2400 ? at.getUTCFullYear() - 543 : at.getUTCFullYear();
  const day = new Date(Date.UTC(year, at.getUTCMonth(), at.getUTCDate()));
  if (day.getUTCMonth() !== at.getUTCMonth()) return undefined; // 29 February of a BE leap year that is not one AD
  const date = `${String(year).padStart(4, '0')}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  const midnight = at.getUTCHours() === 0 && at.getUTCMinutes() === 0;
  return midnight ? date : `${date}T${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:00+07:00`;
}

/** Excel counts days from 30 December 1899; a date pasted into a text-formatted column arrives as that count. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function excelSerialDate(serial: number): Date | string {
  // 1 (1 January 1900) to 2958465 (31 December 9999): anything else is no date at all.
  if (!(serial >= 1 && serial <= 2_958_465)) return String(serial);
  return new Date(EXCEL_EPOCH_MS + Math.round(serial * 86_400_000));
}

/** The cell as the report shows it ("ค่าในเซลล์"): dates in the Buddhist era, as a Thai clerk reads them. */
export function shownValue(input: CellInput): string {
  if (input === null) return '';
  if (input instanceof Date) {
    const year = input.getUTCFullYear() > 2400 ? input.getUTCFullYear() : input.getUTCFullYear() + 543;
    return `${pad(input.getUTCDate())}/${pad(input.getUTCMonth() + 1)}/${year}`;
  }
  return String(input);
}

function readText(input: CellInput): ReadCell {
  if (input instanceof Date) return { problem: importTh.becameDate };
  const text = input === null ? '' : String(input).trim();
  return text === '' ? EMPTY : { value: text };
}

function readNumber(input: CellInput, integer: boolean): ReadCell {
  if (input === null || (typeof input === 'string' && input.trim() === '')) return EMPTY;
  const shown = shownValue(input);
  const value = typeof input === 'number' ? input : input instanceof Date || typeof input === 'boolean' ? shown : givenNumber(arabicDigits(input));
  if (typeof value !== 'number') return { problem: importTh.notNumber(shown) };
  if (integer && !Number.isInteger(value)) return { problem: importTh.notInteger(shown) };
  return { value };
}

const ISO_DATE = /^(\d{4})-\d{2}-\d{2}(T.+)?$/;

/** วว/ดด/ปปปป in the Buddhist era (with an optional ชม.:นาที), ISO in the Christian era, or an Excel date. */
function readDate(input: CellInput): ReadCell {
  if (input instanceof Date) {
    const iso = isoOfExcelDate(input);
    return iso ? { value: iso } : { problem: importTh.dateInvalid(shownValue(input)) };
  }
  if (input === null || String(input).trim() === '') return EMPTY;
  if (typeof input === 'number') return readDate(excelSerialDate(input));
  const text = arabicDigits(String(input)).trim();
  const iso = ISO_DATE.exec(text);
  if (iso) return Number(iso[1]) >= 2400 ? { problem: importTh.isoYearNotCe(Number(iso[1])) } : { value: text };
  const [date, time, ...rest] = text.replace(/\s*น\.?$/, '').split(/\s+/);
  if (rest.length) return { problem: importTh.dateInvalid(text) };
  const read = readThaiDateTime(date, time, th);
  if (read.dateError === th.errors.yearNotBe) return { problem: importTh.yearNotBe };
  if (read.dateError) return { problem: importTh.dateInvalid(text) };
  if (read.timeError) return { problem: importTh.timeInvalid };
  return { value: read.iso };
}

const key = (text: string) => text.replace(/[\s.]+/g, '').toLowerCase();

/** A choice written in Thai or as its code (ยาเสพติด or drugs); `shown` are the Thai words the reason lists. */
function readChoice(input: CellInput, labels: Record<string, string>, shown: string[]): ReadCell {
  const read = readText(input);
  if (read.value === undefined) return read;
  const wanted = key(read.value as string);
  const code = Object.keys(labels).find((c) => key(c) === wanted || key(labels[c]) === wanted);
  return code ? { value: code } : { problem: importTh.unknownChoice(read.value as string, shown) };
}

/** "1000=12; 500=1" → {"1000": 12, "500": 1}; whether it adds up is checkMeasures' call. */
function readDenominations(input: CellInput): ReadCell {
  const read = readText(input);
  if (read.value === undefined) return read;
  const result: Record<string, number> = {};
  for (const part of arabicDigits(read.value as string).split(/[;\n]/).map((p) => p.trim()).filter(Boolean)) {
    const match = /^([\d,]+(?:\.\d{1,2})?)\s*[=x×:]\s*([\d,]+)$/i.exec(part);
    if (!match) return { problem: importTh.denominationsFormat };
    result[match[1].replace(/,/g, '')] = Number(match[2].replace(/,/g, ''));
  }
  return { value: result };
}

const CHOICES = {
  condition: CONDITION_TH as Record<string, string>,
  acquisition: th.items.acquisition,
  funding: th.items.funding,
};

/**
 * Reads one cell of a column for the DTO, or says in Thai why it cannot be read. The DTO and the
 * registration rules then judge the values, exactly as for POST /api/items.
 */
export function readCell(type: CellType, input: CellInput, category: ItemCategory): ReadCell {
  switch (type) {
    case 'text':
      return readText(input);
    case 'number':
    case 'integer':
      return readNumber(input, type === 'integer');
    case 'date':
      return readDate(input);
    case 'location': {
      const read = readText(input);
      return read.value === undefined ? read : { value: (read.value as string).toUpperCase() };
    }
    case 'kind': {
      // Any kind is read here; whether it fits the sheet's category is the registration rule's call.
      const kinds = KINDS_BY_CATEGORY[category].map((k) => KIND_TH[k]);
      const read = readChoice(input, KIND_TH as Record<string, string>, kinds);
      return read.problem ? { problem: `${read.problem} (${CATEGORY_TH[category]})` } : read;
    }
    case 'denominations':
      return readDenominations(input);
    default:
      return readChoice(input, CHOICES[type], Object.values(CHOICES[type]));
  }
}
