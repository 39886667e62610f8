import { AuditKind } from '../audits/audit.enums.js';
import { CONDITION_TH, ItemCondition } from '../items/item.enums.js';
import { DEFAULT_STATION_SETTINGS } from '../stations/station-settings.js';
import { thaiShortDateTime } from './thai-dates.js';
import type { O23Figures } from './reports.service.js';

/**
 * The Thai words of the O23 report, shared by its XLSX and PDF so that both say the same things: the
 * title, the section titles (and sheet names), the column headers of section 1 and the label of every
 * figure of sections 2–8.
 */

export const O23_TITLE = 'รายงานผลการจัดการทรัพย์สินของราชการ ของบริจาค และของกลาง';

/** "ประจำเดือน" for one month, "ประจำช่วง" for a range of months. */
export function o23PeriodKind(period: { from: string; to: string }): string {
  return period.from === period.to ? 'ประจำเดือน' : 'ประจำช่วง';
}

/** The XLSX cover sheet's labels (the PDF's report details). */
export const COVER_TH = {
  station: 'สถานี',
  stationCode: 'รหัสสถานี',
  period: 'ช่วงเวลา',
  from: 'ตั้งแต่',
  until: 'ถึงก่อน',
  months: 'จำนวนเดือน',
  days: 'จำนวนวัน',
  generatedAt: 'จัดทำเมื่อ',
  status: 'สถานะ',
  issuedBy: 'ผู้ออกรายงาน',
  issuedAt: 'ออกรายงานเมื่อ',
  version: 'ครั้งที่ออก',
  reissueReason: 'เหตุที่ออกใหม่',
} as const;

/** Who issued a report, when, and which issue of the period it is; absent on a draft. */
export interface O23IssueStamp {
  version: number;
  issuedAt: Date;
  issuer: { displayName: string; rank: string; position: string | null };
  reason: string | null;
}

/** A draft (any file not issued) says so, so that it is never mistaken for the published report. */
export const DRAFT_TH = 'ฉบับร่าง ยังไม่ได้ออกรายงาน';
export const DRAFT_WATERMARK_TH = 'ฉบับร่าง';

/** The report's status line in both files: a draft, or which issue of the period it is. */
export function statusTh(stamp: O23IssueStamp | undefined): string {
  return stamp ? `ออกรายงานแล้ว ครั้งที่ ${stamp.version}` : DRAFT_TH;
}

/** "พ.ต.อ. สมชาย ใจดี" */
export function signerTh(issuer: O23IssueStamp['issuer']): string {
  return `${issuer.rank} ${issuer.displayName}`.trim();
}

export type O23SectionKey = 'holdings' | 'loans' | 'weapons' | 'donations' | 'evidence' | 'auditsAndIncidents' | 'auditLog' | 'problems';

/** DESIGN §6's eight sections, in order: the XLSX sheet name and the title printed above the section. */
export const O23_SECTIONS: Record<O23SectionKey, { sheet: string; title: string }> = {
  holdings: { sheet: '1 ทรัพย์สินในความดูแล', title: '1. ทรัพย์สินในความดูแลและการเคลื่อนไหวในช่วงเวลา' },
  loans: { sheet: '2 การยืม', title: '2. การยืมทรัพย์สิน' },
  weapons: { sheet: '3 อาวุธ', title: '3. อาวุธปืนและเครื่องกระสุน' },
  donations: { sheet: '4 ของบริจาค', title: '4. ของบริจาค' },
  evidence: { sheet: '5 ของกลาง', title: '5. ของกลาง' },
  auditsAndIncidents: { sheet: '6 ตรวจนับและเหตุผิดปกติ', title: '6. การตรวจนับและเหตุผิดปกติ' },
  auditLog: { sheet: '7 ความถูกต้องของบันทึก', title: '7. ความถูกต้องของบันทึกการตรวจสอบ (ห่วงโซ่แฮช)' },
  problems: { sheet: '8 ปัญหาและการแก้ไข', title: '8. ปัญหาอุปสรรคและแนวทางแก้ไข' },
};

/** Section 1: the ledger columns, then the condition of what is held at the end. */
export const O23_CONDITIONS: readonly ItemCondition[] = Object.values(ItemCondition);
export const HOLDINGS_TH = {
  category: 'หมวด',
  kind: 'ประเภท',
  opening: 'ยอดยกมา',
  received: 'รับเข้า',
  disposed: 'จำหน่าย',
  closing: 'คงเหลือ',
  closingValue: 'มูลค่าคงเหลือ (บาท)',
  total: 'รวม',
} as const;
/** The XLSX's header of a condition column. */
export const conditionHeader = (c: ItemCondition) => `สภาพ: ${CONDITION_TH[c]}`;

/** Header row of the label → figure sections. */
export const FIGURE_HEADERS = ['รายการ', 'จำนวน'] as const;

export const KIND_OF_COUNT_TH: Record<AuditKind, string> = {
  [AuditKind.DAILY_ARMS]: 'ตรวจนับอาวุธประจำวัน',
  [AuditKind.MONTHLY_EVIDENCE]: 'ตรวจนับของกลางประจำเดือน',
  [AuditKind.ANNUAL_PROPERTY]: 'ตรวจสอบพัสดุประจำปี',
  [AuditKind.SPOT]: 'ตรวจนับโดยไม่แจ้งล่วงหน้า',
};

export const PROBLEMS_TH = { problems: 'ปัญหาอุปสรรค', correctiveAction: 'แนวทางแก้ไข' } as const;
/** What stands for a text or value not given. */
export const NONE_TH = '-';
export const AUDIT_LOG_HASH_TH = 'ค่าแฮชสุดท้าย ณ สิ้นช่วง (SHA-256)';

export interface FigureRow {
  label: string;
  value: number | string | null;
  /** How the PDF prints it: a count (default), baht, a sentence, or an identifier printed as is (a hash). */
  format?: 'count' | 'baht' | 'text' | 'hash';
}

export interface FigureSection {
  key: Exclude<O23SectionKey, 'holdings' | 'problems'>;
  sheet: string;
  title: string;
  rows: FigureRow[];
}

/** Sections 2–7: each a list of label → figure rows. */
export function figureSections(figures: O23Figures): FigureSection[] {
  const section = (key: FigureSection['key'], rows: FigureRow[]): FigureSection => ({ key, ...O23_SECTIONS[key], rows });
  const l = figures.loans;
  const w = figures.weapons;
  const d = figures.donations;
  const e = figures.evidence;
  const a = figures.auditsAndIncidents;
  const log = figures.auditLog;
  return [
    section('loans', [
      { label: 'คำขอยืม', value: l.requested },
      { label: 'อนุมัติ', value: l.approved },
      { label: 'ไม่อนุมัติ', value: l.rejected },
      { label: 'ยกเลิก', value: l.cancelled },
      { label: 'จ่ายออก', value: l.issued },
      { label: 'คืนภายในกำหนด', value: l.returnedOnTime },
      { label: 'คืนเกินกำหนด', value: l.returnedLate },
      { label: 'ค้างคืน ณ สิ้นช่วง', value: l.outstandingAtEnd },
      { label: 'เกินกำหนดคืน ณ สิ้นช่วง', value: l.overdueAtEnd },
      { label: 'ต้องติดตามทวงคืน (ข้อ 211)', value: l.escalated },
    ]),
    section('weapons', [
      { label: 'วันที่มีการตรวจนับอาวุธประจำวัน', value: w.daysCounted },
      { label: 'จำนวนวันในช่วงเวลา', value: w.daysInPeriod },
      { label: 'เหตุผิดปกติจากการตรวจนับประจำวัน', value: w.countDiscrepancies },
      { label: 'การเบิกอาวุธประจำผลัด', value: w.shiftIssues },
      { label: 'การส่งคืนอาวุธประจำผลัด', value: w.shiftReturns },
      { label: 'ค้างคืนเมื่อปิดผลัด', value: w.unreturnedAtShiftClose },
    ]),
    section('donations', [
      { label: 'รับบริจาค (รายการ)', value: d.received },
      { label: 'มูลค่าที่รับบริจาค (บาท)', value: d.receivedValue, format: 'baht' },
      { label: 'อนุมัติรับ', value: d.accepted },
      { label: 'ไม่รับ', value: d.declined },
      { label: 'ผู้บริจาคเกี่ยวข้องกับคดีของสถานี (ผู้บังคับบัญชารับทราบ)', value: d.flaggedDonors },
      { label: 'รอพิจารณา ณ สิ้นช่วง', value: d.pendingAtEnd },
    ]),
    section('evidence', [
      { label: 'รับเข้า', value: e.received },
      { label: 'ส่งออก (ศาล ตรวจพิสูจน์ อัยการ)', value: e.sentOut },
      { label: 'รับคืน', value: e.returned },
      { label: 'จำหน่าย', value: e.disposed },
      { label: 'คงเหลือ ณ สิ้นช่วง', value: e.heldAtEnd },
      { label: 'ของกลางความเสี่ยงสูง ณ สิ้นช่วง', value: e.highRiskHeldAtEnd },
      { label: 'ถึงกำหนดพิจารณาจำหน่าย ณ วันสุดท้ายของช่วง', value: e.dueForDispositionAtEnd },
    ]),
    section('auditsAndIncidents', [
      ...Object.values(AuditKind).map((k): FigureRow => ({ label: KIND_OF_COUNT_TH[k], value: a.countsClosedByKind[k] ?? 0 })),
      { label: 'เหตุผิดปกติที่เกิดขึ้น', value: a.incidentsOpened },
      { label: 'เหตุผิดปกติที่แก้ไขแล้ว', value: a.incidentsResolved },
      { label: 'เหตุผิดปกติค้าง ณ สิ้นช่วง', value: a.incidentsOpenAtEnd },
    ]),
    section('auditLog', [
      { label: 'ผลการตรวจสอบห่วงโซ่', value: log.verified ? 'ถูกต้อง' : `ไม่ถูกต้อง ตั้งแต่ลำดับที่ ${log.firstBadSeq}`, format: 'text' },
      { label: 'ขอบเขตการตรวจ', value: verifiedScopeTh(log), format: 'text' },
      { label: 'จำนวนรายการ ณ สิ้นช่วง', value: log.entriesAtEnd },
      { label: 'ลำดับสุดท้าย ณ สิ้นช่วง', value: log.headSeqAtEnd },
      { label: AUDIT_LOG_HASH_TH, value: log.headHashAtEnd ?? NONE_TH, format: 'hash' },
    ]),
  ];
}

/** Which rows the report recomputed: the whole chain, or the rows after the last verification that held (its day). */
export function verifiedScopeTh(log: { verifiedSince?: { verifiedAt: string } | null }): string {
  return log.verifiedSince ? `ต่อจาก ${thaiShortDateTime(log.verifiedSince.verifiedAt, false)}` : 'ทั้งสาย';
}

/**
 * What each figure means, in Thai, for the report's notes page: the definitions next to the queries in
 * O23FiguresRepository (and EvidenceTimersService for the disposition timers), section by section.
 */
export const O23_DEFINITIONS_TH: { title: string; items: string[] }[] = [
  {
    title: 'ทั่วไป',
    items: [
      'ช่วงเวลาของรายงานนับตั้งแต่เวลา 00.00 น. ของวันแรกของเดือนแรก จนถึงก่อนเวลา 00.00 น. ของวันแรกของเดือนถัดจากเดือนสุดท้าย ตามเวลาประเทศไทย',
      'ตัวเลขทุกรายการคำนวณจากข้อมูลในระบบของสถานีนี้เท่านั้น ด้วยการรวมยอดจากฐานข้อมูลโดยตรง รายการหนึ่งหมายถึงทรัพย์สินหนึ่งรายการที่ลงทะเบียนและมีรหัสประจำรายการ',
    ],
  },
  {
    title: O23_SECTIONS.holdings.title,
    items: [
      'ทรัพย์สิน "อยู่ในความดูแล" ณ เวลาใด คือรายการที่ลงทะเบียนก่อนเวลานั้นและยังไม่ได้ปิดรายการ (จำหน่าย) ก่อนเวลานั้น ไม่ว่าจะอยู่ในคลัง ถูกยืม หรือส่งออกนอกคลัง',
      'ยอดยกมา คือรายการที่อยู่ในความดูแล ณ วันเริ่มต้นช่วง รับเข้า คือรายการที่ลงทะเบียนในช่วง จำหน่าย คือรายการที่ปิดรายการในช่วง และคงเหลือ คือรายการที่อยู่ในความดูแล ณ สิ้นช่วง (ยอดยกมา + รับเข้า − จำหน่าย)',
      'มูลค่าของรายการ คือราคาต่อหน่วยคูณจำนวน (ทรัพย์สินราชการ) หรือมูลค่าประมาณของของบริจาค หรือจำนวนเงินสด มิฉะนั้นถือเป็นศูนย์',
      'สภาพ ณ สิ้นช่วง คือสภาพที่บันทึกไว้ครั้งล่าสุดก่อนสิ้นช่วง (บันทึกเมื่อรับเข้า เมื่อตรวจสภาพ และเมื่อรับคืน)',
    ],
  },
  {
    title: O23_SECTIONS.loans.title,
    items: [
      'คำขอยืม อนุมัติ และไม่อนุมัติ นับคำขอและการพิจารณาที่เกิดขึ้นในช่วง (คำขอที่อนุมัติแล้วยกเลิกภายหลังยังนับเป็นอนุมัติ) จ่ายออก นับการจ่ายในช่วง',
      'คืนภายในกำหนดและคืนเกินกำหนด นับคำขอที่ได้รับรายการสุดท้ายคืนในช่วง โดยเทียบกับกำหนดคืน',
      'ค้างคืน ณ สิ้นช่วง นับคำขอที่จ่ายก่อนสิ้นช่วงและยังคืนไม่ครบ ณ สิ้นช่วง (เกินกำหนดคืน คือที่พ้นกำหนดคืนแล้ว ณ สิ้นช่วง)',
      `ต้องติดตามทวงคืน นับคำขอที่ถึงกำหนดติดตาม (กำหนดคืนบวกจำนวนวันตามที่สถานีตั้งไว้ ค่าเริ่มต้น ${DEFAULT_STATION_SETTINGS.overdueEscalationDays} วัน ตามข้อ 211) ในช่วง ขณะยังไม่ได้คืน`,
    ],
  },
  {
    title: O23_SECTIONS.weapons.title,
    items: [
      'วันที่มีการตรวจนับ คือจำนวนวันในช่วง (ตามเวลาประเทศไทย) ที่มีการปิดการตรวจนับอาวุธประจำวัน เหตุผิดปกติ คือเหตุที่เกิดจากการตรวจนับเหล่านั้น',
      'การเบิกและการส่งคืนอาวุธประจำผลัด นับรายการในสมุดเบิกจ่ายอาวุธที่เบิก และที่ปิดรายการในช่วง ค้างคืนเมื่อปิดผลัด คือรายการที่ยังไม่คืนเมื่อปิดผลัดในช่วง',
    ],
  },
  {
    title: O23_SECTIONS.donations.title,
    items: [
      'รับบริจาค คือของบริจาคที่ลงทะเบียนในช่วงและมูลค่าประมาณรวม อนุมัติรับและไม่รับ คือการพิจารณาของผู้บังคับบัญชาในช่วง รวมถึงจำนวนที่ผู้บริจาคมีชื่อเกี่ยวข้องกับคดีของสถานี',
      'รอพิจารณา คือของบริจาคที่ยังไม่ได้พิจารณา ณ สิ้นช่วง การนำของบริจาคแต่ละรายการไปใช้ดูได้จากทะเบียนของบริจาค',
    ],
  },
  {
    title: O23_SECTIONS.evidence.title,
    items: [
      'รับเข้า คือของกลางที่ลงทะเบียนในช่วง ส่งออก รับคืน และจำหน่าย นับการส่งออก การรับคืน และการปิดรายการในช่วง คงเหลือ คือของกลางที่อยู่ในความดูแล ณ สิ้นช่วง ทั้งหมดและที่มีความเสี่ยงสูง',
      'ถึงกำหนดพิจารณาจำหน่าย คือของกลางที่อยู่ในความดูแล ณ สิ้นช่วงซึ่งถึงวันทบทวน หรือพ้นกำหนด 1 ปีหลังแจ้งเจ้าของ หรือ 5 ปีเมื่อไม่ทราบตัวเจ้าของ (ข้อ 47) ณ วันสุดท้ายของช่วง',
    ],
  },
  {
    title: O23_SECTIONS.auditsAndIncidents.title,
    items: [
      'การตรวจนับแต่ละประเภท นับการตรวจนับที่ปิดในช่วง เหตุผิดปกติที่เกิดขึ้นและที่แก้ไขแล้ว นับในช่วง เหตุผิดปกติค้าง คือเหตุที่เกิดก่อนสิ้นช่วงและยังไม่ได้แก้ไข ณ สิ้นช่วง',
    ],
  },
  {
    title: O23_SECTIONS.auditLog.title,
    items: [
      'ลำดับและค่าแฮชสุดท้าย คือรายการสุดท้ายของบันทึกการตรวจสอบของสถานีก่อนสิ้นช่วง ผู้ถือรายงานนี้ตรวจได้ว่าประวัติจนถึงสิ้นช่วงไม่ถูกแก้ไขภายหลัง ผลการตรวจสอบห่วงโซ่เป็นผล ณ เวลาที่จัดทำรายงาน ระบบตรวจทั้งสายทุกคืน รายงานตรวจซ้ำเฉพาะรายการหลังการตรวจที่ถูกต้องครั้งล่าสุด (ขอบเขตการตรวจ)',
    ],
  },
];
