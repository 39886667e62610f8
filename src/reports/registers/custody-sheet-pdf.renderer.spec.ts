import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { overlappingWords, requireTool, run, words, wordsOutside } from '../../../test/helpers/pdf-tools.js';
import type { ChainVerification } from '../../audit-log/audit-log.service.js';
import { ItemCategory, ItemCondition, ItemKind, ItemStatus, RiskClass } from '../../items/item.enums.js';
import { renderCustodySheetPdf } from './custody-sheet-pdf.renderer.js';
import { custodySheet, type CustodySheetDocument } from './custody-sheet.js';
import { renderRegisterXlsx } from './register-xlsx.renderer.js';
import type { CustodyEventRow, CustodyItem } from './registers.repository.js';

const STATION = { code: 'BKM', nameTh: 'สถานีตำรวจนครบาลบึงกุ่ม' };
const CHECKED_AT = new Date('2026-12-01T09:30:00+07:00');
const hash = (n: number) => createHash('sha256').update(`row ${n}`).digest('hex');

const ITEM: CustodyItem = {
  id: '5b0f3c1e-8a0e-4a47-9d53-2f2a4c9e7b10',
  code: 'BKM-EV69-000123',
  category: ItemCategory.EVIDENCE,
  kind: ItemKind.DRUGS,
  riskClass: RiskClass.HIGH,
  description: 'ยาบ้า 200 เม็ด บรรจุถุงพลาสติกใสปิดผนึก พร้อมซองเอกสารลงลายมือชื่อผู้ต้องหาและพนักงานสอบสวน',
  quantity: 200,
  unit: 'เม็ด',
  caseNumber: '123/2569',
  dailyReportRef: 'ข้อ 5',
  sealNumber: 'S-0001',
  weightGrams: 20.5,
  netWeightGrams: 18.2,
  amount: null,
  serialNumber: null,
  assetNumber: null,
  registeredAt: new Date('2026-01-10T14:05:00+07:00'),
  status: ItemStatus.DISPOSED,
  location: null,
  holder: null,
  closedOn: '2026-11-20',
  disposalMethod: 'DESTROY',
  disposalDocument: 'คำพิพากษาศาลอาญา คดีหมายเลขแดงที่ 456/2569',
  closingReason: null,
};

const CLERK = 'ร.ต.อ. สมหญิง รักษาของ';
const SUPERVISOR = 'พ.ต.ท. ประยุทธ มั่นคง';
const INVESTIGATOR = 'ร.ต.ท. วิชัย สอบสวน';

const blank = {
  witness: null,
  fromLocation: null,
  toLocation: null,
  recipient: null,
  destination: null,
  documentRef: null,
  quantity: null,
  sealSeen: null,
  weightSeenGrams: null,
  amountSeen: null,
  condition: null,
  reason: null,
  note: null,
};

/** An evidence item's life: intake, move, lab and back, a check, a correction, destruction. */
function events(): CustodyEventRow[] {
  const list: Omit<CustodyEventRow, 'audit'>[] = [
    { ...blank, id: 101, type: 'INTAKE', at: new Date('2026-01-10T14:05:00+07:00'), actor: INVESTIGATOR, witness: SUPERVISOR, toLocation: 'SAFE1 ตู้นิรภัยของกลาง', quantity: 200, sealSeen: 'S-0001', weightSeenGrams: 20.5, condition: ItemCondition.GOOD },
    { ...blank, id: 102, type: 'MOVE', at: new Date('2026-01-11T09:00:00+07:00'), actor: CLERK, witness: SUPERVISOR, fromLocation: 'SAFE1 ตู้นิรภัยของกลาง', toLocation: 'SAFE2 ห้องมั่นคงชั้น 2' },
    { ...blank, id: 103, type: 'SEND_OUT', at: new Date('2026-01-12T10:30:00+07:00'), actor: CLERK, witness: SUPERVISOR, fromLocation: 'SAFE2 ห้องมั่นคงชั้น 2', recipient: 'สถาบันนิติวิทยาศาสตร์ สำนักงานพิสูจน์หลักฐานตำรวจ', destination: 'LAB', documentRef: 'ตช 0026.1/100 ลงวันที่ 12 ม.ค. 2569', sealSeen: 'S-0001', weightSeenGrams: 20.5 },
    { ...blank, id: 104, type: 'RECEIVE_BACK', at: new Date('2026-02-02T15:45:00+07:00'), actor: CLERK, witness: SUPERVISOR, toLocation: 'SAFE1 ตู้นิรภัยของกลาง', recipient: 'สถาบันนิติวิทยาศาสตร์ สำนักงานพิสูจน์หลักฐานตำรวจ', sealSeen: 'S-0001', weightSeenGrams: 20.4, condition: ItemCondition.GOOD, note: 'น้ำหนักลดลงจากการสุ่มตัวอย่างตรวจพิสูจน์ 0.1 กรัม ตามหนังสือผลการตรวจพิสูจน์' },
    { ...blank, id: 105, type: 'AMEND', at: new Date('2026-03-01T11:00:00+07:00'), actor: CLERK, reason: 'แก้ไขเลขคดีให้ตรงกับสำนวน' },
    { ...blank, id: 106, type: 'DISPOSE', at: new Date('2026-11-20T10:00:00+07:00'), actor: CLERK, witness: SUPERVISOR, recipient: 'ทำลาย', documentRef: 'คำพิพากษาศาลอาญา คดีหมายเลขแดงที่ 456/2569', sealSeen: 'S-0001', weightSeenGrams: 20.4 },
  ];
  return list.map((e, i) => ({ ...e, audit: { seq: 1000 + i * 7, hash: hash(i), holds: true } }));
}

/** An event with every text at its largest (reason and note 1,000, recipient 300, document 200): taller than a page. */
function extremeEvents(): CustodyEventRow[] {
  const [, , sendOut] = events();
  const long = (s: string, n: number) => s.repeat(Math.ceil(n / s.length)).slice(0, n);
  return [sendOut, { ...sendOut, id: 107 }].map((e) => ({
    ...e,
    recipient: long('สถาบันนิติวิทยาศาสตร์ ', 300),
    documentRef: long('ตช 0026.1/100 ', 200),
    reason: long('ส่งตรวจพิสูจน์สารเสพติดตามคำสั่งพนักงานสอบสวน ', 1000),
    note: long('น้ำหนักลดลงจากการสุ่มตัวอย่างตรวจพิสูจน์ ', 1000),
  }));
}

const chainOk: ChainVerification = { ok: true, entries: 1234, headSeq: 1234, headHash: hash(1234), firstBadSeq: null };
const chainBad: ChainVerification = { ...chainOk, ok: false, firstBadSeq: 1014 };

const norm = (s: string) => s.normalize('NFKC').replace(/[\s\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]+/g, '');
const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';
const thai = (s: string) => s.replace(/[0-9]/g, (d) => THAI_DIGITS[Number(d)]);
const textOf = (file: string, page?: number) => norm(run('pdftotext', ['-raw', ...(page ? ['-f', `${page}`, '-l', `${page}`] : []), file, '-']));
const pagesOf = (file: string) => Number(/^Pages:\s+(\d+)$/m.exec(run('pdfinfo', [file]))?.[1]);

describe('custody sheet PDF', () => {
  let dir: string;
  const files: Record<string, string> = {};
  const docs: Record<string, CustodySheetDocument> = {};

  beforeAll(async () => {
    for (const tool of ['pdftotext', 'pdfinfo', 'pdffonts', 'pdftoppm']) requireTool(tool);
    dir = mkdtempSync(join(tmpdir(), 'khlang-custody-'));
    const tampered = events();
    tampered[2].audit = { ...tampered[2].audit!, holds: false };
    tampered[4].audit = null;
    const long = Array.from({ length: 60 }, (_, i) => ({ ...events()[i % 6], id: 200 + i, audit: { seq: 2000 + i, hash: hash(2000 + i), holds: true } }));
    docs.clean = custodySheet(STATION, ITEM, events(), chainOk, CHECKED_AT);
    docs.tampered = custodySheet(STATION, ITEM, tampered, chainBad, CHECKED_AT);
    docs.long = custodySheet(STATION, ITEM, long, chainOk, CHECKED_AT);
    docs.extreme = custodySheet(STATION, ITEM, extremeEvents(), chainOk, CHECKED_AT);
    for (const [name, doc] of Object.entries(docs)) {
      files[name] = join(dir, `${name}.pdf`);
      writeFileSync(files[name], await renderCustodySheetPdf(doc, { thaiNumerals: false }));
    }
    files.thai = join(dir, 'thai.pdf');
    writeFileSync(files.thai, await renderCustodySheetPdf(docs.clean, { thaiNumerals: true }));
  });
  afterAll(() => {
    if (dir && !process.env.KEEP_REGISTER_PDF) rmSync(dir, { recursive: true, force: true });
    else if (dir) console.log(`custody sheets kept in ${dir}`);
  });

  it.each(['clean', 'tampered', 'long', 'thai', 'extreme'])('%s: A4 portrait, Sarabun embedded and no other font', (name) => {
    expect(run('pdfinfo', [files[name]])).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);
    const fonts = run('pdffonts', [files[name]]).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+Sarabun-(Regular|Bold)\s.*\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
  });

  it("the item's identity: code, category and kind, description, case, seal, weights, the disposal", () => {
    const text = textOf(files.clean);
    for (const s of ['บันทึกห่วงโซ่การครอบครอง (Chain of Custody)', STATION.nameTh, ITEM.code, 'ของกลาง / ยาเสพติด', ITEM.description, '123/2569', 'ข้อ 5', 'S-0001', '20.5', '18.2', 'จำหน่ายแล้ว', '20 พ.ย. 2569', 'ทำลาย']) {
      expect({ s, found: text.includes(norm(s)) }).toEqual({ s, found: true });
    }
  });

  it('every event in order: Thai name, Buddhist-era date and Bangkok time, actor and witness with rank, places, recipient, document, reason, note', () => {
    const text = textOf(files.clean);
    // Each event's name after the previous one's, from the start of section 2.
    let at = text.indexOf(norm('2. ลำดับการครอบครองและการส่งมอบ'));
    for (const name of ['รับเข้าคลัง', 'ย้ายที่เก็บ', 'ส่งออกนอกคลัง', 'รับคืนเข้าคลัง', 'แก้ไขข้อมูล', 'จำหน่าย']) {
      at = text.indexOf(norm(name), at + 1);
      expect({ name, found: at >= 0 }).toEqual({ name, found: true });
    }
    for (const s of [
      '10 ม.ค. 2569 14.05 น.',
      '2 ก.พ. 2569 15.45 น.',
      INVESTIGATOR,
      CLERK,
      `พยาน ${SUPERVISOR}`,
      'จาก SAFE1 ตู้นิรภัยของกลาง',
      'ถึง SAFE2 ห้องมั่นคงชั้น 2',
      'ผู้รับ สถาบันนิติวิทยาศาสตร์ สำนักงานพิสูจน์หลักฐานตำรวจ',
      'ผู้ส่งคืน สถาบันนิติวิทยาศาสตร์ สำนักงานพิสูจน์หลักฐานตำรวจ',
      'ปลายทาง ส่งตรวจพิสูจน์',
      'เอกสาร ตช 0026.1/100 ลงวันที่ 12 ม.ค. 2569',
      'ซีลที่ตรวจพบ S-0001',
      'น้ำหนักที่ชั่ง 20.4 กรัม',
      'เหตุผล แก้ไขเลขคดีให้ตรงกับสำนวน',
      'หมายเหตุ น้ำหนักลดลงจากการสุ่มตัวอย่างตรวจพิสูจน์ 0.1 กรัม ตามหนังสือผลการตรวจพิสูจน์',
    ]) {
      expect({ s, found: text.includes(norm(s)) }).toEqual({ s, found: true });
    }
  });

  it('the verification: each audit row with its seq and short hash, holding; the chain verified; when checked; the signature block', () => {
    const text = textOf(files.clean);
    for (const e of events()) {
      expect(text).toContain(String(e.audit!.seq));
      expect(text).toContain(e.audit!.hash.slice(0, 16));
    }
    expect(text).toContain(norm('บันทึกของรายการนี้ ถูกต้องทุกรายการ (6 รายการ)'));
    expect(text).toContain(norm('ห่วงโซ่บันทึกทั้งสถานี ถูกต้อง (1234 รายการ ลำดับสุดท้าย 1234)'));
    expect(text).toContain(hash(1234));
    expect(text).toContain(norm('ตรวจสอบเมื่อ 1 ธ.ค. 2569 เวลา 09.30 น.'));
    expect(text).toMatch(new RegExp(`${norm('ลงชื่อ')}\\.{10,}${norm('ผู้รับรองสำเนา')}`));
    for (const line of ['ตำแหน่ง', 'วันที่']) expect(text).toMatch(new RegExp(`${norm(line)}\\.{10,}`));
  });

  it('a row that fails and a row that is missing are named; the chain says where it breaks', () => {
    const text = textOf(files.tampered);
    expect(text).toContain(norm('ไม่ถูกต้อง'));
    expect(text).toContain(norm('ไม่พบบันทึก'));
    expect(text).toContain(norm('บันทึกของรายการนี้ ไม่ถูกต้อง 2 จาก 6 รายการ'));
    expect(text).toContain(norm('ห่วงโซ่บันทึกทั้งสถานี ไม่ถูกต้อง ตั้งแต่ลำดับที่ 1014'));
  });

  it('60 events: several pages, the events table header repeated on each of its pages, "หน้า x/y" on every page', () => {
    const pages = pagesOf(files.long);
    expect(pages).toBeGreaterThan(3);
    for (let page = 1; page <= pages; page++) {
      const text = textOf(files.long, page);
      expect(text).toContain(norm(`หน้า ${page}/${pages}`));
      // Every page holds event rows of one table or the other, each under its header.
      expect(text.includes(norm('ผู้ดำเนินการ / พยาน')) || text.includes(norm('ค่าแฮช (16 หลักแรก)')) || page === pages).toBe(true);
    }
    const all = textOf(files.long);
    for (let i = 0; i < 60; i++) expect(all).toContain(String(2000 + i));
  });

  it('with Thai numerals: dates, times and page numbers in ๐–๙; codes and hashes as written', () => {
    const text = textOf(files.thai);
    expect(text).toContain(norm(thai('10 ม.ค. 2569')));
    expect(text).toContain(norm(thai('14.05 น.')));
    expect(text).toContain(norm(thai('หน้า 1/')));
    expect(text).toContain(ITEM.code);
    expect(text).toContain(events()[0].audit!.hash.slice(0, 16));
  });

  it('an event taller than a page breaks across pages rather than vanish', () => {
    const text = textOf(files.extreme);
    const [e] = extremeEvents();
    for (const part of [e.reason!.slice(0, 100), e.reason!.slice(-100), e.note!.slice(-100), e.recipient!.slice(-60)]) expect(text).toContain(norm(part));
  });

  it.each(['clean', 'tampered', 'long', 'thai', 'extreme'])('%s: every word inside the margins, none overlapping another', (name) => {
    const all = words(files[name]);
    const cm = 72 / 2.54;
    expect(wordsOutside(all, { left: 3 * cm, right: 595.28 - 2 * cm, pageHeight: 841.89 })).toEqual([]);
    expect(overlappingWords(all)).toEqual([]);
  });

  it('never ends a page on a section heading, whatever the number and height of the events', async () => {
    const headings = ['1. รายละเอียดของกลาง / ทรัพย์สิน', '2. ลำดับการครอบครองและการส่งมอบ', '3. การตรวจสอบบันทึกการตรวจสอบ (ห่วงโซ่แฮช)'].map(norm);
    // Events of varying height, so that across the range a table ends at every height of the page.
    const event = (i: number): CustodyEventRow => ({ ...events()[1], id: 300 + i, note: i % 3 ? null : 'บันทึกเพิ่มเติม '.repeat((i % 5) + 1), audit: { seq: i + 1, hash: hash(i), holds: true } });
    for (let n = 1; n <= 16; n++) {
      const file = join(dir, 'headings.pdf');
      const list = Array.from({ length: n }, (_, i) => event(i));
      writeFileSync(file, await renderCustodySheetPdf(custodySheet(STATION, ITEM, list, chainOk, CHECKED_AT), { thaiNumerals: false }));
      // pdftotext ends each page with a form feed.
      run('pdftotext', ['-layout', file, '-'])
        .split('\f')
        .forEach((text, i) => {
          const lines = text.split('\n').map(norm).filter((l) => l && !l.includes(norm('หน้า')));
          const last = lines[lines.length - 1];
          if (last) expect({ n, page: i + 1, last, heading: headings.includes(last) }).toEqual({ n, page: i + 1, last, heading: false });
        });
    }
  });

  it('page 1 renders to a PNG that is not blank', () => {
    const png = join(dir, 'clean-page1');
    run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', files.clean, png]);
    expect(statSync(`${png}.png`).size).toBeGreaterThan(10_000);
  });
});

describe('custody sheet XLSX', () => {
  it('the same events, with the whole hash, the seq and the result of each audit row', async () => {
    const tampered = events();
    tampered[2].audit = { ...tampered[2].audit!, holds: false };
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await renderRegisterXlsx(custodySheet(STATION, ITEM, tampered, chainBad, CHECKED_AT))) as never);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('ห่วงโซ่การครอบครอง');
    let header = 0;
    sheet.eachRow((row, n) => {
      if (!header && row.getCell(1).value === 'ลำดับ') header = n;
    });
    const rows = Array.from({ length: 6 }, (_, i) => sheet.getRow(header + 1 + i));
    expect(rows.map((r) => r.getCell(1).value)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows.map((r) => r.getCell(19).value)).toEqual(tampered.map((e) => e.audit!.seq));
    expect(rows.map((r) => r.getCell(20).value)).toEqual(tampered.map((e) => e.audit!.hash));
    expect(rows.map((r) => r.getCell(21).value)).toEqual(['ถูกต้อง', 'ถูกต้อง', 'ไม่ถูกต้อง', 'ถูกต้อง', 'ถูกต้อง', 'ถูกต้อง']);
    expect(rows[2].getCell(21).font?.bold).toBe(true);
    expect(rows[0].getCell(2).value).toEqual(new Date(Date.UTC(2026, 0, 10, 14, 5)));
  });
});
