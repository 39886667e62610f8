import type { ChainVerification } from '../../audit-log/audit-log.service.js';
import { CustodyEventType, EVENT_TH, SendOutDestination } from '../../custody/custody.enums.js';
import { METHOD_TH, type DisposalMethod } from '../../disposals/disposal.enums.js';
import { CATEGORY_TH, CONDITION_TH, ItemStatus, KIND_TH, RiskClass, STATUS_TH } from '../../items/item.enums.js';
import type { Detail, PdfColumn, RegisterDocument, RegisterField, RegisterRow } from './register-document.js';
import { HIGH_RISK_TH } from './register-tables.js';
import type { CustodyEventRow, CustodyItem } from './registers.repository.js';

/**
 * The chain-of-custody sheet of one item, court-ready (DESIGN §6): who the item is, every custody event in
 * order with the people who acted and witnessed, and for each event the audit-log row written with it and
 * whether that row still holds, with the whole station chain's check. The PDF and the XLSX render the same
 * document.
 */

const CUSTODY_TITLE_TH = 'บันทึกห่วงโซ่การครอบครอง (Chain of Custody)';
const AUDIT_RESULT_TH = { holds: 'ถูกต้อง', fails: 'ไม่ถูกต้อง', missing: 'ไม่พบบันทึก' } as const;
const CHAIN_TH = { ok: 'ถูกต้อง', bad: 'ไม่ถูกต้อง' } as const;

const DESTINATION_TH: Record<SendOutDestination, string> = {
  [SendOutDestination.LAB]: 'ส่งตรวจพิสูจน์',
  [SendOutDestination.COURT]: 'ศาล',
  [SendOutDestination.PROSECUTOR]: 'พนักงานอัยการ',
  [SendOutDestination.REPAIR]: 'ส่งซ่อม',
  [SendOutDestination.OTHER]: 'อื่น ๆ',
};

/** Events whose named person hands the item back rather than receives it. */
const HANDED_BACK: readonly string[] = [CustodyEventType.RETURN, CustodyEventType.RECEIVE_BACK];

export interface CustodySheetDocument extends RegisterDocument {
  code: string;
  /** Who the item is (the XLSX's details are these and the check's result). */
  identity: Detail[];
  /** The verification table: the events again, with their audit rows. */
  auditColumns: PdfColumn[];
  verification: {
    chain: ChainVerification;
    checkedAt: Date;
    /** Events whose audit row holds, out of all the item's events. */
    holding: number;
    events: number;
  };
}

const FIELDS: RegisterField[] = [
  { key: 'no', header: 'ลำดับ', type: 'ordinal', width: 7 },
  { key: 'at', header: 'วันเวลา', type: 'moment', width: 17 },
  { key: 'type', header: 'รายการ', type: 'text', width: 16 },
  { key: 'actor', header: 'ผู้ดำเนินการ', type: 'person', width: 26 },
  { key: 'witness', header: 'พยาน', type: 'person', width: 26 },
  { key: 'fromLocation', header: 'จาก', type: 'text', width: 24 },
  { key: 'toLocation', header: 'ถึง', type: 'text', width: 24 },
  { key: 'recipient', header: 'ผู้รับ', type: 'text', width: 26 },
  { key: 'returnedBy', header: 'ผู้ส่งคืน', type: 'text', width: 26 },
  { key: 'destination', header: 'ปลายทาง', type: 'text', width: 14 },
  { key: 'documentRef', header: 'เอกสารอ้างอิง', type: 'text', width: 26 },
  { key: 'quantity', header: 'จำนวน', type: 'quantity', width: 9 },
  { key: 'sealSeen', header: 'ซีลที่ตรวจพบ', type: 'code', width: 14 },
  { key: 'weightSeenGrams', header: 'น้ำหนักที่ชั่ง (กรัม)', type: 'quantity', width: 12 },
  { key: 'amountSeen', header: 'จำนวนเงินที่นับ (บาท)', type: 'baht', width: 14 },
  { key: 'condition', header: 'สภาพ', type: 'text', width: 12 },
  { key: 'reason', header: 'เหตุผล', type: 'text', width: 30 },
  { key: 'note', header: 'หมายเหตุ', type: 'text', width: 30 },
  { key: 'auditSeq', header: 'ลำดับบันทึกการตรวจสอบ', type: 'ordinal', width: 12 },
  { key: 'auditHash', header: 'ค่าแฮช (SHA-256)', type: 'hash', width: 66 },
  { key: 'auditResult', header: 'ผลการตรวจบันทึก', type: 'text', width: 14, emphasis: (v) => v !== AUDIT_RESULT_TH.holds },
];

const EVENT_COLUMNS: PdfColumn[] = [
  { header: 'ที่', width: 16, keys: ['no'] },
  { header: 'วัน เวลา', width: 54, keys: ['at'] },
  { header: 'รายการ', width: 56, keys: ['type'] },
  { header: 'ผู้ดำเนินการ / พยาน', width: 104, keys: ['actor', { keys: ['witness'], label: 'พยาน' }] },
  {
    header: 'รายละเอียด',
    width: '*',
    keys: [
      { keys: ['fromLocation'], label: 'จาก' },
      { keys: ['toLocation'], label: 'ถึง' },
      { keys: ['recipient'], label: 'ผู้รับ' },
      { keys: ['returnedBy'], label: 'ผู้ส่งคืน' },
      { keys: ['destination'], label: 'ปลายทาง' },
      { keys: ['documentRef'], label: 'เอกสาร' },
      { keys: ['quantity'], label: 'จำนวน' },
      { keys: ['sealSeen'], label: 'ซีลที่ตรวจพบ' },
      { keys: ['weightSeenGrams'], label: 'น้ำหนักที่ชั่ง', suffix: 'กรัม' },
      { keys: ['amountSeen'], label: 'จำนวนเงินที่นับ', suffix: 'บาท' },
      { keys: ['condition'], label: 'สภาพ' },
      { keys: ['reason'], label: 'เหตุผล' },
      { keys: ['note'], label: 'หมายเหตุ' },
    ],
  },
];

const AUDIT_COLUMNS: PdfColumn[] = [
  { header: 'ที่', width: 16, keys: ['no'] },
  { header: 'วัน เวลา', width: 54, keys: ['at'] },
  { header: 'รายการ', width: 62, keys: ['type'] },
  { header: 'ลำดับบันทึก', width: 52, keys: ['auditSeq'] },
  { header: 'ค่าแฮช (16 หลักแรก)', width: 104, keys: ['auditHash'] },
  { header: 'ผลการตรวจ', width: '*', keys: ['auditResult'] },
];

export const HASH_NOTE_TH =
  'บันทึกการตรวจสอบแต่ละรายการถูกต้องเมื่อค่าแฮชเท่ากับ SHA-256 ของ (ค่าแฮชของบันทึกก่อนหน้า ต่อด้วยข้อความบันทึก) ' +
  'และค่าแฮชของบันทึกก่อนหน้าที่อ้างถึงตรงกับบันทึกลำดับก่อนหน้าในห่วงโซ่ของสถานี บันทึกที่ถูกแก้ไขหรือลบจะตรวจพบได้';
const SOURCE_NOTE_TH = 'ข้อมูลทุกรายการมาจากทะเบียนในระบบคลัง (Khlang) ของสถานี เหตุการณ์ของการครอบครองบันทึกได้อย่างเดียว แก้ไขหรือลบไม่ได้';

function eventRow(e: CustodyEventRow, no: number): RegisterRow {
  const handedBack = HANDED_BACK.includes(e.type);
  return {
    no,
    at: e.at,
    type: EVENT_TH[e.type as CustodyEventType] ?? e.type,
    actor: e.actor,
    witness: e.witness,
    fromLocation: e.fromLocation,
    toLocation: e.toLocation,
    recipient: handedBack ? null : e.recipient,
    returnedBy: handedBack ? e.recipient : null,
    destination: e.destination ? DESTINATION_TH[e.destination as SendOutDestination] : null,
    documentRef: e.documentRef,
    quantity: e.quantity,
    sealSeen: e.sealSeen,
    weightSeenGrams: e.weightSeenGrams,
    amountSeen: e.amountSeen,
    condition: e.condition ? CONDITION_TH[e.condition] : null,
    reason: e.reason,
    note: e.note,
    auditSeq: e.audit?.seq ?? null,
    auditHash: e.audit?.hash ?? null,
    auditResult: !e.audit ? AUDIT_RESULT_TH.missing : e.audit.holds ? AUDIT_RESULT_TH.holds : AUDIT_RESULT_TH.fails,
  };
}

function identity(item: CustodyItem): Detail[] {
  const details: Detail[] = [
    { label: 'รหัส (ลำดับบนป้าย)', value: item.code, type: 'code' },
    { label: 'หมวด / ประเภท', value: `${CATEGORY_TH[item.category]} / ${KIND_TH[item.kind]}` },
    { label: 'ความเสี่ยง', value: item.riskClass === RiskClass.HIGH ? HIGH_RISK_TH : 'ปกติ' },
    { label: 'รายการ', value: item.description },
    { label: 'จำนวน', value: item.quantity, type: 'quantity' },
    { label: 'หน่วย', value: item.unit },
    { label: 'คดีอาญาที่', value: item.caseNumber },
    { label: 'ป.จ.ว.', value: item.dailyReportRef },
    { label: 'หมายเลขซีล', value: item.sealNumber, type: 'code' },
    { label: 'น้ำหนักรวมภาชนะ (กรัม)', value: item.weightGrams, type: 'quantity' },
    { label: 'น้ำหนักสุทธิ (กรัม)', value: item.netWeightGrams, type: 'quantity' },
    { label: 'จำนวนเงิน (บาท)', value: item.amount, type: 'baht' },
    { label: 'หมายเลขประจำอาวุธ / หมายเลขเครื่อง', value: item.serialNumber, type: 'code' },
    { label: 'เลขครุภัณฑ์', value: item.assetNumber, type: 'code' },
    { label: 'วันที่รับเข้าคลัง', value: item.registeredAt, type: 'moment' },
    { label: 'สถานะปัจจุบัน', value: STATUS_TH[item.status] },
    { label: 'ที่เก็บปัจจุบัน', value: item.location },
    { label: item.status === ItemStatus.DISPOSED ? 'ผู้รับ' : 'ผู้ครอบครองปัจจุบัน', value: item.holder },
    { label: 'วันที่จำหน่าย', value: item.closedOn, type: 'day' },
    { label: 'วิธีจำหน่าย', value: item.disposalMethod ? METHOD_TH[item.disposalMethod as DisposalMethod] : item.closingReason },
  ];
  return details.filter((d) => d.value !== null && d.value !== '');
}

/** The sheet as checked at `checkedAt`, which is also when it is made. */
export function custodySheet(station: { code: string; nameTh: string }, item: CustodyItem, events: CustodyEventRow[], chain: ChainVerification, checkedAt: Date): CustodySheetDocument {
  const rows = events.map((e, i) => eventRow(e, i + 1));
  const holding = events.filter((e) => e.audit?.holds).length;
  const itemDetails = identity(item);
  return {
    title: CUSTODY_TITLE_TH,
    sheetName: 'ห่วงโซ่การครอบครอง',
    station,
    code: item.code,
    identity: itemDetails,
    details: [
      ...itemDetails,
      { label: 'ผลตรวจบันทึกของรายการนี้', value: itemResult(holding, events.length) },
      { label: 'ผลตรวจห่วงโซ่บันทึกทั้งสถานี', value: chainResult(chain) },
      { label: 'ค่าแฮชล่าสุดของห่วงโซ่', value: chain.headHash, type: 'code' },
      { label: 'ตรวจสอบเมื่อ', value: checkedAt, type: 'moment' },
    ],
    fields: FIELDS,
    pdfColumns: EVENT_COLUMNS,
    auditColumns: AUDIT_COLUMNS,
    rows,
    notes: [HASH_NOTE_TH, SOURCE_NOTE_TH],
    verification: { chain, checkedAt, holding, events: events.length },
    generatedAt: checkedAt,
  };
}

/** "ถูกต้องทุกรายการ (5 รายการ)", or how many fail. */
export function itemResult(holding: number, events: number): string {
  return holding === events ? `${AUDIT_RESULT_TH.holds}ทุกรายการ (${events} รายการ)` : `${AUDIT_RESULT_TH.fails} ${events - holding} จาก ${events} รายการ`;
}

/** The station chain's check in words: the entries and head, or the first sequence number that does not hold. */
export function chainResult(chain: ChainVerification): string {
  return chain.ok
    ? `${CHAIN_TH.ok} (${chain.entries} รายการ ลำดับสุดท้าย ${chain.headSeq})`
    : `${CHAIN_TH.bad} ตั้งแต่ลำดับที่ ${chain.firstBadSeq ?? '-'}${chain.problem ? ' (โครงสร้างตารางบันทึกถูกเปลี่ยนแปลง)' : ''}`;
}
