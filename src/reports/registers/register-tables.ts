import { METHOD_TH, type DisposalMethod } from '../../disposals/disposal.enums.js';
import { CONDITION_TH, KIND_TH, RiskClass, STATUS_TH } from '../../items/item.enums.js';
import { AcquisitionMethod, FundingSource } from '../../items/items.dto.js';
import { DEPRECIATION_NOTE_TH, straightLine } from './depreciation.js';
import type { PdfColumn, RegisterField, RegisterRow } from './register-document.js';
import type { ArmsRegisterRow, DonationRegisterRow, EvidenceRegisterRow, ItemState, PropertyRegisterRow } from './registers.repository.js';

/**
 * The four registers as tables (DOMAIN-TH §2, §3, §4, §7): their Thai columns, the XLSX's one field per
 * column, the PDF's columns that stack related fields so a landscape A4 page holds the ledger, and the
 * rows made from the repository's. Every register ends with where the item is now and, once closed, when
 * and how it left the register.
 */

export interface RegisterTable {
  title: string;
  sheetName: string;
  fields: RegisterField[];
  pdfColumns: PdfColumn[];
  rows: RegisterRow[];
  totals?: RegisterRow;
  notes: string[];
}

const FUNDING_TH: Record<FundingSource, string> = {
  [FundingSource.BUDGET]: 'เงินงบประมาณ',
  [FundingSource.OFF_BUDGET]: 'เงินนอกงบประมาณ',
  [FundingSource.DONATION]: 'เงินบริจาค',
};

const ACQUISITION_TH: Record<AcquisitionMethod, string> = {
  [AcquisitionMethod.PURCHASE]: 'ซื้อ',
  [AcquisitionMethod.DONATION]: 'รับบริจาค',
  [AcquisitionMethod.TRANSFER]: 'รับโอน',
  [AcquisitionMethod.OTHER]: 'อื่น ๆ',
};

const DECISION_TH = { ACCEPTED: 'รับบริจาค', DECLINED: 'ไม่รับบริจาค', PENDING: 'รอผู้บังคับบัญชาพิจารณา' } as const;
export const HIGH_RISK_TH = 'สูง';
const DONOR_CONFLICT_TH = 'ผู้บริจาคมีชื่อในของกลางของสถานี (ผู้บังคับบัญชารับทราบแล้ว)';

const STATE_NOTE_TH =
  'สถานะ ที่เก็บ และผู้ครอบครอง เป็นข้อมูล ณ เวลาที่จัดทำทะเบียน รายการที่จำหน่ายแล้วยังคงอยู่ในทะเบียนพร้อมวันที่ วิธี และเอกสารการจำหน่าย ' +
  'โดยผู้ครอบครองคือผู้รับตามการจำหน่าย (ถ้ามี)';

const isHigh = (value: unknown) => value === HIGH_RISK_TH;

/** Where the item is and who has it, then its closing: the last fields of every register. */
const STATE_FIELDS: RegisterField[] = [
  { key: 'status', header: 'สถานะ', type: 'text', width: 14 },
  { key: 'location', header: 'ที่เก็บ', type: 'text', width: 26 },
  { key: 'holder', header: 'ผู้ครอบครอง', type: 'person', width: 26 },
  { key: 'closedOn', header: 'วันที่จำหน่าย', type: 'day', width: 13 },
  { key: 'closedHow', header: 'วิธีจำหน่าย', type: 'text', width: 20 },
  { key: 'closingDocument', header: 'เอกสารการจำหน่าย', type: 'text', width: 30 },
];

function stateValues(s: ItemState): RegisterRow {
  return {
    status: STATUS_TH[s.status],
    location: s.location,
    holder: s.holder,
    closedOn: s.closedOn,
    closedHow: s.disposalMethod ? METHOD_TH[s.disposalMethod as DisposalMethod] : s.closingReason,
    closingDocument: s.disposalDocument,
  };
}

const CLOSING_COLUMN: PdfColumn = { header: 'การจำหน่าย (วันที่ / วิธี / เอกสาร)', width: 72, keys: ['closedOn', 'closedHow', 'closingDocument'] };

/** บัญชีของกลาง (ระเบียบ ตร. ว่าด้วยการเก็บรักษาและการจำหน่ายของกลาง พ.ศ. 2565): the item code is the seizure sequence number. */
export function evidenceRegister(rows: EvidenceRegisterRow[]): RegisterTable {
  return {
    title: 'บัญชีของกลาง',
    sheetName: 'บัญชีของกลาง',
    fields: [
      { key: 'code', header: 'ลำดับของกลาง', type: 'code', width: 18 },
      { key: 'yearBe', header: 'ปีบัญชี', type: 'ordinal', width: 8 },
      { key: 'caseNumber', header: 'คดีอาญาที่', type: 'text', width: 14 },
      { key: 'dailyReportRef', header: 'ป.จ.ว.', type: 'text', width: 14 },
      { key: 'offence', header: 'ข้อหา', type: 'text', width: 30 },
      { key: 'kind', header: 'ประเภท', type: 'text', width: 16 },
      { key: 'description', header: 'รายการ', type: 'text', width: 40 },
      { key: 'quantity', header: 'จำนวน', type: 'quantity', width: 10 },
      { key: 'unit', header: 'หน่วย', type: 'text', width: 8 },
      { key: 'amount', header: 'จำนวนเงิน (บาท)', type: 'baht', width: 14 },
      { key: 'seizedFrom', header: 'ยึดจาก', type: 'person', width: 24 },
      { key: 'seizedOn', header: 'วันที่ยึด', type: 'day', width: 13 },
      { key: 'seizedPlace', header: 'สถานที่ยึด', type: 'text', width: 26 },
      { key: 'sealNumber', header: 'หมายเลขซีล', type: 'code', width: 14 },
      { key: 'weightGrams', header: 'น้ำหนัก (กรัม)', type: 'quantity', width: 12 },
      { key: 'risk', header: 'ความเสี่ยงสูง', type: 'text', width: 10, emphasis: isHigh },
      { key: 'registeredAt', header: 'วันที่รับเข้า', type: 'moment', width: 17 },
      ...STATE_FIELDS,
    ],
    pdfColumns: [
      { header: 'ลำดับของกลาง / ปีบัญชี', width: 76, keys: ['code', { keys: ['yearBe'], label: 'ปี' }, { keys: ['risk'], label: 'ความเสี่ยง' }] },
      { header: 'คดีอาญาที่ / ป.จ.ว. / ข้อหา', width: 80, keys: ['caseNumber', { keys: ['dailyReportRef'], label: 'ป.จ.ว.' }, 'offence'] },
      { header: 'ประเภท / รายการ', width: '*', keys: ['kind', 'description'] },
      { header: 'จำนวน', width: 62, keys: [['quantity', 'unit'], { keys: ['amount'], suffix: 'บาท' }] },
      { header: 'ยึดจาก / วันที่ / สถานที่', width: 84, keys: ['seizedFrom', 'seizedOn', 'seizedPlace'] },
      { header: 'ซีล / น้ำหนัก', width: 58, keys: ['sealNumber', { keys: ['weightGrams'], suffix: 'กรัม' }] },
      { header: 'สถานะ / ที่เก็บ / ผู้ครอบครอง', width: 86, keys: ['status', 'location', 'holder'] },
      { header: 'วันที่รับเข้า', width: 56, keys: ['registeredAt'] },
      CLOSING_COLUMN,
    ],
    rows: rows.map((r) => ({
      code: r.code,
      yearBe: r.yearBe,
      caseNumber: r.caseNumber,
      dailyReportRef: r.dailyReportRef,
      offence: r.offence,
      kind: KIND_TH[r.kind],
      description: r.description,
      quantity: r.quantity,
      unit: r.unit,
      amount: r.amount,
      seizedFrom: r.seizedFrom,
      seizedOn: r.seizedOn,
      seizedPlace: r.seizedPlace,
      sealNumber: r.sealNumber,
      weightGrams: r.weightGrams,
      risk: r.riskClass === RiskClass.HIGH ? HIGH_RISK_TH : null,
      registeredAt: r.registeredAt,
      ...stateValues(r),
    })),
    notes: ['ลำดับของกลางคือรหัสบนป้ายที่ติดกับของกลาง เลขเรียงต่อเนื่องไม่ขาดช่วงตามปีบัญชี', 'ความเสี่ยงสูง: อาวุธปืน เครื่องกระสุน เงินสด ยาเสพติด ทรัพย์มีค่า และยานพาหนะ ต้องมีพยานทุกครั้งที่เคลื่อนย้าย', STATE_NOTE_TH],
  };
}

/**
 * ทะเบียนคุมทรัพย์สิน (ระเบียบกระทรวงการคลังฯ พ.ศ. 2560 หมวด 9) with straight-line depreciation as at
 * `asOf` (depreciation.ts). An item priced under the station's materials threshold is a material (วัสดุ),
 * kept in a quantity ledger and expensed: it is listed, not depreciated.
 */
export function propertyRegister(rows: PropertyRegisterRow[], asOf: string, materialsThresholdBaht: number): RegisterTable {
  const sum = (key: string, list: RegisterRow[]) => list.reduce((total, r) => total + ((r[key] as number | null) ?? 0), 0);
  const tableRows = rows.map((r): RegisterRow => {
    const material = r.unitPrice !== null && r.unitPrice < materialsThresholdBaht;
    // Depreciation stops on the day the item left the register.
    const until = r.closedOn && r.closedOn < asOf ? r.closedOn : asOf;
    const d = material ? null : straightLine({ cost: r.cost, ratePercent: r.depreciationRate, usefulLifeYears: r.usefulLifeYears, acquiredOn: r.acquiredOn, asOf: until });
    const remarks = [
      material ? `วัสดุ (ราคาต่อหน่วยต่ำกว่า ${materialsThresholdBaht.toLocaleString('en-US')} บาท) ไม่คิดค่าเสื่อมราคา` : null,
      r.acquiredOnRegistration ? 'ไม่ได้บันทึกวันที่ได้มา ใช้วันที่ลงทะเบียน' : null,
    ].filter(Boolean);
    return {
      code: r.code,
      assetNumber: r.assetNumber,
      kind: KIND_TH[r.kind],
      description: r.description,
      serialNumber: r.serialNumber,
      fundingSource: r.fundingSource ? (FUNDING_TH[r.fundingSource as FundingSource] ?? r.fundingSource) : null,
      acquisitionMethod: r.acquisitionMethod ? (ACQUISITION_TH[r.acquisitionMethod as AcquisitionMethod] ?? r.acquisitionMethod) : null,
      acquiredOn: r.acquiredOn,
      acquisitionDocument: r.acquisitionDocument,
      quantity: r.quantity,
      unit: r.unit,
      unitPrice: r.unitPrice,
      cost: r.cost,
      usefulLifeYears: r.usefulLifeYears,
      depreciationRate: d?.ratePercent ?? null,
      yearlyDepreciation: d?.yearly ?? null,
      accumulatedDepreciation: d?.accumulated ?? null,
      netValue: d?.net ?? null,
      condition: CONDITION_TH[r.condition],
      remarks: remarks.length ? remarks.join('; ') : null,
      ...stateValues(r),
    };
  });
  return {
    title: 'ทะเบียนคุมทรัพย์สิน',
    sheetName: 'ทะเบียนคุมทรัพย์สิน',
    fields: [
      { key: 'code', header: 'รหัส', type: 'code', width: 18 },
      { key: 'assetNumber', header: 'เลขครุภัณฑ์', type: 'code', width: 18 },
      { key: 'kind', header: 'ประเภท', type: 'text', width: 16 },
      { key: 'description', header: 'รายการ', type: 'text', width: 40 },
      { key: 'serialNumber', header: 'หมายเลขเครื่อง', type: 'code', width: 16 },
      { key: 'fundingSource', header: 'แหล่งเงิน', type: 'text', width: 16 },
      { key: 'acquisitionMethod', header: 'วิธีการได้มา', type: 'text', width: 12 },
      { key: 'acquiredOn', header: 'วันที่ได้มา', type: 'day', width: 13 },
      { key: 'acquisitionDocument', header: 'เลขที่เอกสาร', type: 'text', width: 20 },
      { key: 'quantity', header: 'จำนวน', type: 'quantity', width: 9 },
      { key: 'unit', header: 'หน่วย', type: 'text', width: 8 },
      { key: 'unitPrice', header: 'ราคาต่อหน่วย (บาท)', type: 'baht', width: 15 },
      { key: 'cost', header: 'มูลค่ารวม (บาท)', type: 'baht', width: 15 },
      { key: 'usefulLifeYears', header: 'อายุการใช้งาน (ปี)', type: 'quantity', width: 10 },
      { key: 'depreciationRate', header: 'อัตราค่าเสื่อมราคา (% ต่อปี)', type: 'percent', width: 12 },
      { key: 'yearlyDepreciation', header: 'ค่าเสื่อมราคาต่อปี (บาท)', type: 'baht', width: 15 },
      { key: 'accumulatedDepreciation', header: 'ค่าเสื่อมราคาสะสม (บาท)', type: 'baht', width: 15 },
      { key: 'netValue', header: 'มูลค่าสุทธิ (บาท)', type: 'baht', width: 15 },
      { key: 'condition', header: 'สภาพ', type: 'text', width: 12 },
      { key: 'remarks', header: 'หมายเหตุ', type: 'text', width: 36 },
      ...STATE_FIELDS,
    ],
    pdfColumns: [
      { header: 'รหัส / เลขครุภัณฑ์', width: 74, keys: ['code', 'assetNumber'] },
      { header: 'รายการ', width: '*', keys: ['description', { keys: ['serialNumber'], label: 'หมายเลขเครื่อง' }, { keys: ['remarks'], label: 'หมายเหตุ' }] },
      { header: 'แหล่งเงิน / การได้มา / วันที่ / เอกสาร', width: 70, keys: ['fundingSource', 'acquisitionMethod', 'acquiredOn', 'acquisitionDocument'] },
      { header: 'ที่เก็บ / สถานะ / สภาพ', width: 72, keys: ['location', 'status', 'condition'] },
      { header: 'จำนวน', width: 38, keys: [['quantity', 'unit']] },
      { header: 'ราคาต่อหน่วย', width: 52, keys: ['unitPrice'] },
      { header: 'มูลค่ารวม', width: 56, keys: ['cost'] },
      { header: 'อายุ (ปี) / อัตรา (%)', width: 42, keys: ['usefulLifeYears', 'depreciationRate'] },
      { header: 'ค่าเสื่อมราคาต่อปี', width: 52, keys: ['yearlyDepreciation'] },
      { header: 'ค่าเสื่อมราคาสะสม', width: 56, keys: ['accumulatedDepreciation'] },
      { header: 'มูลค่าสุทธิ', width: 56, keys: ['netValue'] },
    ],
    rows: tableRows,
    totals: {
      description: 'รวมทั้งสิ้น',
      cost: sum('cost', tableRows),
      yearlyDepreciation: sum('yearlyDepreciation', tableRows),
      accumulatedDepreciation: sum('accumulatedDepreciation', tableRows),
      netValue: sum('netValue', tableRows),
    },
    notes: [
      DEPRECIATION_NOTE_TH,
      `ครุภัณฑ์ที่ราคาต่อหน่วยต่ำกว่า ${materialsThresholdBaht.toLocaleString('en-US')} บาท เป็นวัสดุ ควบคุมในบัญชีวัสดุ ไม่คิดค่าเสื่อมราคา; รายการที่ไม่มีราคา หรือไม่มีทั้งอายุการใช้งานและอัตราค่าเสื่อมราคา เว้นว่างไว้`,
      'ยอดรวมค่าเสื่อมราคาและมูลค่าสุทธิ รวมเฉพาะรายการที่คิดค่าเสื่อมราคา',
      STATE_NOTE_TH,
    ],
  };
}

/** ทะเบียนอาวุธ: weapons and ammunition lots, who has them out, and the daily count (DOMAIN-TH §4). */
export function armsRegister(rows: ArmsRegisterRow[]): RegisterTable {
  return {
    title: 'ทะเบียนอาวุธปืนและเครื่องกระสุน',
    sheetName: 'ทะเบียนอาวุธ',
    fields: [
      { key: 'code', header: 'รหัส', type: 'code', width: 18 },
      { key: 'kind', header: 'ประเภท', type: 'text', width: 14 },
      { key: 'description', header: 'รายการ', type: 'text', width: 36 },
      { key: 'serialNumber', header: 'หมายเลขประจำอาวุธ', type: 'code', width: 18 },
      { key: 'registrationNumber', header: 'ทะเบียนอาวุธ', type: 'code', width: 16 },
      { key: 'make', header: 'ยี่ห้อ', type: 'text', width: 14 },
      { key: 'model', header: 'รุ่น', type: 'text', width: 12 },
      { key: 'calibre', header: 'ขนาด', type: 'text', width: 10 },
      { key: 'quantity', header: 'จำนวน', type: 'quantity', width: 9 },
      { key: 'unit', header: 'หน่วย', type: 'text', width: 8 },
      { key: 'condition', header: 'สภาพ', type: 'text', width: 12 },
      { key: 'shiftName', header: 'เบิกประจำผลัด', type: 'text', width: 26 },
      { key: 'loanDueAt', header: 'กำหนดคืน (ยืม)', type: 'moment', width: 17 },
      { key: 'lastCountedOn', header: 'ตรวจนับพบล่าสุด', type: 'day', width: 14 },
      ...STATE_FIELDS,
    ],
    pdfColumns: [
      { header: 'รหัส / ประเภท', width: 76, keys: ['code', 'kind'] },
      { header: 'รายการ', width: '*', keys: ['description'] },
      { header: 'หมายเลขประจำอาวุธ / ทะเบียน', width: 82, keys: ['serialNumber', { keys: ['registrationNumber'], label: 'ทะเบียน' }] },
      { header: 'ยี่ห้อ / รุ่น / ขนาด', width: 72, keys: [['make', 'model'], 'calibre'] },
      { header: 'จำนวน', width: 42, keys: [['quantity', 'unit']] },
      { header: 'สถานะ / ที่เก็บ / สภาพ', width: 80, keys: ['status', 'location', 'condition'] },
      { header: 'ผู้ครอบครองขณะนี้', width: 96, keys: ['holder', { keys: ['shiftName'], label: 'เบิกประจำผลัด' }, { keys: ['loanDueAt'], label: 'ยืม กำหนดคืน' }] },
      { header: 'ตรวจนับพบล่าสุด', width: 56, keys: ['lastCountedOn'] },
      CLOSING_COLUMN,
    ],
    rows: rows.map((r) => ({
      code: r.code,
      kind: KIND_TH[r.kind],
      description: r.description,
      serialNumber: r.serialNumber,
      registrationNumber: r.registrationNumber,
      make: r.make,
      model: r.model,
      calibre: r.calibre,
      quantity: r.quantity,
      unit: r.unit,
      condition: CONDITION_TH[r.condition],
      shiftName: r.shiftName,
      loanDueAt: r.loanDueAt,
      lastCountedOn: r.lastCountedOn,
      ...stateValues(r),
    })),
    notes: ['ตรวจนับพบล่าสุด: วันที่ของการตรวจนับอาวุธประจำวันครั้งล่าสุดที่ปิดแล้วและพบอาวุธรายการนั้นตามทะเบียน', 'ผู้ครอบครองขณะนี้: ผู้เบิกประจำผลัดหรือผู้ยืมที่ยังไม่คืน หรือหน่วยงานที่ส่งไป', STATE_NOTE_TH],
  };
}

/** ทะเบียนของบริจาค: donor, receipt, value, the donor's purpose, the commander's decision and the use now. */
export function donationsRegister(rows: DonationRegisterRow[]): RegisterTable {
  return {
    title: 'ทะเบียนของบริจาค',
    sheetName: 'ทะเบียนของบริจาค',
    fields: [
      { key: 'code', header: 'รหัส', type: 'code', width: 18 },
      { key: 'receiptNumber', header: 'เลขที่ใบรับ', type: 'code', width: 18 },
      { key: 'receivedOn', header: 'วันที่รับ', type: 'day', width: 13 },
      { key: 'donorName', header: 'ผู้บริจาค', type: 'person', width: 26 },
      { key: 'donorContact', header: 'ที่อยู่/การติดต่อ', type: 'text', width: 24 },
      { key: 'donorReference', header: 'เลขที่หลักฐานของผู้บริจาค', type: 'text', width: 16 },
      { key: 'kind', header: 'ประเภท', type: 'text', width: 16 },
      { key: 'description', header: 'รายการ', type: 'text', width: 36 },
      { key: 'quantity', header: 'จำนวน', type: 'quantity', width: 9 },
      { key: 'unit', header: 'หน่วย', type: 'text', width: 8 },
      { key: 'estimatedValue', header: 'มูลค่าประมาณ (บาท)', type: 'baht', width: 15 },
      { key: 'purpose', header: 'วัตถุประสงค์ของผู้บริจาค', type: 'text', width: 30 },
      { key: 'decision', header: 'ผลการพิจารณา', type: 'text', width: 14 },
      { key: 'decidedBy', header: 'ผู้พิจารณา', type: 'person', width: 24 },
      { key: 'decidedAt', header: 'วันที่พิจารณา', type: 'moment', width: 17 },
      { key: 'decisionNote', header: 'บันทึกการพิจารณา', type: 'text', width: 30 },
      { key: 'donorConflict', header: 'ความเกี่ยวข้องกับคดี', type: 'text', width: 30, emphasis: (v) => v !== null },
      ...STATE_FIELDS,
    ],
    pdfColumns: [
      { header: 'รหัส / เลขที่ใบรับ', width: 80, keys: ['code', 'receiptNumber'] },
      { header: 'วันที่รับ', width: 56, keys: ['receivedOn'] },
      { header: 'ผู้บริจาค', width: 88, keys: ['donorName', 'donorContact'] },
      { header: 'รายการ', width: '*', keys: ['kind', 'description'] },
      { header: 'จำนวน', width: 42, keys: [['quantity', 'unit']] },
      { header: 'มูลค่าประมาณ (บาท)', width: 56, keys: ['estimatedValue'] },
      { header: 'วัตถุประสงค์ของผู้บริจาค', width: 90, keys: ['purpose'] },
      { header: 'การพิจารณา', width: 96, keys: ['decision', 'decidedBy', 'decidedAt', 'donorConflict'] },
      { header: 'การใช้ขณะนี้', width: 90, keys: ['status', 'location', 'holder', { keys: ['closedOn', 'closedHow'], label: 'จำหน่าย' }] },
    ],
    rows: rows.map((r) => ({
      code: r.code,
      receiptNumber: r.receiptNumber,
      receivedOn: r.receivedOn,
      donorName: r.donorName,
      donorContact: r.donorContact,
      donorReference: r.donorReference,
      kind: KIND_TH[r.kind],
      description: r.description,
      quantity: r.quantity,
      unit: r.unit,
      estimatedValue: r.estimatedValue,
      purpose: r.purpose,
      decision: DECISION_TH[r.decision ?? 'PENDING'],
      decidedBy: r.decidedBy,
      decidedAt: r.decidedAt,
      decisionNote: r.decisionNote,
      donorConflict: r.conflictAcknowledged ? DONOR_CONFLICT_TH : null,
      ...stateValues(r),
    })),
    notes: [
      'เลขที่ใบรับ: ใบรับของบริจาคที่สถานีออกเมื่อผู้บังคับบัญชาอนุมัติรับ เลขเรียงต่อเนื่องตามปี',
      'ของบริจาคใช้ได้เฉพาะตามวัตถุประสงค์ของผู้บริจาค ผู้บริจาคที่มีชื่อในของกลางหรือคดีของสถานีต้องให้ผู้บังคับบัญชารับทราบก่อนรับ (No Gift Policy)',
      STATE_NOTE_TH,
    ],
  };
}
