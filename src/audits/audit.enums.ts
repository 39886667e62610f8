/** DESIGN §2 Audit session. */
export enum AuditKind {
  DAILY_ARMS = 'DAILY_ARMS',
  MONTHLY_EVIDENCE = 'MONTHLY_EVIDENCE',
  ANNUAL_PROPERTY = 'ANNUAL_PROPERTY',
  SPOT = 'SPOT',
}

export enum AuditStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

/**
 * What closing a count found for each item. AWAY: not in the store and accounted for (on an open shift
 * issue, on an issued loan, or sent out with a document) — expected away, not missing.
 */
export enum FindingType {
  FOUND = 'FOUND',
  AWAY = 'AWAY',
  MISSING = 'MISSING',
  UNEXPECTED = 'UNEXPECTED',
  MISPLACED = 'MISPLACED',
  CONDITION_CHANGED = 'CONDITION_CHANGED',
  SEAL_MISMATCH = 'SEAL_MISMATCH',
  DUPLICATE_SCAN = 'DUPLICATE_SCAN',
}

export const FINDING_TH: Record<FindingType, string> = {
  [FindingType.FOUND]: 'พบตามทะเบียน',
  [FindingType.AWAY]: 'อยู่นอกคลังโดยมีหลักฐาน',
  [FindingType.MISSING]: 'ไม่พบ',
  [FindingType.UNEXPECTED]: 'พบโดยไม่คาดหมาย',
  [FindingType.MISPLACED]: 'อยู่ผิดที่',
  [FindingType.CONDITION_CHANGED]: 'สภาพเปลี่ยนไป',
  [FindingType.SEAL_MISMATCH]: 'ซีลไม่ตรง',
  [FindingType.DUPLICATE_SCAN]: 'สแกนซ้ำ',
};

/**
 * Findings that open an incident: every one but FOUND and AWAY (DESIGN §2). A duplicate scan is one too:
 * a slip of the counter, or two items under one label.
 */
export const DISCREPANT_FINDINGS: readonly FindingType[] = [
  FindingType.MISSING,
  FindingType.UNEXPECTED,
  FindingType.MISPLACED,
  FindingType.CONDITION_CHANGED,
  FindingType.SEAL_MISMATCH,
  FindingType.DUPLICATE_SCAN,
];
