import { ITEM_CODE } from '../../items/item-code.js';
import { SARABUN, sarabunFontDictionary } from '../../labels/sarabun-font.js';
import { PdfTextMetrics, thaiToUnicodeSeed, type TextStyle, ZWSP } from '../../labels/thai-text.js';
import { NO_LINES, type Node, PdfText, PT_PER_CM, TABLE_LAYOUT } from '../../reports/registers/register-pdf-kit.js';
import { thaiDate } from '../../reports/thai-dates.js';
import type { StationRules } from '../station-rules.js';

/**
 * What the blank forms share: the page (ระเบียบงานสารบรรณ margins, the station and title at the head, the
 * footer naming the form and the settings version), Thai text in the station's digits, the blanks a clerk
 * fills in by hand (dotted lines, drawn check boxes, ruled tables of empty rows) and the signature blocks.
 * Each form only says what goes where.
 */

export type { Node };
export type Orientation = 'portrait' | 'landscape';

/** A4; portrait keeps 3 cm on the left for binding. A landscape count sheet binds on its short side. */
export const FORM_PAGES: Record<Orientation, { width: number; height: number; margin: { left: number; right: number; top: number; bottom: number } }> = {
  portrait: { width: 595.28, height: 841.89, margin: { left: 3 * PT_PER_CM, right: 2 * PT_PER_CM, top: 1.5 * PT_PER_CM, bottom: 2 * PT_PER_CM } },
  landscape: { width: 841.89, height: 595.28, margin: { left: 2 * PT_PER_CM, right: 1.5 * PT_PER_CM, top: 1.5 * PT_PER_CM, bottom: 1.5 * PT_PER_CM } },
};

/** Official documents: 16 pt body and signatures, 14 pt in tables and notes. */
export const FORM_SIZE = { title: 20, body: 16, table: 14, notes: 14, small: 12, footer: 10 };

/** "......./......./......." — a Buddhist-era date written by hand. */
const DATE_BLANK = '......./......./.......';

/** The grid without a line above the title row (it heads the table, it is not a cell of it). */
const TITLED_LAYOUT = { ...TABLE_LAYOUT, hLineWidth: (i: number) => (i === 0 ? 0 : TABLE_LAYOUT.hLineWidth()) };

/** Room for the ✓ drawn after a ticked column's header. */
const TICK_WIDTH = 14;

/** The first column of every list: rows numbered in the station's digits. */
export const ORDINAL_COLUMN = { header: 'ลำดับ', width: 34 } as const;

/** An item code is printed as the label carries it, in Arabic digits whatever the setting. */
const CODE = new RegExp(ITEM_CODE.source.slice(1, -1), 'g');
/** Words ICU splits that a line must not end inside, beyond those the reports keep whole (KEEP_WHOLE_RE). */
const KEEP_WHOLE = new RegExp(['ผู้บังคับบัญชา', 'ความเสี่ยง', 'ส่งคืน', 'รับคืน', 'ยานพาหนะ', 'ครบกำหนด'].map((w) => Array.from(w).join(`${ZWSP}?`)).join('|'), 'g');
const GAP = 6;
const SIGNATURE_GAP = 20;
const BOX_GAP = 4;

let metrics: PdfTextMetrics | undefined;
const textMetrics = () => (metrics ??= new PdfTextMetrics(sarabunFontDictionary(), SARABUN));

/** One blank on a line: its label, an optional word after the dots, and its share of the line. */
export interface Blank {
  label: string;
  after?: string;
  share?: number;
}

/** A column of a ruled table; `sub` splits it under a common header (condition, seal). */
export interface LeafColumn {
  header: string;
  width: number | '*';
  /** A ✓ drawn after the header: the column is ticked (Sarabun has no ✓ glyph). */
  tick?: boolean;
  /** What each empty row holds in this column, e.g. check boxes to tick; empty when not given. */
  fill?: () => Node;
}
export type FormColumn = (LeafColumn & { sub?: never }) | { header: string; width?: never; tick?: never; sub: LeafColumn[] };

export interface RuledTable {
  /** A heading drawn as the table's first header row: repeated on every page, never left alone at a page's foot. */
  title?: string;
  columns: FormColumn[];
  /** How many empty rows to fill in, or rows of text (a rule laid out as a table). */
  rows: number | string[][];
  /** Height of an empty row, room for a line of handwriting; its content's height when not given. */
  rowHeight?: number;
  /** The first column numbers the rows; false for a row of boxes that is not a list (a summary). */
  numbered?: boolean;
  fontSize?: number;
  /** A last row (a total): its label spans the first `span` leaf columns. */
  total?: { label: string; span: number };
}

/** The page, the words and the blanks of one blank form, in the station's digits. */
export class FormKit {
  readonly orientation: Orientation;
  /** Width of the text block in points. */
  readonly width: number;
  private readonly pdf: PdfText;

  constructor(
    readonly rules: StationRules,
    readonly title: string,
    orientation: Orientation = 'portrait',
  ) {
    this.orientation = orientation;
    const page = FORM_PAGES[orientation];
    this.width = page.width - page.margin.left - page.margin.right;
    this.pdf = new PdfText(rules.settings.thaiNumerals, FORM_SIZE.table);
  }

  // ---- words ----------------------------------------------------------------------------------------

  /** Arabic digits to Thai when the station asks for them; item codes stay as their labels print them. */
  digits(text: string): string {
    return this.outsideCodes(text, (part) => this.pdf.digits(part));
  }

  /** The form's own wording, broken at Thai word boundaries, in the station's digits, codes as written. */
  th(text: string): string {
    return this.outsideCodes(text, (part) => this.pdf.prose(part).replace(KEEP_WHOLE, (m) => m.replaceAll(ZWSP, '')));
  }

  private outsideCodes(text: string, convert: (part: string) => string): string {
    let out = '';
    let at = 0;
    for (const m of text.matchAll(CODE)) {
      out += convert(text.slice(at, m.index)) + m[0];
      at = m.index + m[0].length;
    }
    return out + convert(text.slice(at));
  }

  private measure(text: string, fontSize: number, bold = false): number {
    return textMetrics().width(text, { fontSize, bold });
  }

  /** `prefix` then dots to `width` then `suffix`: a blank to write on, never wider than `width`. */
  dotted(prefix: string, width: number, fontSize: number = FORM_SIZE.body, suffix = ''): string {
    const style: TextStyle = { fontSize };
    const [before, after] = [this.digits(prefix), this.digits(suffix)];
    const free = width - 1 - textMetrics().width(before + after, style);
    return `${before}${'.'.repeat(Math.max(3, Math.floor(free / textMetrics().width('.', style))))}${after}`;
  }

  // ---- blocks ---------------------------------------------------------------------------------------

  /** The form's title, the station, and which rules it was made from (the settings version, when they took effect). */
  private head(): Node[] {
    const r = this.rules;
    return [
      { text: this.th(this.title), fontSize: FORM_SIZE.title, bold: true, alignment: 'center' },
      { text: this.th(r.station.nameTh), fontSize: FORM_SIZE.body, bold: true, alignment: 'center' },
      {
        text: this.th(`ตามหลักเกณฑ์ของสถานี ฉบับตั้งค่าที่ ${r.settingsVersion} มีผลตั้งแต่วันที่ ${thaiDate(r.effectiveAt)}`),
        fontSize: FORM_SIZE.small,
        color: '#444444',
        alignment: 'center',
        margin: [0, 0, 0, 8],
      },
    ];
  }

  /** A numbered section heading. */
  heading(text: string): Node {
    return { text: this.th(text), bold: true, margin: [0, 8, 0, 2] };
  }

  /** A line of blanks sharing the width: "ชื่อ ........ ตำแหน่ง ........". */
  blanks(blanks: Blank[]): Node {
    const fontSize = FORM_SIZE.body;
    const shares = blanks.reduce((sum, b) => sum + (b.share ?? 1), 0);
    const room = this.width - GAP * (blanks.length - 1);
    return {
      columns: blanks.map((b) => {
        const w = Math.floor((room * (b.share ?? 1)) / shares);
        return { width: w, text: this.dotted(b.label ? `${b.label} ` : '', w, fontSize, b.after ? ` ${b.after}` : ''), noWrap: true, fontSize };
      }),
      columnGap: GAP,
      margin: [0, 2, 0, 0],
    };
  }

  /** A check box drawn as a square sitting on the text's baseline (Sarabun has no ☐ glyph). */
  private box(fontSize: number = FORM_SIZE.body): Node {
    const side = Math.round(fontSize * 0.55 * 10) / 10;
    // Sarabun's ascent is 1.068 em: the baseline of the first line.
    return { width: side + BOX_GAP, canvas: [{ type: 'rect', x: 0, y: fontSize * 1.068 - side - 0.5, w: side, h: side, lineWidth: 0.7 }] };
  }

  /**
   * One line of choices, "label: ☐ a  ☐ b  ☐ c ........": each option ticked in its box; a `tail` is a
   * blank after the last option ("ระบุ ........") that takes the rest of the line.
   */
  choiceLine(options: string[], opts: { label?: string; tail?: string; fontSize?: number } = {}): Node {
    const fontSize = opts.fontSize ?? FORM_SIZE.body;
    const columns: Node[] = [];
    let used = 0;
    const push = (node: Node, w: number) => {
      columns.push({ ...node, width: w });
      used += w;
    };
    if (opts.label) {
      const label = this.digits(opts.label);
      push({ text: label, noWrap: true, fontSize }, this.measure(label, fontSize) + GAP);
    }
    for (const option of options) {
      const box = this.box(fontSize);
      push(box, box.width as number);
      const text = this.digits(option);
      push({ text, noWrap: true, fontSize }, this.measure(text, fontSize) + 2 * GAP);
    }
    if (opts.tail !== undefined) {
      const rest = this.width - used - 1;
      columns.push({ width: rest, text: this.dotted(opts.tail ? `${opts.tail} ` : '', rest, fontSize), noWrap: true, fontSize });
    }
    return { columns, columnGap: 0, margin: [0, 2, 0, 0] };
  }

  /** Choices in a grid of `perRow` columns as wide as their longest option, for lists too long for one line. */
  choiceGrid(options: string[], perRow: number, fontSize: number = FORM_SIZE.body): Node {
    const body: Node[][] = [];
    for (let i = 0; i < options.length; i += perRow) {
      const row = options.slice(i, i + perRow).map((o): Node => ({ columns: [this.box(fontSize), { width: '*', text: this.th(o), fontSize, noWrap: perRow > 1 }], columnGap: 0 }));
      while (row.length < perRow) row.push({ text: '' });
      body.push(row);
    }
    const last = perRow === 1 ? ['*'] : [...Array(perRow - 1).fill('auto'), '*'];
    return { table: { widths: last, body }, layout: { ...NO_LINES, paddingRight: () => 2 * GAP }, margin: [0, 2, 0, 0] };
  }

  /** A small stack of choices for inside a table cell (a return's condition). */
  choiceStack(options: string[], fontSize: number = FORM_SIZE.small): Node {
    return { stack: options.map((o) => ({ columns: [this.box(fontSize), { width: '*', text: this.th(o), fontSize, noWrap: true }], columnGap: 0 })), margin: [0, 1, 0, 1] };
  }

  /** Plain text at body size, broken at word boundaries. */
  paragraph(text: string, fontSize: number = FORM_SIZE.body): Node {
    return { text: this.th(text), fontSize, margin: [0, 2, 0, 0] };
  }

  /**
   * A ruled table: the header (two rows when a column is split) repeated on every page, then empty rows
   * to fill in, numbered in the station's digits, or rows of text; no row split across a page.
   */
  table(t: RuledTable): Node {
    const fontSize = t.fontSize ?? FORM_SIZE.table;
    const split = t.columns.some((c) => c.sub);
    const leaves = t.columns.flatMap((c): LeafColumn[] => c.sub ?? [c]);
    const top: Node[] = [];
    const second: Node[] = [];
    for (const c of t.columns) {
      if (c.sub) {
        top.push(this.header(c, fontSize, { colSpan: c.sub.length }), ...c.sub.slice(1).map(() => ({})));
        second.push(...c.sub.map((s) => this.header(s, fontSize)));
      } else {
        top.push(this.header(c, fontSize, split ? { rowSpan: 2 } : {}));
        second.push({});
      }
    }
    const titleRows: Node[][] = t.title
      ? [[{ ...this.heading(t.title), fontSize: FORM_SIZE.body, margin: [0, 6, 0, 0], colSpan: leaves.length, border: [false, false, false, true] }, ...leaves.slice(1).map(() => ({}))]]
      : [];
    const headerRows = titleRows.length + (split ? 2 : 1);
    const rows = typeof t.rows === 'number' ? this.emptyRows(t.rows, leaves, t.numbered ?? true) : t.rows.map((r) => r.map((text): Node => ({ text: this.th(text) })));
    if (t.total) {
      const { label, span } = t.total;
      rows.push([{ text: this.th(label), bold: true, alignment: 'right', colSpan: span, fillColor: '#f2f2f2' }, ...Array.from({ length: span - 1 }, () => ({})), ...leaves.slice(span).map(() => ({ text: '' }))]);
    }
    return {
      table: {
        headerRows,
        keepWithHeaderRows: 1,
        dontBreakRows: true,
        widths: leaves.map((c) => c.width),
        heights: (row: number) => (row < headerRows || !t.rowHeight ? 'auto' : t.rowHeight),
        body: [...titleRows, top, ...(split ? [second] : []), ...rows],
      },
      layout: t.title ? TITLED_LAYOUT : TABLE_LAYOUT,
      fontSize,
      margin: [0, 4, 0, 0],
    };
  }

  /** A header cell: bold, centred, grey; a ticked column gets its ✓ drawn after the words. */
  private header(c: { header: string; width?: number | '*'; tick?: boolean }, fontSize: number, extra: Node = {}): Node {
    const text = this.th(c.header);
    if (typeof c.width === 'number') this.assertFits(text, c.width - (c.tick ? TICK_WIDTH : 0), fontSize);
    const cell = { ...this.pdf.header(''), text, fontSize, ...extra };
    if (!c.tick) return cell;
    // Two lines, not a polyline: pdfmake resets a vector's x/y between layout passes, not a polyline's points.
    const base = fontSize * 1.068;
    const stroke = (x1: number, y1: number, x2: number, y2: number) => ({ type: 'line', x1, y1: base - y1, x2, y2: base - y2, lineWidth: 1.2, lineCap: 'round' });
    const tick = { width: TICK_WIDTH, canvas: [stroke(4, 5, 7, 1), stroke(7, 1, 13, 9)] };
    const { text: words, ...rest } = cell;
    return { ...rest, columns: [{ width: '*', text: '' }, { width: 'auto', text: words, noWrap: true }, tick, { width: '*', text: '' }], columnGap: 0 };
  }

  /**
   * A header word wider than its column would be cut mid-word by pdfmake (หมายเ|หตุ): a layout mistake
   * in a form, so it fails when the form is first rendered (the specs render every form).
   */
  private assertFits(text: string, width: number, fontSize: number): void {
    const widest = text.split(/[\s\u200B]+/).find((word) => this.measure(word, fontSize, true) > width);
    if (widest) throw new Error(`${this.title}: the header word "${widest}" is wider than its ${width} pt column at ${fontSize} pt`);
  }

  /** Empty rows, the first column numbered unless the table says otherwise. */
  private emptyRows(count: number, columns: LeafColumn[], numbered: boolean): Node[][] {
    return Array.from({ length: count }, (_, r) =>
      columns.map((c, i) => (i === 0 && numbered ? { text: this.digits(String(r + 1)), alignment: 'center' } : (c.fill?.() ?? { text: '' }))),
    );
  }

  /**
   * Numbered notes, numbered by hand (pdfmake's list markers are Arabic digits whatever the setting). A
   * note is never split over a page, and the title goes with the first note.
   */
  notes(title: string, items: string[], fontSize: number = FORM_SIZE.notes): Node {
    const marker = this.measure(this.digits(`${items.length}.`), fontSize) + GAP;
    const note = (item: string, i: number): Node => ({
      columns: [{ width: marker, text: this.digits(`${i + 1}.`) }, { width: '*', text: this.th(item) }],
      margin: [0, 1, 0, 0],
      unbreakable: true,
    });
    const [first, ...rest] = items.map(note);
    return { fontSize, margin: [0, 8, 0, 0], stack: [together({ text: this.th(title), bold: true, fontSize: FORM_SIZE.body }, first), ...rest] };
  }

  /**
   * Signature blocks, two to a row (three on a landscape sheet): the role, then "ลงชื่อ ....", "(....)",
   * "ตำแหน่ง ....", "วันที่ ......./......./.......". A single block sits on the right, where Thai forms sign.
   * Each row is a table without lines, so that a role on two lines keeps the row's signature lines level.
   */
  signatures(roles: string[], perRow = this.orientation === 'portrait' ? 2 : 3): Node {
    const width = Math.floor((this.width - SIGNATURE_GAP * (perRow - 1)) / perRow);
    const rows: Node[] = [];
    for (let i = 0; i < roles.length; i += perRow) {
      const row = roles.slice(i, i + perRow);
      const pad = Array.from({ length: perRow - row.length }, () => ({ text: '' }));
      rows.push({
        table: {
          widths: Array(perRow).fill(width),
          body: [
            [...pad, ...row.map((role) => ({ text: this.th(role), bold: true }))],
            [...pad.map(() => ({ text: '' })), ...row.map(() => this.signatureLines(width))],
          ],
        },
        layout: { ...NO_LINES, paddingLeft: (i: number) => (i === 0 ? 0 : SIGNATURE_GAP / 2), paddingRight: (i: number) => (i === perRow - 1 ? 0 : SIGNATURE_GAP / 2) },
        alignment: 'center',
        unbreakable: true,
        margin: [0, 10, 0, 0],
      });
    }
    return { stack: rows };
  }

  private signatureLines(width: number): Node {
    const inner = width - 24;
    const line = (text: string, top = 4): Node => ({ text, noWrap: true, margin: [0, top, 0, 0] });
    return {
      stack: [
        line(this.dotted('ลงชื่อ ', inner), 12),
        line(this.dotted('(', inner - 30, FORM_SIZE.body, ')')),
        line(this.dotted('ตำแหน่ง ', inner)),
        line(`วันที่ ${DATE_BLANK}`),
      ],
    };
  }

  // ---- the document ---------------------------------------------------------------------------------

  /**
   * The pdfmake document: A4, Sarabun, the station's name at the head of later pages, and a footer with
   * the form's title, the settings version and "หน้า N/M". Dated `effectiveAt`, never "now", so the same
   * rules give the same bytes.
   */
  document(content: Node[]): Node {
    const r = this.rules;
    const page = FORM_PAGES[this.orientation];
    const { left, right, top, bottom } = page.margin;
    const source = `Khlang · ฉบับตั้งค่าที่ ${r.settingsVersion}`;
    return {
      pageSize: 'A4',
      pageOrientation: this.orientation,
      pageMargins: [left, top, right, bottom],
      language: 'th-TH',
      info: {
        title: `${this.title} ${r.station.nameTh}`,
        author: r.station.nameTh,
        subject: source,
        creator: 'Khlang',
        producer: 'Khlang',
        creationDate: r.effectiveAt,
        modDate: r.effectiveAt,
      },
      defaultStyle: { font: SARABUN, fontSize: FORM_SIZE.body, lineHeight: 1 },
      header: (current: number) =>
        current === 1
          ? { text: '' }
          : { text: this.th(`${r.station.nameTh} · ${this.title}`), fontSize: FORM_SIZE.footer, color: '#444444', alignment: 'right', margin: [left, 0.6 * PT_PER_CM, right, 0] },
      footer: (current: number, pages: number) => this.pdf.footer(this.digits(`${this.title} · ${source}`), current, pages, this.width, FORM_SIZE.footer, [left, right]),
      content: [...thaiToUnicodeSeed(SARABUN), ...this.head(), ...content],
    };
  }
}

/** Sections kept on one page: a heading never ends a page without what it heads. */
export function together(...nodes: Node[]): Node {
  return { stack: nodes, unbreakable: true };
}
