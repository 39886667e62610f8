import { Inject, Injectable } from '@nestjs/common';
import { AuditLogService } from '../audit-log/audit-log.service.js';
import { WitnessService } from '../auth/witness.service.js';
import { Clock } from '../common/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../common/errors.js';
import { Role } from '../common/roles.js';
import { createHash, randomBytes } from 'node:crypto';
import { ownStation, type RequestContext, stationScope } from '../common/request-context.js';
import { type Page, paging } from '../common/validation.js';
import { TransactionService } from '../database/transaction.service.js';
import { ItemCategory, ItemStatus, STATUS_TH } from '../items/item.enums.js';
import { ItemsRepository } from '../items/items.repository.js';
import { locationLabelCode } from '../labels/labels.service.js';
import { LocationsRepository } from '../locations/locations.repository.js';
import { normaliseCode } from '../loans/loans.service.js';
import { settingsOf } from '../stations/station-settings.js';
import { StationsRepository } from '../stations/stations.repository.js';
import { AuditKind, AuditStatus, DISCREPANT_FINDINGS } from './audit.enums.js';
import type { AuditScanDto, CloseAuditDto, CreateAuditDto, ListAuditsQueryDto } from './audits.dto.js';
import { AuditsRepository, type AuditView, scopeOf, type Tally } from './audits.repository.js';
import { reconcile } from './reconcile.js';

/** The category each kind counts: fixed for the daily arms and monthly evidence counts, a default for the annual one. */
const KIND_CATEGORY: Record<AuditKind, { fixed?: ItemCategory; default?: ItemCategory; not?: ItemCategory }> = {
  [AuditKind.DAILY_ARMS]: { fixed: ItemCategory.WEAPON },
  [AuditKind.MONTHLY_EVIDENCE]: { fixed: ItemCategory.EVIDENCE },
  [AuditKind.ANNUAL_PROPERTY]: { default: ItemCategory.PROPERTY, not: ItemCategory.EVIDENCE },
  [AuditKind.SPOT]: {},
};

/** Roles that count (the routes' roles): a committee member must hold one. */
export const COUNTING_ROLES: readonly Role[] = [Role.CLERK, Role.SUPERVISOR, Role.COMMANDER, Role.AUDITOR];

/** Counts that cover everything in scope: the daily arms count and the annual inspection (ข้อ 213) take no sample. */
export const FULL_COUNT: readonly AuditKind[] = [AuditKind.DAILY_ARMS, AuditKind.ANNUAL_PROPERTY];
/** Counts sampled by default, at the station's samplingPercent. */
export const SAMPLED_BY_DEFAULT: readonly AuditKind[] = [AuditKind.MONTHLY_EVIDENCE];

export enum ScanOutcome {
  /** First scan of an item the record places in the store, in scope. */
  COUNTED = 'COUNTED',
  DUPLICATE = 'DUPLICATE',
  /** Registered, but not in this count's scope. */
  OUT_OF_SCOPE = 'OUT_OF_SCOPE',
  /** In scope, but the record says it is out (on loan, on a shift, sent out). */
  RECORDED_AWAY = 'RECORDED_AWAY',
  /** The item is closed (disposed): it should not be here. */
  CLOSED_ITEM = 'CLOSED_ITEM',
  /** Blind mode: recorded; what the record says is told at the close. */
  RECORDED = 'RECORDED',
}

const OUTCOME_TH: Record<ScanOutcome, string> = {
  [ScanOutcome.COUNTED]: 'นับแล้ว',
  [ScanOutcome.DUPLICATE]: 'สแกนซ้ำ: ของชิ้นนี้นับไปแล้ว',
  [ScanOutcome.OUT_OF_SCOPE]: 'ไม่อยู่ในขอบเขตของการตรวจนับนี้',
  [ScanOutcome.RECORDED_AWAY]: 'ทะเบียนระบุว่าของชิ้นนี้ไม่อยู่ในคลัง',
  [ScanOutcome.CLOSED_ITEM]: 'ของชิ้นนี้จำหน่ายแล้ว (ปิดบัญชี) ไม่ควรพบอยู่ในคลัง',
  [ScanOutcome.RECORDED]: 'บันทึกแล้ว',
};

export interface ScanResult {
  scanId: number;
  outcome: ScanOutcome;
  duplicate: boolean;
  messageTh: string;
  item: { id: string; code: string; description: string; status?: string };
  tally: Tally;
}

/**
 * Counts (DESIGN §2 Audit session): the daily arms count, the monthly evidence count (a sample by
 * default), the annual property inspection by a committee without clerks (ข้อ 213), and spot counts;
 * optionally blind. The daily arms count reconciles the armory: every weapon is counted
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
    const rule = KIND_CATEGORY[dto.kind];
    const category = rule.fixed ?? dto.scope?.category ?? rule.default ?? null;
    if ((rule.fixed && dto.scope?.category && dto.scope.category !== rule.fixed) || (rule.not && category === rule.not)) {
      throw new UnprocessableError('SCOPE_NOT_FOR_KIND', `A ${dto.kind} count does not cover ${dto.scope?.category}`, `การตรวจนับประเภทนี้ไม่ครอบคลุมหมวด ${dto.scope?.category}`, { kind: dto.kind, category: rule.fixed ?? null });
    }
    if (dto.scope?.locationId && !(await this.locations.findScoped(dto.scope.locationId, stationId))) {
      throw new UnprocessableError('LOCATION_NOT_FOUND', 'The location does not exist in this station', 'ไม่พบสถานที่เก็บนี้ในสถานี');
    }
    const settings = settingsOf((await this.stations.findById(stationId))!);
    const samplePercent = this.samplePercent(dto, settings.samplingPercent);
    const committee = [...new Set(dto.committee ?? [])];
    await this.checkCommittee(stationId, dto.kind, committee);
    return this.tx.run(async (em) => {
      const id = await this.audits.insert(em, {
        stationId,
        kind: dto.kind,
        status: AuditStatus.OPEN,
        category,
        locationId: dto.scope?.locationId ?? null,
        blind: dto.blind ?? false,
        samplePercent,
        sampleSeed: samplePercent === null ? null : randomBytes(8).toString('hex'),
        startedBy: ctx.actor!.id,
        startedAt: this.clock.now(),
      });
      await this.audits.insertCommittee(em, stationId, id, committee);
      const [view] = (await this.audits.list(stationId, { id }, 0, 1, em)).items;
      await this.auditLog.append(em, ctx, {
        stationId,
        action: 'AUDIT_STARTED',
        entityType: 'audit',
        entityId: id,
        // A blind count's expected figure stays out of the log too (counters may read the log).
        after: { kind: dto.kind, category, locationId: dto.scope?.locationId ?? null, blind: view.blind, sample: view.sample, committee, expected: view.blind ? undefined : view.tally.expected },
      });
      return this.withhold(view);
    });
  }

  /** A sample only where the kind allows one: the station's share by default for the monthly evidence count. */
  private samplePercent(dto: CreateAuditDto, stationPercent: number): number | null {
    if (FULL_COUNT.includes(dto.kind)) {
      if (dto.samplePercent !== undefined && dto.samplePercent < 100) {
        throw new UnprocessableError('FULL_COUNT_ONLY', `A ${dto.kind} count covers every item: no sample`, 'การตรวจนับประเภทนี้ต้องนับทุกชิ้น ไม่ใช้การสุ่มตัวอย่าง');
      }
      return null;
    }
    const percent = dto.samplePercent ?? (SAMPLED_BY_DEFAULT.includes(dto.kind) ? stationPercent : null);
    return percent === null || percent >= 100 ? null : percent;
  }

  /** Active users of the station; the annual inspection needs a committee, and no clerk on it (ข้อ 213). */
  private async checkCommittee(stationId: string, kind: AuditKind, committee: string[]): Promise<void> {
    if (kind === AuditKind.ANNUAL_PROPERTY && !committee.length) {
      throw new UnprocessableError('COMMITTEE_REQUIRED', 'An annual property inspection is made by a named committee', 'การตรวจสอบพัสดุประจำปีต้องมีคณะกรรมการที่ระบุชื่อ');
    }
    const members = await this.audits.usersOfStation(stationId, committee);
    const unknown = committee.filter((id) => !members.has(id));
    if (unknown.length) {
      throw new UnprocessableError('COMMITTEE_MEMBER_NOT_FOUND', 'Every committee member must be an active user of this station', 'กรรมการทุกคนต้องเป็นผู้ใช้ของสถานีนี้ที่ยังใช้งานอยู่', { unknown });
    }
    const cannotCount = committee.filter((id) => !members.get(id)!.some((r) => COUNTING_ROLES.includes(r as Role)));
    if (cannotCount.length) {
      throw new UnprocessableError('COMMITTEE_MEMBER_CANNOT_COUNT', `Committee members count: each needs one of ${COUNTING_ROLES.join(', ')}`, 'กรรมการต้องเป็นผู้มีหน้าที่ตรวจนับ (ผู้บังคับบัญชา หัวหน้างาน ผู้ตรวจสอบ หรือเจ้าหน้าที่พัสดุ)', { userIds: cannotCount });
    }
    const clerks = committee.filter((id) => members.get(id)!.includes(Role.CLERK));
    if (kind === AuditKind.ANNUAL_PROPERTY && clerks.length) {
      throw new UnprocessableError('COMMITTEE_HAS_CLERK', 'The annual inspection committee may not include a supply clerk (clause 213)', 'คณะกรรมการตรวจสอบพัสดุประจำปีต้องไม่ใช่เจ้าหน้าที่พัสดุ (ข้อ 213)', { clerks });
    }
  }

  /** Blind and open: the counters do not learn how many the record expects. */
  private withhold(view: AuditView): AuditView {
    if (view.blind && view.status === AuditStatus.OPEN) view.tally = { ...view.tally, expected: null, counted: null };
    return view;
  }

  /** The expected list: hidden from everyone while a blind count is open. */
  async expected(ctx: RequestContext, id: string) {
    const [view] = (await this.audits.list(stationScope(ctx), { id }, 0, 1)).items;
    if (!view) throw new NotFoundError('Audit', 'การตรวจนับ');
    if (view.blind && view.status === AuditStatus.OPEN) {
      throw new ConflictError('EXPECTED_LIST_HIDDEN', 'This count is blind: the expected list is shown once it is closed', 'การตรวจนับแบบปิดตา จะแสดงรายการที่ควรพบหลังปิดการตรวจนับแล้ว');
    }
    const items = await this.audits.expected(id);
    return { auditId: id, sample: view.sample, total: items.length, items };
  }

  async get(ctx: RequestContext, id: string): Promise<AuditView> {
    const [view] = (await this.audits.list(stationScope(ctx), { id }, 0, 1)).items;
    if (!view) throw new NotFoundError('Audit', 'การตรวจนับ');
    if (view.status === AuditStatus.CLOSED) view.findings = await this.audits.findings(id);
    return this.withhold(view);
  }

  async list(ctx: RequestContext, query: ListAuditsQueryDto): Promise<Page<AuditView>> {
    const { page, pageSize, offset } = paging(query);
    const { items, total } = await this.audits.list(stationScope(ctx), { kind: query.kind, status: query.status }, offset, pageSize);
    return { items: items.map((v) => this.withhold(v)), total, page, pageSize };
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
      const { hasCommittee, member } = await this.audits.isCommitteeMember(em, id, ctx.actor!.id);
      if (hasCommittee && !member) throw notOnCommittee();
      if (audit.kind === AuditKind.ANNUAL_PROPERTY && !dto.condition) {
        throw new UnprocessableError('CONDITION_REQUIRED', 'The annual inspection records each item as usable, damaged, deteriorated or no longer needed (condition)', 'การตรวจสอบประจำปีต้องบันทึกสภาพของแต่ละรายการ (ใช้การได้ ชำรุด เสื่อมสภาพ หรือไม่จำเป็นต้องใช้)');
      }
      await this.audits.serialiseItem(em, id, item.id);
      const duplicate = await this.audits.alreadyScanned(em, id, item.id);
      const scanId = await this.audits.insertScan(em, { stationId, auditId: id, itemId: item.id, locationId, condition: dto.condition ?? null, sealSeen: dto.sealNumber ?? null, duplicate, scannedBy: ctx.actor!.id });
      const outcome = duplicate
        ? ScanOutcome.DUPLICATE
        : audit.blind
          ? ScanOutcome.RECORDED
          : item.status === ItemStatus.DISPOSED
            ? ScanOutcome.CLOSED_ITEM
            : !(await this.audits.inScope(em, id, item.id))
              ? ScanOutcome.OUT_OF_SCOPE
              : item.status !== ItemStatus.IN_STORAGE
                ? ScanOutcome.RECORDED_AWAY
                : ScanOutcome.COUNTED;
      const counted = await this.audits.tally(scopeOf(audit), em);
      const tally = audit.blind ? { ...counted, expected: null, counted: null } : counted;
      await this.auditLog.append(em, ctx, { stationId, action: 'AUDIT_SCAN', entityType: 'audit', entityId: id, after: { scanId, itemId: item.id, code: item.code, outcome, locationId, condition: dto.condition ?? null, sealSeen: dto.sealNumber ?? null } });
      const messageTh = outcome === ScanOutcome.RECORDED_AWAY ? `${OUTCOME_TH[outcome]} (${STATUS_TH[item.status]})` : OUTCOME_TH[outcome];
      // Blind: the answer names the item scanned (so the counter can see the scanner read it) but not its status.
      const shown = audit.blind ? { id: item.id, code: item.code, description: item.description } : { id: item.id, code: item.code, description: item.description, status: item.status };
      return { scanId, outcome, duplicate, messageTh, item: shown, tally };
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
      const committee = await this.audits.committeeOf(em, id);
      if (committee.length && !committee.includes(ctx.actor!.id)) throw notOnCommittee();
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
      const tally = await this.audits.tally(scopeOf(audit), em);
      const summary = { expected: tally.expected!, counted: tally.counted!, byType };
      await this.audits.update(em, id, { status: AuditStatus.CLOSED, closedBy: ctx.actor!.id, closedAt: this.clock.now(), countersignedBy: signer!.id, summary, note: dto.note ?? null });
      const [view] = (await this.audits.list(stationId, { id }, 0, 1, em)).items;
      view.findings = await this.audits.findings(id, em);
      await this.auditLog.append(em, ctx, {
        stationId,
        action: 'AUDIT_CLOSED',
        entityType: 'audit',
        entityId: id,
        before: { status: AuditStatus.OPEN },
        // The findings are kept append-only in audit_findings; the log binds them by digest (a count of
        // 200,000 items would not fit one log row).
        after: { status: AuditStatus.CLOSED, countersignedBy: signer!.id, summary, incidents: discrepant.length, findingsSha256: findingsDigest(findings) },
      });
      return view;
    });
  }
}

/** SHA-256 of the findings as sorted "itemId type" lines: what GET /api/audits/:id shows can be checked against the log. */
export function findingsDigest(findings: readonly { itemId: string; type: string }[]): string {
  const lines = findings.map((f) => `${f.itemId} ${f.type}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

function auditClosed(): ConflictError {
  return new ConflictError('AUDIT_CLOSED', 'This count is closed', 'การตรวจนับนี้ปิดแล้ว');
}

function notOnCommittee(): ForbiddenError {
  return new ForbiddenError('NOT_ON_COMMITTEE', 'Only the named committee counts in and closes this audit', 'เฉพาะกรรมการที่ได้รับแต่งตั้งเท่านั้นที่ตรวจนับและปิดการตรวจนับนี้ได้');
}
