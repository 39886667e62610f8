import { describe, expect, it } from '@jest/globals';
import pdfmake from 'pdfmake';
import TextBreakerModule from 'pdfmake/js/TextBreaker.js';
import { SARABUN, sarabunFontDictionary } from './sarabun-font.js';
import { ELLIPSIS, fitThaiText, insertThaiBreaks, installThaiLineBreaking, PdfTextMetrics, stripZwsp, ZWSP } from './thai-text.js';

const metrics = new PdfTextMetrics(sarabunFontDictionary(), SARABUN);
const style = { fontSize: 8 };
const measure = (s: string) => metrics.width(s, style);
const wordBoundaries = (text: string) =>
  new Set(Array.from(new Intl.Segmenter('th', { granularity: 'word' }).segment(text), (s) => s.index));

const LONG =
  'อาวุธปืนพกสั้น ขนาด 9 มม. ยี่ห้อกล็อก หมายเลขทะเบียน ก.12345 พร้อมซองหนังสีดำและแม็กกาซีนสองอัน ' +
  'กับกระสุนปืนขนาด 9 มม. จำนวน 50 นัด บรรจุในกล่องกระดาษสีน้ำตาล ปิดผนึกด้วยเทปกาวและลงลายมือชื่อผู้ตรวจยึด';

describe('insertThaiBreaks', () => {
  it('puts U+200B between Thai words and nowhere else', () => {
    const text = 'ยาบ้าจำนวนสองร้อยเม็ด';
    const out = insertThaiBreaks(text);
    expect(stripZwsp(out)).toBe(text);
    expect(out.split(ZWSP).length).toBeGreaterThanOrEqual(4);
    let offset = 0;
    const boundaries = wordBoundaries(text);
    for (const part of out.split(ZWSP).slice(0, -1)) {
      offset += part.length;
      expect(boundaries.has(offset)).toBe(true);
    }
  });

  it('leaves codes, numbers and case numbers unbreakable, and keeps ๆ and ฯ with their word', () => {
    for (const text of ['BKM-EV69-000123', '123/2568', 'A1-SHELF.03']) expect(insertThaiBreaks(text)).toBe(text);
    expect(insertThaiBreaks('คดีที่ 123/2568').split(' ')[1]).toBe('123/2568');
    expect(insertThaiBreaks('เด็กๆ')).not.toMatch(/\u200Bๆ/);
    // ICU splits some loanwords inside a syllable (กล็|อก, แม็|กกา): a syllable cannot end in ็.
    expect(insertThaiBreaks('ยี่ห้อกล็อก')).toContain('กล็อก');
    expect(insertThaiBreaks('แม็กกาซีน')).toContain('แม็กกา');
    expect(insertThaiBreaks('กรุงเทพฯ')).not.toMatch(/\u200Bฯ/);
  });
});

describe('installThaiLineBreaking', () => {
  it("makes pdfmake's breaker drop U+200B from its pieces while keeping the breaks", () => {
    installThaiLineBreaking();
    installThaiLineBreaking(); // idempotent
    const pieces = new TextBreakerModule.default().getBreaks([{ text: insertThaiBreaks('ยาบ้าจำนวนสองร้อยเม็ด') }], null);
    expect(pieces.length).toBeGreaterThanOrEqual(4);
    expect(pieces.map((p) => p.text).join('')).toBe('ยาบ้าจำนวนสองร้อยเม็ด');
    expect(pieces.some((p) => p.text.includes(ZWSP))).toBe(false);
  });

  it('draws no box for U+200B in a PDF (pdfmake singleton, Sarabun)', async () => {
    installThaiLineBreaking();
    pdfmake.setFonts(sarabunFontDictionary());
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((path) => path.endsWith('.ttf'));
    const pdf = await pdfmake
      .createPdf({ compress: false, content: [{ text: insertThaiBreaks(LONG) }], defaultStyle: { font: SARABUN } })
      .getBuffer();
    const glyphs = drawnGlyphIds(pdf);
    expect(glyphs.length).toBeGreaterThan(100);
    // Sarabun has no U+200B: had one reached pdfkit it would be drawn as glyph 0, .notdef, a box.
    expect(glyphs).not.toContain('0000');
  });
});

/** Glyph ids (4 hex digits each) of every TJ text-showing operator in an uncompressed pdfkit PDF. */
function drawnGlyphIds(pdf: Buffer): string[] {
  const ids: string[] = [];
  for (const [, array] of pdf.toString('latin1').matchAll(/\[([^\]]*)\]\s*TJ/g)) {
    for (const [, hex] of array.matchAll(/<([0-9a-fA-F]+)>/g)) ids.push(...(hex.match(/.{4}/g) ?? []));
  }
  return ids;
}

describe('fitThaiText', () => {
  it('keeps a text that fits whole, on one line', () => {
    const fit = fitThaiText('ยาบ้า 200 เม็ด', { maxWidth: 150, maxLines: 2, measure });
    expect(fit).toMatchObject({ truncated: false, lines: ['ยาบ้า 200 เม็ด'] });
    expect(stripZwsp(fit.text)).toBe('ยาบ้า 200 เม็ด');
  });

  it('breaks a long text at word boundaries, within the width, and cuts it with … to maxLines', () => {
    const maxWidth = 130;
    const fit = fitThaiText(LONG, { maxWidth, maxLines: 3, measure });
    expect(fit.truncated).toBe(true);
    expect(fit.lines).toHaveLength(3);
    expect(fit.lines[2].endsWith(ELLIPSIS)).toBe(true);
    for (const line of fit.lines) expect(measure(line)).toBeLessThanOrEqual(maxWidth);
    // The lines are the start of the text, cut only where a word ends.
    const kept = fit.lines.join(' ').slice(0, -1);
    expect(LONG.replace(/\s/g, '').startsWith(kept.replace(/\s/g, ''))).toBe(true);
    const boundaries = wordBoundaries(LONG);
    let offset = 0;
    for (const line of fit.lines) {
      const at = LONG.indexOf(line.replace(ELLIPSIS, ''), offset) + line.replace(ELLIPSIS, '').length;
      expect(boundaries.has(at) || LONG[at] === ' ').toBe(true);
      offset = at;
    }
  });

  it('never returns more lines than asked, nor a line wider than asked', () => {
    for (const maxLines of [1, 2, 4]) {
      for (const maxWidth of [40, 90, 200]) {
        const fit = fitThaiText(LONG, { maxWidth, maxLines, measure });
        expect(fit.lines.length).toBeLessThanOrEqual(maxLines);
        for (const line of fit.lines) expect(measure(line)).toBeLessThanOrEqual(maxWidth + 0.001);
      }
    }
  });

  it('splits a word wider than the line between grapheme clusters, never before a vowel or tone mark', () => {
    const word = 'กรุงเทพมหานครอมรรัตนโกสินทร์มหินทรายุธยามหาดิลกภพนพรัตน์ราชธานีบุรีรมย์';
    const fit = fitThaiText(word, { maxWidth: 60, maxLines: 8, measure });
    expect(fit.lines.length).toBeGreaterThan(2);
    for (const line of fit.lines) {
      expect(line).not.toMatch(/^[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/); // no line starts with a combining mark
      expect(measure(line)).toBeLessThanOrEqual(60);
    }
  });
});
