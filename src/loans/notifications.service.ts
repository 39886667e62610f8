import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { isAdmin, type RequestContext } from '../common/request-context.js';
import { LoanListStatus } from './loan.enums.js';
import { LoansRepository, type LoanView } from './loans.repository.js';

export enum NotificationType {
  /** ข้อ 211: an issued loan is past due + the station's escalation days; the approver must chase it. */
  ESCALATION = 'ESCALATION',
  /** A loan of mine is past its due time. */
  MY_LOAN_OVERDUE = 'MY_LOAN_OVERDUE',
  /** A request I may approve. */
  AWAITING_APPROVAL = 'AWAITING_APPROVAL',
}

export interface Notification {
  type: NotificationType;
  loanId: string;
  codes: string[];
  requester: LoanView['requester'];
  dueAt: string;
  escalateAt: string;
  message: string;
  messageTh: string;
}

const LIMIT = 200;

/**
 * Notifications are derived from the loans at the moment of asking, never stored: an escalation
 * appears when due + N days passes and stays exactly until the loan is back.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @Inject(LoansRepository) private readonly loans: LoansRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async forMe(ctx: RequestContext): Promise<{ items: Notification[]; total: number }> {
    const actor = ctx.actor!;
    if (isAdmin(actor) || !actor.stationId) return { items: [], total: 0 };
    const base = { stationId: actor.stationId, now: this.clock.now(), offset: 0, limit: LIMIT };
    const [escalated, mine, awaiting] = await Promise.all([
      this.loans.list({ ...base, approverId: actor.id, escalatedOnly: true }),
      this.loans.list({ ...base, requesterId: actor.id, statuses: [LoanListStatus.OVERDUE] }),
      this.loans.list({ ...base, approvableBy: { userId: actor.id, roles: actor.roles } }),
    ]);
    const items = [
      ...escalated.items.map((l) => this.note(NotificationType.ESCALATION, l, `Loan by ${l.requester.displayName} is overdue since ${l.dueAt}: follow up the return (clause 211)`, `การยืมของ ${l.requester.rank} ${l.requester.displayName} เกินกำหนดคืนเกินระยะที่กำหนด กรุณาติดตามทวงคืน (ข้อ 211)`)),
      ...mine.items.map((l) => this.note(NotificationType.MY_LOAN_OVERDUE, l, `Your loan was due ${l.dueAt}: return it`, 'ของที่ท่านยืมเกินกำหนดส่งคืนแล้ว กรุณานำมาคืน')),
      ...awaiting.items.map((l) => this.note(NotificationType.AWAITING_APPROVAL, l, `Loan request by ${l.requester.displayName} awaits your decision`, `คำขอยืมของ ${l.requester.rank} ${l.requester.displayName} รอการพิจารณาอนุมัติ`)),
    ];
    return { items, total: escalated.total + mine.total + awaiting.total };
  }

  private note(type: NotificationType, loan: LoanView, message: string, messageTh: string): Notification {
    return { type, loanId: loan.id, codes: loan.items.map((i) => i.code), requester: loan.requester, dueAt: loan.dueAt, escalateAt: loan.escalateAt, message, messageTh };
  }
}
