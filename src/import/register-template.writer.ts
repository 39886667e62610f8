import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { BUILT_IN_HIGH_RISK_KINDS, CATEGORY_TH, CONDITION_TH, ItemCategory, type ItemKind, KIND_TH, KINDS_BY_CATEGORY } from '../items/item.enums.js';
import { settingsOf } from '../stations/station-settings.js';
import type { Station } from '../stations/station.entity.js';
import { th } from '../web/messages/th.js';
import { type CellType, EXPLAIN_SHEET, type ImportColumn, IMPORT_COLUMNS, LISTS_SHEET } from './import-columns.js';
import type { ImportLocation } from './import-validation.js';

/** Rows of each register sheet that get the drop-down lists (typing past them still works). */
const LIST_ROWS = 10_000;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6E6E6' } };
const NUMBER_FORMAT = '#,##0.###';
const TEXT_FORMAT = '@';

interface ChoiceList {
  header: string;
  values: string[];
}

/** The drop-down lists, one column each on the lists sheet; the kinds of each category have their own. */
function choiceLists(locations: ImportLocation[]): Record<string, ChoiceList> {
  const kinds = Object.fromEntries(
    Object.values(ItemCategory).map((c) => [`kind:${c}`, { header: `ชนิด: ${CATEGORY_TH[c]}`, values: KINDS_BY_CATEGORY[c].map((k) => KIND_TH[k]) }]),
  );
  return {
    ...kinds,
    condition: { header: 'สภาพ', values: Object.values(CONDITION_TH) },
    acquisition: { header: 'วิธีการได้มา', values: Object.values(th.items.acquisition) },
    funding: { header: 'แหล่งเงิน', values: Object.values(th.items.funding) },
    location: { header: 'รหัสที่เก็บ', values: locations.map((l) => l.code) },
  };
}

const columnLetter = (index: number) => {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
};

/** Where each list sits on the lists sheet: column by column, from row 2 (row 1 is its header). */
function listRanges(lists: Record<string, ChoiceList>): Map<string, string> {
  const ranges = new Map<string, string>();
  Object.entries(lists).forEach(([key, list], i) => {
    const letter = columnLetter(i + 1);
    if (list.values.length) ranges.set(key, `'${LISTS_SHEET}'!$${letter}$2:$${letter}$${list.values.length + 1}`);
  });
  return ranges;
}

/** The lists sheet: each list in its column, then the station's locations with their names and whether they are secure. */
function addLists(book: ExcelJS.Workbook, lists: Record<string, ChoiceList>, locations: ImportLocation[]): void {
  const sheet = book.addWorksheet(LISTS_SHEET);
  Object.values(lists).forEach((list, i) => {
    sheet.getCell(1, i + 1).value = list.header;
    list.values.forEach((value, r) => (sheet.getCell(r + 2, i + 1).value = value));
    sheet.getColumn(i + 1).width = 22;
  });
  const first = Object.keys(lists).length + 2;
  ['รหัสที่เก็บ', 'ชื่อที่เก็บ', 'ที่เก็บปลอดภัย'].forEach((header, i) => (sheet.getCell(1, first + i).value = header));
  locations.forEach((l, r) => {
    sheet.getCell(r + 2, first).value = l.code;
    sheet.getCell(r + 2, first + 1).value = l.name;
    sheet.getCell(r + 2, first + 2).value = l.secure ? 'ใช่' : '';
  });
  sheet.getColumn(first + 1).width = 30;
  sheet.getRow(1).font = { bold: true };
}

/** exceljs 4.4 adds a validation to a whole range (written as one sqref), but its typings only know the per-cell setter. */
function validations(sheet: ExcelJS.Worksheet): { add(range: string, validation: ExcelJS.DataValidation): void } {
  return (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
}

/** The list a column's cells choose from, if it has one. */
function listKey(type: CellType, category: ItemCategory): string | undefined {
  if (type === 'kind') return `kind:${category}`;
  return ['condition', 'acquisition', 'funding', 'location'].includes(type) ? type : undefined;
}

function addRegisterSheet(book: ExcelJS.Workbook, category: ItemCategory, ranges: Map<string, string>): void {
  const sheet = book.addWorksheet(CATEGORY_TH[category], { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns = IMPORT_COLUMNS[category];
  sheet.columns = columns.map((c) => ({ width: c.width, style: { numFmt: c.type === 'number' || c.type === 'integer' ? NUMBER_FORMAT : TEXT_FORMAT } }));
  const header = sheet.getRow(1);
  columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = column.required ? `${column.header} *` : column.header;
    cell.note = `${column.hint}\nตัวอย่าง: ${column.example}`;
    cell.font = { bold: true, color: column.required ? { argb: 'FFC00000' } : undefined };
    cell.fill = HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: 'middle' };
    const range = ranges.get(listKey(column.type, category) ?? '');
    if (range) {
      const letter = columnLetter(i + 1);
      validations(sheet).add(`${letter}2:${letter}${LIST_ROWS + 1}`, {
        type: 'list',
        allowBlank: true,
        formulae: [range],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: column.header,
        error: `ค่าไม่อยู่ในรายการ: ${column.hint}`,
      });
    }
  });
  header.height = 32;
}

/** What the explanation sheet says above the column table. */
function rulesText(station: Station): string[] {
  const high = [...BUILT_IN_HIGH_RISK_KINDS, ...settingsOf(station).extraHighRiskKinds].map((k) => KIND_TH[k as ItemKind] ?? k);
  return [
    `แม่แบบนำเข้าทะเบียนเดิม ${station.nameTh} (${station.code})`,
    `กรอกหนึ่งแถวต่อหนึ่งรายการ ในแผ่นงานตามประเภท: ${Object.values(CATEGORY_TH).join(' ')} (ห้ามเปลี่ยนชื่อแผ่นงานและหัวคอลัมน์ คอลัมน์ที่ไม่มี * ลบออกได้)`,
    'คอลัมน์ที่มี * ต้องมีในแผ่นงาน ช่องที่ต้องกรอกดูได้จากตารางด้านล่าง วางเมาส์บนหัวคอลัมน์เพื่อดูคำอธิบาย',
    'วันที่: วว/ดด/ปปปป (พ.ศ.) เช่น 25/11/2568 ใส่เวลาได้ เช่น 25/11/2568 14:30 หรือ ปปปป-ดด-วว (ค.ศ.) ตัวเลข: มีจุลภาคคั่นหลักพันได้',
    `ของสำคัญสูง (${high.join(' ')}) ต้องอยู่ในที่เก็บปลอดภัย และการนำเข้าต้องระบุพยาน (--witness)`,
    'หมายเลขประจำอาวุธต้องไม่ซ้ำกันทั้งในไฟล์และในสถานี',
    'ระบบตรวจทุกแถวก่อนบันทึก ถ้ามีข้อผิดพลาดแม้แถวเดียวจะไม่บันทึกอะไรเลย และออกรายงานบอกแผ่นงาน แถว คอลัมน์ และเหตุผล',
    'รหัสคลังใหม่ออกให้ต่อจากเลขล่าสุดของสถานีโดยไม่เว้นเลข ลำดับเดิมและหมายเหตุเดิมเก็บไว้กับรายการเพื่อสืบย้อน',
  ];
}

function addExplanation(book: ExcelJS.Workbook, station: Station): void {
  const sheet = book.addWorksheet(EXPLAIN_SHEET);
  sheet.columns = [{ width: 20 }, { width: 30 }, { width: 10 }, { width: 70 }, { width: 26 }];
  rulesText(station).forEach((line, i) => (sheet.addRow([line]).font = { bold: i === 0, size: i === 0 ? 14 : 11 }));
  sheet.addRow([]);
  const header = sheet.addRow(['แผ่นงาน', 'คอลัมน์', 'ต้องกรอก', 'คำอธิบาย', 'ตัวอย่าง']);
  header.font = { bold: true };
  header.eachCell((cell) => (cell.fill = HEADER_FILL));
  for (const category of Object.values(ItemCategory)) {
    for (const column of IMPORT_COLUMNS[category] as ImportColumn[]) {
      const row = sheet.addRow([CATEGORY_TH[category], column.header, column.required ? 'ต้องกรอก' : '', column.hint, String(column.example)]);
      row.alignment = { wrapText: true, vertical: 'top' };
    }
  }
}

/**
 * The import template (DESIGN §1 `import`): one sheet per category with Thai headers in row 1, a note on
 * each header, drop-down lists for kind, condition, acquisition, funding and the station's location
 * codes, an explanation sheet and the lists sheet.
 */
@Injectable()
export class RegisterTemplateWriter {
  async render(station: Station, locations: ImportLocation[]): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    book.creator = 'Khlang';
    const lists = choiceLists(locations);
    const ranges = listRanges(lists);
    for (const category of Object.values(ItemCategory)) addRegisterSheet(book, category, ranges);
    addExplanation(book, station);
    addLists(book, lists, locations);
    return Buffer.from(await book.xlsx.writeBuffer());
  }
}
