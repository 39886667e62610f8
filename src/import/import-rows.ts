import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '../audit-log/audit-log.service.js';
import { formatItemCode } from '../items/item-code.js';
import { DEFAULT_UNIT } from '../items/item-rules.js';
import { CATEGORY_TH, ItemCategory, ItemCondition, ItemStatus, RiskClass } from '../items/item.enums.js';
import { DETAILS_FIELD } from '../items/items.dto.js';
import { importTh } from './import-messages.js';
import type { NewIntakeRow, NewItemRow } from './import.repository.js';
import type { PlannedItem } from './import-validation.js';

/** The numbers one category of an import takes (or would take): a gap-free run of one counter. */
export interface CodeRange {
  category: ItemCategory;
  categoryTh: string;
  count: number;
  yearBe: number;
  firstSeq: number;
  lastSeq: number;
  firstCode: string;
  lastCode: string;
}

/** Where the import comes from and who does it: what every row it writes records. */
export interface ImportSource {
  stationId: string;
  stationCode: string;
  fileName: string;
  sha256: string;
  actorId: string;
  actorUsername: string;
  witnessId: string | null;
}

/** Items per category, in the one order every import takes its counters (so two imports cannot deadlock). */
export function countByCategory(items: PlannedItem[]): Map<ItemCategory, number> {
  const counts = new Map<ItemCategory, number>();
  for (const category of Object.values(ItemCategory)) {
    const count = items.filter((i) => i.dto.category === category).length;
    if (count) counts.set(category, count);
  }
  return counts;
}

export function codeRange(stationCode: string, category: ItemCategory, yearBe: number, lastBefore: number, count: number): CodeRange {
  const firstSeq = lastBefore + 1;
  const lastSeq = lastBefore + count;
  const code = (seq: number) => (seq <= 999_999 ? formatItemCode(stationCode, category, yearBe, seq) : '—');
  return { category, categoryTh: CATEGORY_TH[category], count, yearBe, firstSeq, lastSeq, firstCode: code(firstSeq), lastCode: code(lastSeq) };
}

/** The items row a registration of the same request would insert (ItemsService.register), plus the old register's number. */
export function itemRow(item: PlannedItem, source: ImportSource, yearBe: number, seq: number): NewItemRow {
  const dto = item.dto;
  return {
    id: randomUUID(),
    station_id: source.stationId,
    code: formatItemCode(source.stationCode, dto.category, yearBe, seq),
    year_be: yearBe,
    seq,
    category: dto.category,
    kind: dto.kind,
    risk_class: item.riskClass,
    description: dto.description,
    quantity: dto.quantity ?? 1,
    unit: dto.unit ?? DEFAULT_UNIT[dto.kind] ?? 'ชิ้น',
    serial_number: dto.serialNumber ?? null,
    asset_number: dto.property?.assetNumber ?? null,
    case_number: dto.evidence?.caseNumber ?? null,
    seal_number: dto.sealNumber ?? null,
    weight_grams: dto.weightGrams ?? null,
    net_weight_grams: dto.netWeightGrams ?? null,
    amount: dto.amount ?? null,
    denominations: dto.denominations ?? null,
    condition: dto.condition ?? ItemCondition.GOOD,
    status: ItemStatus.IN_STORAGE,
    location_id: item.location.id,
    details: { ...(dto[DETAILS_FIELD[dto.category]] ?? {}), ...item.legacy },
    registered_by: source.actorId,
  };
}

/** Its INTAKE event: the note names the file, its SHA-256, the sheet, row and old number; HIGH items carry the witness. */
export function intakeRow(item: PlannedItem, row: NewItemRow, source: ImportSource): NewIntakeRow {
  const high = item.riskClass === RiskClass.HIGH;
  const note = importTh.intakeNote(source.fileName.slice(0, 200), source.sha256, item.sheet, item.row, item.legacy.legacyRegisterNumber);
  return {
    station_id: source.stationId,
    item_id: row.id,
    type: 'INTAKE',
    actor_id: source.actorId,
    witness_id: high ? source.witnessId : null,
    from_status: null,
    to_status: ItemStatus.IN_STORAGE,
    to_location_id: row.location_id,
    quantity: row.quantity,
    seal_seen: row.seal_number,
    weight_seen_grams: row.weight_grams,
    amount_seen: row.amount,
    condition: row.condition,
    note: high ? `${note} · ${importTh.witnessNote}` : note,
  };
}

/**
 * The item as registered, for its audit row: the inserted columns without the empty ones, the station
 * (the chain's own), the status (INTAKE makes it IN_STORAGE) and the case and asset numbers (copies of
 * the details). Every field is there once: the log's twelve generated columns each parse the row's JSON
 * again, so for 50,000 rows every byte counts.
 */
function registered(row: NewItemRow): Record<string, unknown> {
  const item: Record<string, unknown> = {
    code: row.code,
    category: row.category,
    kind: row.kind,
    riskClass: row.risk_class,
    description: row.description,
    quantity: row.quantity,
    unit: row.unit,
    serialNumber: row.serial_number,
    sealNumber: row.seal_number,
    weightGrams: row.weight_grams,
    netWeightGrams: row.net_weight_grams,
    amount: row.amount,
    denominations: row.denominations,
    condition: row.condition,
    locationId: row.location_id,
    details: row.details,
  };
  return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== null));
}

/** The item's audit row: the item as registered, its INTAKE event and witness, and the sheet and row it came from. */
export function itemAuditEntry(row: NewItemRow, item: PlannedItem, eventId: number, source: ImportSource): AuditEntry {
  return {
    stationId: source.stationId,
    action: 'ITEM_IMPORTED',
    entityType: 'item',
    entityId: row.id,
    after: { item: registered(row), eventId, witnessId: item.riskClass === RiskClass.HIGH ? source.witnessId : null, source: { sheet: item.sheet, row: item.row } },
  };
}

/** The import's own audit row: the file, its hash, the counts and code ranges, who imported and who witnessed. */
export function importAuditEntry(source: ImportSource, ranges: CodeRange[], rows: number): AuditEntry {
  return {
    stationId: source.stationId,
    action: 'REGISTER_IMPORTED',
    entityType: 'register_import',
    entityId: source.sha256,
    after: {
      file: source.fileName,
      sha256: source.sha256,
      rows,
      items: ranges.reduce((sum, r) => sum + r.count, 0),
      categories: ranges.map(({ category, count, firstCode, lastCode }) => ({ category, count, firstCode, lastCode })),
      importedBy: { id: source.actorId, username: source.actorUsername },
      // Named on the command line by the server's administrator; the witness did not sign in.
      witnessId: source.witnessId,
    },
  };
}
