/** DESIGN §2 Custody event types. */
export enum CustodyEventType {
  INTAKE = 'INTAKE',
  MOVE = 'MOVE',
  CHECKOUT = 'CHECKOUT',
  RETURN = 'RETURN',
  SEND_OUT = 'SEND_OUT',
  RECEIVE_BACK = 'RECEIVE_BACK',
  CONDITION_CHECK = 'CONDITION_CHECK',
  RESEAL = 'RESEAL',
  AMEND = 'AMEND',
  DISPOSE = 'DISPOSE',
}

export const EVENT_TH: Record<CustodyEventType, string> = {
  [CustodyEventType.INTAKE]: 'รับเข้าคลัง',
  [CustodyEventType.MOVE]: 'ย้ายที่เก็บ',
  [CustodyEventType.CHECKOUT]: 'เบิก/ยืมออก',
  [CustodyEventType.RETURN]: 'คืนเข้าคลัง',
  [CustodyEventType.SEND_OUT]: 'ส่งออกนอกคลัง',
  [CustodyEventType.RECEIVE_BACK]: 'รับคืนเข้าคลัง',
  [CustodyEventType.CONDITION_CHECK]: 'ตรวจสภาพ',
  [CustodyEventType.RESEAL]: 'ปิดผนึกใหม่',
  [CustodyEventType.AMEND]: 'แก้ไขข้อมูล',
  [CustodyEventType.DISPOSE]: 'จำหน่าย',
};

/** Where a SEND_OUT goes. */
export enum SendOutDestination {
  LAB = 'LAB',
  COURT = 'COURT',
  PROSECUTOR = 'PROSECUTOR',
  REPAIR = 'REPAIR',
  OTHER = 'OTHER',
}

export enum DiscrepancyKind {
  SEAL_MISMATCH = 'SEAL_MISMATCH',
  WEIGHT_MISMATCH = 'WEIGHT_MISMATCH',
  AMOUNT_MISMATCH = 'AMOUNT_MISMATCH',
  /** Came back from a loan or a shift worse than it went out. */
  DAMAGED_ON_RETURN = 'DAMAGED_ON_RETURN',
  /** A shift closed with this item still out (the reason is recorded). */
  NOT_RETURNED = 'NOT_RETURNED',
  /** Findings of a count (DESIGN §2 Audit session). */
  MISSING = 'MISSING',
  UNEXPECTED = 'UNEXPECTED',
  MISPLACED = 'MISPLACED',
  CONDITION_CHANGED = 'CONDITION_CHANGED',
  /** The same code scanned twice in a count: a slip, or two items under one label. */
  DUPLICATE_SCAN = 'DUPLICATE_SCAN',
}

export enum DiscrepancyStatus {
  OPEN = 'OPEN',
  RESOLVED = 'RESOLVED',
}
