import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { AuditLogService } from '../audit-log/audit-log.service.js';
import type { ChainHead } from '../audit-log/audit-log.repository.js';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../common/errors.js';
import { systemContext } from '../common/request-context.js';
import { Role } from '../common/roles.js';
import { TransactionService } from '../database/transaction.service.js';
import { buddhistYear } from '../items/item-code.js';
import { CATEGORY_CODE, CATEGORY_TH, ItemCategory, RiskClass } from '../items/item.enums.js';
import { thaiShortDateTime } from '../reports/thai-dates.js';
import { settingsOf } from '../stations/station-settings.js';
import type { Station } from '../stations/station.entity.js';
import { StationsRepository } from '../stations/stations.repository.js';
import { importTh } from './import-messages.js';
import { codeRange, type CodeRange, countByCategory, importAuditEntry, type ImportSource, intakeRow, itemAuditEntry, itemRow } from './import-rows.js';
import { type ImportLocation, type PlannedItem, serialProblems, validateRow } from './import-validation.js';
import { type ImportUser, ImportRepository } from './import.repository.js';
import { fileProblem, type ImportProblem, RegisterWorkbookReader, type SheetRow } from './register-workbook.reader.js';
import { RegisterTemplateWriter } from './register-template.writer.js';

export interface ImportRequest {
  bytes: Buffer;
  fileName: string;
  stationCode: string;
  actorUsername: string;
  witnessUsername?: string;
  dryRun: boolean;
}

export interface ImportOutcome {
  fileName: string;
  sha256: string;
  station: string;
  actor: string;
  witness: string | null;
  /** Data rows read from the register sheets. */
  rows: number;
  problems: ImportProblem[];
  /** The numbers each category took, or (dry run, invalid file) would take now. */
  ranges: CodeRange[];
  written: boolean;
  auditHead: ChainHead | null;
  /** Milliseconds per step: read, validate, and when written: numbers, items, events, audit, commit. */
  timings: ImportTimings;
}

export interface ImportTimings {
  read: number;
  validate: number;
  numbers?: number;
  items?: number;
  events?: number;
  audit?: number;
  commit?: number;
}

/** Only the property clerk and the commander bring a station's old registers in. */
const IMPORTERS: readonly Role[] = [Role.CLERK, Role.COMMANDER];

const since = (start: number) => Math.round(performance.now() - start);

/**
 * Imports a station's old registers from a workbook: every row validated as POST /api/items would
 * validate it, then — only when the whole file is valid — every item numbered, inserted with its
 * INTAKE event and its audit row in one transaction, set-based.
 */
@Injectable()
export class ImportService {
  constructor(
    @Inject(TransactionService) private readonly tx: TransactionService,
    @Inject(ImportRepository) private readonly repository: ImportRepository,
    @Inject(StationsRepository) private readonly stations: StationsRepository,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
    @Inject(RegisterWorkbookReader) private readonly reader: RegisterWorkbookReader,
    @Inject(RegisterTemplateWriter) private readonly templateWriter: RegisterTemplateWriter,
  ) {}

  /** The template a station fills in: its own location codes in the lists. */
  async template(stationCode: string): Promise<Buffer> {
    const station = await this.station(stationCode);
    return this.templateWriter.render(station, await this.repository.locations(station.id));
  }

  /** Validates the workbook and, unless it is a dry run or anything is invalid, imports it all in one transaction. */
  async run(request: ImportRequest): Promise<ImportOutcome> {
    const station = await this.station(request.stationCode);
    const actor = await this.importer(request.actorUsername, station);
    const witness = request.witnessUsername ? await this.witness(request.witnessUsername, station, actor) : null;
    const { outcome, items } = await this.check(request, station, actor, witness);
    if (outcome.problems.length || request.dryRun) return outcome;
    const start = performance.now();
    const source: ImportSource = {
      stationId: station.id,
      stationCode: station.code,
      fileName: request.fileName,
      sha256: outcome.sha256,
      actorId: actor.id,
      actorUsername: actor.username,
      witnessId: witness?.id ?? null,
    };
    const written = await this.write(items, source, actor, outcome.rows).catch((err: unknown) => {
      // Serials are checked before the transaction; one registered meanwhile trips the unique index and rolls it all back.
      if ((err as { constraint?: string }).constraint === 'uq_items_weapon_serial') throw serialTakenMeanwhile();
      throw err;
    });
    const inside = Object.values(written.steps).reduce((sum, ms) => sum + ms, 0);
    const timings = { ...outcome.timings, ...written.steps, commit: since(start) - inside };
    return { ...outcome, ranges: written.ranges, auditHead: written.auditHead, written: true, timings };
  }

  /**
   * Reads and validates the workbook: what a dry run answers, and the items ready to be written (the
   * workbook's rows are let go here, before the write).
   */
  private async check(request: ImportRequest, station: Station, actor: ImportUser, witness: ImportUser | null): Promise<{ outcome: ImportOutcome; items: PlannedItem[] }> {
    let start = performance.now();
    const book = await this.reader.read(request.bytes);
    const read = since(start);
    start = performance.now();
    const { items, problems } = await this.validate(book.rows, book.problems, station);
    const ranges = await this.forecast(station, items, buddhistYear(new Date()), problems);
    const high = items.filter((i) => i.riskClass === RiskClass.HIGH).length;
    if (high && !witness) problems.push(fileProblem(importTh.witnessNeeded(high)));
    const sha256 = createHash('sha256').update(request.bytes).digest('hex');
    const before = await this.repository.previousImport(station.id, sha256);
    if (before) problems.unshift(fileProblem(importTh.importedBefore(thaiShortDateTime(before.at), before.username)));
    const outcome: ImportOutcome = {
      fileName: request.fileName,
      sha256,
      station: station.code,
      actor: actor.username,
      witness: witness?.username ?? null,
      rows: book.rows.length,
      problems,
      ranges,
      written: false,
      auditHead: null,
      timings: { read, validate: since(start) },
    };
    return { outcome, items };
  }

  private async station(code: string): Promise<Station> {
    const station = await this.stations.findByCode(code.trim().toUpperCase());
    if (!station) throw new NotFoundError(`Station ${code}`, `สถานีรหัส ${code}`);
    return station;
  }

  /** The acting user: an active clerk or commander of this very station. */
  private async importer(username: string, station: Station): Promise<ImportUser> {
    const user = await this.repository.findUser(username);
    if (!user || !user.active || user.stationId !== station.id || !user.roles.some((r) => IMPORTERS.includes(r))) {
      throw new ForbiddenError(
        'IMPORT_NOT_ALLOWED',
        `${username} is not an active clerk or commander of station ${station.code}`,
        `ผู้ใช้ ${username} ไม่ใช่เจ้าหน้าที่พัสดุหรือผู้บังคับบัญชาที่ยังปฏิบัติงานอยู่ของสถานี ${station.code} จึงนำเข้าทะเบียนไม่ได้`,
      );
    }
    return user;
  }

  /**
   * The witness of HIGH-risk items: another active user of the station. The command line is run by the
   * server's administrator, so the witness is named, not signed in (the INTAKE note says so).
   */
  private async witness(username: string, station: Station, actor: ImportUser): Promise<ImportUser> {
    const user = await this.repository.findUser(username);
    if (!user || !user.active || user.stationId !== station.id) {
      throw new UnprocessableError('WITNESS_INVALID', `${username} is not an active user of station ${station.code}`, `พยาน ${username} ไม่ใช่ผู้ใช้ที่ยังปฏิบัติงานอยู่ของสถานี ${station.code}`);
    }
    if (user.id === actor.id) throw new UnprocessableError('WITNESS_IS_ACTOR', 'The witness must be someone other than the importer', 'พยานต้องเป็นบุคคลอื่น ไม่ใช่ผู้นำเข้า');
    return user;
  }

  /** Every row checked; then weapon serials across the file and against the station's register. */
  private async validate(rows: SheetRow[], fileProblems: ImportProblem[], station: Station): Promise<{ items: PlannedItem[]; problems: ImportProblem[] }> {
    const locations: ImportLocation[] = await this.repository.locations(station.id);
    const context = { locations: new Map(locations.map((l) => [l.code, l])), extraHighRiskKinds: settingsOf(station).extraHighRiskKinds };
    const items: PlannedItem[] = [];
    const problems = [...fileProblems];
    for (const row of rows) {
      const checked = await validateRow(row, context);
      if (checked.item) items.push(checked.item);
      problems.push(...checked.problems);
    }
    const serials = [...new Set(items.filter((i) => i.dto.category === ItemCategory.WEAPON && i.dto.serialNumber).map((i) => i.dto.serialNumber!))];
    problems.push(...serialProblems(items, await this.repository.takenSerials(station.id, serials)));
    return { items, problems: sortProblems(problems) };
  }

  /** The code ranges the items would take now; a category whose six-digit numbers would run out is a problem. */
  private async forecast(station: Station, items: PlannedItem[], yearBe: number, problems: ImportProblem[]): Promise<CodeRange[]> {
    const last = await this.repository.lastSeqs(station.id, yearBe);
    return [...countByCategory(items)].map(([category, count]) => {
      const range = codeRange(station.code, category, yearBe, last.get(CATEGORY_CODE[category]) ?? 0, count);
      if (range.lastSeq > 999_999) problems.push(fileProblem(importTh.numbersExhausted(CATEGORY_TH[category], yearBe, 999_999 - range.firstSeq + 1, count)));
      return range;
    });
  }

  /**
   * One transaction: the counters taken (locked until commit, as a registration takes one), the items,
   * their INTAKE events, then the audit rows last (the chain-head lock held only for them and the commit).
   */
  private async write(
    items: PlannedItem[],
    source: ImportSource,
    actor: ImportUser,
    rows: number,
  ): Promise<{ ranges: CodeRange[]; auditHead: ChainHead | null; steps: Required<Pick<ImportTimings, 'numbers' | 'items' | 'events' | 'audit'>> }> {
    const ctx = systemContext({ id: actor.id, username: actor.username, displayName: actor.displayName, stationId: actor.stationId, roles: actor.roles }, `cli:import:${randomUUID()}`);
    return this.tx.run(async (em) => {
      let start = performance.now();
      const step = () => {
        const ms = since(start);
        start = performance.now();
        return ms;
      };
      const yearBe = buddhistYear(new Date());
      const ranges: CodeRange[] = [];
      for (const [category, count] of countByCategory(items)) {
        const last = await this.repository.takeSeqs(em, source.stationId, CATEGORY_CODE[category], yearBe, count);
        if (last > 999_999) {
          throw new ConflictError('CODE_NUMBERS_EXHAUSTED', `Not enough ${category} numbers left in ${yearBe}`, importTh.numbersExhausted(CATEGORY_TH[category], yearBe, 999_999 - (last - count), count));
        }
        ranges.push(codeRange(source.stationCode, category, yearBe, last - count, count));
      }
      const numbers = step();
      const next = new Map(ranges.map((r) => [r.category, r.firstSeq]));
      const itemRows = items.map((item) => {
        const seq = next.get(item.dto.category)!;
        next.set(item.dto.category, seq + 1);
        return itemRow(item, source, yearBe, seq);
      });
      await this.repository.insertItems(em, itemRows);
      const itemsMs = step();
      const eventIds = await this.repository.insertEvents(em, items.map((item, i) => intakeRow(item, itemRows[i], source)));
      const events = step();
      const entries = items.map((item, i) => itemAuditEntry(itemRows[i], item, eventIds.get(itemRows[i].id)!, source));
      const auditHead = await this.auditLog.appendMany(em, ctx, [...entries, importAuditEntry(source, ranges, rows)]);
      return { ranges, auditHead, steps: { numbers, items: itemsMs, events, audit: step() } };
    });
  }
}

function serialTakenMeanwhile(): ConflictError {
  return new ConflictError(
    'SERIAL_TAKEN',
    'A weapon serial number of the file was registered at the station while the file was being imported; nothing was imported',
    'ระหว่างนำเข้ามีการลงทะเบียนอาวุธหมายเลขเดียวกับในไฟล์ จึงไม่ได้นำเข้าข้อมูลใด ๆ กรุณานำเข้าใหม่เพื่อดูรายงาน',
  );
}

/** In the order of the file: by sheet as first seen, then row (problems of the whole file first). */
function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  const sheets = [...new Set(problems.map((p) => p.sheet))];
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.row === null ? -1 : 0) - (b.p.row === null ? -1 : 0) || sheets.indexOf(a.p.sheet) - sheets.indexOf(b.p.sheet) || (a.p.row ?? 0) - (b.p.row ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}
