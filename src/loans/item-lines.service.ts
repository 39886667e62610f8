import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConflictError, UnprocessableError } from '../common/errors.js';
import type { RequestContext } from '../common/request-context.js';
import { CustodyEventType, DiscrepancyKind } from '../custody/custody.enums.js';
import type { BlindSeen } from '../custody/custody-rules.js';
import { CustodyService, type ItemChanges, type RecordedMovement } from '../custody/custody.service.js';
import type { Item } from '../items/item.entity.js';
import { ItemCondition, ItemKind, ItemStatus, STATUS_TH } from '../items/item.enums.js';
import { LoanItem } from './loan-item.entity.js';

/** Quantities are numeric(14,3): compare to the thousandth. */
const EPS = 0.0005;

export interface ReturnedScan extends BlindSeen {
  quantity?: number;
  spentQuantity?: number;
  spentReason?: string;
  condition: ItemCondition | `${ItemCondition}`;
  note?: string;
}

export interface ReturnedLine extends RecordedMovement {
  lineId: string;
  code: string;
  returned: number;
  spent: number;
  /** The line is fully accounted for: the item is back (or, all spent, closed). */
  closed: boolean;
}

/** 409 when an item is not in the store to be issued. */
export function notInStorage(item: Item): ConflictError {
  const where = item.holderText ? ` (${item.holderText})` : '';
  return new ConflictError(
    'ITEM_NOT_IN_STORAGE',
    `${item.code} is ${item.status}${where}, not in the store`,
    `${item.code} ไม่ได้อยู่ในคลัง (สถานะ "${STATUS_TH[item.status]}"${where})`,
    { code: item.code, status: item.status },
  );
}

/**
 * Issue and return of one loan line or shift issue: the custody event, the item's new state and the
 * line's quantities, in the caller's transaction. Loans and the weapons book share it.
 */
@Injectable()
export class ItemLinesService {
  constructor(@Inject(CustodyService) private readonly custody: CustodyService) {}

  async checkout(
    em: EntityManager,
    ctx: RequestContext,
    item: Item,
    line: Pick<LoanItem, 'id' | 'holderId' | 'quantity'>,
    holderName: string,
    witnessId: string | null,
    seen: BlindSeen,
    toleranceGrams: number,
    at: Date,
  ): Promise<RecordedMovement> {
    if (item.status !== ItemStatus.IN_STORAGE) throw notInStorage(item);
    if (line.quantity > item.quantity + EPS) {
      throw new ConflictError('QUANTITY_EXCEEDS_ITEM', `${item.code} holds ${item.quantity} ${item.unit}, less than ${line.quantity}`, `${item.code} มีอยู่ ${item.quantity} ${item.unit} น้อยกว่าที่ขอ ${line.quantity}`, {
        code: item.code,
        available: item.quantity,
      });
    }
    const movement = await this.custody.recordMovement(
      em,
      ctx,
      item,
      {
        type: CustodyEventType.CHECKOUT,
        changes: { status: ItemStatus.ON_LOAN, locationId: null, holderId: line.holderId, holderText: null },
        witnessId,
        seen,
        quantity: line.quantity,
        recipient: holderName,
        loanItemId: line.id,
      },
      toleranceGrams,
    );
    await em.getRepository(LoanItem).update({ id: line.id }, { issuedBy: ctx.actor!.id, issuedAt: at, witnessId, fromLocationId: item.locationId });
    return movement;
  }

  async giveBack(em: EntityManager, ctx: RequestContext, item: Item, line: LoanItem, scan: ReturnedScan, holderName: string, witnessId: string | null, toleranceGrams: number, at: Date): Promise<ReturnedLine> {
    const outstanding = line.quantity - line.returnedQuantity - line.spentQuantity;
    const spent = scan.spentQuantity ?? 0;
    if (spent > 0 && item.kind !== ItemKind.AMMUNITION) {
      throw new UnprocessableError('SPENT_NOT_AMMUNITION', `${item.code} is not ammunition: nothing of it can be spent`, `${item.code} ไม่ใช่เครื่องกระสุน จึงบันทึกว่าใช้ไปไม่ได้`, { code: item.code });
    }
    if (spent > 0 && !scan.spentReason) {
      throw new UnprocessableError('SPENT_REASON_REQUIRED', `Say why ${spent} of ${item.code} were spent (spentReason)`, `กรุณาระบุเหตุผลที่ใช้กระสุน ${item.code} ไป ${spent} ${item.unit}`, { code: item.code });
    }
    const back = scan.quantity ?? Math.max(0, outstanding - spent);
    if (back + spent <= EPS) {
      throw new UnprocessableError('NOTHING_RETURNED', `Nothing of ${item.code} is returned or spent`, `ไม่มีการคืนหรือใช้ ${item.code}`, { code: item.code });
    }
    if (back + spent > outstanding + EPS) {
      throw new UnprocessableError(
        'RETURN_EXCEEDS_OUTSTANDING',
        `${item.code}: ${back} back and ${spent} spent is more than the ${outstanding} ${item.unit} out`,
        `${item.code}: คืน ${back} และใช้ไป ${spent} มากกว่าที่ยืมออกไปและยังไม่คืน ${outstanding} ${item.unit}`,
        { code: item.code, outstanding },
      );
    }
    const closed = Math.abs(back + spent - outstanding) <= EPS;
    const remaining = round3(item.quantity - spent);
    const changes: ItemChanges = {};
    if (spent > 0) changes.quantity = remaining;
    if (closed) {
      const usedUp = remaining <= EPS;
      Object.assign(changes, { status: usedUp ? ItemStatus.DISPOSED : ItemStatus.IN_STORAGE, locationId: usedUp ? null : line.fromLocationId, holderId: null, holderText: null });
    }
    if (scan.condition !== item.condition) changes.condition = scan.condition as ItemCondition;
    const damaged = scan.condition !== ItemCondition.GOOD && scan.condition !== item.condition;
    const movement = await this.custody.recordMovement(
      em,
      ctx,
      item,
      {
        type: CustodyEventType.RETURN,
        changes,
        witnessId,
        seen: { sealNumber: scan.sealNumber, weightGrams: scan.weightGrams, amount: scan.amount },
        quantity: back,
        recipient: holderName,
        condition: scan.condition as ItemCondition,
        reason: spent > 0 ? `ใช้ไป ${spent} ${item.unit}: ${scan.spentReason}` : null,
        note: scan.note ?? null,
        loanItemId: line.id,
        extra: damaged ? [{ kind: DiscrepancyKind.DAMAGED_ON_RETURN, expected: item.condition, observed: scan.condition }] : [],
      },
      toleranceGrams,
    );
    await em.getRepository(LoanItem).update(
      { id: line.id },
      {
        returnedQuantity: round3(line.returnedQuantity + back),
        spentQuantity: round3(line.spentQuantity + spent),
        spentReason: spent > 0 ? [line.spentReason, scan.spentReason].filter(Boolean).join('; ').slice(0, 1000) : line.spentReason,
        returnCondition: scan.condition as ItemCondition,
        open: !closed,
        closedAt: closed ? at : null,
      },
    );
    return { ...movement, lineId: line.id, code: item.code, returned: back, spent, closed };
  }
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
