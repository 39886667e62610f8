import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inkShare, overlappingWords, pagesOf, requireTool, run, words, wordsOutside } from '../../../test/helpers/pdf-tools.js';
import { ItemCondition, ItemKind, ItemStatus, RiskClass } from '../../items/item.enums.js';
import type { RegisterDocument } from './register-document.js';
import { renderRegisterPdf } from './register-pdf.renderer.js';
import { armsRegister, donationsRegister, evidenceRegister, propertyRegister, type RegisterTable } from './register-tables.js';
import { renderRegisterXlsx } from './register-xlsx.renderer.js';
import type { ArmsRegisterRow, DonationRegisterRow, EvidenceRegisterRow, ItemState, PropertyRegisterRow } from './registers.repository.js';

/**
 * Fixed rows of each register for the renderer specs: what the repository answers for a station with a
 * little of everything, long Thai text, an item closed by a disposal and one out on loan.
 */

const STATION = { code: 'BKM', nameTh: 'สถานีตำรวจนครบาลบึงกุ่ม' };
const GENERATED_AT = new Date('2026-12-01T09:30:00+07:00');

const inStore = (location: string): ItemState => ({
  status: ItemStatus.IN_STORAGE,
  location,
  holder: null,
  closedOn: null,
  disposalMethod: null,
  disposalDocument: null,
  closingReason: null,
});

const LONG_DESCRIPTION =
  'รถจักรยานยนต์ยี่ห้อฮอนด้า รุ่นเวฟ 110 ไอ สีแดงดำ หมายเลขเครื่อง JA39E-1234567 หมายเลขตัวถัง MLHJA3901K5123456 ' +
  'สภาพมีรอยขีดข่วนบริเวณบังโคลนหน้า กระจกมองข้างด้านซ้ายแตก ไม่มีแผ่นป้ายทะเบียน พร้อมกุญแจหนึ่งดอก';

function evidenceRows(): EvidenceRegisterRow[] {
  const base = { yearBe: 2569, dailyReportRef: null, offence: null, amount: null, seizedPlace: null, sealNumber: null, weightGrams: null, riskClass: RiskClass.NORMAL };
  return [
    {
      ...base,
      ...inStore('SAFE1 ตู้นิรภัยของกลาง'),
      code: 'BKM-EV69-000001',
      caseNumber: '123/2569',
      dailyReportRef: 'ข้อ 5 ลง 10 ม.ค. 2569',
      offence: 'มียาเสพติดให้โทษประเภท 1 (เมทแอมเฟตามีน) ไว้ในครอบครองเพื่อจำหน่าย',
      kind: ItemKind.DRUGS,
      description: 'ยาบ้า 200 เม็ด บรรจุถุงพลาสติกใสปิดผนึก',
      quantity: 200,
      unit: 'เม็ด',
      seizedFrom: 'นายสมชาย ใจดี',
      seizedOn: '2026-01-10',
      seizedPlace: 'หน้าตลาดนัดบึงกุ่ม ถนนนวมินทร์',
      sealNumber: 'S-0001',
      weightGrams: 20.5,
      riskClass: RiskClass.HIGH,
      registeredAt: new Date('2026-01-10T14:05:00+07:00'),
    },
    {
      ...base,
      ...inStore('SAFE1 ตู้นิรภัยของกลาง'),
      code: 'BKM-EV69-000002',
      caseNumber: '124/2569',
      kind: ItemKind.CASH,
      description: 'ธนบัตรไทยชนิดราคา 1,000 บาท จำนวน 15 ฉบับ',
      quantity: 1,
      unit: 'ชุด',
      amount: 15_000,
      seizedFrom: 'นางสาวมาลี มีทรัพย์',
      seizedOn: '2026-02-03',
      sealNumber: 'S-0002',
      riskClass: RiskClass.HIGH,
      registeredAt: new Date('2026-02-03T10:00:00+07:00'),
    },
    {
      ...base,
      status: ItemStatus.SENT_OUT,
      location: null,
      holder: 'ศาลอาญากรุงเทพใต้',
      closedOn: null,
      disposalMethod: null,
      disposalDocument: null,
      closingReason: null,
      code: 'BKM-EV69-000003',
      caseNumber: '130/2569',
      kind: ItemKind.VEHICLE,
      description: LONG_DESCRIPTION,
      quantity: 1,
      unit: 'คัน',
      seizedFrom: 'ไม่ทราบเจ้าของ',
      seizedOn: '2026-03-01',
      riskClass: RiskClass.HIGH,
      registeredAt: new Date('2026-03-01T08:15:00+07:00'),
    },
    {
      ...base,
      status: ItemStatus.DISPOSED,
      location: null,
      holder: 'นายประเสริฐ คืนดี',
      closedOn: '2026-11-20',
      disposalMethod: 'RETURN_TO_OWNER',
      disposalDocument: 'คำสั่งพนักงานอัยการ ที่ อส 0017/1234',
      closingReason: null,
      code: 'BKM-EV69-000004',
      caseNumber: '131/2569',
      kind: ItemKind.DOCUMENT,
      description: 'สมุดบัญชีเงินฝากธนาคารกรุงไทย',
      quantity: 1,
      unit: 'เล่ม',
      seizedFrom: 'นายประเสริฐ คืนดี',
      seizedOn: null,
      registeredAt: new Date('2026-04-02T11:45:00+07:00'),
    },
  ];
}

/** Every text at its largest (the DTOs' limits: description 1,000, offence and place 300, seal 100): a row taller than a page. */
function extremeEvidenceRows(): EvidenceRegisterRow[] {
  const [drugs] = evidenceRows();
  return [1, 2].map((n) => ({
    ...drugs,
    code: `BKM-EV69-00000${n}`,
    description: LONG_DESCRIPTION.repeat(6).slice(0, 1000),
    offence: 'มีเมทแอมเฟตามีนไว้ในครอบครองเพื่อจำหน่าย'.repeat(10).slice(0, 300),
    seizedPlace: 'บริเวณหน้าตลาดนัดบึงกุ่ม'.repeat(15).slice(0, 300),
    sealNumber: `S-${'0123456789'.repeat(10)}`.slice(0, 100),
    location: `R1 ${'ห้องเก็บของกลางชั้นสอง'.repeat(10)}`.slice(0, 200),
  }));
}

/** `n` evidence rows numbered from 1, for the page-break checks. */
function manyEvidenceRows(n: number): EvidenceRegisterRow[] {
  const [first, , , last] = evidenceRows();
  return Array.from({ length: n }, (_, i) => ({
    ...(i % 2 ? first : last),
    code: `BKM-EV69-${String(i + 1).padStart(6, '0')}`,
    caseNumber: `${200 + i}/2569`,
  }));
}

function propertyRows(): PropertyRegisterRow[] {
  const base = {
    serialNumber: null,
    fundingSource: 'BUDGET',
    acquisitionMethod: 'PURCHASE',
    acquiredOnRegistration: false,
    acquisitionDocument: null,
    usefulLifeYears: 5,
    depreciationRate: null,
    condition: ItemCondition.GOOD,
  };
  return [
    {
      ...base,
      ...inStore('R1 ห้องธุรการ'),
      code: 'BKM-GP68-000001',
      assetNumber: '7440-001-0001/68',
      kind: ItemKind.ELECTRONICS,
      description: 'เครื่องคอมพิวเตอร์โน้ตบุ๊ก สำหรับงานสอบสวน',
      serialNumber: 'PF3X9K2L',
      acquiredOn: '2024-10-01',
      acquisitionDocument: 'สัญญาซื้อขายเลขที่ 12/2568',
      quantity: 1,
      unit: 'เครื่อง',
      unitPrice: 36_500,
      cost: 36_500,
    },
    {
      ...base,
      ...inStore('R2 ห้องประชุม'),
      code: 'BKM-GP69-000002',
      assetNumber: '7110-006-0002/69',
      kind: ItemKind.FURNITURE,
      description: 'โต๊ะประชุมไม้ขนาด 12 ที่นั่ง',
      fundingSource: 'DONATION',
      acquisitionMethod: 'DONATION',
      acquiredOn: '2026-04-01',
      acquiredOnRegistration: false,
      quantity: 2,
      unit: 'ตัว',
      unitPrice: 12_000,
      cost: 24_000,
      usefulLifeYears: 5,
      depreciationRate: 12.5,
    },
    {
      ...base,
      ...inStore('R1 ห้องธุรการ'),
      code: 'BKM-GP69-000003',
      assetNumber: null,
      kind: ItemKind.EQUIPMENT,
      description: 'เก้าอี้พลาสติก',
      acquiredOn: '2026-05-02',
      acquiredOnRegistration: true,
      quantity: 20,
      unit: 'ตัว',
      unitPrice: 250,
      cost: 5000,
    },
    {
      ...base,
      ...inStore('R1 ห้องธุรการ'),
      code: 'BKM-GP69-000004',
      assetNumber: null,
      kind: ItemKind.OTHER,
      description: 'ป้ายประชาสัมพันธ์ (ไม่มีราคา)',
      acquiredOn: '2026-06-01',
      quantity: 1,
      unit: 'ป้าย',
      unitPrice: null,
      cost: null,
    },
  ];
}

function armsRows(): ArmsRegisterRow[] {
  const base = { registrationNumber: null, make: null, model: null, calibre: null, condition: ItemCondition.GOOD, shiftName: null, loanDueAt: null, lastCountedOn: null };
  return [
    {
      ...base,
      ...inStore('SAFE2 ตู้นิรภัยอาวุธปืน'),
      code: 'BKM-WP69-000001',
      kind: ItemKind.FIREARM,
      description: 'ปืนพกสั้นกึ่งอัตโนมัติ',
      serialNumber: 'GLK-AB1234',
      registrationNumber: 'ตช.1234/2569',
      make: 'Glock',
      model: '19',
      calibre: '9 มม.',
      quantity: 1,
      unit: 'กระบอก',
      lastCountedOn: '2026-11-30',
    },
    {
      ...base,
      status: ItemStatus.ON_LOAN,
      location: null,
      holder: 'ส.ต.อ. สมศักดิ์ รักษาดี',
      closedOn: null,
      disposalMethod: null,
      disposalDocument: null,
      closingReason: null,
      code: 'BKM-WP69-000002',
      kind: ItemKind.FIREARM,
      description: 'ปืนพกสั้นกึ่งอัตโนมัติ',
      serialNumber: 'GLK-AB1235',
      make: 'Glock',
      model: '17',
      calibre: '9 มม.',
      quantity: 1,
      unit: 'กระบอก',
      shiftName: 'ผลัด 08.00–16.00 น. วันที่ 1 ธ.ค. 2569',
    },
    {
      ...base,
      ...inStore('SAFE2 ตู้นิรภัยอาวุธปืน'),
      code: 'BKM-WP69-000003',
      kind: ItemKind.AMMUNITION,
      description: 'กระสุนปืนพก ขนาด 9 มม.',
      serialNumber: null,
      calibre: '9 มม.',
      quantity: 450,
      unit: 'นัด',
      lastCountedOn: '2026-11-30',
    },
  ];
}

function donationRows(): DonationRegisterRow[] {
  return [
    {
      ...inStore('R1 ห้องธุรการ'),
      code: 'BKM-DN69-000001',
      kind: ItemKind.ELECTRONICS,
      description: 'เครื่องปรับอากาศ 18,000 บีทียู พร้อมติดตั้ง',
      quantity: 1,
      unit: 'เครื่อง',
      donorName: 'บริษัท ตัวอย่างการค้า จำกัด',
      donorContact: '02-123-4567',
      receivedOn: '2026-11-20',
      estimatedValue: 25_900,
      purpose: 'ใช้ในห้องสอบสวนผู้เสียหายที่เป็นเด็กและสตรี',
      donorReference: 'INV-2026-0042',
      decision: 'ACCEPTED',
      receiptNumber: 'BKM-RC69-000001',
      decidedBy: 'พ.ต.อ. ผู้กำกับ ทดสอบ',
      decidedAt: new Date('2026-11-21T10:00:00+07:00'),
      conflictAcknowledged: true,
      decisionNote: null,
    },
    {
      ...inStore('R1 ห้องธุรการ'),
      code: 'BKM-DN69-000002',
      kind: ItemKind.FURNITURE,
      description: 'ตู้เก็บเอกสารเหล็ก 4 ลิ้นชัก',
      quantity: 2,
      unit: 'ตู้',
      donorName: 'ร้านใจดีเฟอร์นิเจอร์',
      donorContact: null,
      receivedOn: '2026-11-25',
      estimatedValue: 7000,
      purpose: 'ใช้ในงานธุรการของสถานี',
      donorReference: null,
      decision: null,
      receiptNumber: null,
      decidedBy: null,
      decidedAt: null,
      conflictAcknowledged: false,
      decisionNote: null,
    },
  ];
}

const AS_OF = '2026-12-01';
const MATERIALS_THRESHOLD = 5000;

function document(table: RegisterTable, rows: number, asOf = false): RegisterDocument {
  return {
    ...table,
    station: STATION,
    details: [
      { label: 'ข้อมูล ณ', value: GENERATED_AT, type: 'moment' },
      ...(asOf ? [{ label: 'คำนวณค่าเสื่อมราคา ณ วันที่', value: AS_OF, type: 'day' as const }] : []),
      { label: 'จำนวนรายการ', value: rows, type: 'count' },
    ],
    generatedAt: GENERATED_AT,
  };
}

/**
 * Text as pdftotext gives it back, comparable with what was printed: NFKC (ำ reads back as ํา),
 * without whitespace and without Thai vowel and tone marks, which it orders by x position (the O23 spec
 * explains why).
 */
const norm = (s: string) => s.normalize('NFKC').replace(/[\s\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]+/g, '');
const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';
const thai = (s: string) => s.replace(/[0-9]/g, (d) => THAI_DIGITS[Number(d)]);
/**
 * The text in drawing order (`pdftotext -raw`): a cell's lines one after the other, where -layout would
 * interleave them with the neighbouring cells' lines.
 */
const textOf = (file: string) => norm(run('pdftotext', ['-raw', file, '-']));
const pageText = (file: string, page: number) => norm(run('pdftotext', ['-raw', '-f', `${page}`, '-l', `${page}`, file, '-']));

describe('register PDFs', () => {
  let dir: string;
  const files: Record<string, string> = {};
  const docs: Record<string, RegisterDocument> = {};

  beforeAll(async () => {
    for (const tool of ['pdftotext', 'pdfinfo', 'pdffonts', 'pdftoppm']) requireTool(tool);
    dir = mkdtempSync(join(tmpdir(), 'khlang-registers-'));
    docs.evidence = document(evidenceRegister(evidenceRows()), 4);
    docs.property = document(propertyRegister(propertyRows(), AS_OF, MATERIALS_THRESHOLD), 4, true);
    docs.arms = document(armsRegister(armsRows()), 3);
    docs.donations = document(donationsRegister(donationRows()), 2);
    docs.many = document(evidenceRegister(manyEvidenceRows(100)), 100);
    docs.empty = document(armsRegister([]), 0);
    docs.extreme = document(evidenceRegister(extremeEvidenceRows()), 2);
    for (const [name, doc] of Object.entries(docs)) {
      files[name] = join(dir, `${name}.pdf`);
      writeFileSync(files[name], await renderRegisterPdf(doc, { thaiNumerals: false }));
    }
    files.thai = join(dir, 'thai.pdf');
    writeFileSync(files.thai, await renderRegisterPdf(docs.evidence, { thaiNumerals: true }));
  });
  afterAll(() => {
    if (dir && !process.env.KEEP_REGISTER_PDF) rmSync(dir, { recursive: true, force: true });
    else if (dir) console.log(`register PDFs kept in ${dir}`);
  });

  it.each(['evidence', 'property', 'arms', 'donations', 'many', 'empty', 'thai'])('%s: A4 landscape, Sarabun embedded and no other font', (name) => {
    expect(run('pdfinfo', [files[name]])).toMatch(/^Page size:\s+841\.89 x 595\.28 pts \(A4\)$/m);
    const fonts = run('pdffonts', [files[name]]).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+Sarabun-(Regular|Bold)\s.*\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
  });

  it.each(['evidence', 'property', 'arms', 'donations'])('%s: the title, the station, every column header and every row code', (name) => {
    const text = textOf(files[name]);
    expect(text).toContain(norm(docs[name].title));
    expect(text).toContain(norm(`${STATION.nameTh} (${STATION.code})`));
    for (const column of docs[name].pdfColumns) expect({ header: column.header, found: text.includes(norm(column.header)) }).toEqual({ header: column.header, found: true });
    for (const row of docs[name].rows) expect(text).toContain(row.code);
    for (const note of docs[name].notes) expect(text).toContain(norm(note));
  });

  it('evidence: case, daily report, seizure, seal, weight, HIGH risk, Thai status, holder and the disposal of a closed item', () => {
    const text = textOf(files.evidence);
    for (const s of ['123/2569', 'ข้อ 5 ลง 10 ม.ค. 2569', 'นายสมชาย ใจดี', '10 ม.ค. 2569', 'S-0001', '20.5 กรัม', '15,000.00 บาท', 'ความเสี่ยง สูง', 'อยู่ในคลัง', 'ส่งออกนอกคลัง', 'ศาลอาญากรุงเทพใต้', 'จำหน่ายแล้ว', '20 พ.ย. 2569', 'คืนเจ้าของ', 'คำสั่งพนักงานอัยการ ที่ อส 0017/1234', '200 เม็ด', '10 ม.ค. 2569 14.05 น.']) {
      expect({ s, found: text.includes(norm(s)) }).toEqual({ s, found: true });
    }
    // The long description is printed whole, over as many lines as it takes.
    expect(text).toContain(norm(evidenceRows()[2].description));
  });

  it('property: the hand-computed depreciation as at 1 Dec 2569, blanks for a material and an unpriced item, the totals', () => {
    // 36,500 at 20 %: 7,300 a year; 1 Oct 2567 – 1 Dec 2569 is 792 days: 7,300 × 792 ÷ 365 = 15,840.
    // 2 × 12,000 at 12.5 %: 3,000 a year; 1 Apr – 1 Dec 2569 is 245 days: 3,000 × 245 ÷ 365 = 2,013.70.
    const [laptop, tables, chairs, sign] = docs.property.rows;
    expect([laptop.yearlyDepreciation, laptop.accumulatedDepreciation, laptop.netValue]).toEqual([7300, 15_840, 20_660]);
    expect([tables.depreciationRate, tables.yearlyDepreciation, tables.accumulatedDepreciation, tables.netValue]).toEqual([12.5, 3000, 2013.7, 21_986.3]);
    expect([chairs.accumulatedDepreciation, sign.accumulatedDepreciation, sign.cost]).toEqual([null, null, null]);
    expect(chairs.remarks).toContain('วัสดุ');
    expect(docs.property.totals).toMatchObject({ cost: 65_500, yearlyDepreciation: 10_300, accumulatedDepreciation: 17_853.7, netValue: 42_646.3 });
    const text = textOf(files.property);
    for (const s of ['36,500.00', '7,300.00', '15,840.00', '20,660.00', '24,000.00', '2,013.70', '21,986.30', '65,500.00', '17,853.70', '42,646.30', 'รวมทั้งสิ้น', 'เงินงบประมาณ', 'รับบริจาค', '1 ต.ค. 2567', 'ไม่ได้บันทึกวันที่ได้มา ใช้วันที่ลงทะเบียน', 'คำนวณค่าเสื่อมราคา ณ วันที่ 1 ธ.ค. 2569']) {
      expect({ s, found: text.includes(norm(s)) }).toEqual({ s, found: true });
    }
  });

  it('arms: serial, make, model, calibre, registration, who has it on which shift, the last count that found it', () => {
    const text = textOf(files.arms);
    for (const s of ['GLK-AB1234', 'ทะเบียน ตช.1234/2569', 'Glock 19', '9 มม.', 'ถูกยืม', 'ส.ต.อ. สมศักดิ์ รักษาดี', 'เบิกประจำผลัด ผลัด 08.00–16.00 น. วันที่ 1 ธ.ค. 2569', '30 พ.ย. 2569', '450 นัด']) {
      expect({ s, found: text.includes(norm(s)) }).toEqual({ s, found: true });
    }
  });

  it('donations: receipt, donor, value, purpose, decision (with the flagged donor) and a pending one', () => {
    const text = textOf(files.donations);
    for (const s of ['BKM-RC69-000001', 'บริษัท ตัวอย่างการค้า จำกัด', '25,900.00', 'ใช้ในห้องสอบสวนผู้เสียหายที่เป็นเด็กและสตรี', 'รับบริจาค', 'พ.ต.อ. ผู้กำกับ ทดสอบ', 'ผู้บริจาคมีชื่อในของกลางของสถานี', 'รอผู้บังคับบัญชาพิจารณา']) {
      expect({ s, found: text.includes(norm(s)) }).toEqual({ s, found: true });
    }
  });

  it('rows taller than a page break across pages rather than vanish: every part of the longest texts is printed', () => {
    expect(pagesOf(files.extreme)).toBeGreaterThan(2);
    const text = textOf(files.extreme);
    const [row] = extremeEvidenceRows();
    for (const part of [row.description.slice(0, 120), row.description.slice(-120), row.offence!.slice(-60), row.seizedPlace!.slice(-60)]) expect(text).toContain(norm(part));
    for (const code of ['BKM-EV69-000001', 'BKM-EV69-000002']) expect(text).toContain(code);
  });

  it('an empty register says so under its header', () => {
    expect(textOf(files.empty)).toContain(norm('ยังไม่มีรายการในทะเบียนนี้'));
  });

  it('100 rows: several pages, each with the title, the table header and "หน้า x/y"; every code once, none split', () => {
    const pages = pagesOf(files.many);
    expect(pages).toBeGreaterThan(3);
    let all = '';
    for (let page = 1; page <= pages; page++) {
      const text = pageText(files.many, page);
      expect(text).toContain(norm(docs.many.title));
      for (const column of docs.many.pdfColumns) expect({ page, header: column.header, found: text.includes(norm(column.header)) }).toEqual({ page, header: column.header, found: true });
      expect(text).toContain(norm(`หน้า ${page}/${pages}`));
      all += text;
    }
    for (const row of docs.many.rows) expect({ code: row.code, times: all.split(String(row.code)).length - 1 }).toEqual({ code: row.code, times: 1 });
  });

  it('with Thai numerals: dates, figures and page numbers in ๐–๙, codes and case numbers as written', () => {
    const text = textOf(files.thai);
    expect(text).toContain(norm(thai('10 ม.ค. 2569')));
    expect(text).toContain(norm(thai('15,000.00 บาท')));
    expect(text).toContain(norm(thai('หน้า 1/')));
    expect(text).toContain('BKM-EV69-000001');
    expect(text).toContain('123/2569');
  });

  it.each(['evidence', 'property', 'arms', 'donations', 'many', 'thai', 'extreme'])('%s: every word inside the margins, none overlapping another', (name) => {
    const all = words(files[name]);
    expect(all.length).toBeGreaterThan(100);
    const margin = 1.5 * (72 / 2.54);
    expect(wordsOutside(all, { left: margin, right: 841.89 - margin, pageHeight: 595.28 })).toEqual([]);
    expect(overlappingWords(all)).toEqual([]);
  });

  it.each(['evidence', 'property', 'many'])('%s: page 1 renders to a PNG that is not blank', (name) => {
    const png = join(dir, `${name}-page1`);
    run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', files[name], png]);
    expect(statSync(`${png}.png`).size).toBeGreaterThan(10_000);
    expect(inkShare(files[name], 1, dir)).toBeGreaterThan(0.02);
  });
});

describe('register XLSX', () => {
  let book: ExcelJS.Workbook;
  const doc = () => document(propertyRegister(propertyRows(), AS_OF, MATERIALS_THRESHOLD), 4, true);

  beforeAll(async () => {
    book = new ExcelJS.Workbook();
    await book.xlsx.load((await renderRegisterXlsx(doc())) as never);
  });

  /** The table under the header row: header → value, one object per row. */
  function table(sheet: ExcelJS.Worksheet): { headerRow: number; rows: Record<string, unknown>[] } {
    let headerRow = 0;
    sheet.eachRow((row, n) => {
      if (!headerRow && row.getCell(1).value === 'รหัส') headerRow = n;
    });
    const headers = (sheet.getRow(headerRow).values as unknown[]).slice(1) as string[];
    const rows: Record<string, unknown>[] = [];
    for (let n = headerRow + 1; n <= sheet.rowCount; n++) {
      const row = sheet.getRow(n);
      if (!row.getCell(1).value && !row.getCell(4).value) break;
      rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
    }
    return { headerRow, rows };
  }

  it('one sheet named in Thai: title, station, as-at date as a real date, frozen header row with a filter', () => {
    expect(book.worksheets.map((s) => s.name)).toEqual(['ทะเบียนคุมทรัพย์สิน']);
    const sheet = book.worksheets[0];
    expect(sheet.getCell('A1').value).toBe('ทะเบียนคุมทรัพย์สิน');
    expect(sheet.getCell('A2').value).toBe('สถานีตำรวจนครบาลบึงกุ่ม (BKM)');
    expect(sheet.getCell('A4').value).toBe('คำนวณค่าเสื่อมราคา ณ วันที่');
    expect(sheet.getCell('B4').value).toEqual(new Date(Date.UTC(2026, 11, 1)));
    const { headerRow } = table(sheet);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
    expect(sheet.autoFilter).toBeDefined();
  });

  it('the same rows as the PDF, as typed numbers and dates; the totals row last', () => {
    const { rows } = table(book.worksheets[0]);
    expect(rows.map((r) => r['รหัส'])).toEqual(['BKM-GP68-000001', 'BKM-GP69-000002', 'BKM-GP69-000003', 'BKM-GP69-000004', null]);
    expect(rows[0]).toMatchObject({
      'เลขครุภัณฑ์': '7440-001-0001/68',
      'วันที่ได้มา': new Date(Date.UTC(2024, 9, 1)),
      'มูลค่ารวม (บาท)': 36_500,
      'อัตราค่าเสื่อมราคา (% ต่อปี)': 20,
      'ค่าเสื่อมราคาต่อปี (บาท)': 7300,
      'ค่าเสื่อมราคาสะสม (บาท)': 15_840,
      'มูลค่าสุทธิ (บาท)': 20_660,
      'แหล่งเงิน': 'เงินงบประมาณ',
      'สถานะ': 'อยู่ในคลัง',
    });
    expect(rows[2]['ค่าเสื่อมราคาสะสม (บาท)']).toBeNull();
    expect(rows[4]).toMatchObject({ 'รายการ': 'รวมทั้งสิ้น', 'มูลค่ารวม (บาท)': 65_500, 'ค่าเสื่อมราคาสะสม (บาท)': 17_853.7, 'มูลค่าสุทธิ (บาท)': 42_646.3 });
  });

  it('writes a moment as its wall-clock time in Bangkok', async () => {
    const evidence = new ExcelJS.Workbook();
    await evidence.xlsx.load((await renderRegisterXlsx(document(evidenceRegister(evidenceRows()), 4))) as never);
    const sheet = evidence.worksheets[0];
    let found: unknown;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === 'BKM-EV69-000001') found = row.getCell(17).value;
    });
    expect(found).toEqual(new Date(Date.UTC(2026, 0, 10, 14, 5)));
  });
});
