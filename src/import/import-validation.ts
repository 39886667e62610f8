import { plainToInstance } from 'class-transformer';
import { UnprocessableError } from '../common/errors.js';
import { assertStorable, checkRegistration, serialTaken } from '../items/item-rules.js';
import { ItemCategory, type ItemKind, type RiskClass, riskClassOf } from '../items/item.enums.js';
import { CreateItemDto, DETAILS_FIELD } from '../items/items.dto.js';
import { validateForm } from '../web/forms.js';
import { th } from '../web/messages/th.js';
import { type CellInput, readCell, shownValue } from './cell-values.js';
import { type ImportColumn, IMPORT_COLUMNS, LEGACY_NUMBER, LEGACY_REMARKS, LOCATION_CODE } from './import-columns.js';
import { importTh } from './import-messages.js';
import type { ImportProblem, SheetRow } from './register-workbook.reader.js';

export interface ImportLocation {
  id: string;
  code: string;
  name: string;
  secure: boolean;
}

/** A valid row, ready to be numbered and inserted. */
export interface PlannedItem {
  sheet: string;
  row: number;
  dto: CreateItemDto;
  riskClass: RiskClass;
  location: ImportLocation;
  /** The old register's number and remarks, kept in the item's details. */
  legacy: { legacyRegisterNumber: string; legacyRemarks?: string };
}

export interface RowContext {
  locations: Map<string, ImportLocation>;
  extraHighRiskKinds: readonly string[];
}

/** The longest old register number kept (it is written into the INTAKE note too). */
const LEGACY_MAX = 100;

/** Which column a registration rule's refusal is about. */
const RULE_COLUMN: Record<string, string> = {
  KIND_NOT_IN_CATEGORY: 'kind',
  SERIAL_REQUIRED: 'serialNumber',
  WEIGHT_REQUIRED: 'weightGrams',
  NET_OVER_GROSS: 'netWeightGrams',
  AMOUNT_REQUIRED: 'amount',
  DENOMINATIONS_NOT_CASH: 'denominations',
  DENOMINATIONS_INVALID: 'denominations',
  DENOMINATIONS_DO_NOT_ADD_UP: 'denominations',
  LOCATION_NOT_SECURE: LOCATION_CODE,
};

/** The request body POST /api/items would get for the row; the category's block is always there, so its required fields are named. */
function requestOf(category: ItemCategory, values: Map<string, unknown>, locationId: string | undefined): Record<string, unknown> {
  const request: Record<string, unknown> = { category };
  const block: Record<string, unknown> = {};
  for (const [key, value] of values) {
    if (key === LEGACY_NUMBER || key === LEGACY_REMARKS || key === LOCATION_CODE) continue;
    const dot = key.indexOf('.');
    if (dot < 0) request[key] = value;
    else block[key.slice(dot + 1)] = value;
  }
  request[DETAILS_FIELD[category]] = block;
  if (locationId) request.locationId = locationId;
  return request;
}

/** The problems of one row, at most one per column (the first found is the one to fix first). */
class RowProblems {
  private readonly byColumn = new Map<string, ImportProblem>();

  constructor(private readonly row: SheetRow) {}

  private cell(key: string) {
    return this.row.cells.find((c) => c.column.key === key);
  }

  /** The column's Thai header; a column the sheet lacks is still named by the template's header. */
  private headerOf(key: string): string {
    return this.cell(key)?.column.header ?? IMPORT_COLUMNS[this.row.category].find((c) => c.key === key)?.header ?? importTh.wholeRow;
  }

  add(key: string, reason: string): void {
    const column = this.headerOf(key);
    if (this.byColumn.has(column)) return;
    this.byColumn.set(column, { sheet: this.row.sheet, row: this.row.row, column, value: shownValue(this.inputOf(key)), reason });
  }

  has(key: string): boolean {
    return this.byColumn.has(this.headerOf(key));
  }

  inputOf(key: string): CellInput {
    return this.cell(key)?.input ?? null;
  }

  columnOf(key: string): ImportColumn | undefined {
    return this.cell(key)?.column;
  }

  get list(): ImportProblem[] {
    return [...this.byColumn.values()];
  }
}

/** The cells read, each to its DTO path; unreadable ones become problems. */
function readRow(row: SheetRow, problems: RowProblems): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const { column, input } of row.cells) {
    const read = readCell(column.type, input, row.category);
    if (read.problem) problems.add(column.key, read.problem);
    else if (read.value !== undefined) values.set(column.key, read.value);
  }
  return values;
}

/** The old register's number (required, so the item can be traced) and remarks. */
function legacyOf(values: Map<string, unknown>, problems: RowProblems): PlannedItem['legacy'] | undefined {
  const number = values.get(LEGACY_NUMBER) as string | undefined;
  const remarks = values.get(LEGACY_REMARKS) as string | undefined;
  if (!number) problems.add(LEGACY_NUMBER, importTh.required);
  else if (number.length > LEGACY_MAX) problems.add(LEGACY_NUMBER, importTh.tooLong(LEGACY_MAX));
  if (remarks && remarks.length > 1000) problems.add(LEGACY_REMARKS, importTh.tooLong(1000));
  return number ? { legacyRegisterNumber: number, ...(remarks ? { legacyRemarks: remarks } : {}) } : undefined;
}

function locationOf(values: Map<string, unknown>, context: RowContext, problems: RowProblems): ImportLocation | undefined {
  const code = values.get(LOCATION_CODE) as string | undefined;
  if (!code) {
    if (!problems.has(LOCATION_CODE)) problems.add(LOCATION_CODE, importTh.required);
    return undefined;
  }
  const location = context.locations.get(code);
  if (!location) problems.add(LOCATION_CODE, importTh.unknownLocation(code));
  return location;
}

/** A refusal of the DTO, in the clerk's words; a number that is a number but out of range says so. */
function dtoReason(problems: RowProblems, path: string, message: string): string {
  const column = problems.columnOf(path);
  const input = problems.inputOf(path);
  if (column && (column.type === 'number' || column.type === 'integer') && message === th.errors.numberInvalid) {
    return importTh.numberOutOfRange(shownValue(input));
  }
  return message;
}

/** A registration rule's refusal (item-rules.ts), next to the column it is about. */
function applyRule(problems: RowProblems, rule: () => void): void {
  try {
    rule();
  } catch (err) {
    if (!(err instanceof UnprocessableError)) throw err;
    problems.add(RULE_COLUMN[err.code] ?? '', err.messageTh);
  }
}

/**
 * Validates one row as POST /api/items would validate its request: the cells read, the DTO's own
 * checks (validateForm, as the pages do), the registration rules (checkRegistration), a location of
 * this station, and a HIGH-risk kind only in a secure location.
 */
export async function validateRow(row: SheetRow, context: RowContext): Promise<{ item?: PlannedItem; problems: ImportProblem[] }> {
  const problems = new RowProblems(row);
  const values = readRow(row, problems);
  const legacy = legacyOf(values, problems);
  const location = locationOf(values, context, problems);
  const request = requestOf(row.category, values, location?.id);
  const checked = await validateForm(CreateItemDto, request, th);
  for (const [path, message] of Object.entries(checked.errors ?? {})) {
    problems.add(path === 'locationId' ? LOCATION_CODE : path, dtoReason(problems, path, message));
  }
  const dto = checked.dto ?? plainToInstance(CreateItemDto, request);
  if (!values.has('kind')) return { problems: problems.list };
  applyRule(problems, () => checkRegistration(dto));
  const riskClass = riskClassOf(dto.kind as ItemKind, context.extraHighRiskKinds);
  if (location) applyRule(problems, () => assertStorable(location, riskClass));
  if (problems.list.length || !legacy || !location) return { problems: problems.list };
  return { item: { sheet: row.sheet, row: row.row, dto, riskClass, location, legacy }, problems: [] };
}

/** The serial-number column's header on the weapons sheet, for the report. */
const SERIAL_HEADER = IMPORT_COLUMNS[ItemCategory.WEAPON].find((c) => c.key === 'serialNumber')!.header;

/**
 * A weapon's serial number is unique in its station (a partial unique index): a serial given twice in
 * the file, or already registered, is refused on every row after the first.
 */
export function serialProblems(items: PlannedItem[], taken: ReadonlySet<string>): ImportProblem[] {
  const firstRow = new Map<string, number>();
  const problems: ImportProblem[] = [];
  for (const item of items) {
    const serial = item.dto.serialNumber;
    if (item.dto.category !== ItemCategory.WEAPON || !serial) continue;
    const problem = (reason: string) => problems.push({ sheet: item.sheet, row: item.row, column: SERIAL_HEADER, value: serial, reason });
    if (taken.has(serial)) problem(serialTaken(serial).messageTh);
    else if (firstRow.has(serial)) problem(importTh.serialTwiceInFile(serial, firstRow.get(serial)!));
    else firstRow.set(serial, item.row);
  }
  return problems;
}
