import { SARABUN, sarabunFontDictionary } from '../../labels/sarabun-font.js';
import { ELLIPSIS, insertThaiBreaks, KEEP_WHOLE_RE, PdfTextMetrics, type TextStyle, ZWSP } from '../../labels/thai-text.js';
import { ROLE_TH } from '../../common/roles.js';
import { CATEGORY_TH, KIND_TH } from '../../items/item.enums.js';

/**
 * Thai text for the flowcharts, which draw every line themselves (one pdfmake text per line at an
 * absolute position): lines are filled greedily at Thai word boundaries with the widths pdfmake
 * draws (`PdfTextMetrics`), so what is measured here is exactly what lands on the page.
 */

/**
 * Words ICU splits that a reader sees as one, beyond the reports' own list (KEEP_WHOLE_RE): the names
 * of kinds, categories and roles the charts print, and a few of the charts' own words.
 */
const MORE_KEEP_WHOLE = [
  ...[...Object.values(KIND_TH), ...Object.values(CATEGORY_TH), ...Object.values(ROLE_TH)].filter((w) => !/\s/.test(w)),
  'สถานที่', 'ความเสี่ยง', 'น้ำหนัก', 'บังคับบัญชา', 'ขายทอดตลาด', 'พิพากษา', 'อนุมัติ', 'ไม่ใช่', 'หรือไม่', 'ทวงคืน', 'ไม่ขาดลำดับ', 'แบบปิด', 'บางส่วน', 'ไม่ทราบ', 'ของรัฐ', 'ทุกกรณี', 'กรณีอื่น', 'ความเสี่ยงสูง', 'เสื่อมสภาพ',
].sort((a, b) => b.length - a.length);
const KEEP_WHOLE = new RegExp(`${KEEP_WHOLE_RE.source}|${MORE_KEEP_WHOLE.map((w) => Array.from(w).join(`${ZWSP}?`)).join('|')}`, 'g');
const graphemes = new Intl.Segmenter('th', { granularity: 'grapheme' });

let shared: PdfTextMetrics | undefined;
/** Sarabun's metrics, as pdfmake measures them. */
const metrics = () => (shared ??= new PdfTextMetrics(sarabunFontDictionary(), SARABUN));

/**
 * A space next to a number does not break: "ข้อ 211", "7 วัน", "0.1 กรัม" stay on one line (Sarabun
 * has the glyph). The digits ending a code (BKM-EV68-000001) are no number: a line may break after it.
 */
const NBSP = '\u00A0';
const SPACE_BY_FIGURE = / (?=[0-9๐-๙±])|(?<=(?:^|[\s(±])[0-9๐-๙.,]+) /g;
/** ICU splits "±๐.๒๕" and "๓๕%" (Thai digits are Thai script): no break inside a number. */
const INSIDE_NUMBER = /(?<=[0-9๐-๙.,±])\u200B(?=[0-9๐-๙.,%])/g;

/** The pieces a line may break between: Thai words (kept whole where a reader sees one word), and after spaces. */
function breakPieces(text: string): string[] {
  const spaced = text.replace(/[ \t\n]+/g, ' ').trim().replace(SPACE_BY_FIGURE, NBSP);
  const marked = insertThaiBreaks(spaced).replace(KEEP_WHOLE, (m) => m.replaceAll(ZWSP, '')).replace(INSIDE_NUMBER, '');
  return marked.split(ZWSP).flatMap((part) => part.split(/(?<= )/)).filter((p) => p.length > 0);
}

/** Lines no wider than `maxWidth`: greedy, breaking at word boundaries; a word wider than a line between grapheme clusters. */
export function wrapThai(text: string, maxWidth: number, style: TextStyle): string[] {
  const m = metrics();
  const fits = (s: string) => m.width(s.trimEnd(), style) <= maxWidth;
  const lines: string[] = [];
  let line = '';
  const pieces = breakPieces(text).flatMap((p) => (fits(p) ? [p] : Array.from(graphemes.segment(p), (g) => g.segment)));
  for (const piece of pieces) {
    if (line && !fits(line + piece)) {
      lines.push(line.trimEnd());
      line = piece.trimStart();
    } else {
      line += piece;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

/** `lines` cut to `maxLines`, the last one ending in '…' and still no wider than `maxWidth`. */
export function cutLines(lines: string[], maxLines: number, maxWidth: number, style: TextStyle): string[] {
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, Math.max(1, maxLines));
  let last = kept[kept.length - 1];
  while (last && metrics().width(last + ELLIPSIS, style) > maxWidth) last = Array.from(graphemes.segment(last), (g) => g.segment).slice(0, -1).join('');
  kept[kept.length - 1] = last.trimEnd() + ELLIPSIS;
  return kept;
}

/** Width in points of `text` on one line, as pdfmake draws it. */
export function textWidth(text: string, style: TextStyle): number {
  return metrics().width(text, style);
}

/** Height of one line, as pdfmake advances it (lineHeight 1): what a word's box spans. */
export function lineHeight(style: TextStyle): number {
  return metrics().lineHeight(style);
}

/** One line of text drawn at a fixed place: its left edge and top, as pdfmake's absolutePosition takes them. */
export interface TextLine {
  text: string;
  x: number;
  y: number;
  fontSize: number;
  bold: boolean;
}
