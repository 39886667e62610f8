import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { CATEGORY_TH, type ItemCategory } from '../items/item.enums.js';
import { type CellInput, cellInput, shownValue } from './cell-values.js';
import { categoryOfSheet, columnOfHeader, EXPLAIN_SHEET, type ImportColumn, IMPORT_COLUMNS, LISTS_SHEET } from './import-columns.js';
import { importTh } from './import-messages.js';

/** One line of the validation report: where (sheet, row, column by its Thai header), what was there, and why it is refused. */
export interface ImportProblem {
  sheet: string;
  /** The row number as Excel shows it; null for a problem of the whole file. */
  row: number | null;
  column: string;
  value: string;
  reason: string;
}

/** A data row of a register sheet: each known column's cell as typed. */
export interface SheetRow {
  sheet: string;
  category: ItemCategory;
  row: number;
  cells: { column: ImportColumn; input: CellInput }[];
}

export interface RegisterWorkbook {
  rows: SheetRow[];
  /** Problems of the file and its header rows; a sheet whose headers are wrong gives no rows. */
  problems: ImportProblem[];
}

export const fileProblem = (reason: string): ImportProblem => ({ sheet: importTh.wholeFile, row: null, column: '', value: '', reason });

type SheetReader = AsyncIterable<ExcelJS.Row> & { name: string };

/** Row 1 → the column of each used cell; unknown, repeated and missing required headers are problems. */
function readHeader(sheet: string, header: ExcelJS.Row | null, category: ItemCategory, problems: ImportProblem[]): Map<number, ImportColumn> | null {
  const columns = new Map<number, ImportColumn>();
  const before = problems.length;
  const problem = (column: string, value: string, reason: string) => problems.push({ sheet, row: 1, column, value, reason });
  header?.eachCell((cell, number) => {
    const text = shownValue(cellInput(cell.value)).trim();
    if (!text) return;
    const column = columnOfHeader(category, text);
    if (!column) problem(importTh.headerRow, text, importTh.unknownHeader(text));
    else if ([...columns.values()].includes(column)) problem(column.header, text, importTh.headerTwice(text));
    else columns.set(number, column);
  });
  const present = new Set(columns.values());
  for (const column of IMPORT_COLUMNS[category].filter((c) => c.required && !present.has(c))) {
    problem(column.header, '', importTh.missingHeader(column.header));
  }
  return problems.length > before ? null : columns;
}

/** A data row's known cells; null when there is nothing in any of them (a blank line of the register). */
function readRow(sheet: string, category: ItemCategory, row: ExcelJS.Row, columns: Map<number, ImportColumn>): SheetRow | null {
  const cells = [...columns].map(([col, column]) => ({ column, input: cellInput(row.getCell(col).value) }));
  if (cells.every((c) => c.input === null || (typeof c.input === 'string' && c.input.trim() === ''))) return null;
  return { sheet, category, row: row.number, cells };
}

/** One register sheet, streamed: its header, then its rows; a sheet whose headers are wrong gives no rows. */
async function readSheet(sheet: SheetReader, category: ItemCategory, rows: SheetRow[], problems: ImportProblem[]): Promise<void> {
  let columns: Map<number, ImportColumn> | null | undefined;
  for await (const row of sheet) {
    if (columns === undefined) columns = readHeader(sheet.name, row.number === 1 ? row : null, category, problems);
    if (!columns) continue;
    const read = row.number === 1 ? null : readRow(sheet.name, category, row, columns);
    if (read) rows.push(read);
  }
  // A sheet with nothing at all on it (a category the station has nothing of) is simply empty.
}

/**
 * Reads a workbook of old registers: one sheet per category named in Thai, Thai headers in row 1, a
 * row per item below. Other sheets (the template's explanations and lists) are left alone. The file is
 * streamed (exceljs's reader): 50,000 rows never sit in memory as a whole workbook model.
 */
@Injectable()
export class RegisterWorkbookReader {
  async read(bytes: Buffer): Promise<RegisterWorkbook> {
    const rows: SheetRow[] = [];
    const problems: ImportProblem[] = [];
    let registers = 0;
    try {
      const book = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
      for await (const sheet of book as AsyncIterable<SheetReader>) {
        const category = categoryOfSheet(sheet.name);
        if (!category) {
          // A sheet of rows that fits no category would be left out unseen: only the template's own may stay.
          if (sheet.name !== EXPLAIN_SHEET && sheet.name !== LISTS_SHEET) problems.push({ ...fileProblem(importTh.unknownSheet(sheet.name, Object.values(CATEGORY_TH))), sheet: sheet.name });
          continue;
        }
        registers++;
        await readSheet(sheet, category, rows, problems);
      }
    } catch {
      return { rows: [], problems: [fileProblem(importTh.notXlsx)] };
    }
    if (!registers) problems.push(fileProblem(importTh.noRegisterSheet(Object.values(CATEGORY_TH))));
    else if (!rows.length && !problems.length) problems.push(fileProblem(importTh.noRows));
    return { rows, problems };
  }
}
