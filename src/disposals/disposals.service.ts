import { Inject, Injectable } from '@nestjs/common';
import type { AuditEntry } from '../audit-log/audit-log.service.js';
import { AuditLogService } from '../audit-log/audit-log.service.js';
import { WitnessService } from '../auth/witness.service.js';
import { Clock } from '../common/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../common/errors.js';
import { ownStation, type RequestContext, stationScope } from '../common/request-context.js';
import { type Page, paging } from '../common/validation.js';
import { CustodyEventType } from '../custody/custody.enums.js';
import { CustodyRepository, itemOnOpenDisposal, itemOnOpenLine } from '../custody/custody.repository.js';
import { CustodyService } from '../custody/custody.service.js';
import type { Discrepancy } from '../custody/discrepancy.entity.js';
import { TransactionService } from '../database/transaction.service.js';
import { ItemKind, ItemStatus } from '../items/item.enums.js';
import { ItemsRepository } from '../items/items.repository.js';
import { notInStorage } from '../loans/item-lines.service.js';
import { settingsOf } from '../stations/station-settings.js';
import { StationsRepository } from '../stations/stations.repository.js';
import { DisposalMethod, DisposalStatus, METHOD_TH } from './disposal.enums.js';
import type { CreateDisposalDto, DisposalDecisionDto, ExecuteDisposalDto, ListDisposalsQueryDto } from './disposals.dto.js';
import { DisposalsRepository, type DisposalView } from './disposals.repository.js';

/** Methods that hand the item to someone, who must be named. */
const TO_SOMEONE: readonly DisposalMethod[] = [DisposalMethod.RETURN_TO_OWNER, DisposalMethod.SELL, DisposalMethod.TRANSFER];

const notFound = () => new NotFoundError('Disposal', 'รายการจำหน่าย');

function illegal(status: DisposalStatus, action: string, allowed: DisposalStatus[]): ConflictError {
  return new ConflictError('ILLEGAL_DISPOSAL_TRANSITION', `Cannot ${action} a disposal that is ${status}`, `ทำรายการนี้ไม่ได้ เพราะรายการจำหน่ายอยู่ในสถานะ ${status}`, { status, allowedFrom: allowed });
}

/**
 * Disposals (DESIGN §2; ระเบียบกระทรวงการคลังฯ ข้อ 215–218, ระเบียบ ตร. ว่าด้วยของกลาง): a request with its
 * legal basis, the commander's approval (never the requester's), execution with a witness and the blind
 * check (drugs re-weighed: a difference is an incident). The item is closed, never deleted.
 */
@Injectable()
export class DisposalsService {
  constructor(
    @Inject(TransactionService) private readonly tx: TransactionService,
    @Inject(DisposalsRepository) private readonly disposals: DisposalsRepository,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
    @Inject(CustodyRepository) private readonly custodyRepo: CustodyRepository,
    @Inject(CustodyService) private readonly custody: CustodyService,
    @Inject(StationsRepository) private readonly stations: StationsRepository,
    @Inject(WitnessService) private readonly witnesses: WitnessService,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async request(ctx: RequestContext, dto: CreateDisposalDto): Promise<DisposalView> {
    const stationId = ownStation(ctx);
    const ids = dto.items.map((i) => i.itemId);
    if (new Set(ids).size !== ids.length) throw new UnprocessableError('DUPLICATE_ITEMS', 'Each item may appear once', 'ระบุของชิ้นเดียวกันซ้ำ');
    if (TO_SOMEONE.includes(dto.method) && !dto.recipient) {
      throw new UnprocessableError('RECIPIENT_REQUIRED', `${dto.method} needs the recipient (owner, buyer or agency)`, `การจำหน่ายโดยวิธี${METHOD_TH[dto.method]}ต้องระบุผู้รับ`);
    }
    return this.tx.run(async (em) => {
      const items = await this.items.lockMany(em, ids, stationId);
      if (items.length !== ids.length) throw new NotFoundError('Item', 'ของในคลัง');
      for (const item of items) {
        if (item.status === ItemStatus.DISPOSED) throw new ConflictError('ITEM_CLOSED', `${item.code} is already closed`, `${item.code} จำหน่ายแล้ว`, { code: item.code });
        const line = await this.custodyRepo.openLine(em, item.id);
        if (line) throw itemOnOpenLine(item.code, line);
        if (item.status !== ItemStatus.IN_STORAGE) throw notInStorage(item);
        const open = await this.custodyRepo.openDisposal(em, item.id);
        if (open) throw itemOnOpenDisposal(item.code, open);
      }
      const id = await this.disposals.insert(
        em,
        { stationId, status: DisposalStatus.REQUESTED, method: dto.method, legalBasis: dto.legalBasis, documentRef: dto.documentRef, recipient: dto.recipient ?? null, note: dto.note ?? null, requestedBy: ctx.actor!.id, requestedAt: this.clock.now() },
        ids,
      );
      const view = (await this.disposals.view(id, stationId, em))!;
      await this.auditLog.append(em, ctx, {
        stationId,
        action: 'DISPOSAL_REQUESTED',
        entityType: 'disposal',
        entityId: id,
        after: { method: dto.method, legalBasis: dto.legalBasis, documentRef: dto.documentRef, recipient: dto.recipient ?? null, items: items.map((i) => ({ itemId: i.id, code: i.code })) },
      });
      return view;
    });
  }

  async get(ctx: RequestContext, id: string): Promise<DisposalView> {
    const view = await this.disposals.view(id, stationScope(ctx));
    if (!view) throw notFound();
    return view;
  }

  async list(ctx: RequestContext, query: ListDisposalsQueryDto): Promise<Page<DisposalView>> {
    const { page, pageSize, offset } = paging(query);
    const { items, total } = await this.disposals.list({ stationId: stationScope(ctx), status: query.status, offset, limit: pageSize });
    return { items, total, page, pageSize };
  }

  approve(ctx: RequestContext, id: string, dto: DisposalDecisionDto): Promise<DisposalView> {
    return this.decide(ctx, id, DisposalStatus.APPROVED, dto.note ?? null);
  }

  reject(ctx: RequestContext, id: string, dto: DisposalDecisionDto): Promise<DisposalView> {
    return this.decide(ctx, id, DisposalStatus.REJECTED, dto.note ?? null);
  }

  /** The commander decides; never the one who asked (service and ck_disposals_approver_not_requester). */
  private async decide(ctx: RequestContext, id: string, outcome: DisposalStatus.APPROVED | DisposalStatus.REJECTED, note: string | null): Promise<DisposalView> {
    const stationId = ownStation(ctx);
    return this.tx.run(async (em) => {
      const disposal = await this.disposals.lock(em, id, stationId);
      if (!disposal) throw notFound();
      if (disposal.status !== DisposalStatus.REQUESTED) throw illegal(disposal.status, outcome === DisposalStatus.APPROVED ? 'approve' : 'reject', [DisposalStatus.REQUESTED]);
      if (disposal.requestedBy === ctx.actor!.id) {
        throw new ForbiddenError('SELF_APPROVAL', 'You cannot decide a disposal you requested', 'ผู้ขอจำหน่ายอนุมัติรายการของตนเองไม่ได้');
      }
      if (outcome === DisposalStatus.REJECTED && !note) throw new UnprocessableError('NOTE_REQUIRED', 'Say why the disposal is rejected (note)', 'กรุณาระบุเหตุผลที่ไม่อนุมัติ');
      await this.disposals.update(em, id, { status: outcome, approvedBy: ctx.actor!.id, decidedAt: this.clock.now(), decisionNote: note });
      if (outcome === DisposalStatus.REJECTED) await this.disposals.closeLines(em, id);
      const view = (await this.disposals.view(id, stationId, em))!;
      await this.auditLog.append(em, ctx, {
        stationId,
        action: outcome === DisposalStatus.APPROVED ? 'DISPOSAL_APPROVED' : 'DISPOSAL_REJECTED',
        entityType: 'disposal',
        entityId: id,
        before: { status: disposal.status },
        after: { status: outcome, approvedBy: ctx.actor!.id, note },
      });
      return view;
    });
  }

  /**
   * Carries out an approved disposal: for each item the blind check (drugs are re-weighed; a weight off the
   * record by more than the tolerance is an incident), a DISPOSE event, and the item closed.
   */
  async execute(ctx: RequestContext, id: string, dto: ExecuteDisposalDto): Promise<DisposalView & { incidents: Discrepancy[] }> {
    const stationId = ownStation(ctx);
    const before = await this.disposals.view(id, stationId);
    if (!before) throw notFound();
    if (before.status !== DisposalStatus.APPROVED) throw illegal(before.status, 'execute', [DisposalStatus.APPROVED]);
    if (before.approvedBy?.id === ctx.actor!.id) {
      throw new ForbiddenError('EXECUTOR_IS_APPROVER', 'The one who approved a disposal does not carry it out', 'ผู้อนุมัติการจำหน่ายต้องไม่ใช่ผู้ดำเนินการจำหน่าย');
    }
    const seen = this.seenValues(before, dto);
    const witness = (await this.witnesses.verify(ctx, stationId, dto.witness, true))!;
    const settings = settingsOf((await this.stations.findById(stationId))!);

    return this.tx.run(async (em) => {
      const disposal = await this.disposals.lock(em, id, stationId);
      if (!disposal) throw notFound();
      if (disposal.status !== DisposalStatus.APPROVED) throw illegal(disposal.status, 'execute', [DisposalStatus.APPROVED]);
      const lines = await this.disposals.lines(em, id);
      const items = await this.items.lockMany(em, lines.map((l) => l.itemId), stationId);
      const now = this.clock.now();
      const recipient = disposal.recipient ?? METHOD_TH[disposal.method];
      const audits: AuditEntry[] = [];
      const incidents: Discrepancy[] = [];
      for (const item of items) {
        if (item.status !== ItemStatus.IN_STORAGE) throw notInStorage(item);
        const values = seen.get(item.id) ?? {};
        const moved = await this.custody.recordMovement(
          em,
          ctx,
          item,
          {
            type: CustodyEventType.DISPOSE,
            changes: { status: ItemStatus.DISPOSED, locationId: null, holderId: null, holderText: recipient.slice(0, 300) },
            witnessId: witness.id,
            seen: values,
            quantity: item.quantity,
            recipient,
            documentRef: disposal.documentRef,
            reason: `${METHOD_TH[disposal.method]} (${disposal.legalBasis})`,
            note: disposal.note,
          },
          settings.weightToleranceGrams,
        );
        await this.disposals.closeLine(em, lines.find((l) => l.itemId === item.id)!.id, values.weightGrams ?? null);
        audits.push(moved.audit);
        incidents.push(...moved.discrepancies);
      }
      await this.disposals.update(em, id, { status: DisposalStatus.EXECUTED, executedBy: ctx.actor!.id, executedAt: now, witnessId: witness.id });
      const view = (await this.disposals.view(id, stationId, em))!;
      for (const entry of audits) await this.auditLog.append(em, ctx, entry);
      await this.auditLog.append(em, ctx, {
        stationId,
        action: 'DISPOSAL_EXECUTED',
        entityType: 'disposal',
        entityId: id,
        before: { status: DisposalStatus.APPROVED },
        after: { status: DisposalStatus.EXECUTED, executedBy: ctx.actor!.id, witnessId: witness.id, incidents: incidents.map((d) => d.id) },
      });
      return { ...view, incidents };
    });
  }

  /** The blind values per item: `items`, or the top-level weight of a one-item disposal; drugs must be weighed. */
  private seenValues(disposal: DisposalView, dto: ExecuteDisposalDto): Map<string, { sealNumber?: string; weightGrams?: number; amount?: number }> {
    const onDisposal = new Set(disposal.items.map((i) => i.itemId));
    const stray = (dto.items ?? []).filter((i) => !onDisposal.has(i.itemId)).map((i) => i.itemId);
    if (stray.length) throw new UnprocessableError('NOT_ON_DISPOSAL', 'Some items are not on this disposal', 'มีของบางรายการที่ไม่อยู่ในรายการจำหน่ายนี้', { itemIds: stray });
    const seen = new Map((dto.items ?? []).map(({ itemId, ...values }) => [itemId, values]));
    if (dto.weightGrams !== undefined) {
      if (disposal.items.length !== 1) {
        throw new UnprocessableError('WEIGHT_PER_ITEM', 'With several items, give each weight in items[]', 'มีของหลายรายการ กรุณาระบุน้ำหนักของแต่ละรายการ');
      }
      const only = disposal.items[0].itemId;
      seen.set(only, { ...seen.get(only), weightGrams: dto.weightGrams });
    }
    const unweighed = disposal.items.filter((i) => i.kind === ItemKind.DRUGS && seen.get(i.itemId)?.weightGrams === undefined).map((i) => i.code);
    if (unweighed.length) {
      throw new UnprocessableError('REWEIGH_REQUIRED', `Drugs are re-weighed at execution: ${unweighed.join(', ')}`, `ยาเสพติดต้องชั่งน้ำหนักใหม่ก่อนจำหน่าย: ${unweighed.join(', ')}`, { codes: unweighed });
    }
    return seen;
  }
}
