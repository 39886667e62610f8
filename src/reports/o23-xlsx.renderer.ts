import ExcelJS from 'exceljs';
import { CATEGORY_TH, type ItemCategory, type ItemKind, KIND_TH } from '../items/item.enums.js';
import {
  conditionHeader,
  COVER_TH,
  FIGURE_HEADERS,
  figureSections,
  HOLDINGS_TH,
  NONE_TH,
  O23_CONDITIONS as CONDITIONS,
  O23_SECTIONS,
  type O23IssueStamp,
  O23_TITLE,
  o23PeriodKind,
  PROBLEMS_TH,
  signerTh,
  statusTh,
} from './o23-labels.js';
import type { O23Figures } from './reports.service.js';
import { bangkokCellDate, thaiDate, thaiPeriod } from './thai-dates.js';

const BOLD = { bold: true } as const;
const NUMBER = '#,##0';
const BAHT = '#,##0.00';

/** A sheet of label → figure rows under a title. */
function figureSheet(book: ExcelJS.Workbook, name: string, title: string, rows: [string, number | string | null][]): void {
  const sheet = book.addWorksheet(name);
  sheet.columns = [{ width: 60 }, { width: 18 }];
  sheet.addRow([title]).font = BOLD;
  sheet.addRow([...FIGURE_HEADERS]).font = BOLD;
  for (const [label, value] of rows) {
    const row = sheet.addRow([label, value]);
    if (typeof value === 'number') row.getCell(2).numFmt = NUMBER;
  }
}

/**
 * The O23 report as XLSX (DESIGN §6): a sheet with the station and period, then one sheet per section
 * with Thai headers and typed numbers and dates — the same figures as the JSON (and the PDF) by
 * construction, since all of them render one O23Figures object.
 */
export async function renderO23Xlsx(figures: O23Figures, generatedAt: Date, issue?: O23IssueStamp): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Khlang';
  book.created = generatedAt;
  const period = thaiPeriod(figures.period.from, figures.period.to);

  const cover = book.addWorksheet('รายงาน');
  cover.columns = [{ width: 32 }, { width: 60 }];
  cover.addRow([`${O23_TITLE} (${o23PeriodKind(figures.period)})`]).font = BOLD;
  cover.addRow([COVER_TH.station, figures.station.nameTh]);
  cover.addRow([COVER_TH.stationCode, figures.station.code]);
  cover.addRow([COVER_TH.period, period]);
  cover.addRow([COVER_TH.from, bangkokCellDate(new Date(figures.period.start))]).getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
  cover.addRow([COVER_TH.until, bangkokCellDate(new Date(figures.period.end))]).getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
  cover.addRow([COVER_TH.months, figures.period.months]);
  cover.addRow([COVER_TH.days, figures.period.days]);
  cover.addRow([COVER_TH.generatedAt, thaiDate(generatedAt)]);
  cover.addRow([COVER_TH.status, statusTh(issue)]).font = BOLD;
  if (issue) {
    cover.addRow([COVER_TH.version, issue.version]);
    cover.addRow([COVER_TH.issuedAt, bangkokCellDate(issue.issuedAt)]).getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
    cover.addRow([COVER_TH.issuedBy, signerTh(issue.issuer)]);
    if (issue.reason) cover.addRow([COVER_TH.reissueReason, issue.reason]);
  }

  const holdings = book.addWorksheet(O23_SECTIONS.holdings.sheet);
  holdings.columns = [{ width: 22 }, { width: 24 }, ...Array.from({ length: 5 + CONDITIONS.length }, () => ({ width: 14 }))];
  holdings.addRow([O23_SECTIONS.holdings.title]).font = BOLD;
  const h = HOLDINGS_TH;
  holdings.addRow([h.category, h.kind, h.opening, h.received, h.disposed, h.closing, h.closingValue, ...CONDITIONS.map(conditionHeader)]).font = BOLD;
  for (const r of figures.holdings.rows) {
    const row = holdings.addRow([
      CATEGORY_TH[r.category as ItemCategory] ?? r.category,
      KIND_TH[r.kind as ItemKind] ?? r.kind,
      r.opening,
      r.received,
      r.disposed,
      r.closing,
      r.closingValue,
      ...CONDITIONS.map((c) => r.byCondition[c] ?? 0),
    ]);
    row.getCell(7).numFmt = BAHT;
  }
  const t = figures.holdings.totals;
  const total = holdings.addRow([h.total, '', t.opening, t.received, t.disposed, t.closing, t.closingValue]);
  total.font = BOLD;
  total.getCell(7).numFmt = BAHT;

  for (const section of figureSections(figures)) {
    figureSheet(book, section.sheet, section.title, section.rows.map((r): [string, number | string | null] => [r.label, r.value]));
  }

  const problems = book.addWorksheet(O23_SECTIONS.problems.sheet);
  problems.columns = [{ width: 30 }, { width: 90 }];
  problems.addRow([O23_SECTIONS.problems.title]).font = BOLD;
  problems.addRow([PROBLEMS_TH.problems, figures.problems?.problems ?? NONE_TH]).alignment = { wrapText: true, vertical: 'top' };
  problems.addRow([PROBLEMS_TH.correctiveAction, figures.problems?.correctiveAction ?? NONE_TH]).alignment = { wrapText: true, vertical: 'top' };

  return Buffer.from(await book.xlsx.writeBuffer());
}
