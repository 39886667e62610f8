import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors.js';
import { BarcodeRenderer, type BarcodeSymbol } from './barcode-renderer.js';
import { LabelTemplateError, type LabelTemplate } from './label-templates.js';
import { SARABUN, sarabunFontDictionary } from './sarabun-font.js';
import { renderSarabunPdf } from './sarabun-pdf.js';
import { fitThaiText, PdfTextMetrics, thaiToUnicodeSeed, type TextStyle } from './thai-text.js';

export interface LabelData {
  /** e.g. BKM-EV69-000123: Code 128 and QR of exactly this text. */
  code: string;
  kind: 'ITEM' | 'LOCATION';
  /** 'ของกลาง', 'ทรัพย์สินราชการ', 'อาวุธ', 'ของบริจาค'; locations default to 'สถานที่เก็บ'. */
  categoryTh?: string;
  /** Thai, any length: broken at word boundaries and cut with '…' to the label's lines. */
  description: string;
  /** Evidence: 'คดีที่ 123/2568'. */
  caseNumber?: string;
  stationName: string;
  /** HIGH-risk items get a black 'ความเสี่ยงสูง' badge with a star. */
  highRisk?: boolean;
}

export interface LabelSheetOptions {
  /** Label positions already used on the first sheet (a part-used A4 sheet): start after them. */
  skip?: number;
  /** false writes uncompressed content streams (for inspecting a PDF; the default compresses). */
  compress?: boolean;
}

export const MAX_LABELS_PER_DOCUMENT = 5000;
export const HIGH_RISK_TEXT = 'ความเสี่ยงสูง';
export const LOCATION_CATEGORY_TH = 'สถานที่เก็บ';

/** Label data the renderer refuses (none, too many, a missing code or station): a 422. */
export class LabelDataError extends DomainError {
  constructor(message: string, messageTh: string, details?: unknown) {
    super(422, 'LABEL_DATA_INVALID', message, messageTh, details);
  }
}

const PT_PER_MM = 72 / 25.4;
const mm = (v: number) => v * PT_PER_MM;
/**
 * Resolution of the barcode PNGs: Code 128 at ≥ 600 dpi, where a bar edge lands matters (its PNG is
 * one pixel high, so this costs nothing); QR modules are larger and 300 dpi keeps the PNGs small.
 */
const BARCODE_DPI = { code128: 600, qrcode: 300, datamatrix: 300 } as const;
/** Largest module (X dimension) for short codes; bigger buys nothing and looks odd. */
const MAX_MODULE_MM = 0.5;
const GAP_MM = 0.6;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Everything about a template's geometry that does not depend on a label's data (points, label-relative). */
interface Geometry {
  labelW: number;
  labelH: number;
  content: Box;
  code128?: Box;
  station?: Box;
  qr?: Box;
  /** The text column to the right of the QR code. */
  column: Box;
  lineHeight: Record<'code' | 'category' | 'highRisk' | 'caseNumber' | 'description' | 'station', number>;
}

type Node = Record<string, unknown>;

/**
 * Label sheets as PDF (pdfmake 0.3 + Sarabun): each label carries the code as Code 128 (storage-room
 * counter scanners are mostly 1D) and as QR, the code in text, category, Thai description, case number
 * and station. Everything is placed absolutely, so a label's content can never push another label.
 */
@Injectable()
export class LabelSheetRenderer {
  private readonly metrics = new PdfTextMetrics(sarabunFontDictionary(), SARABUN);
  private readonly geometries = new WeakMap<LabelTemplate, Geometry>();

  constructor(@Inject(BarcodeRenderer) private readonly barcodes: BarcodeRenderer) {}

  async render(labels: LabelData[], template: LabelTemplate, options: LabelSheetOptions = {}): Promise<Buffer> {
    this.check(labels);
    const g = this.geometry(template);
    // QR codes are the slow part: encoded (on worker threads for a big batch) while the text is laid out.
    const qrSymbols = g.qr ? this.barcodes.encodeMany(labels.map((l) => l.code), 'qrcode') : Promise.resolve([]);
    qrSymbols.catch(() => undefined); // awaited below; a refusal must not count as unhandled meanwhile
    const perPage = template.grid.columns * template.grid.rows;
    const skip = Math.max(0, Math.min(perPage - 1, Math.floor(options.skip ?? 0)));
    const images: Record<string, string> = {};
    const pages: Node[][] = [];
    const origins = labels.map((label, i) => {
      const slot = i + skip;
      const page = Math.floor(slot / perPage);
      const col = (slot % perPage) % template.grid.columns;
      const row = Math.floor((slot % perPage) / template.grid.columns);
      const x = mm(template.margins.left + col * (template.grid.labelWidth + template.grid.columnGap));
      const y = mm(template.margins.top + row * (template.grid.labelHeight + template.grid.rowGap));
      (pages[page] ??= []).push(...this.label(label, i, x, y, template, g, images));
      return { page, x, y };
    });
    const qr = g.qr;
    if (qr) {
      (await qrSymbols).forEach((symbol, i) => {
        const key = `q${i}`;
        this.barcodeImage(symbol, qr.w / (symbol.columns + 8), images, key);
        const { page, x, y } = origins[i];
        pages[page].push({ image: key, width: qr.w, height: qr.h, absolutePosition: { x: x + qr.x, y: y + qr.y } });
      });
    }
    const doc = {
      pageSize: { width: mm(template.page.width), height: mm(template.page.height) },
      pageMargins: [0, 0, 0, 0],
      compress: options.compress ?? true,
      defaultStyle: { font: SARABUN, fontSize: 8, lineHeight: 1 },
      info: { title: `Khlang labels (${template.name})`, creator: 'Khlang', producer: 'Khlang' },
      images,
      content: pages.map((stack, i) => (i === 0 ? { stack: [...thaiToUnicodeSeed(SARABUN), ...stack] } : { stack, pageBreak: 'before' })),
    };
    return renderSarabunPdf(doc);
  }

  private check(labels: LabelData[]) {
    if (!Array.isArray(labels) || labels.length === 0) {
      throw new LabelDataError('No labels to print', 'ไม่มีฉลากที่จะพิมพ์');
    }
    if (labels.length > MAX_LABELS_PER_DOCUMENT) {
      throw new LabelDataError(`At most ${MAX_LABELS_PER_DOCUMENT} labels per document`, `พิมพ์ได้ไม่เกิน ${MAX_LABELS_PER_DOCUMENT} ฉลากต่อครั้ง`);
    }
    labels.forEach((l, index) => {
      if (l.kind !== 'ITEM' && l.kind !== 'LOCATION') {
        throw new LabelDataError(`Label ${index}: kind must be ITEM or LOCATION`, 'ประเภทฉลากไม่ถูกต้อง', { index });
      }
      if (typeof l.stationName !== 'string' || typeof l.description !== 'string') {
        throw new LabelDataError(`Label ${index}: description and station are required`, 'ฉลากต้องมีรายละเอียดและชื่อสถานี', { index });
      }
    });
  }

  private style(template: LabelTemplate, key: keyof Geometry['lineHeight']): TextStyle {
    return { fontSize: template.elements[key].fontSize, bold: key === 'code' || key === 'highRisk' };
  }

  /** Fixed geometry of a template; throws if its elements cannot fit the label. */
  private geometry(t: LabelTemplate): Geometry {
    const cached = this.geometries.get(t);
    if (cached) return cached;
    const e = t.elements;
    const labelW = mm(t.grid.labelWidth);
    const labelH = mm(t.grid.labelHeight);
    const pad = mm(t.padding);
    const gap = mm(GAP_MM);
    const content: Box = { x: pad, y: pad, w: labelW - 2 * pad, h: labelH - 2 * pad };
    const lh = (key: keyof Geometry['lineHeight']) => this.metrics.lineHeight(this.style(t, key));
    const lineHeight = {
      code: lh('code'),
      category: lh('category'),
      highRisk: lh('highRisk'),
      caseNumber: lh('caseNumber'),
      description: lh('description'),
      station: lh('station'),
    };
    let bottom = content.y + content.h;
    let code128: Box | undefined;
    if (e.code128.show) {
      code128 = { x: content.x, y: bottom - mm(e.code128.height), w: content.w, h: mm(e.code128.height) };
      bottom = code128.y - gap;
    }
    let station: Box | undefined;
    if (e.station.show) {
      station = { x: content.x, y: bottom - lineHeight.station, w: content.w, h: lineHeight.station };
      bottom = station.y - gap / 2;
    }
    let qr: Box | undefined;
    let columnX = content.x;
    if (e.qr.show) {
      // The QR image includes its 4-module quiet zone, which may lie in the label's padding (module
      // count of a version 1 symbol, 21 + 8: item and location codes fit version 1 at level M).
      const size = mm(e.qr.size);
      const inset = Math.max(mm(0.5), pad - (size * 4) / 29);
      qr = { x: inset, y: inset, w: size, h: size };
      columnX = qr.x + size + gap;
      if (qr.y + size > bottom + 0.01) {
        throw templateDoesNotFit(t, `the QR code (${e.qr.size} mm) overlaps the lines below it`);
      }
    }
    const column: Box = { x: columnX, y: content.y, w: content.x + content.w - columnX, h: bottom - content.y };
    const fixed =
      lineHeight.code +
      (e.category.show ? lineHeight.category : 0) +
      (e.caseNumber.show ? lineHeight.caseNumber : 0) +
      (e.description.show ? lineHeight.description : 0);
    if (fixed > column.h + 0.01) {
      throw templateDoesNotFit(t, 'the text lines (code, category, case number, one line of description) are taller than the label');
    }
    if (column.w < mm(10)) throw templateDoesNotFit(t, 'the text column beside the QR code is narrower than 10 mm');
    const g: Geometry = { labelW, labelH, content, code128, station, qr, column, lineHeight };
    this.geometries.set(t, g);
    return g;
  }

  private label(label: LabelData, index: number, x0: number, y0: number, t: LabelTemplate, g: Geometry, images: Record<string, string>): Node[] {
    const e = t.elements;
    const nodes: Node[] = [];
    const at = (b: { x: number; y: number }) => ({ x: x0 + b.x, y: y0 + b.y });
    if (t.outline) {
      nodes.push({
        canvas: [{ type: 'rect', x: 0, y: 0, w: g.labelW, h: g.labelH, r: mm(2), lineWidth: 0.3, lineColor: '#999999' }],
        absolutePosition: { x: x0, y: y0 },
      });
    }

    if (g.code128) {
      const symbol = this.barcodes.encode(label.code, 'code128');
      const modules = symbol.columns + 20;
      // Bars inside the content box, quiet zones inside the label.
      const xdim = Math.min(g.code128.w / symbol.columns, g.labelW / modules, mm(MAX_MODULE_MM));
      const key = `c${index}`;
      const img = this.barcodeImage(symbol, xdim, images, key);
      const w = img.modulesWide * xdim;
      nodes.push({
        image: key,
        width: w,
        height: g.code128.h,
        absolutePosition: { x: x0 + g.code128.x + (g.code128.w - w) / 2, y: y0 + g.code128.y },
      });
    }

    // The text column is one pdfmake block (half the layout work of a node per line): the code, the
    // category, the case number, then the description; each part fitted to its lines beforehand.
    const col = g.column;
    const inlines: Node[] = [];
    let y = col.y;
    const line = (text: string, style: TextStyle, lineHeight: number) => {
      inlines.push({ text: `${text}\n`, fontSize: style.fontSize, bold: style.bold ?? false });
      y += lineHeight;
    };
    // The code is never shortened: its font shrinks until it fits the column (with 2% to spare, so
    // that rounding cannot make pdfmake break it at a hyphen).
    const codeStyle = this.style(t, 'code');
    const codeWidth = this.metrics.width(label.code, codeStyle);
    const codeSize = codeWidth > col.w ? (codeStyle.fontSize * 0.98 * col.w) / codeWidth : codeStyle.fontSize;
    line(label.code, { ...codeStyle, fontSize: codeSize }, g.lineHeight.code);

    if (e.category.show) {
      const category = label.categoryTh ?? (label.kind === 'LOCATION' ? LOCATION_CATEGORY_TH : '');
      let width = col.w;
      if (label.highRisk && e.highRisk.show) {
        const badge = this.highRiskBadge(x0 + col.x + col.w, y0 + y, g.lineHeight.category, t);
        nodes.push(...badge.nodes);
        width -= badge.width + mm(1);
      }
      line(this.fit(category, this.style(t, 'category'), width, 1).text, this.style(t, 'category'), g.lineHeight.category);
    }
    if (e.caseNumber.show && label.caseNumber) {
      line(this.fit(label.caseNumber, this.style(t, 'caseNumber'), col.w, 1).text, this.style(t, 'caseNumber'), g.lineHeight.caseNumber);
    }
    if (e.description.show) {
      const style = this.style(t, 'description');
      const lines = Math.min(e.description.maxLines, Math.floor((col.y + col.h - y + 0.01) / g.lineHeight.description));
      const fit = this.fit(label.description, style, col.w, lines);
      inlines.push({ text: fit.text, fontSize: style.fontSize, bold: false });
      y += fit.lines.length * g.lineHeight.description;
    }
    // maxHeight is pdfmake's own stop: even a measuring slip could not spill onto the next element.
    nodes.push({ columns: [{ width: col.w, text: inlines, maxHeight: y - col.y + g.lineHeight.description / 2 }], absolutePosition: at(col) });

    if (g.station) {
      nodes.push(this.singleLine(label.stationName, this.style(t, 'station'), x0 + g.station.x, y0 + g.station.y, g.station.w));
    }
    return nodes;
  }

  /** Registers the PNG of `symbol` for a module size of `xdim` points, at ≥ BARCODE_DPI. */
  private barcodeImage(symbol: BarcodeSymbol, xdim: number, images: Record<string, string>, key: string) {
    const scale = Math.max(1, Math.ceil((xdim / 72) * BARCODE_DPI[symbol.symbology]));
    const img = this.barcodes.rasterise(symbol, { scale, scaleY: 1, barHeight: 1, verticalMargin: 0 });
    images[key] = `data:image/png;base64,${img.png.toString('base64')}`;
    return img;
  }

  private fit(text: string, style: TextStyle, width: number, maxLines: number) {
    return fitThaiText(text, { maxWidth: width, maxLines, measure: (s) => this.metrics.width(s, style) });
  }

  /** One line of text, fitted to `width` beforehand, so pdfmake has nothing to break. */
  private singleLine(text: string, style: TextStyle, x: number, y: number, width: number): Node {
    const fit = this.fit(text, style, width, 1);
    return { text: fit.text, fontSize: style.fontSize, bold: style.bold ?? false, maxHeight: 1.5 * this.metrics.lineHeight(style), absolutePosition: { x, y } };
  }

  /** A black badge, right-aligned at `right`: a white star and 'ความเสี่ยงสูง' in bold. */
  private highRiskBadge(right: number, top: number, lineHeight: number, t: LabelTemplate) {
    const style = this.style(t, 'highRisk');
    const textWidth = this.metrics.width(HIGH_RISK_TEXT, style);
    const textHeight = this.metrics.lineHeight(style);
    const h = Math.min(lineHeight, textHeight);
    const star = h * 0.7;
    const padX = style.fontSize * 0.3;
    const width = padX + star + padX * 0.6 + textWidth + padX;
    const left = right - width;
    const cx = left + padX + star / 2;
    const cy = top + h / 2;
    const points = Array.from({ length: 10 }, (_, i) => {
      const r = i % 2 === 0 ? star / 2 : star / 5;
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      return { x: cx + r * Math.cos(a) - left, y: cy + r * Math.sin(a) - top };
    });
    const nodes: Node[] = [
      {
        canvas: [
          { type: 'rect', x: 0, y: 0, w: width, h, r: h / 4, color: '#000000' },
          { type: 'polyline', points, closePath: true, color: '#ffffff', lineWidth: 0 },
        ],
        absolutePosition: { x: left, y: top },
      },
      {
        columns: [{ width: textWidth + 1, text: HIGH_RISK_TEXT, fontSize: style.fontSize, bold: true, color: '#ffffff' }],
        absolutePosition: { x: left + padX + star + padX * 0.6, y: top + (h - textHeight) / 2 },
      },
    ];
    return { nodes, width };
  }
}

function templateDoesNotFit(t: LabelTemplate, why: string) {
  return new LabelTemplateError('LABEL_TEMPLATE_INVALID', `Label template '${t.name}' does not fit: ${why}`, `แบบฉลาก '${t.name}' จัดวางไม่ได้`, {
    problems: [why],
  });
}
