import { ConflictError, UnprocessableError } from '../common/errors.js';
import { ItemStatus, STATUS_TH } from '../items/item.enums.js';
import { CustodyEventType, DiscrepancyKind, EVENT_TH } from './custody.enums.js';

/** The events this API records, and the statuses each may start from. */
export const EVENT_FROM: Partial<Record<CustodyEventType, readonly ItemStatus[]>> = {
  [CustodyEventType.MOVE]: [ItemStatus.IN_STORAGE],
  [CustodyEventType.SEND_OUT]: [ItemStatus.IN_STORAGE],
  [CustodyEventType.RECEIVE_BACK]: [ItemStatus.SENT_OUT],
  [CustodyEventType.CONDITION_CHECK]: [ItemStatus.IN_STORAGE],
  [CustodyEventType.RESEAL]: [ItemStatus.IN_STORAGE],
  [CustodyEventType.AMEND]: [ItemStatus.IN_STORAGE, ItemStatus.SENT_OUT, ItemStatus.ON_LOAN],
};

export const RECORDABLE_EVENTS = Object.keys(EVENT_FROM) as CustodyEventType[];

/** The status an event leaves the item in. */
export function statusAfter(type: CustodyEventType, from: ItemStatus): ItemStatus {
  if (type === CustodyEventType.SEND_OUT) return ItemStatus.SENT_OUT;
  if (type === CustodyEventType.RECEIVE_BACK) return ItemStatus.IN_STORAGE;
  return from;
}

/** 409 with the reason in words a clerk understands, when the item's status does not allow the event. */
export function assertTransition(type: CustodyEventType, status: ItemStatus, where: string | null): void {
  const allowed = EVENT_FROM[type] ?? [];
  if (allowed.includes(status)) return;
  const place = where ? ` (${where})` : '';
  throw new ConflictError(
    'ILLEGAL_TRANSITION',
    `${type} is not possible while the item is ${status}${place}; allowed from: ${allowed.join(', ') || 'nothing'}`,
    `ทำรายการ "${EVENT_TH[type]}" ไม่ได้ เพราะของชิ้นนี้อยู่ในสถานะ "${STATUS_TH[status]}"${place}`,
    { type, status, allowedFrom: allowed },
  );
}

export interface BlindRecord {
  sealNumber: string | null;
  weightGrams: number | null;
  amount: number | null;
}

export interface BlindSeen {
  sealNumber?: string;
  weightGrams?: number;
  amount?: number;
}

export interface Mismatch {
  kind: DiscrepancyKind;
  expected: string;
  observed: string;
}

const normaliseSeal = (seal: string) => seal.trim().toUpperCase().replace(/\s+/g, '');

/**
 * What the clerk entered without seeing the record, compared with the record. Only what was entered
 * and is on record is compared; whether it had to be entered is `missingBlindFields`.
 */
export function compareBlind(record: BlindRecord, seen: BlindSeen, toleranceGrams: number): Mismatch[] {
  const found: Mismatch[] = [];
  if (seen.sealNumber !== undefined && record.sealNumber !== null && normaliseSeal(seen.sealNumber) !== normaliseSeal(record.sealNumber)) {
    found.push({ kind: DiscrepancyKind.SEAL_MISMATCH, expected: record.sealNumber, observed: seen.sealNumber });
  }
  if (seen.weightGrams !== undefined && record.weightGrams !== null && Math.abs(seen.weightGrams - record.weightGrams) > toleranceGrams + 1e-9) {
    found.push({ kind: DiscrepancyKind.WEIGHT_MISMATCH, expected: String(record.weightGrams), observed: String(seen.weightGrams) });
  }
  if (seen.amount !== undefined && record.amount !== null && Math.abs(seen.amount - record.amount) > 0.001) {
    found.push({ kind: DiscrepancyKind.AMOUNT_MISMATCH, expected: String(record.amount), observed: String(seen.amount) });
  }
  return found;
}

/** Events that take an item out of the store (for good, too) or bring it back: HIGH items are checked blind on each. */
const EXITS_AND_RETURNS: readonly CustodyEventType[] = [CustodyEventType.SEND_OUT, CustodyEventType.RECEIVE_BACK, CustodyEventType.CHECKOUT, CustodyEventType.RETURN, CustodyEventType.DISPOSE];

/** Exits and returns of HIGH-risk items: every measure on record must be re-entered blind. */
export function missingBlindFields(type: CustodyEventType, highRisk: boolean, record: BlindRecord, seen: BlindSeen): string[] {
  if (!highRisk || !EXITS_AND_RETURNS.includes(type)) return [];
  const missing: string[] = [];
  if (record.sealNumber !== null && seen.sealNumber === undefined) missing.push('sealNumber');
  if (record.weightGrams !== null && seen.weightGrams === undefined) missing.push('weightGrams');
  if (record.amount !== null && seen.amount === undefined) missing.push('amount');
  return missing;
}

/** The blind measures in the clerk's words. */
const BLIND_FIELD_TH: Record<string, string> = { sealNumber: 'เลขซีล', weightGrams: 'น้ำหนัก', amount: 'จำนวนเงิน' };

/** 422 naming what the clerk must still enter, looking at the item and not at the record. */
export function assertBlindEntered(type: CustodyEventType, highRisk: boolean, record: BlindRecord, seen: BlindSeen, code?: string): void {
  const missing = missingBlindFields(type, highRisk, record, seen);
  if (!missing.length) return;
  const which = code ? ` (${code})` : '';
  throw new UnprocessableError(
    'BLIND_CHECK_REQUIRED',
    `Enter what you see on the item${which}: ${missing.join(', ')}`,
    `กรุณากรอกสิ่งที่เห็นจริงบนของ${which} (${missing.map((f) => BLIND_FIELD_TH[f] ?? f).join(', ')}) โดยไม่ต้องดูจากทะเบียน`,
    { missing, ...(code ? { code } : {}) },
  );
}
