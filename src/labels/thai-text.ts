import PdfDocumentModule from 'pdfmake/js/PDFDocument.js';
import TextBreakerModule from 'pdfmake/js/TextBreaker.js';

/**
 * Thai text for pdfmake 0.3 (labels, reports). Thai has no spaces between words and pdfmake's UAX #14
 * breaker splits it mid-word, so: segment with Intl.Segmenter, join words with U+200B (a break
 * opportunity), and strip U+200B from the pieces pdfmake's breaker returns — Sarabun has no glyph for
 * it and would draw a box at each break (STACK-NOTES "PDF with Thai text").
 */
export const ZWSP = '\u200B';
export const ELLIPSIS = '…';

const THAI = /[\u0E00-\u0E7F]/;
const SPACE = /\s/;
/**
 * ICU's dictionary sometimes splits loanwords inside a syllable (กล็|อก, แม็|กกา|ซีน). No break
 * before what cannot start a syllable (following vowels ะ า ำ ๅ, combining marks, ๆ ฯ, closing
 * punctuation) nor after what cannot end one (leading vowels เ แ โ ใ ไ, ็ and ั that need a final
 * consonant, opening punctuation).
 */
const NO_BREAK_BEFORE = /^[\u0E30\u0E32\u0E33\u0E45\u0E31\u0E34-\u0E3A\u0E47-\u0E4Eๆฯ)\]}>,.;:!?%…'"”’]/;
const NO_BREAK_AFTER = /(?:[\u0E40-\u0E44]|[\u0E31\u0E47][\u0E48-\u0E4B]?|[(\[{<"“‘])$/;
const ZWSP_ALL = /\u200B/g;

const words = new Intl.Segmenter('th', { granularity: 'word' });
const graphemes = new Intl.Segmenter('th', { granularity: 'grapheme' });

/** Inserts U+200B at the word boundaries that touch Thai script; other text keeps pdfmake's rules. */
export function insertThaiBreaks(text: string): string {
  let out = '';
  let previous = '';
  for (const { segment } of words.segment(text)) {
    if (previous && mayBreakBetween(previous, segment)) out += ZWSP;
    out += segment;
    previous = segment;
  }
  return out;
}

function mayBreakBetween(before: string, after: string): boolean {
  const a = before[before.length - 1];
  const b = after[0];
  if (SPACE.test(a) || SPACE.test(b) || a === ZWSP || b === ZWSP) return false;
  if (!THAI.test(a) && !THAI.test(b)) return false;
  return !NO_BREAK_BEFORE.test(after) && !NO_BREAK_AFTER.test(before);
}

export function stripZwsp(text: string): string {
  return text.replace(ZWSP_ALL, '');
}

const PATCHED = Symbol.for('khlang.pdfmake.stripZwsp');

/**
 * Makes pdfmake drop U+200B from the pieces its line breaker returns, before they are measured and
 * drawn: the break opportunity stays, the box glyph goes. Idempotent; harmless for any other text.
 */
export function installThaiLineBreaking(): void {
  const proto = TextBreakerModule.default.prototype as InstanceType<typeof TextBreakerModule.default> & {
    [PATCHED]?: true;
  };
  if (proto[PATCHED]) return;
  const original = proto.getBreaks;
  proto.getBreaks = function getBreaksWithoutZwsp(this: unknown, texts: unknown, styleContextStack: unknown) {
    const pieces = original.call(this, texts, styleContextStack);
    for (const piece of pieces) {
      if (piece.text.includes(ZWSP)) piece.text = stripZwsp(piece.text);
    }
    return pieces;
  };
  proto[PATCHED] = true;
}

export interface TextStyle {
  fontSize: number;
  bold?: boolean;
}

type FontFiles = Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>;

/** Widths and line heights exactly as pdfmake computes them (its own pdfkit document and fonts). */
export class PdfTextMetrics {
  private readonly doc: InstanceType<typeof PdfDocumentModule.default>;

  constructor(
    fonts: FontFiles,
    private readonly family: string,
  ) {
    this.doc = new PdfDocumentModule.default(fonts, {}, {}, {}, { autoFirstPage: false });
  }

  /** Width in points of `text` drawn on one line (pdfmake passes `fontFeatures: null`). */
  width(text: string, style: TextStyle): number {
    return this.font(style).widthOfString(text, style.fontSize, null);
  }

  /** Height in points of one line at pdfmake's `lineHeight` 1. */
  lineHeight(style: TextStyle): number {
    return this.font(style).lineHeight(style.fontSize);
  }

  private font(style: TextStyle) {
    return this.doc.provideFont(this.family, style.bold ?? false, false);
  }
}

export interface FitOptions {
  /** Line width in points. */
  maxWidth: number;
  maxLines: number;
  /** Width in points of a piece of text in the font it is drawn with. */
  measure: (text: string) => number;
}

export interface FittedText {
  /** Text for pdfmake, with U+200B at the chosen break opportunities. */
  text: string;
  /** The lines pdfmake will draw (plain text, no U+200B). */
  lines: string[];
  truncated: boolean;
}

interface Piece {
  text: string;
  width: number;
  leadingCut: number;
  trailingCut: number;
  lineEnd: boolean;
}

/**
 * Shortens `text` to at most `maxLines` lines of `maxWidth`, breaking Thai at word boundaries and
 * ending a cut text with '…'. The line model is pdfmake's own (same breaker, same widths, same
 * greedy fill with leading/trailing spaces cut), so what fits here fits when drawn. A word wider than
 * a line is split between grapheme clusters, never between a consonant and its vowel or tone mark.
 */
export function fitThaiText(text: string, options: FitOptions): FittedText {
  const maxLines = Math.max(1, Math.floor(options.maxLines));
  let prepared = insertThaiBreaks(text.replace(/\s+/g, ' ').trim());
  let pieces = breakIntoPieces(prepared, options.measure);
  const overlong = (p: Piece) => p.width - p.leadingCut - p.trailingCut > options.maxWidth;
  if (pieces.some(overlong)) {
    // A word wider than a line is split between grapheme clusters, never inside one.
    prepared = pieces.map((p) => (overlong(p) ? Array.from(graphemes.segment(p.text), (g) => g.segment).join(ZWSP) : p.text)).join(ZWSP);
    pieces = breakIntoPieces(prepared, options.measure);
  }
  const whole = layoutLines(pieces, options.maxWidth);
  if (whole.length <= maxLines) return { text: prepared, lines: whole.map(lineText), truncated: false };

  // Keep the first pieces, the last one trimmed and ending in '…' (pdfmake's breaker keeps '…' on
  // the piece before it: UAX #14 never breaks before U+2026), as many as fit in maxLines.
  let keep = whole.slice(0, maxLines).reduce((n, line) => n + line.length, 0);
  for (; keep > 0; keep--) {
    const last = pieces[keep - 1];
    const lastText = last.text.trimEnd() + ELLIPSIS;
    const candidate = [...pieces.slice(0, keep - 1), { ...last, text: lastText, width: options.measure(lastText), trailingCut: 0, lineEnd: false }];
    const lines = layoutLines(candidate, options.maxWidth);
    if (lines.length <= maxLines) {
      return { text: candidate.map((p) => p.text).join(ZWSP), lines: lines.map(lineText), truncated: true };
    }
  }
  return { text: ELLIPSIS, lines: [ELLIPSIS], truncated: true };
}

function lineText(line: Piece[]): string {
  return line.map((p) => p.text).join('').trim();
}

/** pdfmake's pieces: its breaker (UAX #14, U+200B honoured), widths without U+200B. */
function breakIntoPieces(breakable: string, measure: (text: string) => number): Piece[] {
  return new TextBreakerModule.default().getBreaks([{ text: breakable }], null).map((word) => {
    const plain = stripZwsp(word.text);
    const leading = /^\s+/.exec(plain)?.[0];
    const trailing = /\s+$/.exec(plain)?.[0];
    return {
      text: plain,
      width: measure(plain),
      leadingCut: leading ? measure(leading) : 0,
      trailingCut: trailing ? measure(trailing) : 0,
      lineEnd: word.lineEnd === true,
    };
  });
}

/** Same greedy fill as pdfmake's LayoutBuilder.buildNextLine + Line.hasEnoughSpaceForInline. */
function layoutLines(pieces: Piece[], maxWidth: number): Piece[][] {
  const lines: Piece[][] = [];
  let line: Piece[] = [];
  let inlineWidths = 0;
  let leadingCut = 0;
  for (const piece of pieces) {
    const fits = line.length === 0 || inlineWidths + piece.width - leadingCut - piece.trailingCut <= maxWidth;
    if (!fits) {
      lines.push(line);
      line = [];
      inlineWidths = 0;
    }
    if (line.length === 0) leadingCut = piece.leadingCut;
    line.push(piece);
    inlineWidths += piece.width;
    if (piece.lineEnd) {
      lines.push(line);
      line = [];
      inlineWidths = 0;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/**
 * Content to put first in a pdfmake document (off the page, so neither seen nor extracted) so that
 * text copied or extracted from the PDF (pdftotext, search) is right for ำ.
 *
 * Why: pdfkit's ToUnicode map takes each glyph's text from its first use. Sarabun splits ำ into a
 * nikhahit glyph and the า glyph (and a second nikhahit glyph under a tone mark); drawn first inside
 * ำ, the า glyph maps to nothing and every later า vanishes from the extracted text, or nikhahit maps
 * to ำ and ำ reads back as ำา. Drawing ํ, า and tone + ํ first maps each glyph to its own character, so
 * ำ reads back as ํา: the compatibility decomposition of U+0E33, equal to it under NFKC.
 */
export function thaiToUnicodeSeed(fontFamily: string): Record<string, unknown>[] {
  const seed = '\u0E4D\u0E32 \u0E01\u0E48\u0E4D\u0E32 \u0E01\u0E49\u0E4D\u0E32 \u0E01\u0E4A\u0E4D\u0E32 \u0E01\u0E4B\u0E4D\u0E32';
  return [false, true].map((bold) => ({ text: seed, font: fontFamily, bold, fontSize: 1, absolutePosition: { x: -500, y: -500 } }));
}

export const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';
/**
 * ICU's dictionary splits these (ของ|กลาง, เจ้า|หน้าที่, ยอด|ยก|มา, ใช้|การ|ได้); a Thai reader sees one
 * word, and a line ending inside one reads as broken. Nor does a line end after the agent prefix ผู้.
 */
const KEEP_WHOLE = [
  'ของกลาง', 'ของบริจาค', 'เจ้าหน้าที่', 'รับทราบ', 'ยอดยกมา', 'ใช้การได้', 'เหตุผิดปกติ', 'ตรวจนับ', 'ตรวจพิสูจน์',
  'หัวหน้างาน', 'สิ้นช่วง', 'กำหนดคืน', 'ค้างคืน', 'ยุทธภัณฑ์', 'ลงนาม', 'รายละเอียด',
];
export const KEEP_WHOLE_RE = new RegExp(`${KEEP_WHOLE.map((w) => Array.from(w).join(`${ZWSP}?`)).join('|')}|ผู้${ZWSP}`, 'g');
