import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLogService } from '../audit-log/audit-log.service.js';
import { Clock } from '../common/clock.js';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, UnprocessableError } from '../common/errors.js';
import { pageOf } from '../common/paged-query.js';
import { ownStation, type RequestContext } from '../common/request-context.js';
import { type Page, paging } from '../common/validation.js';
import { TransactionService } from '../database/transaction.service.js';
import { thaiDate } from './thai-dates.js';
import { IssuedO23Report } from './issued-o23-report.entity.js';
import type { O23IssueStamp } from './o23-labels.js';
import { parsePeriod } from './o23-period.js';
import { renderO23Xlsx } from './o23-xlsx.renderer.js';
import type { IssuedO23ListQueryDto, IssueO23Dto } from './reports.dto.js';
import { O23_CONTENT_TYPES, type O23Figures, o23Filename, ReportsService } from './reports.service.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** An issued report as listed: everything but the figures and the files' bytes. */
const ISSUED_SELECT = `
  SELECT r.id, r.station_id AS "stationId", s.code AS "stationCode", r.period_from AS "periodFrom", r.period_to AS "periodTo",
         r.version, r.reason, r.pdf_sha256 AS "pdfSha256", octet_length(r.pdf) AS "pdfBytes",
         r.xlsx_sha256 AS "xlsxSha256", octet_length(r.xlsx) AS "xlsxBytes",
         r.chain_head_seq AS "chainHeadSeq", r.chain_head_hash AS "chainHeadHash", r.chain_verified AS "chainVerified",
         r.issued_at AS "issuedAt",
         json_build_object('id', i.id, 'displayName', i.display_name, 'rank', i.rank, 'position', i.position) AS "issuedBy",
         json_build_object('id', p.id, 'displayName', p.display_name, 'rank', p.rank, 'position', p.position) AS "preparedBy",
         EXISTS (SELECT 1 FROM o23_reports later
                 WHERE later.station_id = r.station_id AND later.period_from = r.period_from
                   AND later.period_to = r.period_to AND later.version > r.version) AS superseded
  FROM o23_reports r
  JOIN stations s ON s.id = r.station_id
  JOIN users i ON i.id = r.issued_by
  JOIN users p ON p.id = r.prepared_by`;

type IssuedRow = {
  id: string;
  stationCode: string;
  periodFrom: string;
  periodTo: string;
  version: number;
  reason: string | null;
  pdfSha256: string;
  pdfBytes: number;
  xlsxSha256: string;
  xlsxBytes: number;
  chainHeadSeq: number;
  chainHeadHash: string | null;
  chainVerified: boolean;
  issuedAt: Date;
  issuedBy: { id: string; displayName: string; rank: string; position: string | null };
  preparedBy: { id: string; displayName: string; rank: string; position: string | null };
  superseded: boolean;
};

function view(r: IssuedRow) {
  const files = `/api/reports/o23/issued/${r.id}/file`;
  return {
    id: r.id,
    period: { from: r.periodFrom, to: r.periodTo },
    version: r.version,
    reason: r.reason,
    superseded: r.superseded,
    issuedAt: new Date(r.issuedAt).toISOString(),
    issuedBy: r.issuedBy,
    preparedBy: r.preparedBy,
    chainHead: { seq: Number(r.chainHeadSeq), hash: r.chainHeadHash?.trim() ?? null, verified: r.chainVerified },
    pdf: { sha256: r.pdfSha256, bytes: r.pdfBytes, href: `${files}?format=pdf` },
    xlsx: { sha256: r.xlsxSha256, bytes: r.xlsxBytes, href: `${files}?format=xlsx` },
  };
}

export type IssuedO23View = ReturnType<typeof view>;

/**
 * Issuing freezes an O23 report (DESIGN §6): the figures, the PDF and the XLSX as rendered at that
 * moment, their SHA-256, the audit-log chain head at the period's end and who issued it. The stored
 * files are served from then on, whatever happens to the data; issuing the period again is a new
 * version beside the old one, with its reason.
 */
@Injectable()
export class O23IssueService {
  constructor(
    @Inject(ReportsService) private readonly reports: ReportsService,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
    @Inject(TransactionService) private readonly tx: TransactionService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async issue(ctx: RequestContext, dto: IssueO23Dto): Promise<IssuedO23View & { figures: O23Figures }> {
    const stationId = ownStation(ctx);
    const period = parsePeriod(dto);
    const now = this.clock.now();
    // Figures "at the period's end" (held, outstanding, overdue) are only final once the period is over.
    if (now < period.end) {
      throw new ConflictError(
        'PERIOD_NOT_ENDED',
        `The period ends on ${period.end.toISOString()}; it can be issued from then on (the figures can be previewed now)`,
        `ยังออกรายงานไม่ได้ ช่วงเวลานี้สิ้นสุดวันที่ ${thaiDate(new Date(period.end.getTime() - 1))} (ดูตัวอย่างตัวเลขได้ก่อน)`,
      );
    }
    const previous = await this.latestVersion(stationId, period.from, period.to);
    this.checkReason(previous, dto.reason);

    const figures = await this.reports.o23Figures(ctx, dto);
    const note = figures.problems;
    if (!note) {
      throw new ConflictError('NOTE_MISSING', 'Section 8 (problems and corrective action) is not written yet; the clerk writes it before the report is issued', 'ยังไม่มีส่วนที่ 8 (ปัญหาอุปสรรคและการแก้ไข) ให้เจ้าหน้าที่พัสดุบันทึกก่อนออกรายงาน');
    }
    if (note.updatedBy === ctx.actor!.id) {
      throw new ForbiddenError('SELF_APPROVAL', 'You wrote section 8 of this report; it is issued by another commander', 'ท่านเป็นผู้บันทึกส่วนที่ 8 ของรายงานนี้ ผู้ออกรายงานต้องเป็นผู้บังคับบัญชาท่านอื่น');
    }
    const [issuer] = await this.dataSource.query('SELECT display_name AS "displayName", rank, position FROM users WHERE id = $1', [ctx.actor!.id]);
    const stamp: O23IssueStamp = { version: previous + 1, issuedAt: now, issuer, reason: dto.reason ?? null };
    const [pdf, xlsx] = await Promise.all([this.reports.renderPdf(figures, now, stamp), renderO23Xlsx(figures, now, stamp)]);
    const log = figures.auditLog;

    return this.tx.run(async (em) => {
      // One issuer at a time per period: the version read above must still be the last one, and
      // section 8 must still be what the files print.
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`o23:${stationId}:${period.from}:${period.to}`]);
      const [state] = await em.query(
        `SELECT (SELECT COALESCE(max(version), 0) FROM o23_reports WHERE station_id = $1 AND period_from = $2 AND period_to = $3) AS version,
                (SELECT updated_at FROM o23_notes WHERE station_id = $1 AND period_from = $2 AND period_to = $3) AS note_at`,
        [stationId, period.from, period.to],
      );
      if (Number(state.version) !== previous) {
        throw new ConflictError('ALREADY_ISSUED', `Version ${state.version} of this period was issued meanwhile; look at it before issuing again`, `มีผู้ออกรายงานช่วงเวลานี้ (ครั้งที่ ${state.version}) ไปแล้วในระหว่างนี้ กรุณาตรวจดูก่อนออกใหม่`, { version: Number(state.version) });
      }
      if (new Date(state.note_at).toISOString() !== note.updatedAt) {
        throw new ConflictError('NOTE_CHANGED', 'Section 8 was changed while the report was being made; issue it again', 'ส่วนที่ 8 ถูกแก้ไขระหว่างจัดทำรายงาน กรุณาออกรายงานอีกครั้ง');
      }
      const row = {
        stationId,
        periodFrom: period.from,
        periodTo: period.to,
        version: stamp.version,
        reason: stamp.reason,
        figures,
        pdf,
        pdfSha256: sha256(pdf),
        xlsx,
        xlsxSha256: sha256(xlsx),
        chainHeadSeq: log.headSeqAtEnd,
        chainHeadHash: log.headHashAtEnd,
        chainVerified: log.verified,
        preparedBy: note.updatedBy,
        issuedBy: ctx.actor!.id,
        issuedAt: now,
      };
      const { identifiers } = await em.getRepository(IssuedO23Report).insert(row);
      const id = identifiers[0].id as string;
      await this.auditLog.append(em, ctx, {
        stationId,
        action: 'O23_ISSUED',
        entityType: 'o23_report',
        entityId: id,
        after: {
          period: { from: period.from, to: period.to },
          version: row.version,
          reason: row.reason,
          pdfSha256: row.pdfSha256,
          xlsxSha256: row.xlsxSha256,
          chainHead: { seq: row.chainHeadSeq, hash: row.chainHeadHash, verified: row.chainVerified },
        },
      });
      const [issued] = await em.query(`${ISSUED_SELECT} WHERE r.id = $1`, [id]);
      return { ...view(issued), figures };
    });
  }

  /** A first issue takes no reason; a reissue must give one (it is printed on the new version). */
  private checkReason(previous: number, reason: string | undefined): void {
    if (previous > 0 && !reason) {
      throw new ConflictError('ALREADY_ISSUED', `This period was issued already (version ${previous}); to issue it again, give the reason`, `ช่วงเวลานี้ออกรายงานแล้ว (ครั้งที่ ${previous}) หากต้องการออกใหม่ ให้ระบุเหตุผล`, { version: previous });
    }
    if (previous === 0 && reason) {
      throw new UnprocessableError('NOT_ISSUED_YET', 'This period has not been issued; a reason is only for issuing it again', 'ช่วงเวลานี้ยังไม่เคยออกรายงาน เหตุผลใช้เฉพาะการออกรายงานใหม่');
    }
  }

  private async latestVersion(stationId: string, from: string, to: string): Promise<number> {
    const [r] = await this.dataSource.query('SELECT COALESCE(max(version), 0) AS version FROM o23_reports WHERE station_id = $1 AND period_from = $2 AND period_to = $3', [stationId, from, to]);
    return Number(r.version);
  }

  async list(ctx: RequestContext, query: IssuedO23ListQueryDto): Promise<Page<IssuedO23View>> {
    const stationId = ownStation(ctx);
    const { page, pageSize, offset } = paging(query);
    const params: unknown[] = [stationId];
    let where = 'r.station_id = $1';
    if (query.period !== undefined || query.from !== undefined || query.to !== undefined) {
      const period = parsePeriod(query);
      params.push(period.from, period.to);
      where += ' AND r.period_from = $2 AND r.period_to = $3';
    }
    const sql = `SELECT x.*, count(*) OVER () AS total_count FROM (${ISSUED_SELECT} WHERE ${where}) x
                 ORDER BY x."periodFrom" DESC, x."periodTo" DESC, x.version DESC`;
    const { rows, total } = await pageOf<IssuedRow>(this.dataSource.manager, sql, params, pageSize, offset);
    return { items: rows.map(view), total, page, pageSize };
  }

  async get(ctx: RequestContext, id: string): Promise<IssuedO23View & { figures: unknown }> {
    const stationId = ownStation(ctx);
    const [row] = await this.dataSource.query(`SELECT x.*, r.figures FROM (${ISSUED_SELECT} WHERE r.id = $1 AND r.station_id = $2) x JOIN o23_reports r ON r.id = x.id`, [id, stationId]);
    if (!row) throw new NotFoundError('Issued report', 'รายงานที่ออกแล้ว');
    return { ...view(row), figures: row.figures };
  }

  /** The stored file, byte for byte as issued; its SHA-256 is checked against the one published. */
  async file(ctx: RequestContext, id: string, format: keyof typeof O23_CONTENT_TYPES): Promise<IssuedFile> {
    const file = await this.storedFile(ownStation(ctx), 'r.id = $2', [id], format);
    if (!file) throw new NotFoundError('Issued report', 'รายงานที่ออกแล้ว');
    return file;
  }

  /** Every report the station issued, newest period first (the public O23 page lists them all). */
  async allOf(stationId: string): Promise<IssuedO23View[]> {
    const rows: IssuedRow[] = await this.dataSource.query(`${ISSUED_SELECT} WHERE r.station_id = $1 ORDER BY r.period_from DESC, r.period_to DESC, r.version DESC`, [stationId]);
    return rows.map(view);
  }

  /** An issued file by what its name says (period and version), for the public page's links. */
  fileByVersion(stationId: string, from: string, to: string, version: number, format: keyof typeof O23_CONTENT_TYPES): Promise<IssuedFile | null> {
    return this.storedFile(stationId, 'r.period_from = $2 AND r.period_to = $3 AND r.version = $4', [from, to, version], format);
  }

  /** The issued report one of whose files has this SHA-256, and which of its files it is. */
  async findBySha256(stationId: string, sha: string): Promise<{ report: IssuedO23View; format: keyof typeof O23_CONTENT_TYPES } | null> {
    const [row] = await this.dataSource.query(`${ISSUED_SELECT} WHERE r.station_id = $1 AND (r.pdf_sha256 = $2 OR r.xlsx_sha256 = $2) LIMIT 1`, [stationId, sha]);
    if (!row) return null;
    return { report: view(row), format: row.pdfSha256 === sha ? 'pdf' : 'xlsx' };
  }

  /** Every issued file of the station, PDF and XLSX of each version, each checked against its hash. */
  async allFilesOf(stationId: string): Promise<IssuedFile[]> {
    const rows: StoredRow[] = await this.dataSource.query(
      `SELECT f.format, f.body, f.sha256, r.version, r.period_from AS "from", r.period_to AS "to", s.code
       FROM o23_reports r JOIN stations s ON s.id = r.station_id
       CROSS JOIN LATERAL (VALUES ('pdf', r.pdf, r.pdf_sha256), ('xlsx', r.xlsx, r.xlsx_sha256)) AS f(format, body, sha256)
       WHERE r.station_id = $1 ORDER BY r.period_from DESC, r.period_to DESC, r.version DESC, f.format`,
      [stationId],
    );
    return rows.map((row) => checkedFile(row, row.format));
  }

  private async storedFile(stationId: string, where: string, params: unknown[], format: keyof typeof O23_CONTENT_TYPES): Promise<IssuedFile | null> {
    const column = format === 'pdf' ? 'pdf' : 'xlsx';
    const [row] = await this.dataSource.query(
      `SELECT r.${column} AS body, r.${column}_sha256 AS sha256, r.version, r.period_from AS "from", r.period_to AS "to", s.code
       FROM o23_reports r JOIN stations s ON s.id = r.station_id WHERE r.station_id = $1 AND ${where}`,
      [stationId, ...params],
    );
    return row ? checkedFile(row, format) : null;
  }
}

type StoredRow = { body: Buffer; sha256: string; version: number; from: string; to: string; code: string; format: keyof typeof O23_CONTENT_TYPES };

/** A stored file as served, after its hash is checked: only someone bypassing the database's refusals could have changed it. */
function checkedFile(row: Omit<StoredRow, 'format'>, format: keyof typeof O23_CONTENT_TYPES): IssuedFile {
  if (sha256(row.body) !== row.sha256) {
    throw new DomainError(500, 'ISSUED_FILE_ALTERED', `The stored ${format} of this report no longer matches its SHA-256`, 'ไฟล์รายงานที่จัดเก็บไม่ตรงกับค่า SHA-256 ที่ออกไว้');
  }
  return {
    filename: o23Filename(row.code, row.from, row.to, format, row.version),
    contentType: O23_CONTENT_TYPES[format],
    body: row.body,
    sha256: row.sha256,
  };
}

export interface IssuedFile {
  filename: string;
  contentType: string;
  body: Buffer;
  sha256: string;
}
