import { requireTool, run, type Word, words } from '../../test/helpers/pdf-tools.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BarcodeRenderer } from './barcode-renderer.js';
import { HIGH_RISK_TEXT, LabelSheetRenderer, type LabelData } from './label-sheet.renderer.js';
import { loadLabelTemplate, parseLabelTemplate, type LabelTemplate } from './label-templates.js';



/**
 * Text as pdftotext gives it back, comparable with what was printed: no whitespace (line breaks,
 * spaces pdftotext inserts around Thai marks) and NFKC, because ำ reads back as ํา (see
 * thaiToUnicodeSeed).
 */
const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** Glyph ids (4 hex digits each) of every TJ text-showing operator in an uncompressed pdfkit PDF. */
function drawnGlyphIds(pdf: Buffer): string[] {
  const ids: string[] = [];
  for (const [, array] of pdf.toString('latin1').matchAll(/\[([^\]]*)\]\s*TJ/g)) {
    for (const [, hex] of array.matchAll(/<([0-9a-fA-F]+)>/g)) ids.push(...(hex.match(/.{4}/g) ?? []));
  }
  return ids;
}

const CATEGORIES = { EV: 'ของกลาง', GP: 'ทรัพย์สินราชการ', WP: 'อาวุธ', DN: 'ของบริจาค' } as const;
const SHORT: Record<keyof typeof CATEGORIES, string[]> = {
  EV: ['ยาบ้า 200 เม็ด', 'กัญชาแห้ง 1 ถุง', 'มีดพับ 1 เล่ม', 'สร้อยคอทองคำ', 'ธนบัตร 5,000 บาท'],
  GP: ['โต๊ะทำงานไม้สัก', 'เครื่องพิมพ์', 'วิทยุสื่อสาร', 'กล้องวงจรปิด'],
  WP: ['ปืนพกสั้น .38', 'กระสุน 9 มม.', 'เสื้อเกราะ'],
  DN: ['เครื่องปรับอากาศ', 'จักรยาน 2 คัน', 'น้ำดื่ม 20 แพ็ค'],
};
const LONG =
  'อาวุธปืนพกสั้น ขนาด 9 มม. ยี่ห้อกล็อก หมายเลขทะเบียน ก.12345 พร้อมซองหนังสีดำและแม็กกาซีนสองอัน ' +
  'กับกระสุนปืนขนาด 9 มม. จำนวน 50 นัด บรรจุในกล่องกระดาษสีน้ำตาล ปิดผนึกด้วยเทปกาวและลงลายมือชื่อผู้ตรวจยึด';
const LONG_INDEX = 8;
const STATIONS = [
  ['BKM', 'สถานีตำรวจนครบาลบางเขน'],
  ['CMI', 'สถานีตำรวจภูธรเมืองเชียงใหม่'],
  ['NKP', 'สภ.เมืองนครพนม'],
] as const;

/** 30 items (4 categories, 3 stations, 3 years, short and long sequences) and 3 locations. */
function sampleLabels(): LabelData[] {
  const items = Array.from({ length: 30 }, (_, i): LabelData => {
    const cat = (['EV', 'GP', 'WP', 'DN'] as const)[i % 4];
    const [station, stationName] = STATIONS[i % 3];
    const year = ['68', '69', '70'][i % 3];
    const seq = i === 29 ? '1234567' : String(i * 37 + 1).padStart(6, '0');
    return {
      code: `${station}-${cat}${year}-${seq}`,
      kind: 'ITEM',
      categoryTh: CATEGORIES[cat],
      description: i === LONG_INDEX ? LONG : SHORT[cat][Math.floor(i / 4) % SHORT[cat].length],
      caseNumber: cat === 'EV' ? `คดีที่ ${100 + i}/2568` : undefined,
      stationName,
      highRisk: cat === 'WP' || i === LONG_INDEX,
    };
  });
  const locations: LabelData[] = [
    { code: 'LOC-ARMORY.01', kind: 'LOCATION', categoryTh: 'สถานที่เก็บ', description: 'ห้องเก็บอาวุธ', stationName: STATIONS[0][1] },
    { code: 'LOC-R2-SHELF03', kind: 'LOCATION', description: 'ห้องของกลาง ชั้นวาง 3', stationName: STATIONS[1][1] },
    { code: 'LOC-SAFE-1', kind: 'LOCATION', description: 'ตู้นิรภัย', stationName: STATIONS[2][1] },
  ];
  return [...items, ...locations];
}

const PT = 72 / 25.4;

/** Where label `i` lies, in points, by the template's grid. */
function labelBox(t: LabelTemplate, i: number) {
  const perPage = t.grid.columns * t.grid.rows;
  const slot = i % perPage;
  const col = slot % t.grid.columns;
  const row = Math.floor(slot / t.grid.columns);
  return {
    page: Math.floor(i / perPage) + 1,
    x: (t.margins.left + col * (t.grid.labelWidth + t.grid.columnGap)) * PT,
    y: (t.margins.top + row * (t.grid.labelHeight + t.grid.rowGap)) * PT,
    w: t.grid.labelWidth * PT,
    h: t.grid.labelHeight * PT,
  };
}

/** pdftotext/pdftoppm arguments selecting the label's area (just inside its edges) at `dpi`. */
function crop(box: ReturnType<typeof labelBox>, dpi: number): string[] {
  const k = dpi / 72;
  return [
    '-f', `${box.page}`, '-l', `${box.page}`,
    '-x', `${Math.ceil(box.x * k)}`, '-y', `${Math.ceil(box.y * k)}`,
    '-W', `${Math.floor(box.w * k) - 1}`, '-H', `${Math.floor(box.h * k) - 1}`,
  ];
}



describe('LabelSheetRenderer', () => {
  const renderer = new LabelSheetRenderer(new BarcodeRenderer());
  const labels = sampleLabels();
  const codes = labels.map((l) => l.code).sort();
  let dir: string;

  beforeAll(() => {
    requireTool('pdftotext', 'poppler-utils');
    requireTool('pdfinfo', 'poppler-utils');
    requireTool('pdftoppm', 'poppler-utils');
    requireTool('zbarimg', 'zbar-tools');
    dir = mkdtempSync(join(tmpdir(), 'khlang-labels-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe.each([
    ['a4-3x8', 2],
    ['thermal-50x30', 33],
  ])('%s', (name, expectedPages) => {
    const template = loadLabelTemplate(name);
    let pdfFile: string;
    let pdf: Buffer;

    beforeAll(async () => {
      pdf = await renderer.render(labels, template, { compress: false });
      pdfFile = join(dir, `${name}.pdf`);
      writeFileSync(pdfFile, pdf);
    });

    it(`has ${expectedPages} page(s) of the template's size`, async () => {
      const info = run('pdfinfo', [pdfFile]);
      expect(info).toMatch(new RegExp(`^Pages:\\s+${expectedPages}$`, 'm'));
      const [, w, h] = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info) ?? [];
      expect(Number(w)).toBeCloseTo(template.page.width * PT, 1);
      expect(Number(h)).toBeCloseTo(template.page.height * PT, 1);
      // The default output is compressed and otherwise the same.
      const compressed = await renderer.render(labels, template);
      expect(compressed.length).toBeLessThan(pdf.length);
      const compressedFile = join(dir, `${name}-compressed.pdf`);
      writeFileSync(compressedFile, compressed);
      expect(run('pdfinfo', [compressedFile])).toMatch(new RegExp(`^Pages:\\s+${expectedPages}$`, 'm'));
    });

    it('prints on each label its code, category, case number, station and whole short description', () => {
      labels.forEach((label, i) => {
        const box = labelBox(template, i);
        const raw = run('pdftotext', ['-raw', ...crop(box, 72), pdfFile, '-']);
        const text = norm(raw);
        expect(text).toContain(label.code);
        expect(text).toContain(norm(label.categoryTh ?? 'สถานที่เก็บ'));
        expect(text).toContain(norm(label.stationName));
        if (label.caseNumber) expect(text).toContain(norm(label.caseNumber));
        expect(text.includes(norm(HIGH_RISK_TEXT))).toBe(label.highRisk === true);
        if (i === LONG_INDEX) {
          // Cut at a word with '…': its start is there, its end is not.
          expect(text).toContain(norm(LONG.slice(0, 24)));
          expect(raw).toContain('…');
          expect(text).not.toContain(norm(LONG.slice(-20)));
        } else {
          expect(text).toContain(norm(label.description));
          expect(raw).not.toContain('…');
        }
      });
    });

    it('keeps every word inside its own label, clear of the QR code, the Code 128 and the other words', () => {
      const all = words(pdfFile);
      expect(all.length).toBeGreaterThan(labels.length * 5);
      const tolerance = 0.5;
      const padding = template.padding * PT;
      const code128 = template.elements.code128.height * PT;
      // A version 1 QR code: its dark modules end 21/29 of the image in from the quiet zone's start.
      const qrDarkEnd = padding + ((template.elements.qr.size * 21) / 29) * PT;
      for (const word of all) {
        const cx = (word.xMin + word.xMax) / 2;
        const cy = (word.yMin + word.yMax) / 2;
        const i = labels.findIndex((_, k) => {
          const b = labelBox(template, k);
          return b.page === word.page && cx >= b.x && cx <= b.x + b.w && cy >= b.y && cy <= b.y + b.h;
        });
        expect({ word, inLabel: i >= 0 }).toEqual({ word, inLabel: true });
        const b = labelBox(template, i);
        const inside =
          word.xMin >= b.x + padding - tolerance &&
          word.xMax <= b.x + b.w - padding + tolerance &&
          word.yMin >= b.y + padding - tolerance &&
          word.yMax <= b.y + b.h - padding - code128 + tolerance;
        expect({ word, label: labels[i].code, inside }).toEqual({ word, label: labels[i].code, inside: true });
        const besideQr = word.yMin < b.y + qrDarkEnd - tolerance;
        if (besideQr) expect({ word, rightOfQr: word.xMin >= b.x + qrDarkEnd }).toEqual({ word, rightOfQr: true });
      }
      // No two words overlap (lines that touch share an edge; Thai marks are words of no width).
      const overlaps: [Word, Word][] = [];
      for (const [k, a] of all.entries()) {
        for (const c of all.slice(k + 1)) {
          const dx = Math.min(a.xMax, c.xMax) - Math.max(a.xMin, c.xMin);
          const dy = Math.min(a.yMax, c.yMax) - Math.max(a.yMin, c.yMin);
          if (a.page === c.page && dx > tolerance && dy > 1) overlaps.push([a, c]);
        }
      }
      expect(overlaps).toEqual([]);
    });

    it('draws no box: no U+200B, no replacement character, no .notdef glyph', () => {
      const text = run('pdftotext', ['-raw', pdfFile, '-']);
      expect(text).not.toContain('\u200B');
      expect(text).not.toContain('\uFFFD');
      const glyphs = drawnGlyphIds(pdf);
      expect(glyphs.length).toBeGreaterThan(labels.length * 40);
      expect(glyphs).not.toContain('0000');
    });

    it('has both barcodes of every label decode to exactly its code (pdftoppm -r 300, zbarimg)', () => {
      const pages = join(dir, `${name}-pages`);
      mkdirSync(pages);
      // Whole pages: every symbol found is a code of that sheet, and every Code 128 is found.
      run('pdftoppm', ['-r', '300', '-png', pdfFile, join(pages, 'p')]);
      const files = readdirSync(pages).map((f) => join(pages, f));
      expect(files).toHaveLength(expectedPages);
      const decoded = run('zbarimg', ['-q', '--nodbus', ...files]).split('\n').filter(Boolean);
      for (const line of decoded) expect(codes).toContain(line.replace(/^(CODE-128|QR-Code):/, ''));
      expect(decoded.filter((l) => l.startsWith('CODE-128:')).map((l) => l.slice('CODE-128:'.length)).sort()).toEqual(codes);
      // zbar misses some QR codes in a page of 24 grid-aligned ones (17 of 24 at 300 dpi, all 24 at
      // 200 dpi): it pairs finder patterns across symbols. So each label is also decoded on its own,
      // which shows more anyway: that label's two symbols, and nothing else, read back as its code.
      const crops = join(dir, `${name}-labels`);
      mkdirSync(crops);
      const cropFiles = labels.map((_, i) => {
        const file = join(crops, `label-${String(i).padStart(3, '0')}`);
        run('pdftoppm', ['-r', '300', '-png', '-singlefile', ...crop(labelBox(template, i), 300), pdfFile, file]);
        return `${file}.png`;
      });
      const xml = run('zbarimg', ['-q', '--nodbus', '--xml', ...cropFiles]);
      const found = new Map<string, string[]>();
      for (const [, source, body] of xml.matchAll(/<source href='([^']+)'>([\s\S]*?)<\/source>/g)) {
        found.set(source, Array.from(body.matchAll(/<symbol type='([^']+)'[^>]*><data><!\[CDATA\[(.*?)\]\]><\/data>/g), (m) => `${m[1]}:${m[2]}`).sort());
      }
      labels.forEach((label, i) => {
        expect({ label: label.code, decoded: found.get(cropFiles[i]) }).toEqual({
          label: label.code,
          decoded: [`CODE-128:${label.code}`, `QR-Code:${label.code}`],
        });
      });
    });
  });

  it('starts after the positions already used on a part-used sheet', async () => {
    const template = loadLabelTemplate('a4-3x8');
    const file = join(dir, 'skip.pdf');
    writeFileSync(file, await renderer.render(labels.slice(0, 5), template, { skip: 22 }));
    expect(run('pdfinfo', [file])).toMatch(/^Pages:\s+2$/m);
    const first = labelBox(template, 22);
    const text = run('pdftotext', ['-raw', '-f', '1', '-l', '1', '-x', `${Math.ceil(first.x)}`, '-y', `${Math.ceil(first.y)}`, '-W', '190', '-H', '100', file, '-']);
    expect(text).toContain(labels[0].code);
    expect(norm(run('pdftotext', ['-raw', '-f', '1', '-l', '1', '-x', '0', '-y', '0', '-W', '595', '-H', `${Math.floor(first.y)}`, file, '-']))).toBe('');
  });

  it('prints a long code whole, on one line, with barcodes that still decode (thermal, 300 dpi)', async () => {
    const code = 'BKKNONGKHAEM-EV69-0000007';
    const file = join(dir, 'long-code.pdf');
    writeFileSync(file, await renderer.render([{ ...labels[0], code }], loadLabelTemplate('thermal-50x30')));
    expect(run('pdftotext', ['-raw', file, '-']).split('\n')).toContain(code);
    run('pdftoppm', ['-r', '300', '-png', '-singlefile', file, join(dir, 'long-code')]);
    expect(run('zbarimg', ['-q', '--nodbus', join(dir, 'long-code.png')]).split('\n').filter(Boolean).sort()).toEqual([
      `CODE-128:${code}`,
      `QR-Code:${code}`,
    ]);
  });

  it('refuses no labels, a code that is not printable ASCII, and a template whose elements do not fit', async () => {
    const template = loadLabelTemplate('thermal-50x30');
    await expect(renderer.render([], template)).rejects.toMatchObject({ status: 422, code: 'LABEL_DATA_INVALID' });
    await expect(renderer.render([{ ...labels[0], code: 'ของกลาง-1' }], template)).rejects.toMatchObject({
      status: 422,
      code: 'BARCODE_UNENCODABLE',
    });
    const cramped = parseLabelTemplate('cramped', {
      ...template,
      name: 'cramped',
      elements: { ...template.elements, code: { show: true, fontSize: 30 } },
    });
    await expect(renderer.render(labels.slice(0, 1), cramped)).rejects.toMatchObject({ code: 'LABEL_TEMPLATE_INVALID' });
  });
});
