import { overlappingWords, pagesOf, requireTool, run, words, wordsOutside } from '../../test/helpers/pdf-tools.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { CATEGORY_TH, CONDITION_TH, ItemCondition, type ItemKind, KIND_TH } from '../items/item.enums.js';
import { COVER_TH, DRAFT_TH, DRAFT_WATERMARK_TH, figureSections, HOLDINGS_TH, O23_CONDITIONS, O23_DEFINITIONS_TH, O23_SECTIONS, O23_TITLE, type O23IssueStamp, PROBLEMS_TH } from './o23-labels.js';
import { renderO23Pdf } from './o23-pdf.renderer.js';
import type { O23Figures } from './reports.service.js';



/**
 * Text as `pdftotext -layout` gives it back, comparable with what was printed: NFKC (ำ reads back as
 * ํา, see thaiToUnicodeSeed), without whitespace (line breaks, the spaces it puts around Thai marks)
 * and without Thai vowel and tone marks, which -layout orders by their x position: drawn above or below
 * a consonant they can come out after the next one (ทรัพย์สิน as ทรัพย์สนิ), even on the next line.
 */
const norm = (s: string) => s.normalize('NFKC').replace(/[\s\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]+/g, '');

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';
const thai = (s: string) => s.replace(/[0-9]/g, (d) => THAI_DIGITS[Number(d)]);
const count = (n: number) => n.toLocaleString('en-US');
const baht = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const PROBLEMS =
  'ห้องเก็บของกลางชั้นล่างมีพื้นที่ไม่เพียงพอ ต้องวางรถจักรยานยนต์ของกลางบางส่วนไว้ที่ลานจอดด้านหลังสถานีซึ่งไม่มีหลังคาและกล้องวงจรปิดครอบคลุมไม่ทั่วถึง ' +
  'ทำให้ของกลางประเภทยานพาหนะเสื่อมสภาพเร็วกว่าปกติ นอกจากนี้เครื่องชั่งน้ำหนักยาเสพติดที่ใช้ตรวจสอบน้ำหนักก่อนนำส่งตรวจพิสูจน์ยังไม่ได้รับการสอบเทียบประจำปี ' +
  'และเจ้าหน้าที่พัสดุมีเพียงหนึ่งนาย จึงต้องให้เจ้าหน้าที่เวรอำนวยการช่วยเป็นพยานในการรับและจ่ายของกลางความเสี่ยงสูงในช่วงนอกเวลาราชการ ' +
  'ส่งผลให้การตรวจนับอาวุธประจำวันไม่ครบทุกวันในเดือนนี้ (ขาดการตรวจนับสองวันในช่วงวันหยุดราชการ) และมีคำขอยืมวิทยุสื่อสารหนึ่งรายการที่ค้างคืนเกินกำหนดเจ็ดวัน ' +
  'ซึ่งได้แจ้งผู้อนุมัติให้ติดตามทวงคืนตามข้อ 211 แล้ว ส่วนการตรวจนับของกลางประจำเดือนพบซองเอกสารของกลางหนึ่งซองที่ตราประทับชำรุด ได้บันทึกเป็นเหตุผิดปกติและรายงานผู้บังคับบัญชาแล้ว';
const CORRECTIVE_ACTION =
  'ขออนุมัติจัดทำโรงเก็บรถของกลางพร้อมติดตั้งกล้องวงจรปิดเพิ่มเติมสองจุด ส่งเครื่องชั่งสอบเทียบภายในเดือนกุมภาพันธ์ 2568 ' +
  'จัดทำคำสั่งแต่งตั้งเจ้าหน้าที่พัสดุสำรองหนึ่งนายเพื่อให้การตรวจนับอาวุธประจำวันครบทุกวัน และกำชับผู้ยืมให้ส่งคืนตามกำหนด';

type Row = O23Figures['holdings']['rows'][number];
const row = (category: string, kind: string, opening: number, received: number, disposed: number, closingValue: number, byCondition: Partial<Record<ItemCondition, number>>): Row => {
  const closing = opening + received - disposed;
  const conditions = Object.values(byCondition).reduce((a, b) => a + b, 0);
  if (conditions !== closing) throw new Error(`fixture: ${category}/${kind} conditions ${conditions} ≠ closing ${closing}`);
  return { category, kind, opening, received, disposed, closing, closingValue, byCondition };
};

/** Bueng Kum (the seed station), January 2568: every section with figures, section 8 written. */
function januaryFigures(): O23Figures {
  const rows: Row[] = [
    row('DONATION', 'electronics', 3, 1, 0, 47_500, { GOOD: 4 }),
    row('DONATION', 'furniture', 12, 1, 0, 38_900, { GOOD: 12, DAMAGED: 1 }),
    row('EVIDENCE', 'cash', 9, 3, 2, 144_400, { GOOD: 10 }),
    row('EVIDENCE', 'drugs', 38, 9, 4, 0, { GOOD: 43 }),
    row('EVIDENCE', 'firearm', 7, 1, 0, 0, { GOOD: 7, DAMAGED: 1 }),
    row('EVIDENCE', 'other', 21, 1, 0, 0, { GOOD: 20, DETERIORATED: 2 }),
    row('EVIDENCE', 'valuables', 5, 0, 1, 0, { GOOD: 4 }),
    row('EVIDENCE', 'vehicle', 15, 2, 1, 0, { GOOD: 11, DAMAGED: 3, DETERIORATED: 2 }),
    row('PROPERTY', 'electronics', 46, 2, 1, 689_350.5, { GOOD: 43, DAMAGED: 3, NOT_NEEDED: 1 }),
    row('PROPERTY', 'equipment', 120, 4, 2, 1_284_500, { GOOD: 110, DAMAGED: 8, DETERIORATED: 3, LOST: 1 }),
    row('PROPERTY', 'furniture', 85, 0, 3, 356_200, { GOOD: 75, DETERIORATED: 5, NOT_NEEDED: 2 }),
    row('PROPERTY', 'vehicle', 6, 0, 0, 4_560_000, { GOOD: 5, DAMAGED: 1 }),
    row('WEAPON', 'ammunition', 18, 2, 1, 0, { GOOD: 19 }),
    row('WEAPON', 'equipment', 22, 0, 0, 198_000, { GOOD: 20, DETERIORATED: 2 }),
    row('WEAPON', 'firearm', 64, 0, 0, 1_216_000, { GOOD: 63, DAMAGED: 1 }),
  ];
  const totals = rows.reduce(
    (t, r) => ({ opening: t.opening + r.opening, received: t.received + r.received, disposed: t.disposed + r.disposed, closing: t.closing + r.closing, closingValue: t.closingValue + r.closingValue }),
    { opening: 0, received: 0, disposed: 0, closing: 0, closingValue: 0 },
  );
  return {
    station: { id: '6f1c2a52-5a41-4a8e-9d43-0d7e5b8a9c01', code: 'BKM', nameTh: 'สถานีตำรวจนครบาลบึงกุ่ม', nameEn: 'Bueng Kum Metropolitan Police Station' },
    period: { from: '2568-01', to: '2568-01', start: '2024-12-31T17:00:00.000Z', end: '2025-01-31T17:00:00.000Z', months: 1, days: 31 },
    holdings: { rows, totals },
    loans: { requested: 18, approved: 15, rejected: 2, cancelled: 1, issued: 14, returnedOnTime: 11, returnedLate: 2, outstandingAtEnd: 3, overdueAtEnd: 1, escalated: 1 },
    weapons: { daysCounted: 29, countDiscrepancies: 1, shiftIssues: 186, shiftReturns: 184, unreturnedAtShiftClose: 2, daysInPeriod: 31 },
    donations: { received: 2, receivedValue: 52_300, accepted: 2, declined: 0, flaggedDonors: 1, pendingAtEnd: 1 },
    evidence: { received: 16, sentOut: 5, returned: 3, disposed: 8, heldAtEnd: 103, highRiskHeldAtEnd: 81, dueForDispositionAtEnd: 4 },
    auditsAndIncidents: { countsClosedByKind: { DAILY_ARMS: 29, MONTHLY_EVIDENCE: 1, SPOT: 2 }, incidentsOpened: 3, incidentsResolved: 2, incidentsOpenAtEnd: 1 },
    auditLog: {
      verified: true,
      firstBadSeq: null,
      entriesNow: 15_321,
      verifiedSince: { seq: 15_100, verifiedAt: '2026-12-01T02:00:00.000Z', mode: 'FULL' },
      entriesAtEnd: 14_876,
      headSeqAtEnd: 14_876,
      headHashAtEnd: createHash('sha256').update('BKM 14876').digest('hex'),
    },
    problems: { problems: PROBLEMS, correctiveAction: CORRECTIVE_ACTION, updatedBy: '0b7f9a3e-2c11-4d7a-8f0e-3a9d6c1e2b45', updatedAt: '2025-02-02T03:15:00.000Z' },
  };
}

/** The fiscal first half with every category × kind the rules allow, nothing written for section 8. */
function halfYearFigures(): O23Figures {
  const base = januaryFigures();
  const kinds: Record<string, string[]> = {
    DONATION: ['cash', 'document', 'electronics', 'equipment', 'furniture', 'other', 'valuables', 'vehicle'],
    EVIDENCE: ['ammunition', 'cash', 'document', 'drugs', 'electronics', 'equipment', 'firearm', 'furniture', 'other', 'valuables', 'vehicle'],
    PROPERTY: ['document', 'electronics', 'equipment', 'furniture', 'other', 'valuables', 'vehicle'],
    WEAPON: ['ammunition', 'equipment', 'firearm', 'other'],
  };
  let n = 0;
  const rows = Object.entries(kinds).flatMap(([category, list]) =>
    list.map((kind) => {
      n++;
      return row(category, kind, 10 + n, n % 4, n % 3, 1_000 * n + 0.25, { GOOD: 10 + n + (n % 4) - (n % 3) - (n % 2), DAMAGED: n % 2 });
    }),
  );
  const totals = rows.reduce(
    (t, r) => ({ opening: t.opening + r.opening, received: t.received + r.received, disposed: t.disposed + r.disposed, closing: t.closing + r.closing, closingValue: t.closingValue + r.closingValue }),
    { opening: 0, received: 0, disposed: 0, closing: 0, closingValue: 0 },
  );
  return {
    ...base,
    period: { from: '2567-10', to: '2568-03', start: '2024-09-30T17:00:00.000Z', end: '2025-03-31T17:00:00.000Z', months: 6, days: 182 },
    holdings: { rows, totals },
    weapons: { ...base.weapons, daysInPeriod: 182 },
    auditLog: { ...base.auditLog, verified: false, firstBadSeq: 9_001 },
    problems: null,
  };
}

/**
 * What the inputs allow at their largest: a long station name, 4,000 characters of text in each part of
 * section 8 (the DTO's limit), figures in the millions and a value in the billions, in Thai digits.
 */
const LONG_NAME = 'สถานีตำรวจภูธรเฉลิมพระเกียรติสมเด็จพระศรีนครินทราบรมราชชนนีจังหวัดนครศรีธรรมราช';
const LONG_TEXT = PROBLEMS.repeat(8).slice(0, 4000);
function extremeFigures(): O23Figures {
  const base = januaryFigures();
  const rows = [
    row('EVIDENCE', 'cash', 1_234_567, 765_432, 99_999, 12_345_678_901.5, { GOOD: 1_900_000 }),
    row('PROPERTY', 'electronics', 9_999_999, 1, 0, 987_654_321.99, { GOOD: 9_000_000, DAMAGED: 999_999, LOST: 1 }),
  ];
  const totals = rows.reduce(
    (t, r) => ({ opening: t.opening + r.opening, received: t.received + r.received, disposed: t.disposed + r.disposed, closing: t.closing + r.closing, closingValue: t.closingValue + r.closingValue }),
    { opening: 0, received: 0, disposed: 0, closing: 0, closingValue: 0 },
  );
  return {
    ...base,
    station: { ...base.station, nameTh: LONG_NAME },
    holdings: { rows, totals },
    loans: { ...base.loans, requested: 1_234_567 },
    donations: { ...base.donations, receivedValue: 98_765_432_109.87 },
    auditLog: { ...base.auditLog, entriesAtEnd: 123_456_789, headSeqAtEnd: 123_456_789 },
    problems: { ...base.problems!, problems: LONG_TEXT, correctiveAction: LONG_TEXT },
  };
}

const GENERATED_AT = new Date('2025-02-03T09:30:00+07:00');
const ISSUE: O23IssueStamp = { version: 1, issuedAt: GENERATED_AT, issuer: { displayName: 'สมชาย ใจดี', rank: 'พ.ต.อ.', position: 'ผู้กำกับการสถานีตำรวจภูธรเมืองตัวอย่าง' }, reason: null };
/** A reissue whose reason runs to the 1,000 characters the API allows. */
const REISSUE: O23IssueStamp = {
  ...ISSUE,
  version: 2,
  reason: 'ได้รับแจ้งผลการตรวจพิสูจน์ของกลางจากสำนักงานพิสูจน์หลักฐานภายหลังวันออกรายงาน จึงปรับปรุงจำนวนของกลางที่ส่งตรวจและรับคืน '.repeat(9).slice(0, 1000),
};
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { left: (3 * 72) / 2.54, right: (2 * 72) / 2.54 };



/** Glyph ids (4 hex digits each) of every TJ operator in the PDF's (Flate-compressed) content streams. */
function drawnGlyphIds(pdf: Buffer): string[] {
  const ids: string[] = [];
  const latin1 = pdf.toString('latin1');
  for (const m of latin1.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, latin1.indexOf('endstream', start))).toString('latin1');
    } catch {
      continue; // not a Flate stream
    }
    for (const [, array] of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      for (const [, hex] of array.matchAll(/<([0-9a-fA-F]+)>/g)) ids.push(...(hex.match(/.{4}/g) ?? []));
    }
  }
  return ids;
}

describe('renderO23Pdf', () => {
  let dir: string;
  const figures = januaryFigures();
  type Variant = 'arabic' | 'thai' | 'half' | 'extreme';
  const files: Record<Variant, string> = { arabic: '', thai: '', half: '', extreme: '' };
  const pdfs: Partial<Record<Variant, Buffer>> = {};
  const text: Record<Variant, string> = { arabic: '', thai: '', half: '', extreme: '' };
  /** `pdftotext -raw` (drawing order: a cell's wrapped lines one after the other), footers removed. */
  const raw: Record<Variant, string> = { arabic: '', thai: '', half: '', extreme: '' };
  let renderMs = 0;

  // The published report is the issued one; the draft's watermark is checked on its own below.
  const ISSUED = { generatedAt: GENERATED_AT, issue: ISSUE };

  beforeAll(async () => {
    for (const tool of ['pdftotext', 'pdfinfo', 'pdffonts']) requireTool(tool);
    dir = mkdtempSync(join(tmpdir(), 'khlang-o23-pdf-'));
    await renderO23Pdf(figures, { ...ISSUED, thaiNumerals: false }); // warm: fonts, ICU
    const started = performance.now();
    const arabic = await renderO23Pdf(figures, { ...ISSUED, thaiNumerals: false });
    renderMs = performance.now() - started;
    const outputs = {
      arabic,
      thai: await renderO23Pdf(figures, { ...ISSUED, thaiNumerals: true }),
      half: await renderO23Pdf(halfYearFigures(), { ...ISSUED, thaiNumerals: false }),
      extreme: await renderO23Pdf(extremeFigures(), { generatedAt: GENERATED_AT, thaiNumerals: true, issue: REISSUE }),
    };
    for (const [name, pdf] of Object.entries(outputs) as [keyof typeof files, Buffer][]) {
      pdfs[name] = pdf;
      files[name] = join(dir, `${name}.pdf`);
      writeFileSync(files[name], pdf);
      text[name] = run('pdftotext', ['-layout', files[name], '-']);
      raw[name] = run('pdftotext', ['-raw', files[name], '-'])
        .split('\n')
        .filter((l) => !/หน้า [0-9๐-๙]+\/[0-9๐-๙]+$/.test(l.trim()))
        .join('\n');
    }
  });
  afterAll(() => {
    if (dir && !process.env.KEEP_O23_PDF) rmSync(dir, { recursive: true, force: true });
    else if (dir) console.log(`O23 PDFs kept in ${dir}`);
  });

  /** The lines of the extracted text, each without whitespace. */
  const lines = (name: keyof typeof text) => text[name].split('\n').map(norm).filter(Boolean);
  /**
   * Some line holds `label` followed by exactly these figures (a table row read across). With the line
   * after it: -layout now and then drops the end of a row to the next line (a mark it placed there
   * pulls the rest along), though the row is drawn on one baseline.
   */
  const expectRow = (name: keyof typeof text, label: string, values: string[]) => {
    const wanted = norm(label) + values.join('');
    const all = lines(name);
    const found = all.some((line, i) => (line + (all[i + 1] ?? '')).includes(wanted));
    expect({ row: wanted, found }).toEqual({ row: wanted, found: true });
  };

  it('renders in under two seconds, warm (about a quarter of a second here)', () => {
    expect(renderMs).toBeLessThan(2000);
  });

  it.each([
    ['arabic', 8],
    ['thai', 8],
    ['half', 8],
  ] as const)('%s: A4 portrait, %i pages, "หน้า x/y" on every page', (name, pages) => {
    const info = run('pdfinfo', [files[name]]);
    expect(info).toMatch(new RegExp(`^Pages:\\s+${pages}$`, 'm'));
    expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);
    for (let page = 1; page <= pages; page++) {
      const pageText = norm(run('pdftotext', ['-layout', '-f', `${page}`, '-l', `${page}`, files[name], '-']));
      const label = norm(`หน้า ${page}/${pages}`);
      expect(pageText).toContain(name === 'thai' ? thai(label) : label);
    }
  });

  it('embeds Sarabun and no other font', () => {
    const fonts = run('pdffonts', [files.arabic]).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThanOrEqual(2); // regular and bold
    for (const font of fonts) {
      expect(font).toMatch(/^[A-Z]{6}\+Sarabun-(Regular|Bold)\s/);
      // name, type (two words), encoding, then emb / sub / uni: yes yes yes.
      expect(font).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
    }
  });

  it('opens with the cover memo (บันทึกข้อความ) to the commander, dated in the Buddhist era', () => {
    const page1 = norm(run('pdftotext', ['-layout', '-f', '1', '-l', '1', files.arabic, '-']));
    for (const s of ['บันทึกข้อความ', 'ส่วนราชการ', 'สถานีตำรวจนครบาลบึงกุ่ม', 'ที่', 'วันที่3กุมภาพันธ์2568', 'เรื่อง']) expect(page1).toContain(norm(s));
    expect(page1).toContain(norm(`${O23_TITLE} ประจำเดือน มกราคม 2568`));
    expect(page1).toContain(norm('เรียน ผู้กำกับการสถานีตำรวจนครบาลบึงกุ่ม'));
    expect(page1).toContain(norm('ตั้งแต่วันที่ 1 มกราคม 2568 ถึงวันที่ 31 มกราคม 2568 รวม 31 วัน'));
    expect(page1).toContain(norm('ตัวชี้วัด O23'));
    expect(page1).toContain(norm('จึงเรียนมาเพื่อโปรดทราบ และพิจารณาอนุญาตให้เผยแพร่รายงานนี้บนเว็บไซต์ของสถานี'));
    expect(page1).toContain(norm(`ทรัพย์สินในความดูแล ณ สิ้นช่วง ${count(figures.holdings.totals.closing)} รายการ มูลค่า ${baht(figures.holdings.totals.closingValue)} บาท`));
  });

  it('prints every Thai label: title, report details, section titles, ledger and condition headers', () => {
    const all = norm(raw.arabic);
    const labels = [
      O23_TITLE,
      // The XLSX alone has the start and end instants and the issue in separate rows.
      ...Object.entries(COVER_TH).filter(([k]) => !['from', 'until', 'issuedBy', 'issuedAt', 'version', 'reissueReason'].includes(k)).map(([, v]) => v),
      ...Object.values(O23_SECTIONS).map((s) => s.title),
      ...Object.values(HOLDINGS_TH),
      ...O23_CONDITIONS.map((c) => CONDITION_TH[c]),
      ...Object.values(CATEGORY_TH),
      ...Object.values(PROBLEMS_TH),
      'สภาพ ณ สิ้นช่วง',
    ];
    for (const label of labels) expect({ label, found: all.includes(norm(label)) }).toEqual({ label, found: true });
    expect(all).toContain(norm('มกราคม 2568'));
    expect(all).toContain(norm('1 มกราคม 2568 – 31 มกราคม 2568'));
  });

  it('section 1: each kind with its ledger figures, then its condition; the totals', () => {
    for (const r of figures.holdings.rows) {
      const kind = KIND_TH[r.kind as ItemKind];
      expectRow('arabic', kind, [r.opening, r.received, r.disposed, r.closing].map(count).concat(baht(r.closingValue)));
      expectRow('arabic', kind, [r.closing, ...O23_CONDITIONS.map((c) => r.byCondition[c] ?? 0)].map(count));
    }
    const t = figures.holdings.totals;
    expectRow('arabic', HOLDINGS_TH.total, [t.opening, t.received, t.disposed, t.closing].map(count).concat(baht(t.closingValue)));
    const byCondition = O23_CONDITIONS.map((c) => figures.holdings.rows.reduce((s, r) => s + (r.byCondition[c] ?? 0), 0));
    expectRow('arabic', HOLDINGS_TH.total, [t.closing, ...byCondition].map(count));
    expect(t.closingValue).toBe(8_534_850.5);
    expect(text.arabic).toContain('8,534,850.50');
    expect(text.arabic).toContain('144,400.00');
  });

  it('sections 2–7: every label with its figure; the chain head hash whole', () => {
    for (const section of figureSections(figures)) {
      for (const r of section.rows) {
        if (r.format === 'hash') continue;
        const value = typeof r.value === 'number' ? (r.format === 'baht' ? baht(r.value) : count(r.value)) : String(r.value);
        expectRow('arabic', r.label, [norm(value)]);
      }
    }
    expect(norm(text.arabic)).toContain(figures.auditLog.headHashAtEnd);
    expectRow('arabic', 'ต้องติดตามทวงคืน (ข้อ 211)', ['1']);
  });

  it("section 8: the clerk's whole text under each heading, or '-'", () => {
    // In drawing order without the footers: the text may run on to the next page.
    const all = norm(raw.arabic);
    expect(all).toContain(norm(`8.1 ${PROBLEMS_TH.problems} ${PROBLEMS}`));
    expect(all).toContain(norm(`8.2 ${PROBLEMS_TH.correctiveAction} ${CORRECTIVE_ACTION}`));
    expect(norm(text.half)).toContain(norm(`8.1 ${PROBLEMS_TH.problems} - 8.2 ${PROBLEMS_TH.correctiveAction} -`));
  });

  it('ends with the definitions of the figures and the three signatures', () => {
    const all = norm(raw.arabic);
    for (const group of O23_DEFINITIONS_TH) {
      expect(all).toContain(norm(group.title));
      for (const item of group.items) expect({ item, found: all.includes(norm(item)) }).toEqual({ item, found: true });
    }
    for (const s of ['ผู้จัดทำ : เจ้าหน้าที่พัสดุ', 'ผู้ตรวจสอบ : หัวหน้างาน', 'ผู้อนุมัติ : ผู้บังคับบัญชา', '( ) ทราบ', '( ) อนุญาตให้เผยแพร่บนเว็บไซต์ของสถานี']) {
      expect(all).toContain(norm(s));
    }
    // Each signer: a signature line, (a name line), position and date lines to fill in by hand; the
    // commander who issued the report is printed with position and date, and signs on the line.
    expect({ line: 'ลงชื่อ', count: all.match(new RegExp(`${norm('ลงชื่อ')}\\.{10,}`, 'g'))?.length }).toEqual({ line: 'ลงชื่อ', count: 3 });
    for (const line of ['\\(', 'ตำแหน่ง', 'วันที่']) {
      expect({ line, count: all.match(new RegExp(`${norm(line)}\\.{10,}`, 'g'))?.length }).toEqual({ line, count: 2 });
    }
    expect(all).toContain(norm('(พ.ต.อ. สมชาย ใจดี) ตำแหน่ง ผู้กำกับการสถานีตำรวจภูธรเมืองตัวอย่าง วันที่ 3 กุมภาพันธ์ 2568'));
    const lastPage = String(pagesOf(files.arabic));
    const last = norm(run('pdftotext', ['-layout', '-f', lastPage, '-l', lastPage, files.arabic, '-']));
    expect(last).toContain(norm('ผู้อนุมัติ : ผู้บังคับบัญชา'));
  });

  it('a range of months is "ประจำช่วง", named by its first and last month', () => {
    const all = norm(text.half);
    expect(all).toContain(norm(`${O23_TITLE} ประจำช่วง ตุลาคม 2567 – มีนาคม 2568`));
    expect(all).toContain(norm('ตั้งแต่วันที่ 1 ตุลาคม 2567 ถึงวันที่ 31 มีนาคม 2568 รวม 182 วัน'));
    expect(all).toContain(norm('ผลการตรวจสอบห่วงโซ่ ไม่ถูกต้อง ตั้งแต่ลำดับที่ 9001'));
    for (const r of halfYearFigures().holdings.rows) {
      expectRow('half', KIND_TH[r.kind as ItemKind], [r.opening, r.received, r.disposed, r.closing].map(count).concat(baht(r.closingValue)));
    }
  });

  it('with Thai numerals: every figure, date and page number in ๐–๙, no Arabic digit left but the hash', () => {
    const all = norm(text.thai);
    expect(all).toContain('๑๔๔,๔๐๐.๐๐');
    expect(all).toContain('๘,๕๓๔,๘๕๐.๕๐');
    expect(all).toContain(norm('วันที่ ๓ กุมภาพันธ์ ๒๕๖๘'));
    expect(all).toContain(norm(`${O23_TITLE} ประจำเดือน มกราคม ๒๕๖๘`));
    expect(all).toContain(norm('ตัวชี้วัด O๒๓'));
    expect(all).toContain(norm('(ข้อ ๒๑๑)'));
    for (const r of figures.holdings.rows) {
      expectRow('thai', KIND_TH[r.kind as ItemKind], [r.opening, r.received, r.disposed, r.closing].map(count).concat(baht(r.closingValue)).map(thai));
    }
    for (const section of figureSections(figures)) {
      for (const r of section.rows) {
        if (typeof r.value === 'number') expectRow('thai', thai(r.label), [thai(r.format === 'baht' ? baht(r.value) : count(r.value))]);
      }
    }
    // The hash is an identifier (hex) and SHA-256 a name: they stay as written; nothing else has 0–9.
    const hash = figures.auditLog.headHashAtEnd!;
    expect(all).toContain(hash);
    expect(all.replace(hash, '').replace('SHA-256', '')).not.toMatch(/[0-9]/);
  });

  it.each(['arabic', 'thai', 'half', 'extreme'] as const)('%s: every word inside the margins, none overlapping another', (name) => {
    const all = words(files[name]);
    expect(all.length).toBeGreaterThan(500);
    expect(wordsOutside(all, { left: MARGIN.left, right: A4.width - MARGIN.right, pageHeight: A4.height })).toEqual([]);
    expect(overlappingWords(all)).toEqual([]);
  });

  it('at the limits: the whole 4,000-character texts, the long station name, figures shrunk to fit but whole', () => {
    const all = norm(raw.extreme);
    expect(all.split(thai(norm(LONG_TEXT))).length - 1).toBe(2);
    expect(all).toContain(norm(`เรียน ผู้กำกับการ${LONG_NAME}`));
    expect(all).toContain(thai('12,345,678,901.50'));
    expect(all).toContain(thai('98,765,432,109.87'));
    expect(all).toContain(thai('1,234,567'));
    expect(Number(/^Pages:\s+(\d+)$/m.exec(run('pdfinfo', [files.extreme]))?.[1])).toBeGreaterThan(7);
  });

  it('never ends a page on a heading (section 8 pushed to the foot of a page)', async () => {
    // Holdings and section 8 lengths that, without the keep-with-next rule, leave "8.2 แนวทางแก้ไข"
    // as the last line of page 5.
    const headings = [
      ...Object.values(O23_SECTIONS).map((s) => s.title),
      '1.1 การเคลื่อนไหวในช่วงเวลา',
      '1.2 สภาพของทรัพย์สินคงเหลือ ณ สิ้นช่วง',
      `8.1 ${PROBLEMS_TH.problems}`,
      `8.2 ${PROBLEMS_TH.correctiveAction}`,
      ...O23_DEFINITIONS_TH.map((d) => d.title),
    ].map(norm);
    for (const cut of [440, 480, 520]) {
      const f = januaryFigures();
      f.holdings = { ...f.holdings, rows: halfYearFigures().holdings.rows.slice(0, 28) };
      f.problems = { ...f.problems!, problems: PROBLEMS.slice(0, PROBLEMS.length - cut) };
      const file = join(dir, `orphan-${cut}.pdf`);
      writeFileSync(file, await renderO23Pdf(f, { ...ISSUED, thaiNumerals: false }));
      const pages = Number(/^Pages:\s+(\d+)$/m.exec(run('pdfinfo', [file]))?.[1]);
      for (let page = 1; page <= pages; page++) {
        const content = run('pdftotext', ['-layout', '-f', `${page}`, '-l', `${page}`, file, '-'])
          .split('\n')
          .filter((l) => l.trim() && !/หน้า [0-9]+\/[0-9]+$/.test(l.trim()));
        const last = norm(content[content.length - 1]);
        expect({ cut, page, last, heading: headings.includes(last) }).toEqual({ cut, page, last, heading: false });
      }
    }
  });

  it('draws no box: no U+200B, no replacement character, no .notdef glyph', () => {
    for (const t of Object.values(text)) {
      expect(t).not.toContain('\u200B');
      expect(t).not.toContain('\uFFFD');
    }
    for (const pdf of Object.values(pdfs)) {
      const glyphs = drawnGlyphIds(pdf);
      expect(glyphs.length).toBeGreaterThan(5000);
      // Sarabun has no U+200B: had one reached pdfkit it would be drawn as glyph 0, .notdef, a box.
      expect(glyphs).not.toContain('0000');
    }
  });

  it('issued: the status row names the issue, its time and the commander, who is named under the approval', () => {
    const all = norm(raw.arabic);
    expect(all).toContain(norm('ออกรายงานแล้ว ครั้งที่ 1 เมื่อ 3 กุมภาพันธ์ 2568 เวลา 09.30 น. โดย พ.ต.อ. สมชาย ใจดี'));
    expect(all).toContain(norm('(พ.ต.อ. สมชาย ใจดี)'));
    expect(all).toContain(norm('ตำแหน่ง ผู้กำกับการสถานีตำรวจภูธรเมืองตัวอย่าง'));
    expect(all).not.toContain(norm(DRAFT_WATERMARK_TH));
  });

  it('reissued: the whole reason is printed under the status', () => {
    expect(norm(raw.extreme)).toContain(norm(`ออกรายงานแล้ว ครั้งที่ ๒`));
    expect(norm(raw.extreme)).toContain(norm(REISSUE.reason!.replace(/[0-9]/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[Number(d)])));
  });

  it('a draft says so: the status row and a watermark on every page', async () => {
    const file = join(dir, 'draft.pdf');
    writeFileSync(file, await renderO23Pdf(figures, { generatedAt: GENERATED_AT, thaiNumerals: false }));
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(run('pdfinfo', [file]))?.[1]);
    expect(pages).toBeGreaterThan(3);
    for (let page = 1; page <= pages; page++) {
      expect({ page, draft: norm(run('pdftotext', ['-raw', '-f', `${page}`, '-l', `${page}`, file, '-'])).includes(norm(DRAFT_WATERMARK_TH)) }).toEqual({ page, draft: true });
    }
    expect(norm(run('pdftotext', ['-raw', file, '-']))).toContain(norm(DRAFT_TH));
  });
});
