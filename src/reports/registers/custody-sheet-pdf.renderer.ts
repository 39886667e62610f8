import { SARABUN } from '../../labels/sarabun-font.js';
import { renderSarabunPdf } from '../../labels/sarabun-pdf.js';
import { thaiToUnicodeSeed } from '../../labels/thai-text.js';
import { chainResult, type CustodySheetDocument, HASH_NOTE_TH, itemResult } from './custody-sheet.js';
import { type Detail, formatCell, type PdfColumn, thaiShortDate, thaiTime } from './register-document.js';
import { fieldMap, NO_LINES, type Node, PdfText, PT_PER_CM, resolveWidths, TABLE_LAYOUT } from './register-pdf-kit.js';

export interface CustodySheetPdfOptions {
  /** Thai digits for dates, figures and page numbers; codes and hashes stay as written. */
  thaiNumerals: boolean;
}

/** ระเบียบงานสารบรรณ: A4 portrait, 3 cm on the left for binding, 2 cm on the right (as the O23 report). */
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { left: 3 * PT_PER_CM, right: 2 * PT_PER_CM, top: 1.5 * PT_PER_CM, bottom: 2 * PT_PER_CM };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const CONTENT_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom;
/** A section heading and the column header under it, repeated on every page of its table. */
const HEADER_ROWS_HEIGHT = 70;
const SIZE = { title: 18, subtitle: 14, heading: 14, body: 12, table: 11, notes: 11, footer: 10, signature: 14 };
const LABEL_WIDTH = 150;
/** The grid, without a line above the heading row (it heads the table, it is not a cell of it). */
const HEADED_LAYOUT = { ...TABLE_LAYOUT, hLineWidth: (i: number) => (i === 0 ? 0 : TABLE_LAYOUT.hLineWidth()) };

/**
 * The chain-of-custody sheet as PDF, for a court: the item's identity; every custody event in order with
 * its Thai name, Buddhist-era date and Bangkok time, who acted and who witnessed (rank and name), where
 * from and to, and the recipient, document, reason and note; then the audit-log verification, each event's
 * row with its sequence number, short hash and whether it holds, the whole station chain's result and the
 * time of the check; and the custodian's certification with signature and date lines.
 */
export function renderCustodySheetPdf(doc: CustodySheetDocument, options: CustodySheetPdfOptions): Promise<Buffer> {
  return renderSarabunPdf(new CustodySheetPdf(doc, new PdfText(options.thaiNumerals, SIZE.table)).definition());
}

class CustodySheetPdf {
  constructor(
    private readonly doc: CustodySheetDocument,
    private readonly pdf: PdfText,
  ) {}

  definition(): Node {
    const { doc, pdf } = this;
    return {
      pageSize: 'A4',
      pageOrientation: 'portrait',
      pageMargins: [MARGIN.left, MARGIN.top, MARGIN.right, MARGIN.bottom],
      language: 'th-TH',
      info: { title: `${doc.title} ${doc.code}`, author: doc.station.nameTh, creator: 'Khlang', producer: 'Khlang', creationDate: doc.generatedAt },
      defaultStyle: { font: SARABUN, fontSize: SIZE.body, lineHeight: 1 },
      footer: (page: number, pages: number) =>
        pdf.footer(`${doc.title} ${doc.code} ${doc.station.nameTh} พิมพ์เมื่อ ${pdf.digits(`${thaiShortDate(doc.generatedAt)} ${thaiTime(doc.generatedAt)}`)}`, page, pages, CONTENT_WIDTH, SIZE.footer, [MARGIN.left, MARGIN.right]),
      content: [
        ...thaiToUnicodeSeed(SARABUN),
        { text: pdf.prose(doc.title), fontSize: SIZE.title, bold: true, alignment: 'center' },
        { text: pdf.prose(doc.station.nameTh), fontSize: SIZE.subtitle, bold: true, alignment: 'center', margin: [0, 0, 0, 8] },
        this.heading('1. รายละเอียดของกลาง / ทรัพย์สิน'),
        this.identity(),
        this.events('2. ลำดับการครอบครองและการส่งมอบ', doc.pdfColumns),
        this.events('3. การตรวจสอบบันทึกการตรวจสอบ (ห่วงโซ่แฮช)', doc.auditColumns),
        // The result and the certification that refers to it stay on one page.
        { unbreakable: true, stack: [this.verdict(), this.certification()] },
      ],
    };
  }

  private heading(text: string): Node {
    return { text: this.pdf.prose(text), fontSize: SIZE.heading, bold: true, margin: [0, 10, 0, 4] };
  }

  /** Label | value lines; the item's own data broken at word boundaries and never wider than the page. */
  private identity(): Node {
    const valueWidth = CONTENT_WIDTH - LABEL_WIDTH - 6;
    const body = this.doc.identity.map((d, i) => [{ text: this.pdf.prose(d.label), bold: true }, { text: this.value(d, valueWidth), bold: i === 0 }]);
    return { table: { widths: [LABEL_WIDTH, valueWidth], body }, layout: NO_LINES, fontSize: SIZE.body };
  }

  private value(d: Detail, width: number): string {
    const type = d.type ?? 'text';
    const text = formatCell(d.value, type, false);
    if (type === 'text' || type === 'person' || type === 'code') return this.pdf.wrap(text, width, { fontSize: SIZE.body });
    return this.pdf.digits(text);
  }

  /**
   * The events (section 2) or their audit rows (section 3). The section's heading is the table's first
   * header row: it repeats above the column headers on every page the table runs to, and can never be left
   * alone at the foot of a page.
   */
  private events(title: string, columns: PdfColumn[]): Node {
    const { doc, pdf } = this;
    const widths = resolveWidths(columns, CONTENT_WIDTH);
    const fields = fieldMap(doc.fields);
    const span = (node: Node): Node[] => [{ ...node, colSpan: columns.length }, ...columns.slice(1).map(() => ({}))];
    const rows = doc.rows.map((row) => columns.map((c, i) => pdf.cell(c, row, fields, widths[i])));
    const body: Node[][] = [span({ ...this.heading(title), border: [false, false, false, true] }), columns.map((c) => pdf.header(c.header)), ...rows.map((cells) => cells.map((cell) => cell.node))];
    if (!doc.rows.length) body.push(span({ text: pdf.prose('ไม่มีเหตุการณ์'), alignment: 'center' }));
    const tallest = Math.max(0, ...rows.flat().map((cell) => cell.lines));
    return { table: { headerRows: 2, ...pdf.rowBreaking(tallest, CONTENT_HEIGHT, HEADER_ROWS_HEIGHT), widths, body }, layout: HEADED_LAYOUT, fontSize: SIZE.table };
  }

  /** This item's rows and the whole chain, in words, with the time of the check. */
  private verdict(): Node {
    const { pdf } = this;
    const v = this.doc.verification;
    const line = (label: string, value: string, bad: boolean): Node => ({
      columns: [
        { width: LABEL_WIDTH, text: pdf.prose(label), bold: true },
        { width: '*', text: pdf.prose(value), bold: bad },
      ],
    });
    return {
      margin: [0, 6, 0, 0],
      fontSize: SIZE.body,
      stack: [
        line('บันทึกของรายการนี้', itemResult(v.holding, v.events), v.holding !== v.events),
        line('ห่วงโซ่บันทึกทั้งสถานี', chainResult(v.chain), !v.chain.ok),
        // In groups of 16 hex digits, so the 64 break over lines where the page needs.
        { columns: [{ width: LABEL_WIDTH, text: pdf.prose('ค่าแฮชล่าสุดของห่วงโซ่'), bold: true }, { width: '*', text: (v.chain.headHash.match(/.{1,16}/g) ?? []).join(' '), fontSize: SIZE.notes }] },
        line('ตรวจสอบเมื่อ', `${thaiShortDate(v.checkedAt)} เวลา ${thaiTime(v.checkedAt)}`, false),
        { text: pdf.prose(`วิธีตรวจ: ${HASH_NOTE_TH}`), fontSize: SIZE.notes, margin: [0, 4, 0, 0] },
      ],
    };
  }

  /** The custodian certifies the copy: signature, name, position and date lines. */
  private certification(): Node {
    const { pdf } = this;
    const width = CONTENT_WIDTH * 0.6;
    const dotted = (prefix: string, suffix = '') => ({ text: pdf.dotted(prefix, suffix, width, SIZE.signature) });
    return {
      margin: [0, 18, 0, 0],
      stack: [
        { text: pdf.prose('ขอรับรองว่าบันทึกนี้ถูกต้องตรงตามทะเบียนและบันทึกการตรวจสอบในระบบของสถานี ณ เวลาที่ตรวจสอบข้างต้น'), fontSize: SIZE.body, margin: [0, 0, 0, 18] },
        {
          columns: [
            { width: '*', text: '' },
            {
              width,
              alignment: 'center',
              fontSize: SIZE.signature,
              stack: [dotted('ลงชื่อ ', ' ผู้รับรองสำเนา'), { ...dotted('(', ')'), margin: [0, 6, 0, 0] }, { ...dotted('ตำแหน่ง '), margin: [0, 6, 0, 0] }, { ...dotted('วันที่ '), margin: [0, 6, 0, 0] }],
            },
          ],
        },
      ],
    };
  }
}
