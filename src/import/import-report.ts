import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { importTh } from './import-messages.js';
import type { ImportProblem } from './register-workbook.reader.js';

export type ReportFormat = 'csv' | 'xlsx';

/** Thai vowels and tone marks written above or below a consonant take no column of their own on a terminal. */
const COMBINING = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/gu;

function displayWidth(text: string): number {
  return [...text.replace(COMBINING, '')].length;
}

function fit(text: string, width: number): string {
  let out = text;
  while (displayWidth(out) > width) out = `${[...out].slice(0, -2).join('')}…`;
  return out + ' '.repeat(width - displayWidth(out));
}

/** The report's lines: sheet, row, column, the cell as typed, the reason (a valid file gets one line saying so). */
function reportRows(problems: ImportProblem[], rows: number): string[][] {
  if (!problems.length) return [['', '', '', '', importTh.noProblems(rows)]];
  return problems.map((p) => [p.sheet, p.row === null ? '' : String(p.row), p.column, p.value, p.reason]);
}

/**
 * The report as a table for the terminal, at most `limit` lines (the file holds them all), columns
 * padded by how wide Thai text shows rather than by its length.
 */
export function reportTable(problems: ImportProblem[], rows: number, limit: number): string {
  const lines = reportRows(problems, rows).slice(0, limit);
  const caps = [18, 6, 22, 20];
  const widths = caps.map((cap, i) => Math.min(cap, Math.max(displayWidth(importTh.reportHeaders[i]), ...lines.map((l) => displayWidth(l[i])))));
  const format = (cells: string[]) => [...widths.map((w, i) => fit(cells[i], w)), cells[4]].join(' │ ');
  const rule = [...widths.map((w) => '─'.repeat(w)), '─'.repeat(20)].join('─┼─');
  const more = problems.length > limit ? [`… และอีก ${(problems.length - limit).toLocaleString('th-TH')} รายการ ดูในไฟล์รายงาน`] : [];
  return [format(importTh.reportHeaders), rule, ...lines.map(format), ...more].join('\n');
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The validation report as a file beside the workbook: CSV (UTF-8 with a BOM, so Excel reads the Thai) or XLSX. */
@Injectable()
export class ImportReportWriter {
  async render(problems: ImportProblem[], rows: number, format: ReportFormat): Promise<Buffer> {
    const lines = [importTh.reportHeaders, ...reportRows(problems, rows)];
    if (format === 'csv') return Buffer.from(`\uFEFF${lines.map((l) => l.map(csvField).join(',')).join('\r\n')}\r\n`, 'utf8');
    const book = new ExcelJS.Workbook();
    book.creator = 'Khlang';
    const sheet = book.addWorksheet('รายงานตรวจสอบ', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = [{ width: 20 }, { width: 8 }, { width: 26 }, { width: 26 }, { width: 80 }];
    for (const line of lines) sheet.addRow(line.map((cell, i) => (i === 1 && cell !== '' && line !== importTh.reportHeaders ? Number(cell) : cell)));
    sheet.getRow(1).font = { bold: true };
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 5 } };
    return Buffer.from(await book.xlsx.writeBuffer());
  }
}
