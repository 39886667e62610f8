import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors.js';
import { ownStation, type RequestContext } from '../common/request-context.js';
import { type IssuedFile, type IssuedO23View, O23IssueService } from '../reports/o23-issue.service.js';
import { O23_CONTENT_TYPES } from '../reports/reports.service.js';
import type { Station } from '../stations/station.entity.js';
import { settingsOf } from '../stations/station-settings.js';
import { StationsRepository } from '../stations/stations.repository.js';
import { STATION_CODE } from '../stations/stations.dto.js';
import { renderFlowchartPdf } from './flowchart/flowchart-pdf.renderer.js';
import { BLANK_FORM_TH, BlankForm, renderBlankForm } from './forms/blank-forms.js';
import { renderGuidelinesDocx } from './guidelines-docx.renderer.js';
import { renderGuidelinesPdf } from './guidelines-pdf.renderer.js';
import { guidelinesDocument } from './guidelines.js';
import { publicIndexHtml } from './public-index.js';
import { type Signer, type StationRules, stationRules } from './station-rules.js';
import { reproducibleZip } from './zip.js';

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A generated document of the publication package: the announcement, the flowcharts, a blank form. */
export interface PublishedDocument {
  /** The file's name on the public page and in the ZIP, e.g. "guidelines.pdf". */
  name: string;
  titleTh: string;
  contentType: string;
  body: Buffer;
  sha256: string;
}

/** What the public O23 page and the ZIP show: the station's issued reports and its current documents. */
export interface PublicPackage {
  station: { code: string; nameTh: string };
  itaItemNumber: string;
  settingsVersion: number;
  effectiveAt: Date;
  reports: IssuedO23View[];
  documents: PublishedDocument[];
}

export type CheckResult = { kind: 'report'; report: IssuedO23View; format: 'pdf' | 'xlsx' } | { kind: 'document'; document: PublishedDocument } | { kind: 'none' };

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** "O23-BKM-2568-01-v1.pdf", "O23-BKM-2567-10_2568-03-v2.xlsx" (o23Filename of an issued report). */
const REPORT_FILE = /^O23-([A-Z][A-Z0-9]{1,9})-(\d{4}-\d{2})(?:_(\d{4}-\d{2}))?-v(\d{1,4})\.(pdf|xlsx)$/;
/** Stations whose documents are kept rendered; older entries are dropped first. */
const CACHED_STATIONS = 32;

/**
 * The O23 publication package (ITA O23: publish the system, not only its results): the announcement
 * (PDF and DOCX), the flowcharts and the blank forms, all generated from the station's rules as its
 * server enforces them, beside every report the station issued. The documents are rendered
 * reproducibly — the same settings and signer give the same bytes — and kept per settings version, so
 * the hash the public page lists is always the hash of the file it links.
 */
@Injectable()
export class PublicationService {
  private readonly cache = new Map<string, Promise<PublishedDocument[]>>();
  /** The last ZIP of each station, with what it was packed from. */
  private readonly zips = new Map<string, { key: string; body: Promise<Buffer> }>();

  constructor(
    @Inject(StationsRepository) private readonly stations: StationsRepository,
    @Inject(O23IssueService) private readonly issued: O23IssueService,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  // ---- for the station's own users (API) ------------------------------------------------------------

  async rulesOf(ctx: RequestContext): Promise<StationRules> {
    const station = await this.stations.findById(ownStation(ctx));
    if (!station) throw new NotFoundError('Station', 'สถานี');
    return this.rules(station);
  }

  async document(ctx: RequestContext, name: string): Promise<PublishedDocument> {
    const station = await this.stations.findById(ownStation(ctx));
    if (!station) throw new NotFoundError('Station', 'สถานี');
    const doc = (await this.documents(station)).find((d) => d.name === name);
    if (!doc) throw new NotFoundError('Document', 'เอกสาร');
    return doc;
  }

  async zipOf(ctx: RequestContext): Promise<{ filename: string; body: Buffer }> {
    const station = await this.stations.findById(ownStation(ctx));
    if (!station) throw new NotFoundError('Station', 'สถานี');
    return this.zip(station);
  }

  // ---- for anyone (the public page) ----------------------------------------------------------------

  /** The station by the code in a public address; an unknown or malformed code is simply not found. */
  async publicStation(code: string): Promise<Station> {
    const station = STATION_CODE.test(code) ? await this.stations.findByCode(code) : null;
    if (!station) throw new NotFoundError('Station', 'สถานี');
    return station;
  }

  async package(station: Station): Promise<PublicPackage> {
    const [documents, reports] = await Promise.all([this.documents(station), this.issued.allOf(station.id)]);
    return { station: { code: station.code, nameTh: station.nameTh }, itaItemNumber: settingsOf(station).itaItemNumber, settingsVersion: station.settingsVersion, effectiveAt: effectiveAt(station), reports, documents };
  }

  /** A public file by name: an issued report's stored file, or a current document. */
  async publicFile(station: Station, name: string): Promise<IssuedFile> {
    const report = REPORT_FILE.exec(name);
    if (report) {
      const [, code, from, to, version, format] = report;
      const file = code === station.code ? await this.issued.fileByVersion(station.id, from, to ?? from, Number(version), format as keyof typeof O23_CONTENT_TYPES) : null;
      if (!file) throw new NotFoundError('Issued report', 'รายงานที่ออกแล้ว');
      return file;
    }
    const doc = (await this.documents(station)).find((d) => d.name === name);
    if (!doc) throw new NotFoundError('File', 'ไฟล์');
    return { filename: doc.name, contentType: doc.contentType, body: doc.body, sha256: doc.sha256 };
  }

  /** Which published file has this SHA-256: an issued report's PDF or XLSX, or a current document. */
  async check(station: Station, hash: string): Promise<CheckResult> {
    const sha = hash.toLowerCase();
    const report = await this.issued.findBySha256(station.id, sha);
    if (report) return { kind: 'report', ...report };
    const document = (await this.documents(station)).find((d) => d.sha256 === sha);
    return document ? { kind: 'document', document } : { kind: 'none' };
  }

  /**
   * The package as one ZIP for the station's own website: index.html (the public page's list with the
   * same hashes, linking the files beside it), every issued report's files, the current documents and
   * SHA256SUMS. Its file times are the newest of the settings and the last issue, so packing the same
   * content again gives the same bytes.
   */
  async zip(station: Station): Promise<{ filename: string; body: Buffer }> {
    const pkg = await this.package(station);
    // The same documents and the same issued reports make the same ZIP: build it once.
    const key = JSON.stringify([pkg.documents.map((d) => d.sha256), pkg.reports.map((r) => [r.id, r.pdf.sha256, r.xlsx.sha256])]);
    let body = this.zips.get(station.id)?.key === key ? this.zips.get(station.id)!.body : undefined;
    if (!body) {
      body = this.pack(station, pkg);
      this.zips.set(station.id, { key, body });
      body.catch(() => this.zips.delete(station.id));
      while (this.zips.size > CACHED_STATIONS) this.zips.delete(this.zips.keys().next().value!);
    }
    return { filename: `O23-${station.code}-publication.zip`, body: await body };
  }

  private async pack(station: Station, pkg: PublicPackage): Promise<Buffer> {
    const reportFiles = await this.issued.allFilesOf(station.id);
    const files = [...reportFiles.map((f) => ({ name: f.filename, body: f.body, sha256: f.sha256 })), ...pkg.documents];
    const latest = Math.max(pkg.effectiveAt.getTime(), ...pkg.reports.map((r) => Date.parse(r.issuedAt)));
    return reproducibleZip(
      [
        { name: 'index.html', data: publicIndexHtml(pkg, { mode: 'zip' }) },
        { name: 'SHA256SUMS', data: files.map((f) => `${f.sha256}  files/${f.name}\n`).join('') },
        ...files.map((f) => ({ name: `files/${f.name}`, data: f.body })),
      ],
      new Date(latest),
    );
  }

  // ---- the documents --------------------------------------------------------------------------------

  private async rules(station: Station): Promise<StationRules> {
    return stationRules({ station: { ...station, effectiveAt: effectiveAt(station) }, signer: await this.signer(station.id) });
  }

  /** The station's commander who signs the announcement: the first active one appointed. */
  private async signer(stationId: string): Promise<Signer | null> {
    const [row] = await this.dataSource.query(
      `SELECT display_name AS "displayName", rank, position FROM users
       WHERE station_id = $1 AND active AND 'COMMANDER' = ANY (roles) ORDER BY created_at, id LIMIT 1`,
      [stationId],
    );
    return row ?? null;
  }

  private async documents(station: Station): Promise<PublishedDocument[]> {
    const rules = await this.rules(station);
    const key = JSON.stringify([station.id, station.settingsVersion, rules.effectiveAt, rules.signer, station.code, station.nameTh]);
    let docs = this.cache.get(key);
    if (!docs) {
      docs = render(rules);
      docs.catch(() => this.cache.delete(key));
      this.cache.set(key, docs);
      while (this.cache.size > CACHED_STATIONS) this.cache.delete(this.cache.keys().next().value!);
    }
    return docs;
  }
}

/** When the current settings took effect: the station row changes only with its settings. */
function effectiveAt(station: Station): Date {
  return station.updatedAt ?? station.createdAt;
}

async function render(rules: StationRules): Promise<PublishedDocument[]> {
  const thai = rules.settings.thaiNumerals;
  const guidelines = guidelinesDocument(rules);
  const doc = (name: string, titleTh: string, contentType: string, body: Buffer): PublishedDocument => ({ name, titleTh, contentType, body, sha256: sha256(body) });
  const out = [
    doc('guidelines.pdf', `${guidelines.title} (PDF)`, PDF, await renderGuidelinesPdf(guidelines, thai)),
    doc('guidelines.docx', `${guidelines.title} (Word)`, DOCX, await renderGuidelinesDocx(guidelines, thai)),
    doc('flowchart.pdf', 'แผนผังขั้นตอนการยืม–คืน และการรับ–เก็บรักษา–ส่งออก–จำหน่ายของกลาง', PDF, await renderFlowchartPdf(rules)),
  ];
  for (const form of Object.values(BlankForm)) out.push(doc(`form-${form}.pdf`, BLANK_FORM_TH[form], PDF, await renderBlankForm(form, rules)));
  return out;
}
