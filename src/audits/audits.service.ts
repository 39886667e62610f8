import { Inject, Injectable } from '@nestjs/common';
import { AuditLogService } from '../audit-log/audit-log.service.js';
import { WitnessService } from '../auth/witness.service.js';
import { Clock } from '../common/clock.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors.js';
import { ownStation, type RequestContext, stationScope } from '../common/request-context.js';
import { type Page, paging } from '../common/validation.js';
import { TransactionService } from '../database/transaction.service.js';
import { ItemCategory, STATUS_TH } from '../items/item.enums.js';
import { ItemsRepository } from '../items/items.repository.js';
import { locationLabelCode } from '../labels/labels.service.js';
import { LocationsRepository } from '../locations/locations.repository.js';
import { normaliseCode } from '../loans/loans.service.js';
import { StationsRepository } from '../stations/stations.repository.js';
import { AuditKind, AuditStatus, DISCREPANT_FINDINGS } from './audit.enums.js';
import type { AuditScanDto, CloseAuditDto, CreateAuditDto, ListAuditsQueryDto } from './audits.dto.js';
import { AuditsRepository, type AuditView, type Tally } from './audits.repository.js';
import { reconcile } from './reconcile.js';

/** Kinds this build runs. The evidence, property and spot counts (committee, blind mode, sampling) come with the audits work. */
const AVAILABLE_KINDS: readonly AuditKind[] = [AuditKind.DAILY_ARMS];

export enum ScanOutcome {
  /** First scan of an item the record places in the store, in scope. */
  COUNTED = 'COUNTED',
  DUPLICATE = 'DUPLICATE',
  /** Registered, but not in this count's scope. */
  OUT_OF_SCOPE = 'OUT_OF_SCOPE',
  /** In scope, but the record says it is out (on loan, on a shift, sent out). */
  RECORDED_AWAY = 'RECORDED_AWAY',
}

const OUTCOME_TH: Record<ScanOutcome, string> = {
  [ScanOutcome.COUNTED]: 'นับแล้ว',
  [ScanOutcome.DUPLICATE]: 'สแกนซ้ำ: ของชิ้นนี้นับไปแล้ว',
  [ScanOutcome.OUT_OF_SCOPE]: 'ไม่อยู่ในขอบเขตของการตรวจนับนี้',
  [ScanOutcome.RECORDED_AWAY]: 'ทะเบียนระบุว่าของชิ้นนี้ไม่อยู่ในคลัง',
};

export interface ScanResult {
  scanId: number;
  outcome: ScanOutcome;
  duplicate: boolean;
  messageTh: string;
  item: { id: string; code: string; description: string; status: string };
  tally: Tally;
}

/**
 * Counts (DESIGN §2 Audit session). The daily arms count reconciles the armory: every weapon is counted
 * in it, on issue in an open shift, on an issued loan, or sent out with a document; anything else is a
 * discrepancy. It records who counted (the scans), who closed it and who countersigned.
 */
@Injectable()
export class AuditsService {
  constructor(
    @Inject(TransactionService) private readonly tx: TransactionService,
    @Inject(AuditsRepository) private readonly audits: AuditsRepository,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
    @Inject(LocationsRepository) private readonly locations: LocationsRepository,
    @Inject(StationsRepository) private readonly stations: StationsRepository,
    @Inject(WitnessService) private readonly witnesses: WitnessService,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async start(ctx: RequestContext, dto: CreateAuditDto): Promise<AuditView> {
    const stationId = ownStation(ctx);
    if (!AVAILABLE_KINDS.includes(dto.kind)) {
      throw new UnprocessableError('AUDIT_KIND_NOT_AVAILABLE', `Counts of kind ${dto.kind} are not available yet; available: ${AVAILABLE_KINDS.join(', ')}`, 'ยังไม่เปิดให้ใช้การตรวจนับประเภทนี้', { available: AVAILABLE_KINDS });
    }
    const category = dto.scope?.category ?? ItemCategory.WEAPON;
    if (category !== ItemCategory.WEAPON) {
      throw new UnprocessableError('SCOPE_NOT_WEAPONS', 'A daily arms count counts weapons', 'การตรวจนับอาวุธประจำวันตรวจนับเฉพาะอาวุธและเครื่องกระสุน');
    }
    if (dto.scope?.locationId && !(await this.locations.findScoped(dto.scope.locationId, stationId))) {
      throw new UnprocessableError('LOCATION_NOT_FOUND', 'The location does not exist in this station', 'ไม่พบสถานที่เก็บนี้ในสถานี');
    }
    return this.tx.run(async (em) => {
      const id = await this.audits.insert(em, { stationId, kind: dto.kind, status: AuditStatus.OPEN, category, locationId: dto.scope?.locationId ?? null, startedBy: ctx.actor!.id, startedAt: this.clock.now() });
      const [view] = (await this.audits.list(stationId, { id }, 0, 1, em)).items;
      await this.auditLog.append(em, ctx, { stationId, action: 'AUDIT_STARTED', entityType: 'audit', entityId: id, after: { kind: dto.kind, category, locationId: dto.scope?.locationId ?? null, expected: view.tally.expected } });
      return view;
    });
  }

  async get(ctx: RequestContext, id: string): Promise<AuditView> {
    const [view] = (await this.audits.list(stationScope(ctx), { id }, 0, 1)).items;
    if (!view) throw new NotFoundError('Audit', 'การตรวจนับ');
    if (view.status === AuditStatus.CLOSED) view.findings = await this.audits.findings(id);
    return view;
  }

  async list(ctx: RequestContext, query: ListAuditsQueryDto): Promise<Page<AuditView>> {
    const { page, pageSize, offset } = paging(query);
    const { items, total } = await this.audits.list(stationScope(ctx), { kind: query.kind, status: query.status }, offset, pageSize);
    return { items, total, page, pageSize };
  }

  /** One scan; the answer says at once if it is a duplicate, out of scope, or recorded as away. */
  async scan(ctx: RequestContext, id: string, dto: AuditScanDto): Promise<ScanResult> {
    const stationId = ownStation(ctx);
    const code = normaliseCode(dto.code);
    // Reads first, outside the transaction: it then holds one connection and no lock while they run.
    const known = await this.audits.find(id, stationId);
    if (!known) throw new NotFoundError('Audit', 'การตรวจนับ');
    if (known.status !== AuditStatus.OPEN) throw auditClosed();
    const item = await this.items.viewByCode(code, stationId);
    if (!item) throw new NotFoundError('Item', 'ของในคลัง');
    const locationId = dto.locationCode ? await this.locationOf(stationId, dto.locationCode) : null;
    return this.tx.run(async (em) => {
      const audit = await this.audits.lockShared(em, id, stationId);
      if (!audit) throw new NotFoundError('Audit', 'การตรวจนับ');
      if (audit.status !== AuditStatus.OPEN) throw auditClosed();
      await this.audits.serialiseItem(em, id, item.id);
      const duplicate = await this.audits.alreadyScanned(em, id, item.id);
      const scanId = await this.audits.insertScan(em, { stationId, auditId: id, itemId: item.id, locationId, condition: dto.condition ?? null, sealSeen: dto.sealNumber ?? null, duplicate, scannedBy: ctx.actor!.id });
      const outcome = duplicate
        ? ScanOutcome.DUPLICATE
        : !(await this.audits.inScope(em, id, item.id))
          ? ScanOutcome.OUT_OF_SCOPE
          : item.status !== 'IN_STORAGE'
            ? ScanOutcome.RECORDED_AWAY
            : ScanOutcome.COUNTED;
      const tally = await this.audits.tally({ auditId: id, stationId, category: audit.category, locationId: audit.locationId }, em);
      await this.auditLog.append(em, ctx, { stationId, action: 'AUDIT_SCAN', entityType: 'audit', entityId: id, after: { scanId, itemId: item.id, code: item.code, outcome, locationId, condition: dto.condition ?? null, sealSeen: dto.sealNumber ?? null } });
      const messageTh = outcome === ScanOutcome.RECORDED_AWAY ? `${OUTCOME_TH[outcome]} (${STATUS_TH[item.status]})` : OUTCOME_TH[outcome];
      return { scanId, outcome, duplicate, messageTh, item: { id: item.id, code: item.code, description: item.description, status: item.status }, tally };
    });
  }

  private async locationOf(stationId: string, scanned: string): Promise<string> {
    const station = (await this.stations.findById(stationId))!;
    const text = normaliseCode(scanned);
    const prefix = locationLabelCode(station.code, '');
    const location = await this.locations.findByCode(stationId, text.startsWith(prefix) ? text.slice(prefix.length) : text);
    if (!location) throw new UnprocessableError('LOCATION_NOT_FOUND', `No location ${scanned} in this station`, `ไม่พบสถานที่เก็บ ${scanned} ในสถานี`);
    return location.id;
  }

  /** Closes the count: findings for every item, a discrepancy for each that is not FOUND or AWAY, and the countersignature. */
  async close(ctx: RequestContext, id: string, dto: CloseAuditDto): Promise<AuditView> {
    const stationId = ownStation(ctx);
    const signer = await this.witnesses.verify(ctx, stationId, dto.witness, true);
    return this.tx.run(async (em) => {
      const audit = await this.audits.lock(em, id, stationId);
      if (!audit) throw new NotFoundError('Audit', 'การตรวจนับ');
      if (audit.status !== AuditStatus.OPEN) throw auditClosed();
      if ((await this.audits.scannerIds(em, id)).includes(signer!.id)) {
        throw new UnprocessableError('COUNTERSIGNER_COUNTED', 'The countersigner must be someone who did not count', 'ผู้ลงนามรับรองต้องไม่ใช่ผู้ตรวจนับ');
      }
      const candidates = await this.audits.candidates(em, id);
      const findings = reconcile(candidates, await this.audits.scanSummaries(em, id));
      await this.audits.insertFindings(em, stationId, id, findings);
      const discrepant = findings.filter((f) => DISCREPANT_FINDINGS.includes(f.type));
      await this.audits.insertDiscrepancies(em, stationId, id, ctx.actor!.id, discrepant);
      const byType: Record<string, number> = {};
      for (const f of findings) byType[f.type] = (byType[f.type] ?? 0) + 1;
      const tally = await this.audits.tally({ auditId: id, stationId, category: audit.category, locationId: audit.locationId }, em);
      const summary = { expected: tally.expected, counted: tally.counted, byType };
      await this.audits.update(em, id, { status: AuditStatus.CLOSED, closedBy: ctx.actor!.id, closedAt: this.clock.now(), countersignedBy: signer!.id, summary, note: dto.note ?? null });
      const [view] = (await this.audits.list(stationId, { id }, 0, 1, em)).items;
      view.findings = await this.audits.findings(id, em);
      await this.auditLog.append(em, ctx, {
        stationId,
        action: 'AUDIT_CLOSED',
        entityType: 'audit',
        entityId: id,
        before: { status: AuditStatus.OPEN },
        after: { status: AuditStatus.CLOSED, countersignedBy: signer!.id, summary, discrepancies: discrepant.map((f) => ({ itemId: f.itemId, type: f.type })) },
      });
      return view;
    });
  }
}

function auditClosed(): ConflictError {
  return new ConflictError('AUDIT_CLOSED', 'This count is closed', 'การตรวจนับนี้ปิดแล้ว');
}
