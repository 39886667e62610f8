import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLogService } from '../audit-log/audit-log.service.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors.js';
import { ItemStatus } from '../items/item.enums.js';
import { ownStation, type RequestContext } from '../common/request-context.js';
import { TransactionService } from '../database/transaction.service.js';
import { CATEGORY_TH, ItemCategory, RiskClass } from '../items/item.enums.js';
import type { ItemView } from '../items/items.dto.js';
import { ItemsRepository } from '../items/items.repository.js';
import { Location } from '../locations/location.entity.js';
import { StationsRepository } from '../stations/stations.repository.js';
import { BarcodeRenderer, type Symbology } from './barcode-renderer.js';
import type { LabelSheetDto } from './labels.dto.js';
import { type LabelData, LabelSheetRenderer } from './label-sheet.renderer.js';
import { LabelTemplates } from './label-templates.js';

/** A closed (disposed) item gets no new label: a label in circulation would let it pass for one in the store. */
function assertLabelable(items: ItemView[]): void {
  const closed = items.filter((i) => i.status === ItemStatus.DISPOSED).map((i) => i.code);
  if (closed.length) {
    throw new ConflictError('ITEM_CLOSED', `Closed items get no label: ${closed.join(', ')}`, `ของที่จำหน่ายแล้วพิมพ์ป้ายไม่ได้: ${closed.join(', ')}`, { codes: closed });
  }
}

/** The text on a location's label: station and location code, so a scan can't be mistaken for an item's. */
export function locationLabelCode(stationCode: string, locationCode: string): string {
  return `${stationCode}-LOC-${locationCode}`;
}

/**
 * Prints labels of the caller's station. Every print is audit-logged (DESIGN §5: reprints are; a
 * first print is recorded the same way, so the log tells first prints from reprints by order).
 */
@Injectable()
export class LabelsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TransactionService) private readonly tx: TransactionService,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
    @Inject(StationsRepository) private readonly stations: StationsRepository,
    @Inject(BarcodeRenderer) private readonly barcodes: BarcodeRenderer,
    @Inject(LabelSheetRenderer) private readonly sheets: LabelSheetRenderer,
    @Inject(LabelTemplates) private readonly templates: LabelTemplates,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
  ) {}

  async itemPng(ctx: RequestContext, itemId: string, symbology: Symbology): Promise<Buffer> {
    const stationId = ownStation(ctx);
    const item = await this.items.view(itemId, stationId);
    if (!item) throw new NotFoundError('Item', 'ของในคลัง');
    assertLabelable([item]);
    const png = this.barcodes.png(item.code, symbology);
    await this.logPrint(ctx, stationId, 'item', item.id, { codes: [item.code], symbology });
    return png;
  }

  async sheet(ctx: RequestContext, dto: LabelSheetDto): Promise<Buffer> {
    const stationId = ownStation(ctx);
    const itemIds = dto.itemIds ?? [];
    const locationIds = dto.locationIds ?? [];
    if (!itemIds.length && !locationIds.length) {
      throw new UnprocessableError('NOTHING_TO_PRINT', 'Name itemIds or locationIds to print', 'กรุณาเลือกของหรือสถานที่เก็บที่จะพิมพ์ป้าย');
    }
    const template = this.templates.get(dto.template);
    const station = (await this.stations.findById(stationId))!;
    const items = await this.itemsInOrder(itemIds, stationId);
    const locations = await this.locationsInOrder(locationIds, stationId);
    const labels: LabelData[] = [
      ...items.map((item) => itemLabel(item, station.nameTh)),
      ...locations.map((l) => ({ code: locationLabelCode(station.code, l.code), kind: 'LOCATION' as const, description: l.name, stationName: station.nameTh })),
    ];
    const pdf = await this.sheets.render(labels, template, { skip: dto.skip });
    await this.logPrint(ctx, stationId, 'label_sheet', null, { template: template.name, codes: labels.map((l) => l.code), itemIds, locationIds });
    return pdf;
  }

  /** All of them in the caller's station, in the order asked; any other id is "not found". */
  private async itemsInOrder(ids: string[], stationId: string): Promise<ItemView[]> {
    const byId = await this.items.viewMany(ids, stationId);
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length) throw new NotFoundError(`Items ${missing.join(', ')}`, 'ของบางรายการ');
    const items = ids.map((id) => byId.get(id)!);
    assertLabelable(items);
    return items;
  }

  private async locationsInOrder(ids: string[], stationId: string): Promise<Location[]> {
    if (!ids.length) return [];
    const rows = await this.dataSource.getRepository(Location).createQueryBuilder('l').where('l.id IN (:...ids)', { ids }).andWhere('l.station_id = :stationId', { stationId }).getMany();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length) throw new NotFoundError(`Locations ${missing.join(', ')}`, 'สถานที่เก็บบางรายการ');
    return ids.map((id) => byId.get(id)!);
  }

  private logPrint(ctx: RequestContext, stationId: string, entityType: string, entityId: string | null, after: Record<string, unknown>) {
    return this.tx.run((em) => this.auditLog.append(em, ctx, { stationId, action: 'LABEL_PRINTED', entityType, entityId, after }));
  }
}

function itemLabel(item: ItemView, stationName: string): LabelData {
  return {
    code: item.code,
    kind: 'ITEM',
    categoryTh: CATEGORY_TH[item.category],
    description: item.description,
    caseNumber: item.category === ItemCategory.EVIDENCE && item.caseNumber ? `คดีที่ ${item.caseNumber}` : undefined,
    stationName,
    highRisk: item.riskClass === RiskClass.HIGH,
  };
}
