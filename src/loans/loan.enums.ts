/** DESIGN §2 Loan. OVERDUE is never stored: it is ISSUED or PARTIALLY_RETURNED past the due time. */
export enum LoanStatus {
  REQUESTED = 'REQUESTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  CANCELLED = 'CANCELLED',
  ISSUED = 'ISSUED',
  PARTIALLY_RETURNED = 'PARTIALLY_RETURNED',
  RETURNED = 'RETURNED',
}

/** What lists show and filter on: the stored status, or OVERDUE. */
export const LoanListStatus = { ...LoanStatus, OVERDUE: 'OVERDUE' } as const;
export type LoanListStatus = (typeof LoanListStatus)[keyof typeof LoanListStatus];

export const LOAN_STATUS_TH: Record<LoanListStatus, string> = {
  [LoanListStatus.REQUESTED]: 'รออนุมัติ',
  [LoanListStatus.APPROVED]: 'อนุมัติแล้ว รอจ่าย',
  [LoanListStatus.REJECTED]: 'ไม่อนุมัติ',
  [LoanListStatus.CANCELLED]: 'ยกเลิก',
  [LoanListStatus.ISSUED]: 'จ่ายออกแล้ว',
  [LoanListStatus.PARTIALLY_RETURNED]: 'คืนบางส่วน',
  [LoanListStatus.RETURNED]: 'คืนครบแล้ว',
  [LoanListStatus.OVERDUE]: 'เกินกำหนดคืน',
};

/** Loans whose items are out with the borrower. */
export const OUT_STATUSES: readonly LoanStatus[] = [LoanStatus.ISSUED, LoanStatus.PARTIALLY_RETURNED];

export enum LoanPurpose {
  COURT = 'COURT',
  LAB = 'LAB',
  PROSECUTOR = 'PROSECUTOR',
  DUTY = 'DUTY',
  TRAINING = 'TRAINING',
  REPAIR = 'REPAIR',
  OTHER = 'OTHER',
}

export const PURPOSE_TH: Record<LoanPurpose, string> = {
  [LoanPurpose.COURT]: 'นำส่งศาล',
  [LoanPurpose.LAB]: 'ส่งตรวจพิสูจน์',
  [LoanPurpose.PROSECUTOR]: 'ส่งพนักงานอัยการ',
  [LoanPurpose.DUTY]: 'ใช้ในราชการ',
  [LoanPurpose.TRAINING]: 'ฝึกอบรม',
  [LoanPurpose.REPAIR]: 'ส่งซ่อม',
  [LoanPurpose.OTHER]: 'อื่น ๆ',
};

/** Conditions an item can come back in; a LOST item does not come back, it stays on the loan. */
export const RETURN_CONDITIONS = ['GOOD', 'DAMAGED', 'DETERIORATED'] as const;
