import { CATEGORY_TH, CONDITION_TH, type ItemCategory, type ItemKind, KIND_TH } from '../items/item.enums.js';
import { SARABUN, sarabunFontDictionary } from '../labels/sarabun-font.js';
import { renderSarabunPdf } from '../labels/sarabun-pdf.js';
import { fitThaiText, insertThaiBreaks, KEEP_WHOLE_RE, PdfTextMetrics, THAI_DIGITS, thaiToUnicodeSeed, ZWSP, type TextStyle } from '../labels/thai-text.js';
import { DEFAULT_STATION_SETTINGS } from '../stations/station-settings.js';
import {
  COVER_TH,
  DRAFT_WATERMARK_TH,
  FIGURE_HEADERS,
  figureSections,
  type FigureRow,
  HOLDINGS_TH,
  NONE_TH,
  O23_CONDITIONS,
  O23_DEFINITIONS_TH,
  type O23IssueStamp,
  O23_SECTIONS,
  O23_TITLE,
  o23PeriodKind,
  PROBLEMS_TH,
  signerTh,
  statusTh,
} from './o23-labels.js';
import type { O23Figures } from './reports.service.js';
import { thaiDate, thaiPeriod } from './thai-dates.js';

export interface O23PdfOptions {
  generatedAt: Date;
  /** Thai digits (๐–๙) for every figure, date and page number (the station's thaiNumerals setting). */
  thaiNumerals: boolean;
  /** The ITA item the report answers (the station's itaItemNumber setting; O23 by default). */
  itaItemNumber?: string;
  /** Present on the issued report; without it the file is a draft and says so on every page. */
  issue?: O23IssueStamp;
}

type Node = Record<string, unknown>;
/** What pdfmake tells pageBreakBefore about a node. */
type Heading = { headlineLevel?: number; style?: unknown };

const PT_PER_CM = 72 / 2.54;
/** ระเบียบงานสารบรรณ: 3 cm on the left (binding), 2 cm on the right; A4 portrait. */
const MARGIN = { left: 3 * PT_PER_CM, top: 1.5 * PT_PER_CM, right: 2 * PT_PER_CM, bottom: 2 * PT_PER_CM };
const A4 = { width: 595.28, height: 841.89 };
const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
/** Official documents: 16 pt body, 20 pt memo field names, 29 pt for "บันทึกข้อความ"; tables smaller. */
const SIZE = { body: 16, field: 20, memoTitle: 29, heading: 17, table: 14, ledger: 12, notes: 14, footer: 11 };
/** The footer's nodes carry this style so that the keep-with-next rule can tell them from content. */
const FOOTER_STYLE = 'o23Footer';
export const FILL_HEADER = '#e6e6e6';
const FIRST_LINE_INDENT = 2.5 * PT_PER_CM;
/**
 * Section 1's figure columns at SIZE.ledger: "ยอดยกมา" on one line, a value up to 9,999,999.99 even in
 * Thai digits (wider than Arabic; a larger one is drawn smaller), and the widest kind
 * ("อุปกรณ์อิเล็กทรอนิกส์") on one line in the first column of both tables.
 */
const LEDGER_COUNT_WIDTH = 50;
const CONDITION_COUNT_WIDTH = 46;
const LEDGER_VALUE_WIDTH = 84;
/** Sections 2–7: the figure column, leaving the longest label one line. */
const FIGURE_WIDTH = 100;

/** No break between a number and its unit, nor inside a date (Sarabun has the glyph). */
const NBSP = '\u00A0';
const keepTogether = (s: string) => s.replaceAll(' ', NBSP);
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Thin grey grid; a little air above and below each row for Thai marks. */
export const GRID_LAYOUT = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => '#444444',
  vLineColor: () => '#444444',
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 1,
  paddingBottom: () => 1,
};
/** The memo's fields: no grid, a dotted line under each value (cells with border [_, _, _, true]). */
const FIELD_LAYOUT = {
  hLineWidth: () => 0.7,
  vLineWidth: () => 0,
  hLineStyle: () => ({ dash: { length: 1, space: 2 } }),
  paddingLeft: (i: number) => (i === 0 ? 0 : 6),
  paddingRight: () => 2,
  paddingTop: () => 0,
  paddingBottom: () => 0,
};
const NO_LINES = { hLineWidth: () => 0, vLineWidth: () => 0, paddingLeft: () => 0, paddingRight: () => 8, paddingTop: () => 0, paddingBottom: () => 0 };

let metrics: PdfTextMetrics | undefined;
const textMetrics = () => (metrics ??= new PdfTextMetrics(sarabunFontDictionary(), SARABUN));

/**
 * The O23 report as PDF (DESIGN §6, DOMAIN-TH §5 and §7): a cover memo (บันทึกข้อความ) to the station
 * commander, the eight sections as tables — section 1 in the ledger columns a property clerk reads
 * (ยอดยกมา, รับเข้า, จำหน่าย, คงเหลือ, then condition) — a page defining each figure, and the three
 * signatures. A4, Sarabun embedded, Buddhist-era dates, optional Thai numerals; Thai text breaks at
 * word boundaries. The words are the XLSX's (o23-labels.ts); the figures are one O23Figures object.
 */
export async function renderO23Pdf(figures: O23Figures, options: O23PdfOptions): Promise<Buffer> {
  return renderSarabunPdf(new O23PdfDocument(figures, options).definition());
}

class O23PdfDocument {
  private readonly ita: string;
  private readonly periodName: string;
  private readonly periodKind: string;
  private readonly firstDay: string;
  private readonly lastDay: string;

  constructor(
    private readonly f: O23Figures,
    private readonly options: O23PdfOptions,
  ) {
    this.ita = options.itaItemNumber ?? DEFAULT_STATION_SETTINGS.itaItemNumber;
    this.periodName = thaiPeriod(f.period.from, f.period.to);
    this.periodKind = o23PeriodKind(f.period);
    this.firstDay = thaiDate(new Date(f.period.start));
    this.lastDay = thaiDate(new Date(new Date(f.period.end).getTime() - 1));
  }

  definition(): Node {
    const station = this.f.station.nameTh;
    return {
      pageSize: 'A4',
      pageOrientation: 'portrait',
      pageMargins: [MARGIN.left, MARGIN.top, MARGIN.right, MARGIN.bottom],
      language: 'th-TH',
      info: {
        title: this.digits(`${O23_TITLE} ${this.periodKind} ${this.periodName}`),
        author: station,
        subject: this.digits(`ITA ${this.ita} — ${station}`),
        creator: 'Khlang',
        producer: 'Khlang',
        creationDate: this.options.generatedAt,
      },
      defaultStyle: { font: SARABUN, fontSize: SIZE.body, lineHeight: 1 },
      footer: (page: number, pages: number) => this.footer(page, pages),
      ...(this.options.issue ? {} : { watermark: { text: DRAFT_WATERMARK_TH, color: '#b0b0b0', opacity: 0.25, bold: true, fontSize: 110, angle: -45 } }),
      styles: { [FOOTER_STYLE]: {} },
      // A heading never ends a page, nor does a heading followed only by headings (8. then 8.1): it
      // moves to the next page with what it heads.
      pageBreakBefore: (node: Heading, q: { getFollowingNodesOnPage: () => Heading[] }) =>
        node.headlineLevel === 1 && q.getFollowingNodesOnPage().every((next) => next.style === FOOTER_STYLE || next.headlineLevel === 1),
      content: [
        ...thaiToUnicodeSeed(SARABUN),
        ...this.memo(),
        { ...this.reportHeading(), pageBreak: 'before' },
        ...this.holdings(),
        ...figureSections(this.f).map((s) => this.figureSection(s.title, s.rows)),
        ...this.problems(),
        { ...this.heading('หมายเหตุ: ความหมายของตัวเลขในรายงาน'), pageBreak: 'before' },
        ...this.definitions(),
        this.signatures(),
      ],
    };
  }

  // ---- text --------------------------------------------------------------------------------------

  /** Arabic digits to Thai when asked; "SHA-256" is a name and stays as written. */
  private digits(s: string): string {
    return this.options.thaiNumerals ? s.replace(/(?<!SHA-\d*)[0-9]/g, (d) => THAI_DIGITS[Number(d)]) : s;
  }

  /** Thai text ready for pdfmake: word breaks first (ICU keeps 144,400.00 one word), then the digits. */
  private th(s: string): string {
    return this.digits(insertThaiBreaks(s).replace(KEEP_WHOLE_RE, (m) => m.replaceAll(ZWSP, '')));
  }

  private count(n: number): string {
    return this.digits(COUNT.format(n));
  }

  private baht(n: number): string {
    return this.digits(MONEY.format(n));
  }

  /** "09.30 น.", Thai time. */
  private time(at: Date): string {
    const bangkok = new Date(at.getTime() + 7 * 3600_000);
    return `${String(bangkok.getUTCHours()).padStart(2, '0')}.${String(bangkok.getUTCMinutes()).padStart(2, '0')}${NBSP}น.`;
  }

  private dateTime(at: Date): string {
    return `${thaiDate(at)} เวลา ${this.time(at)}`;
  }

  private heading(text: string, size = SIZE.heading, margin: number[] = [0, 10, 0, 4]): Node {
    return { text: this.th(text), fontSize: size, bold: true, margin, headlineLevel: 1 };
  }

  // ---- page 1: บันทึกข้อความ -----------------------------------------------------------------------

  private memo(): Node[] {
    const f = this.f;
    const t = f.holdings.totals;
    const field = (label: string): Node => ({ text: label, fontSize: SIZE.field, bold: true, noWrap: true, border: [false, false, false, false] });
    const value = (text: string): Node => ({ text: this.th(text), border: [false, false, false, true], margin: [0, 5, 0, 0] });
    const fieldRow = (widths: (string | number)[], cells: Node[]): Node => ({
      table: { widths, body: [cells] },
      layout: FIELD_LAYOUT,
      margin: [0, 0, 0, 2],
    });
    const logoSize = 1.6 * PT_PER_CM;
    const paragraph = (text: string, margin = [0, 6, 0, 0]): Node => ({ text: this.th(text), leadingIndent: FIRST_LINE_INDENT, margin });
    const n = (value: number, unit: string) => `${COUNT.format(value)}${NBSP}${unit}`;
    const summary = [
      `ทรัพย์สินในความดูแล ณ สิ้นช่วง ${n(t.closing, 'รายการ')} มูลค่า ${MONEY.format(t.closingValue)}${NBSP}บาท`,
      `คำขอยืม ${n(f.loans.requested, 'รายการ')} ค้างคืน ณ สิ้นช่วง ${n(f.loans.outstandingAtEnd, 'รายการ')} (เกินกำหนดคืน ${n(f.loans.overdueAtEnd, 'รายการ')})`,
      `ตรวจนับอาวุธประจำวัน ${n(f.weapons.daysCounted, 'วัน')} จาก ${n(f.weapons.daysInPeriod, 'วัน')} พบเหตุผิดปกติ ${n(f.weapons.countDiscrepancies, 'ครั้ง')}`,
      `ของกลางคงเหลือ ณ สิ้นช่วง ${n(f.evidence.heldAtEnd, 'รายการ')} ถึงกำหนดพิจารณาจำหน่าย ${n(f.evidence.dueForDispositionAtEnd, 'รายการ')}`,
      `เหตุผิดปกติค้าง ณ สิ้นช่วง ${n(f.auditsAndIncidents.incidentsOpenAtEnd, 'เรื่อง')} บันทึกการตรวจสอบ ${f.auditLog.verified ? 'ถูกต้อง' : 'ไม่ถูกต้อง'}`,
    ];
    return [
      {
        columns: [
          { width: logoSize, canvas: [{ type: 'rect', x: 0, y: 0, w: logoSize, h: logoSize, lineWidth: 0.6, lineColor: '#666666' }] },
          { width: '*', text: 'บันทึกข้อความ', fontSize: SIZE.memoTitle, bold: true, alignment: 'center', margin: [0, 4, 0, 0] },
          { width: logoSize, text: '' },
        ],
        margin: [0, 0, 0, 6],
      },
      fieldRow(['auto', '*'], [field('ส่วนราชการ'), value(f.station.nameTh)]),
      fieldRow(['auto', '*', 'auto', '*'], [field('ที่'), value(''), field('วันที่'), value(thaiDate(this.options.generatedAt))]),
      fieldRow(['auto', '*'], [field('เรื่อง'), value(`${O23_TITLE} ${this.periodKind} ${this.periodName}`)]),
      {
        columns: [
          { width: 'auto', text: 'เรียน', fontSize: SIZE.body, margin: [0, 10, 0, 0] },
          { width: '*', text: this.th(`ผู้กำกับการ${f.station.nameTh}`), margin: [10, 10, 0, 0] },
        ],
      },
      paragraph(
        `ตามที่ ${f.station.nameTh} ได้กำหนดมาตรการการจัดการทรัพย์สินของราชการ ของบริจาค และการจัดเก็บของกลาง ` +
          `ตามการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ตัวชี้วัด ${this.ita} ` +
          'และให้รายงานผลการปฏิบัติเป็นประจำ นั้น',
        [0, 10, 0, 0],
      ),
      paragraph(
        `บัดนี้ เจ้าหน้าที่พัสดุได้จัดทำ${O23_TITLE} ${this.periodKind} ${this.periodName} ` +
          `(ตั้งแต่วันที่ ${keepTogether(this.firstDay)} ถึงวันที่ ${keepTogether(this.lastDay)} รวม ${n(f.period.days, 'วัน')}) เสร็จแล้ว ` +
          `ตัวเลขทุกรายการประมวลจากทะเบียนในระบบคลัง (Khlang) ของสถานี เมื่อวันที่ ${keepTogether(thaiDate(this.options.generatedAt))} เวลา ${this.time(this.options.generatedAt)} ` +
          'รายละเอียดตามรายงานแนบท้าย 8 หัวข้อ โดยมีสาระสำคัญดังนี้',
      ),
      // Numbered by hand: pdfmake's list markers are Arabic digits whatever the setting.
      {
        stack: summary.map((s, i) => ({ columns: [{ width: 18, text: this.digits(`${i + 1}.`) }, { width: '*', text: this.th(s) }] })),
        margin: [FIRST_LINE_INDENT / 2, 2, 0, 0],
      },
      // The closing request and the pointer to the signatures go over a page break together.
      {
        unbreakable: true,
        stack: [
          paragraph('จึงเรียนมาเพื่อโปรดทราบ และพิจารณาอนุญาตให้เผยแพร่รายงานนี้บนเว็บไซต์ของสถานี', [0, 10, 0, 0]),
          { text: this.th('ผู้จัดทำ ผู้ตรวจสอบ และผู้อนุมัติ ลงนามท้ายรายงาน'), fontSize: SIZE.notes, alignment: 'right', margin: [0, 16, 0, 0] },
        ],
      },
    ];
  }

  // ---- the report ----------------------------------------------------------------------------------

  /** Title, station, period and when it was made (the XLSX's first sheet). */
  private reportHeading(): Node {
    const f = this.f;
    const cell = (text: string, bold = false): Node => (bold ? { text, bold, noWrap: true } : { text: this.th(text) });
    return {
      stack: [
        { text: this.th(O23_TITLE), fontSize: this.fitSize(O23_TITLE, CONTENT_WIDTH, SIZE.heading, true), bold: true, alignment: 'center' },
        { text: this.th(`${f.station.nameTh} ${this.periodKind} ${this.periodName}`), fontSize: SIZE.body, bold: true, alignment: 'center' },
        {
          table: {
            widths: ['auto', '*', 'auto', 'auto'],
            body: [
              [cell(COVER_TH.station, true), cell(f.station.nameTh), cell(COVER_TH.stationCode, true), cell(f.station.code)],
              [cell(COVER_TH.period, true), cell(`${this.firstDay} – ${this.lastDay}`), cell(COVER_TH.days, true), cell(this.count(f.period.days))],
              [cell(COVER_TH.generatedAt, true), cell(this.dateTime(this.options.generatedAt)), cell(COVER_TH.months, true), cell(this.count(f.period.months))],
              ...this.statusRows(cell),
            ],
          },
          layout: NO_LINES,
          fontSize: SIZE.table,
          margin: [0, 6, 0, 0],
        },
      ],
    };
  }

  /** Draft or issued (which issue, when, by whom, and why it was issued again), across the table. */
  private statusRows(cell: (text: string, bold?: boolean) => Node): Node[][] {
    const issue = this.options.issue;
    const wide = (text: string): Node[] => [{ ...cell(text), colSpan: 3 }, {}, {}];
    if (!issue) return [[cell(COVER_TH.status, true), ...wide(statusTh(issue))]];
    const rows = [[cell(COVER_TH.status, true), ...wide(`${statusTh(issue)} เมื่อ ${this.dateTime(issue.issuedAt)} โดย ${signerTh(issue.issuer)}`)]];
    if (issue.reason) rows.push([cell(COVER_TH.reissueReason, true), ...wide(issue.reason)]);
    return rows;
  }

  /**
   * Section 1 as two ledgers with the same rows: the movement (ยอดยกมา | รับเข้า | จำหน่าย | คงเหลือ |
   * มูลค่า), then the condition of what is held at the end. Kinds are grouped under their category.
   */
  private holdings(): Node[] {
    const f = this.f;
    const h = HOLDINGS_TH;
    const rows = f.holdings.rows;
    const num = (text: string, width: number, bold = false): Node => this.number(text, width, SIZE.ledger, bold);
    const head = (text: string, extra: Node = {}): Node => ({ text: this.th(text), bold: true, alignment: 'center', fillColor: FILL_HEADER, ...extra });
    const firstHead = `${h.category} / ${h.kind}`;

    // A category's name heads its first kind's row (figures on the kind's line) rather than a row of
    // its own, so that with dontBreakRows a page can never end on a category with none of its kinds.
    const categoryLine = textMetrics().lineHeight({ fontSize: SIZE.ledger, bold: true });
    const grouped = (line: (r: (typeof rows)[number]) => Node[]): Node[][] => {
      let category: string | undefined;
      return rows.map((r) => {
        const kind = { text: this.th(KIND_TH[r.kind as ItemKind] ?? r.kind), margin: [10, 0, 0, 0] };
        if (r.category === category) return [kind, ...line(r)];
        category = r.category;
        const name = { text: this.th(CATEGORY_TH[r.category as ItemCategory] ?? r.category), bold: true };
        return [{ stack: [name, kind] }, ...line(r).map((cell) => ({ ...cell, margin: [0, categoryLine + ((cell.margin as number[])[1] ?? 0), 0, 0] }))];
      });
    };
    const [C, V, K] = [LEDGER_COUNT_WIDTH, LEDGER_VALUE_WIDTH, CONDITION_COUNT_WIDTH];

    const t = f.holdings.totals;
    const movement = {
      table: {
        headerRows: 1,
        keepWithHeaderRows: 1,
        dontBreakRows: true,
        widths: ['*', C, C, C, C, V],
        body: [
          [head(firstHead), head(h.opening), head(h.received), head(h.disposed), head(h.closing), head(h.closingValue)],
          ...grouped((r) => [num(this.count(r.opening), C), num(this.count(r.received), C), num(this.count(r.disposed), C), num(this.count(r.closing), C), num(this.baht(r.closingValue), V)]),
          [
            { text: this.th(h.total), bold: true, alignment: 'center', fillColor: FILL_HEADER },
            ...[this.count(t.opening), this.count(t.received), this.count(t.disposed), this.count(t.closing)].map((v) => ({ ...num(v, C, true), fillColor: FILL_HEADER })),
            { ...num(this.baht(t.closingValue), V, true), fillColor: FILL_HEADER },
          ],
        ],
      },
      layout: GRID_LAYOUT,
      fontSize: SIZE.ledger,
    };

    const conditionTotals = O23_CONDITIONS.map((c) => rows.reduce((sum, r) => sum + (r.byCondition[c] ?? 0), 0));
    const condition = {
      table: {
        headerRows: 2,
        keepWithHeaderRows: 1,
        dontBreakRows: true,
        widths: ['*', K, ...O23_CONDITIONS.map(() => K)],
        body: [
          [
            head(firstHead, { rowSpan: 2 }),
            head(h.closing, { rowSpan: 2 }),
            head('สภาพ ณ สิ้นช่วง', { colSpan: O23_CONDITIONS.length }),
            ...O23_CONDITIONS.slice(1).map(() => ({})),
          ],
          [{}, {}, ...O23_CONDITIONS.map((c) => head(CONDITION_TH[c]))],
          ...grouped((r) => [num(this.count(r.closing), K), ...O23_CONDITIONS.map((c) => num(this.count(r.byCondition[c] ?? 0), K))]),
          [
            { text: this.th(h.total), bold: true, alignment: 'center', fillColor: FILL_HEADER },
            ...[t.closing, ...conditionTotals].map((v) => ({ ...num(this.count(v), K, true), fillColor: FILL_HEADER })),
          ],
        ],
      },
      layout: GRID_LAYOUT,
      fontSize: SIZE.ledger,
    };

    return [
      this.heading(O23_SECTIONS.holdings.title, SIZE.heading, [0, 14, 0, 2]),
      this.heading('1.1 การเคลื่อนไหวในช่วงเวลา', SIZE.table, [0, 2, 0, 3]),
      rows.length ? movement : this.nothing(),
      this.heading('1.2 สภาพของทรัพย์สินคงเหลือ ณ สิ้นช่วง', SIZE.table, [0, 10, 0, 3]),
      rows.length ? condition : this.nothing(),
    ];
  }

  /**
   * A figure right-aligned on one line: numbers never wrap, so one too wide for its column (a value in
   * the billions) is drawn smaller instead of spilling over the cell's edge.
   */
  private number(text: string, width: number, fontSize: number, bold = false): Node {
    const size = this.fitSize(text, width, fontSize, bold);
    // Drawn smaller, it is moved down by the lines' difference: on the row's baseline within 1 pt.
    const lower = textMetrics().lineHeight({ fontSize, bold }) - textMetrics().lineHeight({ fontSize: size, bold });
    return { text, alignment: 'right', bold, noWrap: true, fontSize: size, margin: [0, lower, 0, 0] };
  }

  /** `fontSize`, or less if `text` would not fit `width` on one line at it. */
  private fitSize(text: string, width: number, fontSize: number, bold = false): number {
    const natural = textMetrics().width(this.digits(text), { fontSize, bold });
    return natural > width ? Math.floor(((fontSize * width) / natural) * 10) / 10 : fontSize;
  }

  private nothing(): Node {
    return { text: this.th('ไม่มีทรัพย์สินในความดูแลในช่วงเวลานี้'), fontSize: SIZE.table, margin: [10, 0, 0, 0] };
  }

  /** Sections 2–7: label → figure, as the XLSX; a hash gets a full-width line of its own. */
  private figureSection(title: string, rows: FigureRow[]): Node {
    const body: Node[][] = [[FIGURE_HEADERS[0], FIGURE_HEADERS[1]].map((text) => ({ text: this.th(text), bold: true, alignment: 'center', fillColor: FILL_HEADER }))];
    for (const r of rows) {
      if (r.format === 'hash') {
        const hash = typeof r.value === 'string' && r.value !== NONE_TH ? (r.value.match(/.{1,16}/g) ?? []).join(ZWSP) : NONE_TH;
        body.push([
          {
            colSpan: 2,
            stack: [{ text: this.th(r.label) }, { text: hash, fontSize: 12, alignment: 'right', characterSpacing: 0.3 }],
          },
          {},
        ]);
        continue;
      }
      const value =
        typeof r.value === 'number'
          ? this.number(r.format === 'baht' ? this.baht(r.value) : this.count(r.value), FIGURE_WIDTH, SIZE.table)
          : { text: this.th(r.value ?? NONE_TH), alignment: 'right' };
      body.push([{ text: this.th(r.label) }, value]);
    }
    return {
      unbreakable: true,
      stack: [
        this.heading(title),
        { table: { headerRows: 1, widths: ['*', FIGURE_WIDTH], body }, layout: GRID_LAYOUT, fontSize: SIZE.table },
      ],
    };
  }

  /**
   * Section 8: the clerk's text (up to 4,000 characters each), or "-". Each part under its own heading
   * in a full-width box that may run on over a page, rather than a two-column row: a row that long
   * would be split across pages anyway, and a narrow column makes it longer still.
   */
  private problems(): Node[] {
    const p = this.f.problems;
    const part = (label: string, text: string | null | undefined): Node[] => [
      this.heading(label, SIZE.table, [0, 6, 0, 2]),
      {
        table: { widths: ['*'], body: [[{ text: this.th(text?.trim() ? text : NONE_TH), margin: [2, 1, 2, 1] }]] },
        layout: GRID_LAYOUT,
        fontSize: SIZE.table,
      },
    ];
    return [
      this.heading(O23_SECTIONS.problems.title),
      ...part(`8.1 ${PROBLEMS_TH.problems}`, p?.problems),
      ...part(`8.2 ${PROBLEMS_TH.correctiveAction}`, p?.correctiveAction),
    ];
  }

  // ---- notes and signatures ------------------------------------------------------------------------

  private definitions(): Node[] {
    return O23_DEFINITIONS_TH.flatMap((group) => [
      { text: this.th(group.title), fontSize: SIZE.notes, bold: true, margin: [0, 6, 0, 0], headlineLevel: 1 },
      { ul: group.items.map((item) => this.th(item)), fontSize: SIZE.notes, margin: [10, 0, 0, 0] },
    ]);
  }

  /** ผู้จัดทำ | ผู้ตรวจสอบ side by side, ผู้อนุมัติ centred below with the commander's order. */
  private signatures(): Node {
    const half = (CONTENT_WIDTH - 20) / 2;
    const issue = this.options.issue;
    const block = (title: string, width: number, order: string[] = [], signer?: O23IssueStamp): Node => ({
      width,
      alignment: 'center',
      stack: [
        { text: this.th(title), bold: true },
        // The commander ticks one: the options line up on the left, the group centred in the block.
        ...(order.length ? [{ columns: [{ width: '*', text: '' }, { width: 'auto', stack: order.map((line) => this.th(line)), alignment: 'left' }, { width: '*', text: '' }] }] : []),
        { text: this.dotted('ลงชื่อ ', '', half - 10), margin: [0, 24, 0, 0] },
        // The commander who issued the report is named; the others write their names by hand.
        { text: signer ? this.th(`(${signerTh(signer.issuer)})`) : this.dotted('(', ')', half - 40) },
        { text: signer?.issuer.position ? this.th(`ตำแหน่ง ${signer.issuer.position}`) : this.dotted('ตำแหน่ง ', '', half - 10) },
        { text: signer ? this.th(`วันที่ ${thaiDate(signer.issuedAt)}`) : this.dotted('วันที่ ', '', half - 10) },
      ],
    });
    return {
      unbreakable: true,
      margin: [0, 20, 0, 0],
      stack: [
        { columns: [block('ผู้จัดทำ : เจ้าหน้าที่พัสดุ', half), block('ผู้ตรวจสอบ : หัวหน้างาน', half)], columnGap: 20 },
        {
          columns: [
            { width: '*', text: '' },
            block('ผู้อนุมัติ : ผู้บังคับบัญชา', CONTENT_WIDTH * 0.7, ['(   ) ทราบ', '(   ) อนุญาตให้เผยแพร่บนเว็บไซต์ของสถานี'], issue),
            { width: '*', text: '' },
          ],
          margin: [0, 28, 0, 0],
        },
      ],
    };
  }

  /** "prefix ......... suffix" as wide as `width` at body size (the lines a signer fills in by hand). */
  private dotted(prefix: string, suffix: string, width: number): string {
    const style: TextStyle = { fontSize: SIZE.body };
    const m = textMetrics();
    const free = width - m.width(prefix + suffix, style);
    const dots = Math.max(3, Math.floor(free / m.width('.', style)));
    return `${prefix}${'.'.repeat(dots)}${suffix}`;
  }

  private footer(page: number, pages: number): Node {
    const left = `${this.ita} ${this.f.station.nameTh} ${this.periodKind} ${this.periodName}`;
    const style: TextStyle = { fontSize: SIZE.footer };
    const pageText = this.digits(`หน้า ${page}/${pages}`);
    const room = CONTENT_WIDTH - textMetrics().width(pageText, { fontSize: SIZE.footer }) - 20;
    // Cut to one line (Thai digits are measured as drawn; the conversion is one character for one).
    const fitted = fitThaiText(left, { maxWidth: room, maxLines: 1, measure: (s) => textMetrics().width(this.digits(s), style) });
    return {
      columns: [
        { width: '*', text: this.digits(fitted.text), fontSize: SIZE.footer, color: '#444444', style: FOOTER_STYLE },
        { width: 'auto', text: pageText, fontSize: SIZE.footer, style: FOOTER_STYLE },
      ],
      margin: [MARGIN.left, 0.6 * PT_PER_CM, MARGIN.right, 0],
      style: FOOTER_STYLE,
    };
  }
}
