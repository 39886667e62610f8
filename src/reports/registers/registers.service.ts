import { Inject, Injectable } from '@nestjs/common';
import { AuditLogService } from '../../audit-log/audit-log.service.js';
import { Clock } from '../../common/clock.js';
import { BadRequestError, NotFoundError } from '../../common/errors.js';
import { ownStation, type RequestContext } from '../../common/request-context.js';
import { bangkokDate } from '../../evidence/evidence-timers.service.js';
import { settingsOf, type StationSettings } from '../../stations/station-settings.js';
import { StationsRepository } from '../../stations/stations.repository.js';
import { renderCustodySheetPdf } from './custody-sheet-pdf.renderer.js';
import { custodySheet } from './custody-sheet.js';
import type { Detail, RegisterDocument } from './register-document.js';
import { renderRegisterPdf } from './register-pdf.renderer.js';
import { armsRegister, donationsRegister, evidenceRegister, propertyRegister, type RegisterTable } from './register-tables.js';
import { renderRegisterXlsx } from './register-xlsx.renderer.js';
import { type CustodySheetQueryDto, RegisterKind, type RegisterFormat, type RegisterQueryDto } from './registers.dto.js';
import { RegistersRepository } from './registers.repository.js';

export interface RegisterFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

const CONTENT_TYPE: Record<RegisterFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** "2026-12-01" → "2569-12-01": file names carry the Buddhist-era day, as the O23 report's carry its period. */
function buddhistDay(day: string): string {
  return `${Number(day.slice(0, 4)) + 543}${day.slice(4)}`;
}

/**
 * The registers and the chain-of-custody sheet of the caller's station (DESIGN §6), as PDF or XLSX from
 * one document, so both files say the same. Reading them writes nothing: like an O23 download, a register
 * or custody sheet changes no state and is not on the audit chain (a label is, because a printed label can
 * stand in for an item; a report cannot).
 */
@Injectable()
export class RegistersService {
  constructor(
    @Inject(RegistersRepository) private readonly registers: RegistersRepository,
    @Inject(StationsRepository) private readonly stations: StationsRepository,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async register(ctx: RequestContext, kind: RegisterKind, query: RegisterQueryDto): Promise<RegisterFile> {
    const stationId = ownStation(ctx);
    if (query.asOf && kind !== RegisterKind.PROPERTY) {
      throw new BadRequestError('AS_OF_PROPERTY_ONLY', 'asOf is the depreciation date of the property register; other registers are as of now', 'วันที่คำนวณ (asOf) ใช้กับทะเบียนคุมทรัพย์สินเท่านั้น ทะเบียนอื่นแสดงข้อมูล ณ ปัจจุบัน');
    }
    const station = (await this.stations.findById(stationId))!;
    const settings = settingsOf(station);
    const now = this.clock.now();
    const asOf = query.asOf ?? bangkokDate(now);
    const table = await this.table(kind, stationId, asOf, settings);
    const details: Detail[] = [
      { label: 'ข้อมูล ณ', value: now, type: 'moment' },
      ...(kind === RegisterKind.PROPERTY ? [{ label: 'คำนวณค่าเสื่อมราคา ณ วันที่', value: asOf, type: 'day' as const }] : []),
      { label: 'จำนวนรายการ', value: table.rows.length, type: 'count' },
    ];
    const doc: RegisterDocument = { ...table, station: { code: station.code, nameTh: station.nameTh }, details, generatedAt: now };
    const filename = `${station.code}-${kind}-register-${buddhistDay(kind === RegisterKind.PROPERTY ? asOf : bangkokDate(now))}.${query.format}`;
    const body = query.format === 'pdf' ? await renderRegisterPdf(doc, { thaiNumerals: settings.thaiNumerals }) : await renderRegisterXlsx(doc);
    return { filename, contentType: CONTENT_TYPE[query.format], body };
  }

  private async table(kind: RegisterKind, stationId: string, asOf: string, settings: StationSettings): Promise<RegisterTable> {
    switch (kind) {
      case RegisterKind.EVIDENCE:
        return evidenceRegister(await this.registers.evidence(stationId));
      case RegisterKind.PROPERTY:
        return propertyRegister(await this.registers.property(stationId), asOf, settings.materialsThresholdBaht);
      case RegisterKind.ARMS:
        return armsRegister(await this.registers.arms(stationId));
      case RegisterKind.DONATIONS:
        return donationsRegister(await this.registers.donations(stationId));
    }
  }

  /** An item of another station is not found, as everywhere (its existence is not revealed). */
  async custodySheet(ctx: RequestContext, itemId: string, query: CustodySheetQueryDto): Promise<RegisterFile> {
    const stationId = ownStation(ctx);
    const item = await this.registers.custodyItem(stationId, itemId);
    if (!item) throw new NotFoundError('Item', 'ของในคลัง');
    const station = (await this.stations.findById(stationId))!;
    const [events, chain] = await Promise.all([this.registers.custodyEvents(stationId, itemId), this.auditLog.verify(stationId)]);
    const checkedAt = this.clock.now();
    const doc = custodySheet({ code: station.code, nameTh: station.nameTh }, item, events, chain, checkedAt);
    const filename = `${item.code}-custody-${buddhistDay(bangkokDate(checkedAt))}.${query.format}`;
    const body = query.format === 'pdf' ? await renderCustodySheetPdf(doc, { thaiNumerals: settingsOf(station).thaiNumerals }) : await renderRegisterXlsx(doc);
    return { filename, contentType: CONTENT_TYPE[query.format], body };
  }
}
