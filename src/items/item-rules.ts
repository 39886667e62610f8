import { ConflictError, UnprocessableError } from '../common/errors.js';
import { CATEGORY_TH, ItemCategory, ItemKind, KIND_TH, KINDS_BY_CATEGORY, RiskClass } from './item.enums.js';
import { type CreateItemDto, DETAILS_FIELD } from './items.dto.js';

/** The counting unit when the request names none. */
export const DEFAULT_UNIT: Partial<Record<ItemKind, string>> = {
  [ItemKind.FIREARM]: 'กระบอก',
  [ItemKind.AMMUNITION]: 'นัด',
  [ItemKind.CASH]: 'ชุด',
  [ItemKind.VEHICLE]: 'คัน',
  [ItemKind.DOCUMENT]: 'ฉบับ',
};

const problem = (code: string, message: string, messageTh: string) => new UnprocessableError(code, message, messageTh);

/** A request (registration or amendment) may carry only its own category's block of fields. */
export function assertOwnDetails(category: ItemCategory, blocks: Partial<Record<(typeof DETAILS_FIELD)[ItemCategory], unknown>>): void {
  const field = DETAILS_FIELD[category];
  for (const other of Object.values(DETAILS_FIELD)) {
    if (other !== field && blocks[other] !== undefined) {
      throw problem('DETAILS_FOR_OTHER_CATEGORY', `${category} items take "${field}", not "${other}"`, `${CATEGORY_TH[category]} ใช้ข้อมูลส่วน "${field}" ไม่ใช่ "${other}"`);
    }
  }
}

export function assertKindFits(category: ItemCategory, kind: ItemKind): void {
  if (!KINDS_BY_CATEGORY[category].includes(kind)) {
    throw problem('KIND_NOT_IN_CATEGORY', `${category} items cannot be of kind ${kind}`, `${CATEGORY_TH[category]} ไม่มีประเภท${KIND_TH[kind]}`);
  }
}

/** HIGH-risk items may only be stored in a secure location (DESIGN §3 rule 4; a trigger checks it too). */
export function assertStorable(location: { code: string; secure: boolean }, riskClass: RiskClass): void {
  if (riskClass === RiskClass.HIGH && !location.secure) {
    throw problem('LOCATION_NOT_SECURE', `A HIGH-risk item may only be stored in a secure location; ${location.code} is not`, `ของที่มีความเสี่ยงสูงต้องเก็บในที่เก็บที่ปลอดภัย (${location.code} ไม่ใช่ที่เก็บที่ปลอดภัย)`);
  }
}

export function serialTaken(serialNumber: string): ConflictError {
  return new ConflictError('SERIAL_TAKEN', `A weapon with serial number ${serialNumber} is already registered here`, `มีอาวุธหมายเลข ${serialNumber} ลงทะเบียนในสถานีนี้แล้ว`);
}

/** What a category's registration must carry beyond the field formats the DTO checks. */
export function checkRegistration(dto: CreateItemDto): void {
  const field = DETAILS_FIELD[dto.category];
  assertOwnDetails(dto.category, dto);
  if ((dto.category === ItemCategory.EVIDENCE || dto.category === ItemCategory.DONATION) && !dto[field]) {
    const what = dto.category === ItemCategory.EVIDENCE ? 'evidence.caseNumber' : 'donation.donorName, receivedAt and purpose';
    throw problem('DETAILS_REQUIRED', `${dto.category} items need "${field}" with ${what}`, `${CATEGORY_TH[dto.category]} ต้องมีข้อมูลส่วน "${field}"`);
  }
  assertKindFits(dto.category, dto.kind);
  checkMeasures(dto);
}

/** Numbers that must agree with the kind: serials of guns, weights of drugs, amounts of cash. */
export function checkMeasures(item: {
  category: ItemCategory;
  kind: ItemKind;
  serialNumber?: string | null;
  weightGrams?: number | null;
  netWeightGrams?: number | null;
  amount?: number | null;
  denominations?: Record<string, number> | null;
}): void {
  if (item.category === ItemCategory.WEAPON && item.kind === ItemKind.FIREARM && !item.serialNumber) {
    throw problem('SERIAL_REQUIRED', 'A weapon needs its serial number', 'อาวุธปืนต้องระบุหมายเลขประจำอาวุธ');
  }
  if (item.kind === ItemKind.DRUGS && !item.weightGrams) {
    throw problem('WEIGHT_REQUIRED', 'Drugs need their gross weight in grams (weightGrams)', 'ยาเสพติดต้องระบุน้ำหนักรวม (กรัม)');
  }
  if (item.netWeightGrams && item.weightGrams && item.netWeightGrams > item.weightGrams) {
    throw problem('NET_OVER_GROSS', 'The net weight cannot exceed the gross weight', 'น้ำหนักสุทธิมากกว่าน้ำหนักรวมไม่ได้');
  }
  if (item.kind === ItemKind.CASH && (item.amount === undefined || item.amount === null)) {
    throw problem('AMOUNT_REQUIRED', 'Cash needs its amount in baht (amount)', 'เงินสดต้องระบุจำนวนเงิน (บาท)');
  }
  if (item.denominations) {
    if (item.kind !== ItemKind.CASH) throw problem('DENOMINATIONS_NOT_CASH', 'Only cash has denominations', 'ระบุชนิดธนบัตรได้เฉพาะเงินสด');
    let total = 0;
    for (const [value, count] of Object.entries(item.denominations)) {
      if (!/^\d+(\.\d{1,2})?$/.test(value) || Number(value) <= 0 || !Number.isInteger(count) || count < 0 || count > 1e7) {
        throw problem('DENOMINATIONS_INVALID', 'denominations maps a banknote or coin value to a whole count, e.g. {"1000": 5}', 'ชนิดธนบัตรต้องเป็น มูลค่า → จำนวนใบ เช่น {"1000": 5}');
      }
      total += Number(value) * count;
    }
    if (Math.abs(total - (item.amount ?? 0)) > 0.001) {
      throw problem('DENOMINATIONS_DO_NOT_ADD_UP', `The denominations add up to ${total}, not ${item.amount}`, `ยอดตามชนิดธนบัตรรวมได้ ${total} บาท ไม่ตรงกับ ${item.amount} บาท`);
    }
  }
}
