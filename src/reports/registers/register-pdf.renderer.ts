import { SARABUN } from '../../labels/sarabun-font.js';
import { renderSarabunPdf } from '../../labels/sarabun-pdf.js';
import { thaiToUnicodeSeed } from '../../labels/thai-text.js';
import { FILL_HEADER } from '../o23-pdf.renderer.js';
import { type Detail, formatCell, type RegisterDocument, thaiShortDate, thaiTime } from './register-document.js';
import { fieldMap, NO_LINES, type Node, PdfText, PT_PER_CM, resolveWidths, TABLE_LAYOUT } from './register-pdf-kit.js';

export interface RegisterPdfOptions {
  /** Thai digits (๐–๙) for figures, dates and page numbers (the station's thaiNumerals setting); codes stay as written. */
  thaiNumerals: boolean;
}

/** A4 landscape: a ledger with many columns. The title and station head every page, above the repeated table header. */
const PAGE = { width: 841.89, height: 595.28 };
const MARGIN = { left: 1.5 * PT_PER_CM, right: 1.5 * PT_PER_CM, top: 2.6 * PT_PER_CM, bottom: 1.5 * PT_PER_CM };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const CONTENT_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom;
/** The repeated column header: up to three lines of bold header text. */
const HEADER_ROW_HEIGHT = 45;
const SIZE = { title: 16, subtitle: 12, details: 11, table: 10, notes: 10, footer: 9 };

/**
 * A register (บัญชีของกลาง, ทะเบียนคุมทรัพย์สิน, ทะเบียนอาวุธ, ทะเบียนของบริจาค) as PDF: A4 landscape, Sarabun
 * embedded, Buddhist-era dates, the title and station on every page, the table's header repeated on every
 * page, no row split across pages, every cell's text inside its cell, the definitions underneath and
 * "หน้า x/y" at the foot. It renders the same RegisterDocument as the XLSX.
 */
export function renderRegisterPdf(doc: RegisterDocument, options: RegisterPdfOptions): Promise<Buffer> {
  return renderSarabunPdf(new RegisterPdf(doc, new PdfText(options.thaiNumerals, SIZE.table)).definition());
}

class RegisterPdf {
  constructor(
    private readonly doc: RegisterDocument,
    private readonly pdf: PdfText,
  ) {}

  definition(): Node {
    const { doc } = this;
    return {
      pageSize: 'A4',
      pageOrientation: 'landscape',
      pageMargins: [MARGIN.left, MARGIN.top, MARGIN.right, MARGIN.bottom],
      language: 'th-TH',
      info: { title: `${doc.title} ${doc.station.nameTh}`, author: doc.station.nameTh, creator: 'Khlang', producer: 'Khlang', creationDate: doc.generatedAt },
      defaultStyle: { font: SARABUN, fontSize: SIZE.table, lineHeight: 1 },
      header: () => this.pageHeader(),
      footer: (page: number, pages: number) =>
        this.pdf.footer(`${doc.title} ${doc.station.nameTh} จัดทำเมื่อ ${this.pdf.digits(`${thaiShortDate(doc.generatedAt)} ${thaiTime(doc.generatedAt)}`)}`, page, pages, CONTENT_WIDTH, SIZE.footer, [MARGIN.left, MARGIN.right]),
      content: [...thaiToUnicodeSeed(SARABUN), ...this.details(), this.table(), ...this.notes()],
    };
  }

  /** The register's name and station, centred at the head of every page. */
  private pageHeader(): Node {
    const { doc, pdf } = this;
    return {
      margin: [MARGIN.left, 0.9 * PT_PER_CM, MARGIN.right, 0],
      stack: [
        { text: pdf.prose(doc.title), fontSize: SIZE.title, bold: true, alignment: 'center' },
        { text: pdf.prose(`${doc.station.nameTh} (${doc.station.code})`), fontSize: SIZE.subtitle, alignment: 'center' },
      ],
    };
  }

  /** Label–value pairs, two to a line (as-at date, count, when made). */
  private details(): Node[] {
    const cell = (d: Detail | undefined): Node[] =>
      d ? [{ text: this.pdf.prose(d.label), bold: true, noWrap: true }, { text: this.value(d) }] : [{ text: '' }, { text: '' }];
    const body: Node[][] = [];
    for (let i = 0; i < this.doc.details.length; i += 2) body.push([...cell(this.doc.details[i]), ...cell(this.doc.details[i + 1])]);
    return body.length ? [{ table: { widths: ['auto', '*', 'auto', '*'], body }, layout: NO_LINES, fontSize: SIZE.details, margin: [0, 0, 0, 6] }] : [];
  }

  private value(d: Detail): string {
    const type = d.type ?? 'text';
    const text = formatCell(d.value, type, false);
    return type === 'text' || type === 'person' ? this.pdf.data(text) : type === 'code' ? text : this.pdf.digits(text);
  }

  private table(): Node {
    const { doc, pdf } = this;
    const columns = doc.pdfColumns;
    const widths = resolveWidths(columns, CONTENT_WIDTH);
    const fields = fieldMap(doc.fields);
    const rows = doc.rows.map((row) => columns.map((c, i) => pdf.cell(c, row, fields, widths[i])));
    const body: Node[][] = [columns.map((c) => pdf.header(c.header)), ...rows.map((cells) => cells.map((cell) => cell.node))];
    if (!doc.rows.length) {
      body.push([{ text: pdf.prose('ยังไม่มีรายการในทะเบียนนี้'), colSpan: columns.length, alignment: 'center' }, ...columns.slice(1).map(() => ({}))]);
    } else if (doc.totals) {
      const totals = doc.totals;
      body.push(columns.map((c, i) => ({ ...pdf.cell(c, totals, fields, widths[i], true, '').node, fillColor: FILL_HEADER })));
    }
    const tallest = Math.max(0, ...rows.flat().map((cell) => cell.lines));
    return { table: { headerRows: 1, ...pdf.rowBreaking(tallest, CONTENT_HEIGHT, HEADER_ROW_HEIGHT), widths, body }, layout: TABLE_LAYOUT, fontSize: SIZE.table };
  }

  /** The definitions, kept together and numbered by hand: pdfmake's list markers are Arabic digits whatever the setting. */
  private notes(): Node[] {
    const { doc, pdf } = this;
    if (!doc.notes.length) return [];
    return [
      {
        unbreakable: true,
        fontSize: SIZE.notes,
        stack: [
          { text: pdf.prose('หมายเหตุ'), bold: true, margin: [0, 8, 0, 2] },
          ...doc.notes.map((note, i) => ({ columns: [{ width: 14, text: pdf.digits(`${i + 1}.`) }, { width: '*', text: pdf.prose(note) }] })),
        ],
      },
    ];
  }
}
