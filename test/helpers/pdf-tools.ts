import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A missing tool fails the suite (CI installs it); it never skips. */
export function requireTool(command: string, debianPackage = 'poppler-utils'): void {
  if (spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0) {
    throw new Error(`${command} is not installed: install ${debianPackage} (apt-get install -y ${debianPackage}); CI installs it`);
  }
}

/** Runs a command-line tool and answers its output; a failure throws with its stderr. */
export function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

export interface Word {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

/** Every word of a PDF with its page and box, as `pdftotext -bbox` places it. */
export function words(pdfFile: string): Word[] {
  const html = run('pdftotext', ['-bbox', pdfFile, '-']);
  const out: Word[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) out.push({ page, xMin: +m[1], yMin: +m[2], xMax: +m[3], yMax: +m[4], text: m[5] });
  }
  return out;
}

/**
 * Thai text as comparable after `pdftotext`, which puts vowel and tone marks out of order, splits ำ
 * into its parts and breaks lines: without marks, with ำ as า, and without spaces.
 */
export function bareThai(text: string): string {
  return text.replace(/\u0E33/g, '\u0E32').replace(/[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E\s]/g, '');
}

/** The text of a PDF's bytes (`pdftotext -raw`), bared as by bareThai. */
export function barePdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'khlang-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return bareThai(run('pdftotext', ['-raw', file, '-']));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Half a point: how far a glyph box may stray from its line (rounding in pdftotext's boxes). */
const WORD_TOLERANCE = 0.5;

/** The words drawn outside the printable box [left, right] × [0, pageHeight] of their page. */
export function wordsOutside(all: Word[], box: { left: number; right: number; pageHeight: number }): Word[] {
  return all.filter((w) => w.xMin < box.left - WORD_TOLERANCE || w.xMax > box.right + WORD_TOLERANCE || w.yMin < 0 || w.yMax > box.pageHeight);
}

/** Pairs of words of one page whose boxes overlap (text drawn over text). */
export function overlappingWords(all: Word[]): [Word, Word][] {
  const overlaps: [Word, Word][] = [];
  for (const [k, a] of all.entries()) {
    for (const c of all.slice(k + 1)) {
      if (c.page !== a.page) continue;
      const dx = Math.min(a.xMax, c.xMax) - Math.max(a.xMin, c.xMin);
      const dy = Math.min(a.yMax, c.yMax) - Math.max(a.yMin, c.yMin);
      if (dx > WORD_TOLERANCE && dy > 1) overlaps.push([a, c]);
    }
  }
  return overlaps;
}

/** How many pages a PDF file has (pdfinfo). */
export function pagesOf(pdfFile: string): number {
  return Number(/^Pages:\s+(\d+)$/m.exec(run('pdfinfo', [pdfFile]))?.[1]);
}

/**
 * Share of dark pixels of one page rendered in grey at 30 dpi (pdftoppm -gray writes a binary PGM:
 * a header, then one byte a pixel): a page with nothing drawn on it is near 0.
 */
export function inkShare(pdfFile: string, page: number, dir: string): number {
  const out = join(dir, `ink-${page}`);
  run('pdftoppm', ['-gray', '-r', '30', '-f', `${page}`, '-l', `${page}`, '-singlefile', pdfFile, out]);
  const pgm = readFileSync(`${out}.pgm`);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
  const pixels = pgm.subarray(header[0].length);
  let dark = 0;
  for (const p of pixels) if (p < 160) dark++;
  return dark / pixels.length;
}
