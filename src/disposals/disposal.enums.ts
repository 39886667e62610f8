/** DESIGN §2 Disposal; ระเบียบกระทรวงการคลังฯ ข้อ 215, ระเบียบ ตร. ว่าด้วยของกลาง. */
export enum DisposalMethod {
  RETURN_TO_OWNER = 'RETURN_TO_OWNER',
  DESTROY = 'DESTROY',
  SELL = 'SELL',
  TRANSFER = 'TRANSFER',
  WRITE_OFF = 'WRITE_OFF',
}

export const METHOD_TH: Record<DisposalMethod, string> = {
  [DisposalMethod.RETURN_TO_OWNER]: 'คืนเจ้าของ',
  [DisposalMethod.DESTROY]: 'ทำลาย',
  [DisposalMethod.SELL]: 'ขาย/ขายทอดตลาด',
  [DisposalMethod.TRANSFER]: 'โอนให้หน่วยงานอื่น',
  [DisposalMethod.WRITE_OFF]: 'ตัดจ่ายออกจากบัญชี',
};

export enum LegalBasis {
  COURT_ORDER = 'COURT_ORDER',
  COMMITTEE_ORDER = 'COMMITTEE_ORDER',
  /** Forfeited to the state by the 1-year / 5-year rule (ระเบียบ ตร. ข้อ 47). */
  FORFEITURE = 'FORFEITURE',
  OTHER_DOCUMENT = 'OTHER_DOCUMENT',
}

export enum DisposalStatus {
  REQUESTED = 'REQUESTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  EXECUTED = 'EXECUTED',
}
