import ExcelJS from 'exceljs';
import { AuditKind } from '../audits/audit.enums.js';
import { CATEGORY_TH, CONDITION_TH, type ItemCategory, ItemCondition, type ItemKind, KIND_TH } from '../items/item.enums.js';
import type { O23Figures } from './reports.service.js';
import { thaiDate, thaiPeriod } from './thai-dates.js';

const KIND_OF_COUNT_TH: Record<AuditKind, string> = {
  [AuditKind.DAILY_ARMS]: 'ตรวจนับอาวุธประจำวัน',
  [AuditKind.MONTHLY_EVIDENCE]: 'ตรวจนับของกลางประจำเดือน',
  [AuditKind.ANNUAL_PROPERTY]: 'ตรวจสอบพัสดุประจำปี',
  [AuditKind.SPOT]: 'ตรวจนับโดยไม่แจ้งล่วงหน้า',
};

const CONDITIONS = Object.values(ItemCondition);
const BOLD = { bold: true } as const;
const NUMBER = '#,##0';
const BAHT = '#,##0.00';

/** A sheet of label → figure rows under a title. */
function figureSheet(book: ExcelJS.Workbook, name: string, title: string, rows: [string, number | string | null][]): void {
  const sheet = book.addWorksheet(name);
  sheet.columns = [{ width: 60 }, { width: 18 }];
  sheet.addRow([title]).font = BOLD;
  sheet.addRow(['รายการ', 'จำนวน']).font = BOLD;
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
export async function renderO23Xlsx(figures: O23Figures, generatedAt: Date): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Khlang';
  book.created = generatedAt;
  const period = thaiPeriod(figures.period.from, figures.period.to);

  const cover = book.addWorksheet('รายงาน');
  cover.columns = [{ width: 32 }, { width: 60 }];
  cover.addRow([`รายงานผลการจัดการทรัพย์สินของราชการ ของบริจาค และของกลาง (${figures.period.from === figures.period.to ? 'ประจำเดือน' : 'ประจำช่วง'})`]).font = BOLD;
  cover.addRow(['สถานี', figures.station.nameTh]);
  cover.addRow(['รหัสสถานี', figures.station.code]);
  cover.addRow(['ช่วงเวลา', period]);
  cover.addRow(['ตั้งแต่', new Date(figures.period.start)]).getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
  cover.addRow(['ถึงก่อน', new Date(figures.period.end)]).getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
  cover.addRow(['จำนวนเดือน', figures.period.months]);
  cover.addRow(['จำนวนวัน', figures.period.days]);
  cover.addRow(['จัดทำเมื่อ', thaiDate(generatedAt)]);

  const holdings = book.addWorksheet('1 ทรัพย์สินในความดูแล');
  holdings.columns = [{ width: 22 }, { width: 24 }, ...Array.from({ length: 5 + CONDITIONS.length }, () => ({ width: 14 }))];
  holdings.addRow(['1. ทรัพย์สินในความดูแลและการเคลื่อนไหวในช่วงเวลา']).font = BOLD;
  holdings.addRow(['หมวด', 'ประเภท', 'ยอดยกมา', 'รับเข้า', 'จำหน่าย', 'คงเหลือ', 'มูลค่าคงเหลือ (บาท)', ...CONDITIONS.map((c) => `สภาพ: ${CONDITION_TH[c]}`)]).font = BOLD;
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
  const total = holdings.addRow(['รวม', '', t.opening, t.received, t.disposed, t.closing, t.closingValue]);
  total.font = BOLD;
  total.getCell(7).numFmt = BAHT;

  const l = figures.loans;
  figureSheet(book, '2 การยืม', '2. การยืมทรัพย์สิน', [
    ['คำขอยืม', l.requested],
    ['อนุมัติ', l.approved],
    ['ไม่อนุมัติ', l.rejected],
    ['ยกเลิก', l.cancelled],
    ['จ่ายออก', l.issued],
    ['คืนภายในกำหนด', l.returnedOnTime],
    ['คืนเกินกำหนด', l.returnedLate],
    ['ค้างคืน ณ สิ้นช่วง', l.outstandingAtEnd],
    ['เกินกำหนดคืน ณ สิ้นช่วง', l.overdueAtEnd],
    ['ต้องติดตามทวงคืน (ข้อ 211)', l.escalated],
  ]);

  const w = figures.weapons;
  figureSheet(book, '3 อาวุธ', '3. อาวุธปืนและเครื่องกระสุน', [
    ['วันที่มีการตรวจนับอาวุธประจำวัน', w.daysCounted],
    ['จำนวนวันในช่วงเวลา', w.daysInPeriod],
    ['เหตุผิดปกติจากการตรวจนับประจำวัน', w.countDiscrepancies],
    ['การเบิกอาวุธประจำผลัด', w.shiftIssues],
    ['การส่งคืนอาวุธประจำผลัด', w.shiftReturns],
    ['ค้างคืนเมื่อปิดผลัด', w.unreturnedAtShiftClose],
  ]);

  const d = figures.donations;
  figureSheet(book, '4 ของบริจาค', '4. ของบริจาค', [
    ['รับบริจาค (รายการ)', d.received],
    ['มูลค่าที่รับบริจาค (บาท)', d.receivedValue],
    ['อนุมัติรับ', d.accepted],
    ['ไม่รับ', d.declined],
    ['ผู้บริจาคเกี่ยวข้องกับคดีของสถานี (ผู้บังคับบัญชารับทราบ)', d.flaggedDonors],
    ['รอพิจารณา ณ สิ้นช่วง', d.pendingAtEnd],
  ]);

  const e = figures.evidence;
  figureSheet(book, '5 ของกลาง', '5. ของกลาง', [
    ['รับเข้า', e.received],
    ['ส่งออก (ศาล ตรวจพิสูจน์ อัยการ)', e.sentOut],
    ['รับคืน', e.returned],
    ['จำหน่าย', e.disposed],
    ['คงเหลือ ณ สิ้นช่วง', e.heldAtEnd],
    ['ของกลางความเสี่ยงสูง ณ สิ้นช่วง', e.highRiskHeldAtEnd],
    ['ถึงกำหนดพิจารณาจำหน่าย ณ วันสุดท้ายของช่วง', e.dueForDispositionAtEnd],
  ]);

  const a = figures.auditsAndIncidents;
  figureSheet(book, '6 ตรวจนับและเหตุผิดปกติ', '6. การตรวจนับและเหตุผิดปกติ', [
    ...Object.values(AuditKind).map((k): [string, number] => [KIND_OF_COUNT_TH[k], a.countsClosedByKind[k] ?? 0]),
    ['เหตุผิดปกติที่เกิดขึ้น', a.incidentsOpened],
    ['เหตุผิดปกติที่แก้ไขแล้ว', a.incidentsResolved],
    ['เหตุผิดปกติค้าง ณ สิ้นช่วง', a.incidentsOpenAtEnd],
  ]);

  const log = figures.auditLog;
  figureSheet(book, '7 ความถูกต้องของบันทึก', '7. ความถูกต้องของบันทึกการตรวจสอบ (audit log)', [
    ['ผลการตรวจสอบห่วงโซ่', log.verified ? 'ถูกต้อง' : `ไม่ถูกต้อง ตั้งแต่ลำดับที่ ${log.firstBadSeq}`],
    ['จำนวนรายการ ณ สิ้นช่วง', log.entriesAtEnd],
    ['ลำดับสุดท้าย ณ สิ้นช่วง', log.headSeqAtEnd],
    ['ค่าแฮชสุดท้าย ณ สิ้นช่วง (SHA-256)', log.headHashAtEnd ?? '-'],
  ]);

  const problems = book.addWorksheet('8 ปัญหาและการแก้ไข');
  problems.columns = [{ width: 30 }, { width: 90 }];
  problems.addRow(['8. ปัญหาอุปสรรคและแนวทางแก้ไข']).font = BOLD;
  problems.addRow(['ปัญหาอุปสรรค', figures.problems?.problems ?? '-']).alignment = { wrapText: true, vertical: 'top' };
  problems.addRow(['แนวทางแก้ไข', figures.problems?.correctiveAction ?? '-']).alignment = { wrapText: true, vertical: 'top' };

  return Buffer.from(await book.xlsx.writeBuffer());
}
