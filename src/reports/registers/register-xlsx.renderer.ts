import ExcelJS from 'exceljs';
import type { CellValue, FieldType, RegisterDocument } from './register-document.js';

/**
 * Excel number formats. Dates show in the Buddhist era with Thai month names: calendar 07 (Thai
 * Buddhist), locale 041E (Thai), Western digits (01); the cell holds a real date whatever shows.
 */
const DAY_FORMAT = '[$-107041E]d mmm yyyy';
const MOMENT_FORMAT = '[$-107041E]d mmm yyyy hh:mm';
const FORMATS: Partial<Record<FieldType, string>> = { count: '#,##0', ordinal: '0', baht: '#,##0.00', percent: '0.00', day: DAY_FORMAT, moment: MOMENT_FORMAT };
const BANGKOK_OFFSET_MS = 7 * 3600_000;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6E6E6' } };
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FF808080' } };
const GRID: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/**
 * A value as Excel stores it. Excel has no time zones: a moment is written as its wall-clock time in
 * Bangkok (what the clerk saw), a day as that day's midnight.
 */
function excelValue(value: CellValue, type: FieldType): ExcelJS.CellValue {
  if (value === null || value === '') return null;
  if (type === 'day') {
    const [y, m, d] = (value as string).split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d));
  }
  if (type === 'moment') return new Date((value as Date).getTime() + BANGKOK_OFFSET_MS);
  return value;
}

function numberFormat(value: CellValue, type: FieldType): string | undefined {
  // A quantity shows its decimals only when it has some (20.5 grams, 100 tablets).
  if (type === 'quantity') return Number.isInteger(value) ? '#,##0' : '#,##0.###';
  return FORMATS[type];
}

function put(cell: ExcelJS.Cell, value: CellValue, type: FieldType): void {
  cell.value = excelValue(value, type);
  const format = numberFormat(value, type);
  if (format && cell.value !== null) cell.numFmt = format;
}

/**
 * A register, or the chain-of-custody sheet, as XLSX (DESIGN §6: machine-readable, the same rows as the
 * PDF): one sheet with the title, the station and the document's details above a table with Thai
 * headers, typed numbers and real dates; the header row frozen and filtered, set to print landscape
 * with the header on every page; the definitions underneath.
 */
export async function renderRegisterXlsx(doc: RegisterDocument): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Khlang';
  book.created = doc.generatedAt;
  const sheet = book.addWorksheet(doc.sheetName);
  sheet.columns = doc.fields.map((f) => ({ width: f.width }));

  sheet.addRow([doc.title]).font = { bold: true, size: 14 };
  sheet.addRow([`${doc.station.nameTh} (${doc.station.code})`]).font = { bold: true };
  for (const d of doc.details) {
    const row = sheet.addRow([d.label]);
    row.getCell(1).font = { bold: true };
    put(row.getCell(2), d.value, d.type ?? 'text');
  }
  sheet.addRow([]);

  const header = sheet.addRow(doc.fields.map((f) => f.header));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = GRID;
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  });
  for (const values of doc.totals && doc.rows.length ? [...doc.rows, doc.totals] : doc.rows) {
    const row = sheet.addRow([]);
    doc.fields.forEach((f, i) => {
      const cell = row.getCell(i + 1);
      const value = values[f.key] ?? null;
      put(cell, value, f.type);
      cell.border = GRID;
      cell.alignment = { vertical: 'top', wrapText: f.type === 'text' || f.type === 'person' };
      if (values === doc.totals || (value !== null && f.emphasis?.(value))) cell.font = { bold: true };
    });
  }

  if (doc.notes.length) {
    sheet.addRow([]);
    sheet.addRow(['หมายเหตุ']).font = { bold: true };
    doc.notes.forEach((note, i) => sheet.addRow([`${i + 1}. ${note}`]));
  }

  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: header.number }];
  sheet.autoFilter = { from: { row: header.number, column: 1 }, to: { row: header.number, column: doc.fields.length } };
  sheet.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${header.number}:${header.number}` };
  return Buffer.from(await book.xlsx.writeBuffer());
}
