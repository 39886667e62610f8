import { Inject, Injectable } from '@nestjs/common';
import { AuditLogService } from '../audit-log/audit-log.service.js';
import { WitnessService } from '../auth/witness.service.js';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../common/errors.js';
import { Role } from '../common/roles.js';
import { listScope, ownStation, type RequestContext, stationScope } from '../common/request-context.js';
import { emptyPage, type Page, paging } from '../common/validation.js';
import { CustodyEventType } from '../custody/custody.enums.js';
import { CustodyRepository } from '../custody/custody.repository.js';
import { TransactionService } from '../database/transaction.service.js';
import { LocationsRepository } from '../locations/locations.repository.js';
import { settingsOf } from '../stations/station-settings.js';
import { StationsRepository } from '../stations/stations.repository.js';
import { buddhistYear, formatItemCode } from './item-code.js';
import { CATEGORY_CODE, ItemCategory, CATEGORY_TH, ItemCondition, ItemStatus, RiskClass, riskClassOf } from './item.enums.js';
import { assertStorable, checkRegistration, DEFAULT_UNIT, serialTaken } from './item-rules.js';
import { type CreateItemDto, DETAILS_FIELD, type ItemView, type SearchItemsQueryDto } from './items.dto.js';
import { ItemsRepository } from './items.repository.js';

@Injectable()
export class ItemsService {
  constructor(
    @Inject(TransactionService) private readonly tx: TransactionService,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
    @Inject(CustodyRepository) private readonly custody: CustodyRepository,
    @Inject(StationsRepository) private readonly stations: StationsRepository,
    @Inject(LocationsRepository) private readonly locations: LocationsRepository,
    @Inject(WitnessService) private readonly witnesses: WitnessService,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
  ) {}

  /**
   * Registers an item and its INTAKE event, numbered gap-free, in one transaction with its audit row.
   * HIGH-risk items need a witness and a secure location.
   */
  async register(ctx: RequestContext, dto: CreateItemDto): Promise<ItemView> {
    const stationId = ownStation(ctx);
    checkRegistration(dto);
    // An investigator books in what they seized; property, weapons and donations are the clerk's register.
    if (dto.category !== ItemCategory.EVIDENCE && !ctx.actor!.roles.includes(Role.CLERK)) {
      throw new ForbiddenError('CLERK_REGISTERS_THIS', 'Only the property clerk registers property, weapons and donations', 'การลงทะเบียนทรัพย์สินราชการ อาวุธ และของบริจาค ต้องทำโดยเจ้าหน้าที่พัสดุ');
    }
    const station = await this.stations.findById(stationId);
    if (!station) throw new NotFoundError('Station', 'สถานี');
    const settings = settingsOf(station);
    const riskClass = riskClassOf(dto.kind, settings.extraHighRiskKinds);
    // The witness signs in before the transaction: password hashing does not hold any lock.
    const witness = await this.witnesses.verify(ctx, stationId, dto.witness, riskClass === RiskClass.HIGH);

    return this.tx.run(async (em) => {
      const location = await this.locations.findScoped(dto.locationId, stationId, em);
      if (!location) throw new UnprocessableError('LOCATION_NOT_FOUND', 'The location does not exist in this station', 'ไม่พบสถานที่เก็บนี้ในสถานี');
      assertStorable(location, riskClass);
      if (dto.serialNumber && dto.category === ItemCategory.WEAPON && (await this.items.serialTaken(em, stationId, dto.serialNumber))) {
        throw serialTaken(dto.serialNumber);
      }
      const yearBe = buddhistYear(new Date());
      const seq = await this.items.nextSeq(em, stationId, CATEGORY_CODE[dto.category], yearBe);
      // SEQ has six digits: past 999999 the code cannot be made (a 409 that rolls the counter back, not a 500).
      if (seq > 999_999) {
        throw new ConflictError('CODE_NUMBERS_EXHAUSTED', `All 999999 ${dto.category} numbers of ${yearBe} are used in this station`, `เลขทะเบียน${CATEGORY_TH[dto.category]}ของปี ${yearBe} ถูกใช้ครบ 999999 เลขแล้ว`);
      }
      const code = formatItemCode(station.code, dto.category, yearBe, seq);
      const details = { ...(dto[DETAILS_FIELD[dto.category]] ?? {}) } as Record<string, unknown>;
      const view = await this.items.insertView(em, {
        stationId,
        code,
        yearBe,
        seq,
        category: dto.category,
        kind: dto.kind,
        riskClass,
        description: dto.description,
        quantity: dto.quantity ?? 1,
        unit: dto.unit ?? DEFAULT_UNIT[dto.kind] ?? 'ชิ้น',
        serialNumber: dto.serialNumber ?? null,
        assetNumber: (dto.property?.assetNumber as string | undefined) ?? null,
        caseNumber: dto.evidence?.caseNumber ?? null,
        sealNumber: dto.sealNumber ?? null,
        weightGrams: dto.weightGrams ?? null,
        netWeightGrams: dto.netWeightGrams ?? null,
        amount: dto.amount ?? null,
        denominations: dto.denominations ?? null,
        condition: dto.condition ?? ItemCondition.GOOD,
        status: ItemStatus.IN_STORAGE,
        locationId: location.id,
        details,
        registeredBy: ctx.actor!.id,
      }, location);
      const id = view.id;
      const event = await this.custody.insertEvent(em, {
        stationId,
        itemId: id,
        type: CustodyEventType.INTAKE,
        actorId: ctx.actor!.id,
        witnessId: witness?.id ?? null,
        fromStatus: null,
        toStatus: ItemStatus.IN_STORAGE,
        toLocationId: location.id,
        quantity: dto.quantity ?? 1,
        sealSeen: dto.sealNumber ?? null,
        weightSeenGrams: dto.weightGrams ?? null,
        amountSeen: dto.amount ?? null,
        condition: dto.condition ?? ItemCondition.GOOD,
      });
      await this.auditLog.append(em, ctx, {
        stationId,
        action: 'ITEM_REGISTERED',
        entityType: 'item',
        entityId: id,
        after: { item: view, eventId: event.id, witnessId: witness?.id ?? null },
      });
      return view;
    });
  }

  async get(ctx: RequestContext, id: string): Promise<ItemView> {
    const item = await this.items.view(id, stationScope(ctx));
    if (!item) throw new NotFoundError('Item', 'ของในคลัง');
    return item;
  }

  /** The counter's scan. */
  async byCode(ctx: RequestContext, code: string): Promise<ItemView> {
    const item = await this.items.viewByCode(code.trim().toUpperCase(), stationScope(ctx));
    if (!item) throw new NotFoundError(`Item ${code}`, `ของรหัส ${code}`);
    return item;
  }

  async search(ctx: RequestContext, query: SearchItemsQueryDto): Promise<Page<ItemView>> {
    const stationId = listScope(ctx, query.stationId);
    if (stationId === false) return emptyPage(query);
    const { page, pageSize, offset } = paging(query);
    const { items, total } = await this.items.search({ ...query, stationId, offset, limit: pageSize });
    return { items, total, page, pageSize };
  }
}
