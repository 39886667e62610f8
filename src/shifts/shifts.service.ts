import { Inject, Injectable } from '@nestjs/common';
import { AuditLogService } from '../audit-log/audit-log.service.js';
import { WitnessService, witnessRequired } from '../auth/witness.service.js';
import { Clock } from '../common/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../common/errors.js';
import { ownStation, type RequestContext, stationScope } from '../common/request-context.js';
import { type Page, paging } from '../common/validation.js';
import { CustodyRepository, itemOnOpenLine } from '../custody/custody.repository.js';
import { DiscrepancyKind } from '../custody/custody.enums.js';
import type { Discrepancy } from '../custody/discrepancy.entity.js';
import { TransactionService } from '../database/transaction.service.js';
import type { Item } from '../items/item.entity.js';
import { ItemCategory, ItemCondition, ItemStatus, RiskClass } from '../items/item.enums.js';
import { ItemsRepository } from '../items/items.repository.js';
import { ItemLinesService, notInStorage, type ReturnedLine } from '../loans/item-lines.service.js';
import { LoansRepository } from '../loans/loans.repository.js';
import { normaliseCode } from '../loans/loans.service.js';
import { settingsOf } from '../stations/station-settings.js';
import { StationsRepository } from '../stations/stations.repository.js';
import { ShiftStatus } from './shift.entity.js';
import type { CloseShiftDto, CreateShiftDto, ListShiftsQueryDto, ShiftIssueDto, ShiftReturnDto } from './shifts.dto.js';
import { ShiftsRepository, type ShiftView } from './shifts.repository.js';

const itemNotFound = () => new NotFoundError('Item', 'ของในคลัง');

/**
 * The daily weapons book (DESIGN §2 Shift arms issue; DOMAIN-TH §4): the duty supervisor opens a shift,
 * weapons and ammunition go out to named officers against it and come back at its end; it closes only
 * when everything is back or has a recorded reason.
 */
@Injectable()
export class ShiftsService {
  constructor(
    @Inject(TransactionService) private readonly tx: TransactionService,
    @Inject(ShiftsRepository) private readonly shifts: ShiftsRepository,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
    @Inject(CustodyRepository) private readonly custody: CustodyRepository,
    @Inject(LoansRepository) private readonly loans: LoansRepository,
    @Inject(ItemLinesService) private readonly lines: ItemLinesService,
    @Inject(StationsRepository) private readonly stations: StationsRepository,
    @Inject(WitnessService) private readonly witnesses: WitnessService,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async open(ctx: RequestContext, dto: CreateShiftDto): Promise<ShiftView> {
    const stationId = ownStation(ctx);
    return this.tx.run(async (em) => {
      const id = await this.shifts.insert(em, { stationId, name: dto.name, status: ShiftStatus.OPEN, openedBy: ctx.actor!.id, openedAt: this.clock.now() });
      const view = (await this.shifts.view(id, stationId, em))!;
      await this.auditLog.append(em, ctx, { stationId, action: 'SHIFT_OPENED', entityType: 'shift', entityId: id, after: { name: dto.name, status: ShiftStatus.OPEN } });
      return view;
    });
  }

  async get(ctx: RequestContext, id: string): Promise<ShiftView> {
    const view = await this.shifts.view(id, stationScope(ctx));
    if (!view) throw new NotFoundError('Shift', 'ผลัด');
    return view;
  }

  async list(ctx: RequestContext, query: ListShiftsQueryDto): Promise<Page<ShiftView>> {
    const { page, pageSize, offset } = paging(query);
    const { items, total } = await this.shifts.list(stationScope(ctx), query.status, offset, pageSize);
    return { items, total, page, pageSize };
  }

  /** A weapon or ammunition out to a named officer; the officer may co-sign as the witness of a HIGH item. */
  async issue(ctx: RequestContext, shiftId: string, dto: ShiftIssueDto): Promise<ShiftView> {
    const stationId = ownStation(ctx);
    if (!dto.officerId === !dto.officerCode) {
      throw new UnprocessableError('OFFICER_REQUIRED', 'Name the officer by officerId or officerCode (badge), one of them', 'กรุณาระบุเจ้าหน้าที่ผู้รับอาวุธ (เลือกชื่อหรือสแกนบัตร) อย่างใดอย่างหนึ่ง');
    }
    const code = normaliseCode(dto.code);
    const preview = await this.items.viewByCode(code, stationId);
    if (!preview) throw itemNotFound();
    if (preview.category !== ItemCategory.WEAPON) {
      throw new UnprocessableError('NOT_A_WEAPON', `${code} is not a weapon or ammunition of the armory`, `${code} ไม่ใช่อาวุธหรือเครื่องกระสุนของคลังอาวุธ`, { code });
    }
    const witness = await this.witnesses.verify(ctx, stationId, dto.witness, preview.riskClass === RiskClass.HIGH);
    const settings = settingsOf((await this.stations.findById(stationId))!);

    return this.tx.run(async (em) => {
      const shift = await this.shifts.lock(em, shiftId, stationId);
      if (!shift) throw new NotFoundError('Shift', 'ผลัด');
      if (shift.status !== ShiftStatus.OPEN) throw shiftClosed();
      const officer = await this.shifts.officer(em, stationId, { id: dto.officerId, code: dto.officerCode });
      if (!officer) throw new UnprocessableError('OFFICER_NOT_FOUND', 'No active officer of this station has that id or badge', 'ไม่พบเจ้าหน้าที่ผู้นี้ในสถานี หรือถูกระงับการใช้งาน');
      if (officer.id === ctx.actor!.id) {
        throw new ForbiddenError('ISSUER_IS_HOLDER', 'You cannot issue a weapon to yourself', 'ผู้จ่ายอาวุธเบิกจ่ายให้ตนเองไม่ได้');
      }
      const item = await this.items.lockByCode(em, code, stationId);
      if (!item) throw itemNotFound();
      await this.assertIssuable(em, item);
      // The item may have become HIGH (an AMEND of its kind) between the first read and the lock.
      if (item.riskClass === RiskClass.HIGH && !witness) throw witnessRequired();
      const quantity = dto.quantity ?? item.quantity;
      const now = this.clock.now();
      const [lineId] = await this.loans.insertLines(em, [{ stationId, shiftId, itemId: item.id, holderId: officer.id, quantity, issuedBy: ctx.actor!.id, issuedAt: now, witnessId: witness?.id ?? null, open: true }]);
      const moved = await this.lines.checkout(em, ctx, item, { id: lineId, holderId: officer.id, quantity }, officer.name, witness?.id ?? null, { sealNumber: dto.sealNumber, weightGrams: dto.weightGrams, amount: dto.amount }, settings.weightToleranceGrams, now);
      const view = (await this.shifts.view(shiftId, stationId, em))!;
      await this.auditLog.append(em, ctx, moved.audit);
      await this.auditLog.append(em, ctx, { stationId, action: 'SHIFT_ISSUE', entityType: 'shift', entityId: shiftId, after: { lineId, itemId: item.id, code: item.code, officerId: officer.id, quantity, witnessId: witness?.id ?? null } });
      return view;
    });
  }

  private async assertIssuable(em: Parameters<ItemsRepository['update']>[0], item: Item): Promise<void> {
    const line = await this.custody.openLine(em, item.id);
    if (line) throw itemOnOpenLine(item.code, line);
    if (item.status !== ItemStatus.IN_STORAGE) throw notInStorage(item);
  }

  /** Back at the end of the shift (also after it closed, for an item that stayed out with a reason). */
  async giveBack(ctx: RequestContext, shiftId: string, dto: ShiftReturnDto): Promise<ShiftView & { returned: Omit<ReturnedLine, 'audit'>; discrepancies: Discrepancy[] }> {
    const stationId = ownStation(ctx);
    const code = normaliseCode(dto.code);
    const preview = await this.items.viewByCode(code, stationId);
    if (!preview) throw itemNotFound();
    const witness = await this.witnesses.verify(ctx, stationId, dto.witness, preview.riskClass === RiskClass.HIGH);
    const settings = settingsOf((await this.stations.findById(stationId))!);

    return this.tx.run(async (em) => {
      const shift = await this.shifts.lock(em, shiftId, stationId);
      if (!shift) throw new NotFoundError('Shift', 'ผลัด');
      const item = await this.items.lockByCode(em, code, stationId);
      if (!item) throw itemNotFound();
      const line = (await this.shifts.openLines(em, shiftId)).find((l) => l.itemId === item.id);
      if (!line) throw new ConflictError('NOT_OUT_ON_SHIFT', `${code} is not out on this shift`, `${code} ไม่ได้ถูกเบิกค้างอยู่ในผลัดนี้`, { code });
      if (line.holderId === ctx.actor!.id) {
        throw new ForbiddenError('RECEIVER_IS_HOLDER', 'The officer who holds it cannot receive their own return', 'ผู้เบิกรับคืนอาวุธของตนเองไม่ได้');
      }
      const holder = await this.loans.displayName(em, line.holderId);
      const returned = await this.lines.giveBack(em, ctx, item, line, { ...dto, condition: dto.condition ?? ItemCondition.GOOD }, holder, witness?.id ?? null, settings.weightToleranceGrams, this.clock.now());
      const view = (await this.shifts.view(shiftId, stationId, em))!;
      await this.auditLog.append(em, ctx, returned.audit);
      await this.auditLog.append(em, ctx, {
        stationId,
        action: 'SHIFT_RETURN',
        entityType: 'shift',
        entityId: shiftId,
        after: { lineId: line.id, code, returned: returned.returned, spent: returned.spent, closed: returned.closed, witnessId: witness?.id ?? null },
      });
      const { audit: _audit, ...rest } = returned;
      return { ...view, returned: rest, discrepancies: returned.discrepancies };
    });
  }

  /** Closes the page of the book: whatever is still out needs a reason, recorded with a discrepancy. */
  async close(ctx: RequestContext, shiftId: string, dto: CloseShiftDto): Promise<ShiftView & { discrepancies: Discrepancy[] }> {
    const stationId = ownStation(ctx);
    return this.tx.run(async (em) => {
      const shift = await this.shifts.lock(em, shiftId, stationId);
      if (!shift) throw new NotFoundError('Shift', 'ผลัด');
      if (shift.status !== ShiftStatus.OPEN) throw shiftClosed();
      const open = await this.shifts.openLines(em, shiftId);
      const codes = new Map<string, string>(
        (await em.query(`SELECT id, code FROM items WHERE id = ANY($1::uuid[])`, [open.map((l) => l.itemId)])).map((r: { id: string; code: string }) => [r.id, r.code]),
      );
      const reasons = new Map((dto.unreturned ?? []).map((u) => [normaliseCode(u.code), u.reason]));
      const unexplained = open.filter((l) => !reasons.has(codes.get(l.itemId)!)).map((l) => codes.get(l.itemId)!);
      if (unexplained.length) {
        throw new ConflictError('SHIFT_HAS_UNRETURNED', `Still out without a reason: ${unexplained.join(', ')}`, `ยังมีอาวุธค้างคืนโดยไม่ได้ระบุเหตุผล: ${unexplained.join(', ')}`, { codes: unexplained });
      }
      const outCodes = new Set(open.map((l) => codes.get(l.itemId)!));
      const stray = [...reasons.keys()].filter((c) => !outCodes.has(c));
      if (stray.length) {
        throw new UnprocessableError('NOT_OUT_ON_SHIFT', `Not out on this shift: ${stray.join(', ')}`, `ไม่ได้ถูกเบิกค้างอยู่ในผลัดนี้: ${stray.join(', ')}`, { codes: stray });
      }
      const now = this.clock.now();
      const discrepancies: Discrepancy[] = [];
      for (const line of open) {
        const reason = reasons.get(codes.get(line.itemId)!)!;
        await em.query(`UPDATE loan_items SET unreturned_reason = $2 WHERE id = $1`, [line.id, reason]);
        discrepancies.push(
          ...(await this.custody.insertDiscrepancies(em, [
            { stationId, itemId: line.itemId, loanItemId: line.id, kind: DiscrepancyKind.NOT_RETURNED, expected: 'คืนเมื่อปิดผลัด', observed: 'ยังไม่คืน', note: reason, reportedBy: ctx.actor!.id },
          ])),
        );
      }
      await this.shifts.update(em, shiftId, { status: ShiftStatus.CLOSED, closedBy: ctx.actor!.id, closedAt: now });
      const view = (await this.shifts.view(shiftId, stationId, em))!;
      await this.auditLog.append(em, ctx, {
        stationId,
        action: 'SHIFT_CLOSED',
        entityType: 'shift',
        entityId: shiftId,
        before: { status: ShiftStatus.OPEN },
        after: { status: ShiftStatus.CLOSED, unreturned: open.map((l) => ({ lineId: l.id, code: codes.get(l.itemId), reason: reasons.get(codes.get(l.itemId)!) })), discrepancies: discrepancies.map((d) => d.id) },
      });
      return { ...view, discrepancies };
    });
  }
}

function shiftClosed(): ConflictError {
  return new ConflictError('SHIFT_CLOSED', 'The shift is closed', 'ผลัดนี้ปิดแล้ว');
}
