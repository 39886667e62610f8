import { SARABUN, sarabunFontDictionary } from '../../labels/sarabun-font.js';
import { fitThaiText, type FittedText, insertThaiBreaks, KEEP_WHOLE_RE, PdfTextMetrics, type TextStyle, ZWSP } from '../../labels/thai-text.js';
import { FILL_HEADER, GRID_LAYOUT } from '../o23-pdf.renderer.js';
import { type CellLine, DASH, type FieldType, formatCell, type PdfColumn, type PdfLine, type RegisterField, type RegisterRow, thaiTime, toThaiDigits } from './register-document.js';

/**
 * What the register PDFs and the custody sheet share: Thai text prepared for pdfmake, table cells that
 * never spill over their column (numbers and codes drawn smaller, text broken at word boundaries and, a
 * word wider than the column, between grapheme clusters), the grid, the footer and the signature lines.
 */

export type Node = Record<string, unknown>;

/** A table cell and the most lines it can take (to tell whether its row fits on a page). */
export interface Cell {
  node: Node;
  lines: number;
}

export const PT_PER_CM = 72 / 2.54;
const CELL_PADDING = 3;
const ROW_PADDING = 1;
const LINE_WIDTH = 0.5;
/** The O23 report's grid, with narrower padding: a register has many columns. */
export const TABLE_LAYOUT = { ...GRID_LAYOUT, paddingLeft: () => CELL_PADDING, paddingRight: () => CELL_PADDING };
export const NO_LINES = { hLineWidth: () => 0, vLineWidth: () => 0, paddingLeft: () => 0, paddingRight: () => 6, paddingTop: () => 0, paddingBottom: () => 1 };
const NUMERIC: readonly FieldType[] = ['count', 'ordinal', 'quantity', 'baht', 'percent'];
const IDENTIFIER: readonly FieldType[] = ['code', 'hash'];
/** No break inside "1 ธ.ค. 2569", "100 เม็ด" or "09.30 น." (Sarabun has the glyph). */
const NBSP = '\u00A0';
const NO_LIMIT = Number.MAX_SAFE_INTEGER;
let metrics: PdfTextMetrics | undefined;
const textMetrics = () => (metrics ??= new PdfTextMetrics(sarabunFontDictionary(), SARABUN));

const cellLine = (line: PdfLine): CellLine => (typeof line === 'string' ? { keys: [line] } : Array.isArray(line) ? { keys: line } : line);

/** Column widths in points: '*' takes what the fixed columns, their padding and the grid lines leave. */
export function resolveWidths(columns: { width: number | '*' }[], available: number): number[] {
  const fixed = columns.reduce((sum, c) => sum + (c.width === '*' ? 0 : c.width), 0);
  const stars = columns.filter((c) => c.width === '*').length;
  const room = available - fixed - columns.length * 2 * CELL_PADDING - (columns.length + 1) * LINE_WIDTH;
  return columns.map((c) => (c.width === '*' ? Math.floor((room / stars) * 10) / 10 : c.width));
}

/** Thai text and table cells for one document, in the station's digits. */
export class PdfText {
  constructor(
    private readonly thaiNumerals: boolean,
    readonly tableSize: number,
  ) {}

  digits(s: string): string {
    return this.thaiNumerals ? toThaiDigits(s) : s;
  }

  /** The document's own wording (titles, labels, notes): word breaks, words ICU over-splits kept whole, Thai digits when asked. */
  prose(s: string): string {
    return this.digits(insertThaiBreaks(s).replace(KEEP_WHOLE_RE, (m) => m.replaceAll(ZWSP, '')));
  }

  /** Data as entered (names, descriptions): word breaks only, digits as typed. */
  data(s: string): string {
    return insertThaiBreaks(s);
  }

  /** Text broken to lines no wider than `width`, never cut (a register prints the whole record). */
  fit(s: string, width: number, style: TextStyle): FittedText {
    return fitThaiText(s, { maxWidth: width, maxLines: NO_LIMIT, measure: (piece) => textMetrics().width(piece, style) });
  }

  wrap(s: string, width: number, style: TextStyle): string {
    return this.fit(s, width, style).text;
  }

  /** `fontSize`, or less if `text` would not fit `width` on one line at it. */
  fitSize(text: string, width: number, fontSize: number, bold = false): number {
    const natural = textMetrics().width(text, { fontSize, bold });
    return natural > width ? Math.floor(((fontSize * width) / natural) * 10) / 10 : fontSize;
  }

  /** One line that never wraps (a figure, a code): drawn smaller if too wide, moved down to keep the row's baseline. */
  oneLine(text: string, width: number, fontSize: number, bold = false): Node {
    const size = this.fitSize(text, width, fontSize, bold);
    const lower = textMetrics().lineHeight({ fontSize, bold }) - textMetrics().lineHeight({ fontSize: size, bold });
    return { text, noWrap: true, bold, fontSize: size, margin: [0, lower, 0, 0] };
  }

  /** A header cell: bold, centred, grey. Our own words, so broken as prose; the columns are made wide enough for their longest word. */
  header(text: string): Node {
    return { text: this.prose(text), bold: true, alignment: 'center', fillColor: FILL_HEADER };
  }

  /**
   * A cell of `column` for `row`, and how many lines it takes at most: each line its fields' values. A
   * missing value is a dash when the cell has others, so the lines keep the header's order; a labelled
   * line with nothing is left out.
   */
  cell(column: PdfColumn, row: RegisterRow, fields: Map<string, RegisterField>, width: number, bold = false, empty = DASH): Cell {
    const lines = column.keys.map(cellLine);
    const numeric = lines.every((l) => l.keys.every((k) => NUMERIC.includes(fields.get(k)!.type)));
    const drawn = lines.map((line) => ({ line, drawn: this.line(line, row, fields, width, bold) }));
    if (drawn.every((d) => d.drawn === null)) return { node: { text: empty, alignment: 'center', bold }, lines: 1 };
    const kept = drawn.filter((d) => d.drawn || !d.line.label).map((d) => d.drawn ?? { node: { text: DASH }, lines: 1 });
    return { node: { stack: kept.map((k) => k.node), alignment: numeric ? 'right' : 'left' }, lines: kept.reduce((n, k) => n + k.lines, 0) };
  }

  private line(line: CellLine, row: RegisterRow, fields: Map<string, RegisterField>, width: number, rowBold: boolean): Cell | null {
    const values = line.keys.map((k) => ({ field: fields.get(k)!, value: row[k] ?? null })).filter((v) => v.value !== null && v.value !== '');
    if (!values.length) return null;
    const bold = rowBold || values.some((v) => v.field.emphasis?.(v.value) ?? false);
    const types = values.map((v) => v.field.type);
    if (types.length === 1 && !line.label && !line.suffix && (IDENTIFIER.includes(types[0]) || NUMERIC.includes(types[0]))) {
      return { node: this.oneLine(formatCell(values[0].value, types[0], this.thaiNumerals), width, this.tableSize, bold), lines: 1 };
    }
    const style = { fontSize: this.tableSize, bold };
    if (types.some((t) => t === 'text' || t === 'person' || IDENTIFIER.includes(t))) {
      const body = values.map((v) => formatCell(v.value, v.field.type, this.thaiNumerals)).join(' ');
      const text = [line.label, body, line.suffix].filter(Boolean).join(' ');
      // A name breaks at its spaces (rank | first name | surname) as long as each part fits the column.
      const parts = text.split(' ');
      if (types.every((t) => t === 'person') && parts.every((part) => textMetrics().width(part, style) <= width)) return { node: { text, bold }, lines: parts.length };
      const fitted = this.fit(text, width, style);
      return { node: { text: fitted.text, bold }, lines: fitted.lines.length };
    }
    // Dates, times and figures: each whole on its line ("1 ธ.ค. 2569", "09.30 น.", "20.5 กรัม"), the line
    // breaking only between them; drawn smaller if one of them is wider than the column.
    const units = values.flatMap((v) =>
      v.field.type === 'moment' ? [formatCell(v.value, 'day', this.thaiNumerals), this.digits(thaiTime(v.value as Date))] : [formatCell(v.value, v.field.type, this.thaiNumerals)],
    );
    if (line.suffix) units.push(`${units.pop()} ${line.suffix}`);
    const whole = [line.label ?? '', ...units.map((u) => u.replaceAll(' ', NBSP))].filter(Boolean);
    const widest = whole.reduce((a, b) => (textMetrics().width(b, style) > textMetrics().width(a, style) ? b : a));
    return { node: { text: whole.join(' '), bold, fontSize: this.fitSize(widest, width, this.tableSize, bold) }, lines: whole.length };
  }

  /**
   * pdfmake's table options for rows of at most `maxLines` lines under header rows `headerHeight` high:
   * rows kept whole on a page, and the header kept with the first row. A row taller than a page cannot be
   * kept whole (pdfmake then draws none of it), so a table holding one lets its rows break across pages.
   */
  rowBreaking(maxLines: number, pageHeight: number, headerHeight: number): { dontBreakRows: boolean; keepWithHeaderRows: number } {
    const rowHeight = maxLines * textMetrics().lineHeight({ fontSize: this.tableSize, bold: true }) + 2 * ROW_PADDING;
    const whole = rowHeight <= pageHeight - headerHeight;
    return { dontBreakRows: whole, keepWithHeaderRows: whole ? 1 : 0 };
  }

  /** "prefix ......... suffix" as wide as `width` (the lines a signer fills in by hand). */
  dotted(prefix: string, suffix: string, width: number, fontSize: number): string {
    const style: TextStyle = { fontSize };
    const free = width - textMetrics().width(prefix + suffix, style);
    return `${prefix}${'.'.repeat(Math.max(3, Math.floor(free / textMetrics().width('.', style))))}${suffix}`;
  }

  /**
   * One footer line: what the document is on the left, cut to fit (its digits as the caller wrote them: an
   * item code stays in Arabic digits), "หน้า x/y" on the right.
   */
  footer(left: string, page: number, pages: number, width: number, fontSize: number, margins: [number, number]): Node {
    const pageText = this.digits(`หน้า ${page}/${pages}`);
    const style: TextStyle = { fontSize };
    const room = width - textMetrics().width(pageText, style) - 20;
    const fitted = fitThaiText(left, { maxWidth: room, maxLines: 1, measure: (s) => textMetrics().width(s, style) });
    return {
      columns: [
        { width: '*', text: fitted.text, fontSize, color: '#444444' },
        { width: 'auto', text: pageText, fontSize },
      ],
      margin: [margins[0], 0.5 * PT_PER_CM, margins[1], 0],
    };
  }
}

/** Fields by key, for the cells. */
export function fieldMap(fields: RegisterField[]): Map<string, RegisterField> {
  return new Map(fields.map((f) => [f.key, f]));
}
