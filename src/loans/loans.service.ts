import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type AuditEntry, AuditLogService } from '../audit-log/audit-log.service.js';
import { WitnessService } from '../auth/witness.service.js';
import { Clock } from '../common/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../common/errors.js';
import { ownStation, type RequestContext, stationScope } from '../common/request-context.js';
import type { Role } from '../common/roles.js';
import { type Page, paging } from '../common/validation.js';
import { itemOnOpenDisposal, itemOnOpenLine } from '../custody/custody.repository.js';
import { CustodyRepository } from '../custody/custody.repository.js';
import type { Discrepancy } from '../custody/discrepancy.entity.js';
import { TransactionService } from '../database/transaction.service.js';
import type { Item } from '../items/item.entity.js';
import { ItemCategory, ItemStatus, RiskClass } from '../items/item.enums.js';
import { ItemsRepository } from '../items/items.repository.js';
import { settingsOf, type StationSettings } from '../stations/station-settings.js';
import { StationsRepository } from '../stations/stations.repository.js';
import { approverRoles, mayApprove } from './approval-matrix.js';
import { ItemLinesService, notInStorage, type ReturnedLine } from './item-lines.service.js';
import type { LoanItem } from './loan-item.entity.js';
import type { Loan } from './loan.entity.js';
import { LOAN_STATUS_TH, LoanStatus, OUT_STATUSES } from './loan.enums.js';
import type { CreateLoanDto, DecisionDto, IssueLoanDto, ListLoansQueryDto, ReturnLoanDto } from './loans.dto.js';
import { LoansRepository, type LoanView } from './loans.repository.js';

/** A loan may be asked for at most a year ahead. */
const MAX_LOAN_DAYS = 366;

export const normaliseCode = (code: string) => code.trim().toUpperCase();

export interface ReturnResult {
  loan: LoanView;
  returned: Omit<ReturnedLine, 'audit'>[];
  discrepancies: Discrepancy[];
}

function illegal(loan: Pick<Loan, 'status'>, action: string, allowed: LoanStatus[]): ConflictError {
  return new ConflictError(
    'ILLEGAL_LOAN_TRANSITION',
    `Cannot ${action} a loan that is ${loan.status}; allowed from: ${allowed.join(', ')}`,
    `ทำรายการนี้ไม่ได้ เพราะคำขอยืมอยู่ในสถานะ "${LOAN_STATUS_TH[loan.status]}"`,
    { status: loan.status, allowedFrom: allowed },
  );
}

/** Which codes were scanned twice, or are not on the loan: the counter sees them all at once. */
function matchScans<T extends { code: string }>(scans: T[], lines: { code: string }[]): { unknown: string[]; twice: string[] } {
  const onLoan = new Set(lines.map((l) => l.code));
  const seen = new Set<string>();
  const twice: string[] = [];
  const unknown: string[] = [];
  for (const scan of scans) {
    const code = normaliseCode(scan.code);
    if (seen.has(code)) twice.push(code);
    seen.add(code);
    if (!onLoan.has(code)) unknown.push(code);
  }
  return { unknown, twice };
}

/**
 * Loans (DESIGN §2 Loan, §3 rules 1–5; ระเบียบกระทรวงการคลังฯ ข้อ 207–211): request, approval by the
 * matrix, issue at the counter by a third person, returns in part or whole, and the overdue escalation.
 */
@Injectable()
export class LoansService {
  constructor(
    @Inject(TransactionService) private readonly tx: TransactionService,
    @Inject(LoansRepository) private readonly loans: LoansRepository,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
    @Inject(CustodyRepository) private readonly custody: CustodyRepository,
    @Inject(ItemLinesService) private readonly lines: ItemLinesService,
    @Inject(StationsRepository) private readonly stations: StationsRepository,
    @Inject(WitnessService) private readonly witnesses: WitnessService,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  private async settings(stationId: string): Promise<StationSettings> {
    return settingsOf((await this.stations.findById(stationId))!);
  }

  async request(ctx: RequestContext, dto: CreateLoanDto): Promise<LoanView> {
    const stationId = ownStation(ctx);
    const now = this.clock.now();
    const dueAt = new Date(dto.dueAt);
    if (dueAt.getTime() <= now.getTime()) {
      throw new UnprocessableError('DUE_IN_PAST', 'dueAt must be in the future', 'กำหนดส่งคืนต้องเป็นเวลาในอนาคต');
    }
    if (dueAt.getTime() - now.getTime() > MAX_LOAN_DAYS * 86_400_000) {
      throw new UnprocessableError('DUE_TOO_FAR', `A loan lasts at most ${MAX_LOAN_DAYS} days`, `ยืมได้ไม่เกิน ${MAX_LOAN_DAYS} วัน`);
    }
    const ids = dto.items.map((i) => i.itemId);
    if (new Set(ids).size !== ids.length) {
      throw new UnprocessableError('DUPLICATE_ITEMS', 'Each item may appear once in a loan', 'ระบุของชิ้นเดียวกันซ้ำในคำขอยืม');
    }
    const settings = await this.settings(stationId);

    return this.tx.run(async (em) => {
      const items = await this.items.lockMany(em, ids, stationId);
      if (items.length !== ids.length) throw new NotFoundError('Item', 'ของในคลัง');
      const byId = new Map(items.map((i) => [i.id, i]));
      for (const item of items) await this.assertLendable(em, item);
      const quantities = dto.items.map(({ itemId, quantity }) => {
        const item = byId.get(itemId)!;
        const q = quantity ?? item.quantity;
        if (q > item.quantity) {
          throw new UnprocessableError('QUANTITY_EXCEEDS_ITEM', `${item.code} holds ${item.quantity} ${item.unit}`, `${item.code} มีอยู่เพียง ${item.quantity} ${item.unit}`, { code: item.code, available: item.quantity });
        }
        return { item, quantity: q };
      });
      const roles = approverRoles(items, dto.offPremises, settings.commanderOnlyLoans);
      const id = await this.loans.insertLoan(em, {
        stationId,
        status: LoanStatus.REQUESTED,
        requesterId: ctx.actor!.id,
        purposeType: dto.purposeType,
        purpose: dto.purpose,
        offPremises: dto.offPremises,
        requestedAt: now,
        dueAt,
        approverRoles: roles,
      });
      await this.loans.insertLines(
        em,
        quantities.map(({ item, quantity }) => ({ stationId, loanId: id, itemId: item.id, holderId: ctx.actor!.id, quantity, open: true })),
      );
      const view = (await this.loans.view(id, stationId, now, em))!;
      await this.auditLog.append(em, ctx, {
        stationId,
        action: 'LOAN_REQUESTED',
        entityType: 'loan',
        entityId: id,
        after: { status: view.storedStatus, purposeType: dto.purposeType, purpose: dto.purpose, offPremises: dto.offPremises, dueAt: view.dueAt, approverRoles: roles, items: quantities.map(({ item, quantity }) => ({ itemId: item.id, code: item.code, quantity })) },
      });
      return view;
    });
  }

  /** Closed items, items out at court or the lab, and items already asked for or out cannot be requested. */
  private async assertLendable(em: EntityManager, item: Item): Promise<void> {
    if (item.status === ItemStatus.DISPOSED) {
      throw new ConflictError('ITEM_CLOSED', `${item.code} is closed (disposed)`, `${item.code} จำหน่ายแล้ว ยืมไม่ได้`, { code: item.code });
    }
    const line = await this.custody.openLine(em, item.id);
    if (line) throw itemOnOpenLine(item.code, line);
    if (item.status !== ItemStatus.IN_STORAGE) throw notInStorage(item);
    const disposal = await this.custody.openDisposal(em, item.id);
    if (disposal) throw itemOnOpenDisposal(item.code, disposal);
    if (item.category === ItemCategory.DONATION && (await this.custody.donationDecision(em, item.id)) !== 'ACCEPTED') {
      throw new ConflictError('DONATION_NOT_ACCEPTED', `${item.code} is a donation the commander has not accepted: it is not in service`, `${item.code} เป็นของบริจาคที่ผู้บังคับบัญชายังไม่ได้อนุมัติรับ จึงยังนำไปใช้ไม่ได้`, { code: item.code });
    }
  }

  async get(ctx: RequestContext, id: string): Promise<LoanView> {
    const view = await this.loans.view(id, stationScope(ctx), this.clock.now());
    if (!view) throw new NotFoundError('Loan', 'คำขอยืม');
    return view;
  }

  /** Lists: my loans (`mine`), awaiting my approval (`awaitingMe`), to issue (APPROVED), out now, overdue. */
  async list(ctx: RequestContext, query: ListLoansQueryDto): Promise<Page<LoanView>> {
    const { page, pageSize, offset } = paging(query);
    const actor = ctx.actor!;
    const { items, total } = await this.loans.list({
      stationId: stationScope(ctx),
      now: this.clock.now(),
      statuses: query.status,
      requesterId: query.mine ? actor.id : undefined,
      approvableBy: query.awaitingMe ? { userId: actor.id, roles: actor.roles } : undefined,
      itemId: query.itemId,
      offset,
      limit: pageSize,
    });
    return { items, total, page, pageSize };
  }

  approve(ctx: RequestContext, id: string, dto: DecisionDto): Promise<LoanView> {
    return this.decide(ctx, id, LoanStatus.APPROVED, dto.note ?? null);
  }

  reject(ctx: RequestContext, id: string, dto: DecisionDto): Promise<LoanView> {
    return this.decide(ctx, id, LoanStatus.REJECTED, dto.note ?? null);
  }

  /** Approve or reject: an allowed approver by the matrix, never the requester (service and ck_loans_approver_not_requester). */
  private async decide(ctx: RequestContext, id: string, outcome: LoanStatus.APPROVED | LoanStatus.REJECTED, note: string | null): Promise<LoanView> {
    const stationId = ownStation(ctx);
    const actor = ctx.actor!;
    return this.tx.run(async (em) => {
      const loan = await this.loans.lock(em, id, stationId);
      if (!loan) throw new NotFoundError('Loan', 'คำขอยืม');
      if (loan.status !== LoanStatus.REQUESTED) throw illegal(loan, outcome === LoanStatus.APPROVED ? 'approve' : 'reject', [LoanStatus.REQUESTED]);
      if (loan.requesterId === actor.id) {
        throw new ForbiddenError('SELF_APPROVAL', 'You cannot approve or reject your own loan', 'ผู้ขอยืมอนุมัติหรือไม่อนุมัติคำขอของตนเองไม่ได้');
      }
      if (!mayApprove(actor.roles, loan.approverRoles as Role[])) {
        throw new ForbiddenError('APPROVER_ROLE', `This loan needs approval by ${loan.approverRoles.join(' or ')}`, `คำขอยืมนี้ต้องได้รับอนุมัติจาก ${loan.approverRoles.map(roleTh).join(' หรือ ')}`, {
          approverRoles: loan.approverRoles,
        });
      }
      if (outcome === LoanStatus.REJECTED && !note) {
        throw new UnprocessableError('NOTE_REQUIRED', 'Say why the loan is rejected (note)', 'กรุณาระบุเหตุผลที่ไม่อนุมัติ');
      }
      const now = this.clock.now();
      await this.loans.update(em, id, { status: outcome, approverId: actor.id, decidedAt: now, decisionNote: note });
      if (outcome === LoanStatus.REJECTED) await this.loans.closeLines(em, id, now);
      const view = (await this.loans.view(id, stationId, now, em))!;
      await this.auditLog.append(em, ctx, {
        stationId,
        action: outcome === LoanStatus.APPROVED ? 'LOAN_APPROVED' : 'LOAN_REJECTED',
        entityType: 'loan',
        entityId: id,
        before: { status: loan.status },
        after: { status: outcome, approverId: actor.id, note },
      });
      return view;
    });
  }

  /** The requester withdraws the request before anything is issued. */
  async cancel(ctx: RequestContext, id: string, dto: DecisionDto): Promise<LoanView> {
    const stationId = ownStation(ctx);
    return this.tx.run(async (em) => {
      const loan = await this.loans.lock(em, id, stationId);
      if (!loan) throw new NotFoundError('Loan', 'คำขอยืม');
      if (loan.requesterId !== ctx.actor!.id) {
        throw new ForbiddenError('NOT_REQUESTER', 'Only the requester can cancel a loan', 'ผู้ขอยืมเท่านั้นที่ยกเลิกคำขอได้');
      }
      const allowed = [LoanStatus.REQUESTED, LoanStatus.APPROVED];
      if (!allowed.includes(loan.status)) throw illegal(loan, 'cancel', allowed);
      const now = this.clock.now();
      await this.loans.update(em, id, { status: LoanStatus.CANCELLED, cancelledAt: now });
      await this.loans.closeLines(em, id, now);
      const view = (await this.loans.view(id, stationId, now, em))!;
      await this.auditLog.append(em, ctx, { stationId, action: 'LOAN_CANCELLED', entityType: 'loan', entityId: id, before: { status: loan.status }, after: { status: LoanStatus.CANCELLED, note: dto.note ?? null } });
      return view;
    });
  }

  /**
   * The clerk scans every item of an approved loan and hands it over: HIGH items with a witness and
   * the blind check. The clerk is neither the requester nor the approver (service and CHECKs).
   */
  async issue(ctx: RequestContext, id: string, dto: IssueLoanDto): Promise<LoanView & { discrepancies: Discrepancy[] }> {
    const stationId = ownStation(ctx);
    const actor = ctx.actor!;
    const before = await this.loans.facts(id, stationId);
    if (!before) throw new NotFoundError('Loan', 'คำขอยืม');
    this.assertThirdHand(actor.id, before.requesterId, before.approverId);
    const { unknown, twice } = matchScans(dto.items, before.items);
    const scanned = new Set(dto.items.map((s) => normaliseCode(s.code)));
    const unscanned = before.items.filter((l) => !scanned.has(l.code)).map((l) => l.code);
    if (unknown.length || twice.length || unscanned.length) {
      throw new UnprocessableError('SCAN_MISMATCH', 'Scan every item of the loan once, and nothing else', 'กรุณาสแกนของทุกชิ้นในคำขอยืม ชิ้นละครั้ง และไม่สแกนของอื่น', { notOnLoan: unknown, scannedTwice: twice, notScanned: unscanned });
    }
    const needsWitness = before.items.some((l) => l.riskClass === RiskClass.HIGH);
    const witness = await this.witnesses.verify(ctx, stationId, dto.witness, needsWitness);
    const settings = await this.settings(stationId);

    return this.tx.run(async (em) => {
      const loan = await this.loans.lock(em, id, stationId);
      if (!loan) throw new NotFoundError('Loan', 'คำขอยืม');
      if (loan.status !== LoanStatus.APPROVED) throw illegal(loan, 'issue', [LoanStatus.APPROVED]);
      this.assertThirdHand(actor.id, loan.requesterId, loan.approverId);
      const lines = await this.loans.lines(em, id);
      const items = await this.items.lockMany(em, lines.map((l) => l.itemId), stationId);
      const byId = new Map(items.map((i) => [i.id, i]));
      const seenByCode = new Map(dto.items.map((s) => [normaliseCode(s.code), s]));
      const holder = await this.loans.displayName(em, loan.requesterId);
      const now = this.clock.now();
      const audits: AuditEntry[] = [];
      const discrepancies: Discrepancy[] = [];
      for (const line of lines) {
        const item = byId.get(line.itemId)!;
        const seen = seenByCode.get(item.code)!;
        const moved = await this.lines.checkout(em, ctx, item, line, holder, witness?.id ?? null, { sealNumber: seen.sealNumber, weightGrams: seen.weightGrams, amount: seen.amount }, settings.weightToleranceGrams, now);
        audits.push(moved.audit);
        discrepancies.push(...moved.discrepancies);
      }
      await this.loans.update(em, id, { status: LoanStatus.ISSUED, issuedBy: actor.id, issuedAt: now, issueWitnessId: witness?.id ?? null });
      const view = (await this.loans.view(id, stationId, now, em))!;
      for (const entry of audits) await this.auditLog.append(em, ctx, entry);
      await this.auditLog.append(em, ctx, {
        stationId,
        action: 'LOAN_ISSUED',
        entityType: 'loan',
        entityId: id,
        before: { status: loan.status },
        after: { status: LoanStatus.ISSUED, issuedBy: actor.id, witnessId: witness?.id ?? null, discrepancies: discrepancies.map((d) => d.id) },
      });
      return { ...view, discrepancies };
    });
  }

  private assertThirdHand(actorId: string, requesterId: string, approverId: string | null): void {
    if (actorId === requesterId) {
      throw new ForbiddenError('ISSUER_IS_REQUESTER', 'The clerk who issues a loan cannot be its requester', 'เจ้าหน้าที่ผู้จ่ายของต้องไม่ใช่ผู้ขอยืม');
    }
    if (actorId === approverId) {
      throw new ForbiddenError('ISSUER_IS_APPROVER', 'The clerk who issues a loan cannot be its approver', 'เจ้าหน้าที่ผู้จ่ายของต้องไม่ใช่ผู้อนุมัติ');
    }
  }

  /** The clerk receives items back, in whole or in part; the loan stays open until every line is accounted for. */
  async giveBack(ctx: RequestContext, id: string, dto: ReturnLoanDto): Promise<ReturnResult> {
    const stationId = ownStation(ctx);
    const actor = ctx.actor!;
    const before = await this.loans.facts(id, stationId);
    if (!before) throw new NotFoundError('Loan', 'คำขอยืม');
    // The state first: a second submit of a finished return is a conflict, as it is inside the transaction.
    if (!OUT_STATUSES.includes(before.status)) throw illegal(before, 'receive a return of', [...OUT_STATUSES]);
    if (actor.id === before.requesterId) {
      throw new ForbiddenError('RECEIVER_IS_BORROWER', 'The borrower cannot receive their own return', 'ผู้ยืมรับคืนของที่ตนยืมเองไม่ได้');
    }
    const out = before.items.filter((l) => l.open);
    const { unknown, twice } = matchScans(dto.items, out);
    if (unknown.length || twice.length) {
      throw new UnprocessableError('SCAN_MISMATCH', 'Scan each returned item once; only items still out on this loan', 'กรุณาสแกนของที่คืนชิ้นละครั้ง และเฉพาะของที่ยังค้างในการยืมนี้', { notOutOnLoan: unknown, scannedTwice: twice });
    }
    const byCode = new Map(out.map((l) => [l.code, l]));
    const needsWitness = dto.items.some((s) => byCode.get(normaliseCode(s.code))!.riskClass === RiskClass.HIGH);
    const witness = await this.witnesses.verify(ctx, stationId, dto.witness, needsWitness);
    const settings = await this.settings(stationId);

    return this.tx.run(async (em) => {
      const loan = await this.loans.lock(em, id, stationId);
      if (!loan) throw new NotFoundError('Loan', 'คำขอยืม');
      if (!OUT_STATUSES.includes(loan.status)) throw illegal(loan, 'receive a return of', [...OUT_STATUSES]);
      const lines = (await this.loans.lines(em, id)).filter((l) => l.open);
      const lineByItem = new Map(lines.map((l) => [l.itemId, l]));
      const items = await this.items.lockMany(em, lines.map((l) => l.itemId), stationId);
      const itemByCode = new Map(items.map((i) => [i.code, i]));
      const holder = await this.loans.displayName(em, loan.requesterId);
      const now = this.clock.now();
      const returned: ReturnedLine[] = [];
      for (const scan of dto.items) {
        const item = itemByCode.get(normaliseCode(scan.code));
        // Returned by a concurrent request between the check above and the lock.
        if (!item) throw new ConflictError('NOT_OUT_ON_LOAN', `${scan.code} is no longer out on this loan`, `${scan.code} ไม่ได้ค้างอยู่ในการยืมนี้แล้ว`, { code: scan.code });
        returned.push(await this.lines.giveBack(em, ctx, item, lineByItem.get(item.id)! as LoanItem, scan, holder, witness?.id ?? null, settings.weightToleranceGrams, now));
      }
      const closedNow = new Set(returned.filter((r) => r.closed).map((r) => r.lineId));
      const allBack = lines.every((l) => closedNow.has(l.id));
      const status = allBack ? LoanStatus.RETURNED : LoanStatus.PARTIALLY_RETURNED;
      await this.loans.update(em, id, { status, returnedAt: allBack ? now : null });
      const view = (await this.loans.view(id, stationId, now, em))!;
      for (const r of returned) await this.auditLog.append(em, ctx, r.audit);
      const discrepancies = returned.flatMap((r) => r.discrepancies);
      await this.auditLog.append(em, ctx, {
        stationId,
        action: 'LOAN_RETURNED',
        entityType: 'loan',
        entityId: id,
        before: { status: loan.status },
        after: { status, lines: returned.map((r) => ({ lineId: r.lineId, code: r.code, returned: r.returned, spent: r.spent, closed: r.closed })), witnessId: witness?.id ?? null },
      });
      return { loan: view, returned: returned.map(({ audit: _audit, ...rest }) => rest), discrepancies };
    });
  }
}

const ROLE_TH: Record<string, string> = { COMMANDER: 'ผู้บังคับบัญชา (หัวหน้าสถานี)', SUPERVISOR: 'หัวหน้างาน' };
function roleTh(role: string): string {
  return ROLE_TH[role] ?? role;
}
