import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { barePdfText, bareThai, overlappingWords, pagesOf, requireTool, run, words, wordsOutside } from '../../test/helpers/pdf-tools.js';
import type { StationSettings } from '../stations/station-settings.js';
import { renderGuidelinesDocx } from './guidelines-docx.renderer.js';
import { renderGuidelinesPdf } from './guidelines-pdf.renderer.js';
import { guidelinesDocument } from './guidelines.js';
import { stationRules } from './station-rules.js';

const STATION = { code: 'BKM', nameTh: 'สถานีตำรวจนครบาลบึงกุ่ม', nameEn: 'Bueng Kum Metropolitan Police Station' };
const SIGNER = { displayName: 'สมชาย ใจดี', rank: 'พ.ต.อ.', position: 'ผู้กำกับการสถานีตำรวจนครบาลบึงกุ่ม' };
const EFFECTIVE = new Date('2026-11-20T03:00:00Z');

const rules = (settings: Partial<StationSettings> = {}, version = 1, signer: typeof SIGNER | null = SIGNER) =>
  stationRules({ station: { ...STATION, settings, settingsVersion: version, effectiveAt: EFFECTIVE }, signer });
const text = (settings: Partial<StationSettings> = {}) => JSON.stringify(guidelinesDocument(rules(settings)));

async function docxText(docx: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
  return xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
}

describe('the announcement model', () => {
  it('states each setting, and changes with it', () => {
    const base = text();
    expect(base).toContain('ภายใน 7 วันนับแต่วันครบกำหนด (ข้อ 211)');
    expect(base).toContain('สุ่มรายการอื่นร้อยละ 20');
    expect(base).toContain('ต่างเกิน 0.1 กรัม');
    expect(base).toContain('ต่ำกว่า 5,000 บาท');
    expect(base).toContain('ครบ 12 เดือนนับแต่รับเข้า');
    expect(base).toContain('ตัวชี้วัด O23');
    const changed = text({ overdueEscalationDays: 14, samplingPercent: 35, weightToleranceGrams: 0.5, materialsThresholdBaht: 10000, evidenceReviewMonths: 6, itaItemNumber: 'O29' });
    for (const said of ['ภายใน 14 วันนับแต่วันครบกำหนด', 'สุ่มรายการอื่นร้อยละ 35', 'ต่างเกิน 0.5 กรัม', 'ต่ำกว่า 10,000 บาท', 'ครบ 6 เดือนนับแต่รับเข้า', 'ตัวชี้วัด O29']) {
      expect(changed).toContain(said);
    }
  });

  it('prints the approval matrix the server enforces, tightened by commanderOnlyLoans', () => {
    const table = (settings: Partial<StationSettings>) => {
      const section = guidelinesDocument(rules(settings)).sections.find((s) => s.heading.startsWith('การยืม'))!;
      return (section.blocks.find((b) => b.kind === 'table') as { rows: string[][] }).rows;
    };
    expect(table({})).toContainEqual(['ทรัพย์สินราชการ', 'ความเสี่ยงปกติ', 'หัวหน้างาน หรือผู้บังคับบัญชา', 'ผู้บังคับบัญชา']);
    expect(table({})).toContainEqual(['ของกลาง', 'ความเสี่ยงสูง', 'หัวหน้างาน หรือผู้บังคับบัญชา', 'ผู้บังคับบัญชา']);
    expect(table({ commanderOnlyLoans: ['HIGH'] })).toContainEqual(['ของกลาง', 'ความเสี่ยงสูง', 'ผู้บังคับบัญชา', 'ผู้บังคับบัญชา']);
    expect(table({ commanderOnlyLoans: ['HIGH'] })).toContainEqual(['ของกลาง', 'ความเสี่ยงปกติ', 'หัวหน้างาน หรือผู้บังคับบัญชา', 'หัวหน้างาน หรือผู้บังคับบัญชา']);
    expect(text({ commanderOnlyLoans: ['HIGH', 'WEAPON'] })).toContain('สถานีกำหนดให้การยืมทรัพย์สินที่มีความเสี่ยงสูง และอาวุธและยุทธภัณฑ์ ต้องได้รับอนุมัติจากผู้บังคับบัญชาเท่านั้น');
    expect(text({})).not.toContain('สถานีกำหนดให้การยืม');
  });

  it('names the HIGH kinds, those the station added among them', () => {
    expect(text()).not.toContain('สถานีกำหนดเพิ่มเติม');
    expect(text({ extraHighRiskKinds: ['electronics'] })).toContain('(สถานีกำหนดเพิ่มเติม ได้แก่ อุปกรณ์อิเล็กทรอนิกส์)');
  });

  it('numbers its sections and clauses without gaps, in Thai digits when the station asks', () => {
    const doc = guidelinesDocument(rules());
    expect(doc.sections.map((s) => s.number)).toEqual(['1.', '2.', '3.', '4.', '5.', '6.', '7.']);
    for (const s of doc.sections) {
      const clauses = s.blocks.filter((b) => b.kind === 'clause').map((b) => (b as { number: string }).number);
      expect(clauses).toEqual(clauses.map((_, i) => `${s.number}${i + 1}`));
    }
    const thai = guidelinesDocument(rules({ thaiNumerals: true }));
    expect(thai.sections[0].number).toBe('๑.');
    expect(JSON.stringify(thai)).toContain('ภายใน ๗ วันนับแต่วันครบกำหนด (ข้อ ๒๑๑)');
    expect(thai.announcedOn).toBe('ประกาศ ณ วันที่ ๒๐ พฤศจิกายน พ.ศ. ๒๕๖๙');
    // Codes and names in Latin letters stay as the label and the standards write them.
    for (const code of ['BKM-EV69-000001', 'SHA-256', 'ตัวชี้วัด O23']) expect(JSON.stringify(thai)).toContain(code);
  });

  it('says which settings version it follows, and is dated the day those settings took effect', () => {
    const doc = guidelinesDocument(rules({}, 4));
    expect(doc.source).toContain('ฉบับที่ 4');
    expect(doc.announcedOn).toBe('ประกาศ ณ วันที่ 20 พฤศจิกายน พ.ศ. 2569');
  });
});

describe('the announcement as PDF and DOCX', () => {
  let dir: string;
  let pdf: Buffer;
  let docx: Buffer;

  beforeAll(async () => {
    requireTool('pdftotext');
    dir = mkdtempSync(join(tmpdir(), 'khlang-guidelines-'));
    pdf = await renderGuidelinesPdf(guidelinesDocument(rules()), false);
    docx = await renderGuidelinesDocx(guidelinesDocument(rules()), false);
    writeFileSync(join(dir, 'g.pdf'), pdf);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints every clause, the commander and the settings version', () => {
    const doc = guidelinesDocument(rules());
    // Without the page footers, which fall inside clauses that cross a page.
    const pages = pagesOf(join(dir, 'g.pdf'));
    const footer = new RegExp(`${bareThai(doc.source).replace(/[()]/g, '\\$&')}หนา\\d+/${pages}`, 'g');
    const bare = barePdfText(pdf).replace(footer, '');
    expect(barePdfText(pdf)).toMatch(footer);
    for (const s of doc.sections) {
      expect(bare).toContain(bareThai(s.heading));
      for (const b of s.blocks) if (b.kind === 'clause') expect(bare).toContain(bareThai(b.text));
    }
    expect(bare).toContain(bareThai('(พ.ต.อ. สมชาย ใจดี)'));
    expect(barePdfText(pdf)).toContain(bareThai('ฉบับที่ 1'));
  });

  it('keeps every word inside the margins (3 cm left, 2 cm right) and none drawn over another', () => {
    const all = words(join(dir, 'g.pdf'));
    const cm = 72 / 2.54;
    expect(all.length).toBeGreaterThan(500);
    expect(wordsOutside(all, { left: 3 * cm, right: 595.28 - 2 * cm, pageHeight: 841.89 })).toEqual([]);
    expect(overlappingWords(all)).toEqual([]);
  });

  it('embeds Sarabun, and its first page renders to a PNG that is not blank', () => {
    expect(run('pdffonts', [join(dir, 'g.pdf')])).toMatch(/Sarabun/);
    run('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', join(dir, 'g.pdf'), join(dir, 'page1')]);
    expect(statSync(join(dir, 'page1.png')).size).toBeGreaterThan(10_000);
  });

  it('leaves the signature blank for the commander to write when the station has none', async () => {
    const bare = barePdfText(await renderGuidelinesPdf(guidelinesDocument(rules({}, 1, null)), false));
    expect(bare).toContain('(.............................................)');
  });

  it('gives the same bytes for the same rules, PDF and DOCX alike (the public page lists their hashes)', async () => {
    expect((await renderGuidelinesPdf(guidelinesDocument(rules()), false)).equals(pdf)).toBe(true);
    expect((await renderGuidelinesDocx(guidelinesDocument(rules()), false)).equals(docx)).toBe(true);
  });

  it('writes the same words into the DOCX, in Sarabun, with the font embedded', async () => {
    const words = bareThai(await docxText(docx));
    const doc = guidelinesDocument(rules());
    for (const s of doc.sections) for (const b of s.blocks) if (b.kind === 'clause') expect(words).toContain(bareThai(`${b.number} ${b.text}`));
    const zip = await JSZip.loadAsync(docx);
    expect(await zip.file('word/fontTable.xml')!.async('string')).toMatch(/w:name="Sarabun"[\s\S]*w:embedRegular[\s\S]*w:embedBold/);
    expect(zip.file('word/fonts/font1.odttf')).not.toBeNull();
    expect(await zip.file('docProps/core.xml')!.async('string')).toContain('2026-11-20T03:00:00Z');
  });
});
