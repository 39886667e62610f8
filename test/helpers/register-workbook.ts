import ExcelJS from 'exceljs';

/** A cell as a clerk would type it: text, a number, or a real Excel date. */
export type RegisterCell = string | number | Date | null;
/** A register sheet's rows, each by its Thai header; the headers are the keys in order of first appearance. */
export type RegisterSheets = Record<string, Record<string, RegisterCell>[]>;

/** An old-register workbook: one sheet per entry, headers in row 1, rows below (as a station's Excel registers look). */
export async function registerWorkbook(sheets: RegisterSheets): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    const headers = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    sheet.addRow(headers);
    for (const row of rows) sheet.addRow(headers.map((h) => row[h] ?? null));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Fills a template's register sheets: each row's values go under the header they name (the template's "*" ignored). */
export async function fillTemplate(template: Buffer, sheets: RegisterSheets): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(template as unknown as ArrayBuffer);
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.getWorksheet(name);
    if (!sheet) throw new Error(`the template has no sheet ${name}`);
    const columns = new Map<string, number>();
    sheet.getRow(1).eachCell((cell, col) => columns.set(String(cell.value).replace('*', '').trim(), col));
    rows.forEach((row, i) => {
      for (const [header, value] of Object.entries(row)) {
        const col = columns.get(header);
        if (!col) throw new Error(`the template's sheet ${name} has no column ${header}`);
        sheet.getCell(i + 2, col).value = value;
      }
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

export interface BigRegisterOptions {
  /** Rows in all, spread over the four sheets. */
  rows: number;
  /** Location codes of the station: a secure one for HIGH-risk kinds, an ordinary one for the rest. */
  secure: string;
  room: string;
  /** Makes the weapon serial numbers of this file unique against other files. */
  serialPrefix: string;
}

const thaiDate = (i: number) => `${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/${2560 + (i % 8)}`;

/** Row i of each sheet: a mix of kinds as old registers hold them, HIGH-risk ones in the secure place. */
const ROW_OF: Record<string, (i: number, o: BigRegisterOptions) => RegisterCell[]> = {
  ของกลาง: (i, o) => {
    const drugs = i % 3 === 0;
    return [`${i + 1}/${2560 + (i % 8)}`, drugs ? 'ยาเสพติด' : 'อุปกรณ์อิเล็กทรอนิกส์', drugs ? `ยาบ้า จำนวน ${i % 500 + 1} เม็ด บรรจุถุงพลาสติกใส ปิดผนึก` : `โทรศัพท์มือถือ Samsung Galaxy A${i % 90} สีดำ หน้าจอแตก`,
      drugs ? i % 500 + 1 : 1, drugs ? 'เม็ด' : 'เครื่อง', drugs ? o.secure : o.room, 'ใช้การได้', drugs ? `ซล.${i}` : null, drugs ? `${(i % 900) + 1},${String(i % 1000).padStart(3, '0')}.5` : null,
      `${(i % 900) + 1}/${2560 + (i % 8)}`, `ข้อ ${i % 40 + 1}`, drugs ? 'ยาเสพติดให้โทษประเภท 1' : 'ลักทรัพย์', 'นายสมชาย ใจดี', thaiDate(i)];
  },
  ทรัพย์สินราชการ: (i, o) => [`ค.${i + 1}`, i % 2 ? 'ครุภัณฑ์สำนักงาน' : 'วัสดุอุปกรณ์', i % 2 ? 'โต๊ะทำงานเหล็ก ขนาด 5 ฟุต' : 'วิทยุสื่อสาร Motorola GP328', 1, null, o.room, i % 10 ? 'ใช้การได้' : 'ชำรุด',
    `7440-001-${String(i).padStart(6, '0')}`, thaiDate(i), 'ซื้อ', 'เงินงบประมาณ', `${(i % 90) + 1},500.00`],
  อาวุธและยุทธภัณฑ์: (i, o) => [`อ.${i + 1}`, i % 2 ? 'อาวุธปืน' : 'เครื่องกระสุน', i % 2 ? 'อาวุธปืนพกสั้น ขนาด 9 มม. Glock 19' : 'กระสุนปืนขนาด 9 มม.', i % 2 ? 1 : '1,000', null, o.secure, 'ใช้การได้',
    i % 2 ? `${o.serialPrefix}${i}` : null, 'Glock', '19', '9 มม.'],
  ของบริจาค: (i, o) => [`บ.${i + 1}`, 'วัสดุอุปกรณ์', `ไฟฉายสายตรวจ LED ชุดที่ ${i + 1}`, 10, 'อัน', o.room, 'ใช้การได้', `บริษัท ตัวอย่าง ${i % 50} จำกัด`, thaiDate(i), '12,000', 'ใช้ในงานป้องกันปราบปราม'],
};

const HEADERS: Record<string, string[]> = {
  ของกลาง: ['ลำดับเดิม', 'ชนิด', 'รายการ', 'จำนวน', 'หน่วยนับ', 'รหัสที่เก็บ', 'สภาพ', 'เลขซีล', 'น้ำหนักรวม (กรัม)', 'คดีอาญาที่', 'ป.จ.ว. ข้อที่', 'ข้อหา', 'ยึดจาก', 'วันที่ยึด'],
  ทรัพย์สินราชการ: ['ลำดับเดิม', 'ชนิด', 'รายการ', 'จำนวน', 'หน่วยนับ', 'รหัสที่เก็บ', 'สภาพ', 'เลขครุภัณฑ์', 'วันที่ได้มา', 'วิธีการได้มา', 'แหล่งเงิน', 'ราคาต่อหน่วย (บาท)'],
  อาวุธและยุทธภัณฑ์: ['ลำดับเดิม', 'ชนิด', 'รายการ', 'จำนวน', 'หน่วยนับ', 'รหัสที่เก็บ', 'สภาพ', 'หมายเลขประจำอาวุธ', 'ยี่ห้อ', 'รุ่น / แบบ', 'ขนาดลำกล้อง'],
  ของบริจาค: ['ลำดับเดิม', 'ชนิด', 'รายการ', 'จำนวน', 'หน่วยนับ', 'รหัสที่เก็บ', 'สภาพ', 'ชื่อผู้บริจาค', 'วันที่รับบริจาค', 'มูลค่าโดยประมาณ (บาท)', 'วัตถุประสงค์ของผู้บริจาค'],
};

/** Shares of the rows per sheet: evidence first, as in a station's storage room. */
const SHARES: [string, number][] = [['ของกลาง', 0.55], ['ทรัพย์สินราชการ', 0.23], ['อาวุธและยุทธภัณฑ์', 0.1], ['ของบริจาค', 0.12]];

/**
 * A large, valid old-register workbook written with exceljs's streaming writer (a plain workbook of
 * 50,000 rows takes several seconds more to build); answers the rows per sheet.
 */
export async function writeBigRegister(file: string, options: BigRegisterOptions): Promise<Record<string, number>> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const counts: Record<string, number> = {};
  let left = options.rows;
  for (const [name, share] of SHARES) {
    const count = name === 'ของบริจาค' ? left : Math.round(options.rows * share);
    left -= count;
    counts[name] = count;
    const sheet = writer.addWorksheet(name);
    sheet.addRow(HEADERS[name]).commit();
    for (let i = 0; i < count; i++) sheet.addRow(ROW_OF[name](i, options)).commit();
    sheet.commit();
  }
  await writer.commit();
  return counts;
}
