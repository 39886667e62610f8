import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type AuditEntry, AuditLogService } from '../audit-log/audit-log.service.js';
import { type Witness, WitnessService, witnessRequired } from '../auth/witness.service.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors.js';
import { ownStation, type RequestContext, stationScope } from '../common/request-context.js';
import { TransactionService } from '../database/transaction.service.js';
import type { Item } from '../items/item.entity.js';
import { ItemCategory, type ItemCondition, RiskClass, riskClassOf } from '../items/item.enums.js';
import { assertKindFits, assertOwnDetails, assertStorable, checkMeasures, serialTaken } from '../items/item-rules.js';
import { DETAILS_FIELD, type ItemView } from '../items/items.dto.js';
import { ItemsRepository } from '../items/items.repository.js';
import { LocationsRepository } from '../locations/locations.repository.js';
import type { StationSettings } from '../stations/station-settings.js';
import { StationsRepository } from '../stations/stations.repository.js';
import { CustodyEventType, SendOutDestination } from './custody.enums.js';
import type { CreateCustodyEventDto } from './custody.dto.js';
import { CustodyRepository, itemOnOpenDisposal, itemOnOpenLine, type NewCustodyEvent, type TimelineRow } from './custody.repository.js';
import { assertBlindEntered, assertTransition, type BlindSeen, compareBlind, type Mismatch, statusAfter } from './custody-rules.js';
import type { Discrepancy } from './discrepancy.entity.js';

/** A CHECKOUT, RETURN or DISPOSE written by the loans, shifts and disposals work, inside their own transaction. */
export interface Movement {
  type: CustodyEventType.CHECKOUT | CustodyEventType.RETURN | CustodyEventType.DISPOSE;
  /** The item's new state. */
  changes: ItemChanges;
  witnessId: string | null;
  /** What the clerk entered blind. */
  seen: BlindSeen;
  quantity: number;
  /** Who has it now (CHECKOUT) or had it (RETURN), in words. */
  recipient: string | null;
  condition?: ItemCondition | null;
  reason?: string | null;
  note?: string | null;
  documentRef?: string | null;
  /** The loan line or shift issue it belongs to (not for a disposal). */
  loanItemId?: string;
  /** Discrepancies beyond the blind check (damage found on return). */
  extra?: Mismatch[];
}

export interface RecordedMovement {
  eventId: number;
  discrepancies: Discrepancy[];
  /** The item's audit row, for the caller to append after its other writes (DESIGN §4: the chain-head lock comes last). */
  audit: AuditEntry;
}

export interface RecordedEvent {
  event: TimelineRow;
  item: ItemView;
  discrepancies: Discrepancy[];
}

/** Fields each event needs (beyond type), and fields that only make sense for some events. */
const REQUIRED: Partial<Record<CustodyEventType, (keyof CreateCustodyEventDto)[]>> = {
  [CustodyEventType.MOVE]: ['toLocationId'],
  [CustodyEventType.SEND_OUT]: ['recipient', 'destination', 'documentRef'],
  [CustodyEventType.RECEIVE_BACK]: ['toLocationId'],
  [CustodyEventType.CONDITION_CHECK]: ['condition'],
  [CustodyEventType.RESEAL]: ['sealNumber', 'reason'],
  [CustodyEventType.AMEND]: ['changes', 'reason'],
};
const ONLY_FOR: Partial<Record<keyof CreateCustodyEventDto, CustodyEventType[]>> = {
  toLocationId: [CustodyEventType.MOVE, CustodyEventType.RECEIVE_BACK],
  recipient: [CustodyEventType.SEND_OUT],
  destination: [CustodyEventType.SEND_OUT],
  changes: [CustodyEventType.AMEND],
  condition: [CustodyEventType.CONDITION_CHECK, CustodyEventType.RECEIVE_BACK],
};

/** The event's fields in the clerk's words, for the Thai messages. */
const FIELD_TH: Partial<Record<keyof CreateCustodyEventDto, string>> = {
  toLocationId: 'สถานที่เก็บปลายทาง',
  recipient: 'ผู้รับ',
  destination: 'ปลายทาง',
  documentRef: 'เลขที่หนังสืออ้างอิง',
  condition: 'สภาพ',
  sealNumber: 'เลขซีล',
  reason: 'เหตุผล',
  changes: 'ข้อมูลที่แก้ไข',
};
const fieldsTh = (fields: (keyof CreateCustodyEventDto)[]) => fields.map((f) => FIELD_TH[f] ?? f).join(', ');

function checkFields(dto: CreateCustodyEventDto): void {
  const missing = (REQUIRED[dto.type] ?? []).filter((field) => dto[field] === undefined);
  if (missing.length) {
    throw new UnprocessableError('EVENT_FIELDS_MISSING', `${dto.type} needs ${missing.join(', ')}`, `รายการนี้ต้องระบุ ${fieldsTh(missing)}`, { missing });
  }
  const misplaced = (Object.keys(ONLY_FOR) as (keyof CreateCustodyEventDto)[]).filter((f) => dto[f] !== undefined && !ONLY_FOR[f]!.includes(dto.type));
  if (misplaced.length) {
    throw new UnprocessableError('EVENT_FIELDS_NOT_APPLICABLE', `${dto.type} does not take ${misplaced.join(', ')}`, `รายการนี้ไม่ใช้ข้อมูล ${fieldsTh(misplaced)}`, { misplaced });
  }
}

export type ItemChanges = Partial<Pick<Item, 'status' | 'locationId' | 'holderId' | 'holderText' | 'condition' | 'sealNumber' | 'description' | 'kind' | 'riskClass' | 'quantity' | 'unit' | 'serialNumber' | 'assetNumber' | 'caseNumber' | 'weightGrams' | 'netWeightGrams' | 'amount' | 'denominations' | 'details'>>;

@Injectable()
export class CustodyService {
  constructor(
    @Inject(TransactionService) private readonly tx: TransactionService,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
    @Inject(CustodyRepository) private readonly custody: CustodyRepository,
    @Inject(LocationsRepository) private readonly locations: LocationsRepository,
    @Inject(StationsRepository) private readonly stations: StationsRepository,
    @Inject(WitnessService) private readonly witnesses: WitnessService,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
  ) {}

  /**
   * Records one custody event: the item is locked, the transition checked, blind values compared,
   * and the event, the item's new state, any discrepancies and the audit row commit together.
   */
  async record(ctx: RequestContext, itemId: string, dto: CreateCustodyEventDto): Promise<RecordedEvent> {
    const stationId = ownStation(ctx);
    checkFields(dto);
    const settings = (await this.stations.settingsFor(stationId))!;
    // A witness signs in before the transaction (argon2 holds no lock), after the item's state is known
    // to allow the event. Without one, everything is decided under the item's lock: one read fewer.
    let witness: Witness | null = null;
    if (dto.witness) {
      const current = await this.items.findScoped(itemId, stationId);
      if (!current) throw new NotFoundError('Item', 'ของในคลัง');
      // The state first: a closed or absent item is a conflict, whatever witness came with the request.
      assertTransition(dto.type, current.status, current.holderText);
      const needsWitness = current.riskClass === RiskClass.HIGH || this.amendMakesHigh(current, dto, settings);
      witness = await this.witnesses.verify(ctx, stationId, dto.witness, needsWitness);
    }

    return this.tx.run(async (em) => {
      const item = await this.items.lock(em, itemId, stationId);
      if (!item) throw new NotFoundError('Item', 'ของในคลัง');
      assertTransition(dto.type, item.status, item.holderText);
      // HIGH now (also when it became HIGH between a witness's sign-in and the lock): a witness signs.
      if (!witness && (item.riskClass === RiskClass.HIGH || this.amendMakesHigh(item, dto, settings))) throw witnessRequired();
      if (dto.type === CustodyEventType.SEND_OUT) await this.assertNotRequested(em, item);
      const record = { sealNumber: item.sealNumber, weightGrams: item.weightGrams, amount: item.amount };
      const seen = { sealNumber: dto.type === CustodyEventType.RESEAL ? undefined : dto.sealNumber, weightGrams: dto.weightGrams, amount: dto.amount };
      assertBlindEntered(dto.type, item.riskClass === RiskClass.HIGH, record, seen);
      const mismatches = compareBlind(record, seen, settings.weightToleranceGrams);
      const { changes, event } = await this.apply(em, item, dto, settings);

      const before = pick(item, Object.keys(changes));
      const inserted = await this.custody.insertEvent(em, {
        stationId,
        itemId: item.id,
        type: dto.type,
        actorId: ctx.actor!.id,
        witnessId: witness?.id ?? null,
        fromStatus: item.status,
        toStatus: changes.status ?? item.status,
        fromLocationId: item.locationId,
        toLocationId: changes.locationId === undefined ? item.locationId : changes.locationId,
        documentRef: dto.documentRef ?? null,
        sealSeen: dto.sealNumber ?? null,
        weightSeenGrams: dto.weightGrams ?? null,
        amountSeen: dto.amount ?? null,
        reason: dto.reason ?? null,
        note: dto.note ?? null,
        ...event,
      });
      if (Object.keys(changes).length) await this.items.update(em, item.id, changes);
      const discrepancies = await this.custody.insertDiscrepancies(
        em,
        mismatches.map((m: Mismatch) => ({ stationId, itemId: item.id, eventId: inserted.id, kind: m.kind, expected: m.expected, observed: m.observed, reportedBy: ctx.actor!.id })),
      );
      // Read back what the answer shows before the audit row: its chain-head lock is then held only for
      // the append and the commit (DESIGN §4).
      const view = (await this.items.view(item.id, stationId, em))!;
      const timeline = await this.custody.timelineEvent(em, inserted.id);
      await this.auditLog.append(em, ctx, {
        stationId,
        action: `ITEM_${dto.type}`,
        entityType: 'item',
        entityId: item.id,
        before: { status: item.status, ...before },
        after: {
          status: changes.status ?? item.status,
          ...changes,
          eventId: inserted.id,
          witnessId: witness?.id ?? null,
          discrepancies: mismatches,
        },
      });
      return { event: timeline, item: view, discrepancies };
    });
  }

  /**
   * Records a CHECKOUT or RETURN on an item the caller has locked: the blind check of a HIGH item, the
   * event, the item's new state and any discrepancies. The audit row is handed back, not appended.
   */
  async recordMovement(em: EntityManager, ctx: RequestContext, item: Item, m: Movement, toleranceGrams: number): Promise<RecordedMovement> {
    const record = { sealNumber: item.sealNumber, weightGrams: item.weightGrams, amount: item.amount };
    assertBlindEntered(m.type, item.riskClass === RiskClass.HIGH, record, m.seen, item.code);
    const mismatches = [...compareBlind(record, m.seen, toleranceGrams), ...(m.extra ?? [])];
    const to = { status: m.changes.status ?? item.status, locationId: m.changes.locationId === undefined ? item.locationId : m.changes.locationId };
    const inserted = await this.custody.insertEvent(em, {
      stationId: item.stationId,
      itemId: item.id,
      type: m.type,
      actorId: ctx.actor!.id,
      witnessId: m.witnessId,
      fromStatus: item.status,
      toStatus: to.status,
      fromLocationId: item.locationId,
      toLocationId: to.locationId,
      recipient: m.recipient,
      documentRef: m.documentRef ?? null,
      quantity: m.quantity,
      sealSeen: m.seen.sealNumber ?? null,
      weightSeenGrams: m.seen.weightGrams ?? null,
      amountSeen: m.seen.amount ?? null,
      condition: m.condition ?? null,
      reason: m.reason ?? null,
      note: m.note ?? null,
    });
    if (Object.keys(m.changes).length) await this.items.update(em, item.id, m.changes);
    const discrepancies = await this.custody.insertDiscrepancies(
      em,
      mismatches.map((x) => ({ stationId: item.stationId, itemId: item.id, eventId: inserted.id, loanItemId: m.loanItemId ?? null, kind: x.kind, expected: x.expected, observed: x.observed, reportedBy: ctx.actor!.id })),
    );
    return {
      eventId: inserted.id,
      discrepancies,
      audit: {
        stationId: item.stationId,
        action: `ITEM_${m.type}`,
        entityType: 'item',
        entityId: item.id,
        before: { status: item.status, ...pick(item, Object.keys(m.changes)) },
        after: { ...to, ...m.changes, eventId: inserted.id, loanItemId: m.loanItemId ?? null, quantity: m.quantity, witnessId: m.witnessId, discrepancies: mismatches },
      },
    };
  }

  /**
   * An item asked for on a loan, or on a disposal not yet carried out, stays in the store for it: sending
   * it out would leave the loan or the disposal nothing to act on.
   */
  private async assertNotRequested(em: EntityManager, item: Item): Promise<void> {
    const line = await this.custody.openLine(em, item.id);
    if (line) throw itemOnOpenLine(item.code, line);
    const disposal = await this.custody.openDisposal(em, item.id);
    if (disposal) throw itemOnOpenDisposal(item.code, disposal);
  }

  private amendMakesHigh(item: Pick<Item, 'kind'>, dto: CreateCustodyEventDto, settings: StationSettings): boolean {
    return dto.type === CustodyEventType.AMEND && !!dto.changes?.kind && riskClassOf(dto.changes.kind, settings.extraHighRiskKinds) === RiskClass.HIGH && dto.changes.kind !== item.kind;
  }

  /** The item's new state and the event's own fields, per event type. */
  private async apply(em: EntityManager, item: Item, dto: CreateCustodyEventDto, settings: StationSettings): Promise<{ changes: ItemChanges; event: NewCustodyEvent }> {
    const status = statusAfter(dto.type, item.status);
    switch (dto.type) {
      case CustodyEventType.MOVE: {
        const to = await this.destination(em, item, dto.toLocationId!, item.riskClass);
        if (to === item.locationId) throw new ConflictError('ALREADY_THERE', 'The item is already in that location', 'ของชิ้นนี้อยู่ที่สถานที่เก็บนั้นแล้ว');
        return { changes: { locationId: to }, event: {} };
      }
      case CustodyEventType.SEND_OUT:
        return {
          changes: { status, locationId: null, holderText: dto.recipient! },
          event: { recipient: dto.recipient!, destination: dto.destination ?? SendOutDestination.OTHER, toLocationId: null },
        };
      case CustodyEventType.RECEIVE_BACK: {
        const to = await this.destination(em, item, dto.toLocationId!, item.riskClass);
        const changes: ItemChanges = { status, locationId: to, holderText: null, holderId: null };
        if (dto.condition && dto.condition !== item.condition) changes.condition = dto.condition;
        return { changes, event: { recipient: item.holderText, condition: dto.condition ?? null } };
      }
      case CustodyEventType.CONDITION_CHECK:
        return { changes: dto.condition !== item.condition ? { condition: dto.condition! } : {}, event: { condition: dto.condition! } };
      case CustodyEventType.RESEAL:
        return {
          changes: { sealNumber: dto.sealNumber! },
          event: { changes: { before: { sealNumber: item.sealNumber }, after: { sealNumber: dto.sealNumber! } } },
        };
      case CustodyEventType.AMEND: {
        const changes = await this.amendments(em, item, dto, settings);
        return { changes, event: { changes: { before: pick(item, Object.keys(changes)), after: changes as Record<string, unknown> } } };
      }
      default:
        throw new UnprocessableError('EVENT_NOT_RECORDABLE', `${dto.type} has its own route`, 'รายการนี้ต้องทำผ่านเมนูเฉพาะ');
    }
  }

  /** A location of the item's station; secure when the item is HIGH risk. */
  private async destination(em: EntityManager, item: Item, locationId: string, riskClass: RiskClass): Promise<string> {
    const location = await this.locations.findScoped(locationId, item.stationId, em);
    if (!location) throw new UnprocessableError('LOCATION_NOT_FOUND', 'The location does not exist in this station', 'ไม่พบสถานที่เก็บนี้ในสถานี');
    assertStorable(location, riskClass);
    return location.id;
  }

  /** AMEND: only fields that really change are kept; the result must still be a valid item. */
  private async amendments(em: EntityManager, item: Item, dto: CreateCustodyEventDto, settings: StationSettings): Promise<ItemChanges> {
    const c = dto.changes!;
    const changes: ItemChanges = {};
    const simple = ['description', 'kind', 'quantity', 'unit', 'serialNumber', 'weightGrams', 'netWeightGrams', 'amount', 'denominations'] as const;
    for (const field of simple) {
      if (c[field] !== undefined && JSON.stringify(c[field]) !== JSON.stringify(item[field])) (changes as Record<string, unknown>)[field] = c[field];
    }
    const block = DETAILS_FIELD[item.category];
    assertOwnDetails(item.category, c);
    const blockChanges = Object.fromEntries(Object.entries(c[block] ?? {}).filter(([k, v]) => v !== undefined && JSON.stringify(v) !== JSON.stringify(item.details[k])));
    if (Object.keys(blockChanges).length) {
      changes.details = { ...item.details, ...blockChanges };
      if (typeof blockChanges.caseNumber === 'string') changes.caseNumber = blockChanges.caseNumber;
      if (typeof blockChanges.assetNumber === 'string') changes.assetNumber = blockChanges.assetNumber;
    }
    if (!Object.keys(changes).length) {
      throw new UnprocessableError('NOTHING_TO_AMEND', 'The changes are the same as the record', 'ข้อมูลที่แก้ไขตรงกับทะเบียนเดิม ไม่มีอะไรเปลี่ยน');
    }
    const next = { ...item, ...changes };
    if (changes.kind) {
      assertKindFits(item.category, changes.kind);
      const risk = riskClassOf(changes.kind, settings.extraHighRiskKinds);
      if (risk !== item.riskClass) changes.riskClass = risk;
      if (risk === RiskClass.HIGH && item.locationId) await this.destination(em, item, item.locationId, risk);
    }
    checkMeasures(next);
    if (next.category === ItemCategory.WEAPON && changes.serialNumber && (await this.items.serialTaken(em, item.stationId, changes.serialNumber, item.id))) {
      throw serialTaken(changes.serialNumber);
    }
    return changes;
  }

  async timeline(ctx: RequestContext, itemId: string): Promise<{ item: ItemView; events: TimelineRow[] }> {
    const item = await this.items.view(itemId, stationScope(ctx));
    if (!item) throw new NotFoundError('Item', 'ของในคลัง');
    return { item, events: await this.custody.timeline(item.id) };
  }
}

function pick(item: Item, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (item as unknown as Record<string, unknown>)[k] ?? null]));
}
