/** DESIGN §2 Item: categories, kinds, risk, condition and status. */
export enum ItemCategory {
  EVIDENCE = 'EVIDENCE',
  PROPERTY = 'PROPERTY',
  WEAPON = 'WEAPON',
  DONATION = 'DONATION',
}

/** The CAT part of an item code. */
export const CATEGORY_CODE: Record<ItemCategory, string> = {
  [ItemCategory.EVIDENCE]: 'EV',
  [ItemCategory.PROPERTY]: 'GP',
  [ItemCategory.WEAPON]: 'WP',
  [ItemCategory.DONATION]: 'DN',
};

export const CATEGORY_TH: Record<ItemCategory, string> = {
  [ItemCategory.EVIDENCE]: 'ของกลาง',
  [ItemCategory.PROPERTY]: 'ทรัพย์สินราชการ',
  [ItemCategory.WEAPON]: 'อาวุธและยุทธภัณฑ์',
  [ItemCategory.DONATION]: 'ของบริจาค',
};

export enum ItemKind {
  FIREARM = 'firearm',
  AMMUNITION = 'ammunition',
  CASH = 'cash',
  DRUGS = 'drugs',
  VALUABLES = 'valuables',
  VEHICLE = 'vehicle',
  ELECTRONICS = 'electronics',
  DOCUMENT = 'document',
  EQUIPMENT = 'equipment',
  FURNITURE = 'furniture',
  OTHER = 'other',
}

export const KIND_TH: Record<ItemKind, string> = {
  [ItemKind.FIREARM]: 'อาวุธปืน',
  [ItemKind.AMMUNITION]: 'เครื่องกระสุน',
  [ItemKind.CASH]: 'เงินสด',
  [ItemKind.DRUGS]: 'ยาเสพติด',
  [ItemKind.VALUABLES]: 'ทรัพย์มีค่า',
  [ItemKind.VEHICLE]: 'ยานพาหนะ',
  [ItemKind.ELECTRONICS]: 'อุปกรณ์อิเล็กทรอนิกส์',
  [ItemKind.DOCUMENT]: 'เอกสาร',
  [ItemKind.EQUIPMENT]: 'วัสดุอุปกรณ์',
  [ItemKind.FURNITURE]: 'ครุภัณฑ์สำนักงาน',
  [ItemKind.OTHER]: 'อื่น ๆ',
};

/** Kinds that are HIGH risk everywhere (DESIGN §2); a station may add more in its settings. */
export const BUILT_IN_HIGH_RISK_KINDS: readonly string[] = [
  ItemKind.FIREARM,
  ItemKind.AMMUNITION,
  ItemKind.CASH,
  ItemKind.DRUGS,
  ItemKind.VALUABLES,
  ItemKind.VEHICLE,
];

/** Kinds each category may hold: weapons are arms and their equipment, government property is not cash or drugs. */
export const KINDS_BY_CATEGORY: Record<ItemCategory, readonly ItemKind[]> = {
  [ItemCategory.EVIDENCE]: Object.values(ItemKind),
  [ItemCategory.PROPERTY]: [ItemKind.VEHICLE, ItemKind.ELECTRONICS, ItemKind.DOCUMENT, ItemKind.EQUIPMENT, ItemKind.FURNITURE, ItemKind.VALUABLES, ItemKind.OTHER],
  [ItemCategory.WEAPON]: [ItemKind.FIREARM, ItemKind.AMMUNITION, ItemKind.EQUIPMENT, ItemKind.OTHER],
  [ItemCategory.DONATION]: [ItemKind.CASH, ItemKind.VEHICLE, ItemKind.ELECTRONICS, ItemKind.DOCUMENT, ItemKind.EQUIPMENT, ItemKind.FURNITURE, ItemKind.VALUABLES, ItemKind.OTHER],
};

export enum RiskClass {
  HIGH = 'HIGH',
  NORMAL = 'NORMAL',
}

export enum ItemCondition {
  GOOD = 'GOOD',
  DAMAGED = 'DAMAGED',
  DETERIORATED = 'DETERIORATED',
  LOST = 'LOST',
  NOT_NEEDED = 'NOT_NEEDED',
}

export const CONDITION_TH: Record<ItemCondition, string> = {
  [ItemCondition.GOOD]: 'ใช้การได้',
  [ItemCondition.DAMAGED]: 'ชำรุด',
  [ItemCondition.DETERIORATED]: 'เสื่อมสภาพ',
  [ItemCondition.LOST]: 'สูญไป',
  [ItemCondition.NOT_NEEDED]: 'ไม่จำเป็นต้องใช้',
};

/** Where an item is now. ON_LOAN and DISPOSED are set by the loans and disposals work. */
export enum ItemStatus {
  IN_STORAGE = 'IN_STORAGE',
  SENT_OUT = 'SENT_OUT',
  ON_LOAN = 'ON_LOAN',
  DISPOSED = 'DISPOSED',
}

export const STATUS_TH: Record<ItemStatus, string> = {
  [ItemStatus.IN_STORAGE]: 'อยู่ในคลัง',
  [ItemStatus.SENT_OUT]: 'ส่งออกนอกคลัง',
  [ItemStatus.ON_LOAN]: 'ถูกยืม',
  [ItemStatus.DISPOSED]: 'จำหน่ายแล้ว',
};

export function riskClassOf(kind: string, extraHighRiskKinds: readonly string[]): RiskClass {
  return BUILT_IN_HIGH_RISK_KINDS.includes(kind) || extraHighRiskKinds.includes(kind) ? RiskClass.HIGH : RiskClass.NORMAL;
}
