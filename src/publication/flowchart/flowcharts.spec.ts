import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inkShare, overlappingWords, requireTool, run, type Word, words } from '../../../test/helpers/pdf-tools.js';
import type { StationSettings } from '../../stations/station-settings.js';
import { type StationRules, stationRules } from '../station-rules.js';
import type { FlowPageLayout, Rect } from './flowchart-layout.js';
import { flowchartPages, renderFlowchartPdf } from './flowchart-pdf.renderer.js';
import { evidenceFlowchart, type Flowchart, loanFlowchart } from './flowcharts.js';

const STATION = { code: 'BKM', nameTh: 'สถานีตำรวจนครบาลบึงกุ่ม', nameEn: 'Bueng Kum Metropolitan Police Station' };
const EFFECTIVE_AT = new Date('2025-10-01T09:00:00+07:00');

function rulesWith(settings: Partial<StationSettings> = {}, settingsVersion = 3): StationRules {
  return stationRules({ station: { ...STATION, settings, settingsVersion, effectiveAt: EFFECTIVE_AT }, signer: null });
}

/** Settings that make every text as long as it gets: more HIGH kinds, stricter approvals, Thai digits. */
const CROWDED: Partial<StationSettings> = {
  thaiNumerals: true,
  extraHighRiskKinds: ['electronics', 'document'],
  commanderOnlyLoans: ['PROPERTY', 'WEAPON', 'HIGH'],
  overdueEscalationDays: 12,
  samplingPercent: 35,
  evidenceReviewMonths: 18,
  weightToleranceGrams: 0.25,
};

/**
 * Text as pdftotext gives it back, comparable with what was drawn: NFKC (ำ reads back as ํา), without
 * whitespace (NBSP included) and without Thai vowel and tone marks, which it orders by position.
 */
const norm = (s: string) => s.normalize('NFKC').replace(/[\s\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]+/g, '');
const pageText = (file: string, page: number) => norm(run('pdftotext', ['-raw', '-f', `${page}`, '-l', `${page}`, file, '-']));
const nodeText = (chart: Flowchart, id: string) => {
  const node = chart.nodes.find((n) => n.id === id)!;
  return [node.title, ...node.lines].join('\n');
};
const charts = (rules: StationRules) => [loanFlowchart(rules), evidenceFlowchart(rules)];

/** Half a point: how far pdftotext's word boxes may stray from where the text was placed (rounding). */
const TOLERANCE = 0.5;
const within = (w: Word, r: Rect) => w.xMin >= r.x - TOLERANCE && w.xMax <= r.x + r.w + TOLERANCE && w.yMin >= r.y - TOLERANCE && w.yMax <= r.y + r.h + TOLERANCE;
const centreIn = (w: Word, r: Rect) => {
  const [x, y] = [(w.xMin + w.xMax) / 2, (w.yMin + w.yMax) / 2];
  return x > r.x && x < r.x + r.w && y > r.y && y < r.y + r.h;
};

describe('flowcharts as graphs', () => {
  const variants = { default: rulesWith(), crowded: rulesWith(CROWDED) };

  it.each(Object.entries(variants))('%s: one start, unique ids, every edge between existing nodes, every node reachable from the start', (_, rules) => {
    for (const chart of charts(rules)) {
      const ids = chart.nodes.map((n) => n.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(chart.nodes.filter((n) => n.shape === 'start')).toHaveLength(1);
      for (const e of chart.edges) expect({ edge: e, from: ids.includes(e.from), to: ids.includes(e.to) }).toEqual({ edge: e, from: true, to: true });
      const reached = new Set([chart.nodes.find((n) => n.shape === 'start')!.id]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const e of chart.edges) if (reached.has(e.from) && !reached.has(e.to)) grew = Boolean(reached.add(e.to));
      }
      expect([...reached].sort()).toEqual([...ids].sort());
    }
  });

  it('ends lead nowhere, every other node leads on, and each decision has labelled ways out', () => {
    for (const chart of charts(variants.default)) {
      for (const node of chart.nodes) {
        const out = chart.edges.filter((e) => e.from === node.id);
        if (node.shape === 'end') expect({ id: node.id, out: out.length }).toEqual({ id: node.id, out: 0 });
        else expect({ id: node.id, leadsOn: out.length > 0 }).toEqual({ id: node.id, leadsOn: true });
        if (node.shape === 'decision') expect({ id: node.id, labelled: out.length >= 2 && out.every((e) => e.label) }).toEqual({ id: node.id, labelled: true });
      }
    }
  });

  it('the approval node says who approves, from the rules the server enforces, and changes with commanderOnlyLoans', () => {
    const plain = nodeText(loanFlowchart(rulesWith()), 'approve');
    const property = nodeText(loanFlowchart(rulesWith({ commanderOnlyLoans: ['PROPERTY'] })), 'approve');
    const high = nodeText(loanFlowchart(rulesWith({ commanderOnlyLoans: ['HIGH'] })), 'approve');
    expect(plain).toContain('ของความเสี่ยงสูง ทรัพย์สินราชการ ของบริจาค นอกสถานที่: ผู้บังคับบัญชา');
    expect(plain).toContain('กรณีอื่น: หัวหน้างาน หรือผู้บังคับบัญชา');
    expect(property).toContain('ทรัพย์สินราชการ ทุกกรณี: ผู้บังคับบัญชา');
    expect(property).toContain('ของความเสี่ยงสูง ของบริจาค นอกสถานที่: ผู้บังคับบัญชา');
    expect(high).toContain('ของความเสี่ยงสูง ทุกกรณี: ผู้บังคับบัญชา');
    expect(high).toContain('ทรัพย์สินราชการ ของบริจาค นอกสถานที่: ผู้บังคับบัญชา');
    expect(new Set([plain, property, high]).size).toBe(3);
    const everything = nodeText(loanFlowchart(rulesWith({ commanderOnlyLoans: ['EVIDENCE', 'PROPERTY', 'WEAPON', 'DONATION'] })), 'approve');
    expect(everything).toContain('ทุกกรณี: ผู้บังคับบัญชา');
    expect(everything).not.toContain('หัวหน้างาน');
  });

  it('the overdue node states the escalation day of the settings (ข้อ 211), in Thai digits when asked', () => {
    expect(nodeText(loanFlowchart(rulesWith({ overdueEscalationDays: 7 })), 'overdue')).toContain('ครบ 7 วันหลังกำหนดคืน');
    const twelve = nodeText(loanFlowchart(rulesWith({ overdueEscalationDays: 12 })), 'overdue');
    expect(twelve).toContain('ครบ 12 วันหลังกำหนดคืน');
    expect(twelve).not.toContain('7');
    expect(nodeText(loanFlowchart(rulesWith({ overdueEscalationDays: 12, thaiNumerals: true })), 'overdue')).toContain('ครบ ๑๒ วันหลังกำหนดคืน');
  });

  it('the evidence chart carries the station code, its HIGH kinds, sample share, review months and weight tolerance', () => {
    const chart = evidenceFlowchart(rulesWith({ extraHighRiskKinds: ['electronics'], samplingPercent: 35, evidenceReviewMonths: 18, weightToleranceGrams: 0.25 }));
    // Registered in the Buddhist-era year 2568: codes BKM-EV68-…
    expect(nodeText(chart, 'intake')).toContain('BKM-EV68-000001');
    for (const kind of ['อาวุธปืน', 'เครื่องกระสุน', 'เงินสด', 'ยาเสพติด', 'ทรัพย์มีค่า', 'ยานพาหนะ', 'อุปกรณ์อิเล็กทรอนิกส์']) expect(nodeText(chart, 'intake')).toContain(kind);
    expect(nodeText(chart, 'storage')).toContain('สุ่ม 35%');
    expect(nodeText(chart, 'timers')).toContain('ครบ 18 เดือน');
    expect(nodeText(chart, 'receiveBack')).toContain('0.25 กรัม');
    // Thai digits for figures, never inside the code.
    const thai = evidenceFlowchart(rulesWith({ thaiNumerals: true }));
    expect(nodeText(thai, 'intake')).toContain('BKM-EV68-000001');
    expect(nodeText(thai, 'timers')).toContain('ครบ ๑๒ เดือน');
  });
});

describe('flowchart layout', () => {
  const layouts: Record<string, FlowPageLayout[]> = { default: flowchartPages(rulesWith()), crowded: flowchartPages(rulesWith(CROWDED)) };
  const inside = (p: { x: number; y: number }, r: Rect) => p.x > r.x + 0.01 && p.x < r.x + r.w - 0.01 && p.y > r.y + 0.01 && p.y < r.y + r.h - 0.01;
  const onBorder = (p: { x: number; y: number }, r: Rect) =>
    p.x >= r.x - 0.01 && p.x <= r.x + r.w + 0.01 && p.y >= r.y - 0.01 && p.y <= r.y + r.h + 0.01 && !inside(p, r);

  it.each(Object.keys(layouts))('%s: arrows run from box to box, level or upright, through no box, none along another', (name) => {
    for (const page of layouts[name]) {
      const box = (id: string) => page.nodes.find((n) => n.node.id === id)!.box;
      const runs: { a: { x: number; y: number }; b: { x: number; y: number }; edge: number }[] = [];
      page.edges.forEach(({ edge, points }, i) => {
        expect({ edge, starts: onBorder(points[0], box(edge.from)), ends: onBorder(points[points.length - 1], box(edge.to)) }).toEqual({ edge, starts: true, ends: true });
        for (let k = 1; k < points.length; k++) {
          const [a, b] = [points[k - 1], points[k]];
          expect({ edge, upright: Math.abs(a.x - b.x) < 0.01 || Math.abs(a.y - b.y) < 0.01 }).toEqual({ edge, upright: true });
          runs.push({ a, b, edge: i });
          // Sampled every point along the run: never inside a box.
          const length = Math.hypot(b.x - a.x, b.y - a.y);
          for (let t = 0; t <= length; t += 1) {
            const p = { x: a.x + ((b.x - a.x) * t) / length, y: a.y + ((b.y - a.y) * t) / length };
            const through = page.nodes.filter((n) => inside(p, n.box)).map((n) => n.node.id);
            expect({ edge, through }).toEqual({ edge, through: [] });
          }
        }
      });
      for (const [i, r] of runs.entries()) {
        for (const s of runs.slice(i + 1)) {
          if (s.edge === r.edge) continue;
          const level = (q: typeof r) => Math.abs(q.a.y - q.b.y) < 0.01;
          if (level(r) !== level(s)) continue;
          const [along, across] = level(r) ? (['x', 'y'] as const) : (['y', 'x'] as const);
          const shared = Math.min(Math.max(r.a[along], r.b[along]), Math.max(s.a[along], s.b[along])) - Math.max(Math.min(r.a[along], r.b[along]), Math.min(s.a[along], s.b[along]));
          expect({ edges: [r.edge, s.edge], alongEachOther: Math.abs(r.a[across] - s.a[across]) < 1 && shared > 1 }).toEqual({ edges: [r.edge, s.edge], alongEachOther: false });
        }
      }
    }
  });

  it.each(Object.keys(layouts))('%s: labels sit beside their own arrow, clear of every box, arrow and other label; everything inside the chart area', (name) => {
    const overlap = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    const contains = (outer: Rect, r: Rect) => r.x >= outer.x && r.y >= outer.y && r.x + r.w <= outer.x + outer.w && r.y + r.h <= outer.y + outer.h;
    for (const page of layouts[name]) {
      const labels = page.edges.flatMap((e) => (e.label ? [{ edge: e.edge, rect: e.label.rect }] : []));
      expect(labels).toHaveLength(page.edges.filter((e) => e.edge.label).length);
      const runRect = (a: { x: number; y: number }, b: { x: number; y: number }): Rect => ({ x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) });
      const runs = (points: { x: number; y: number }[]) => points.slice(1).map((b, k) => runRect(points[k], b));
      for (const [i, l] of labels.entries()) {
        expect({ edge: l.edge, boxes: page.nodes.filter((n) => overlap(l.rect, n.box)).map((n) => n.node.id) }).toEqual({ edge: l.edge, boxes: [] });
        // No arrow through a label; each label within a few points of its own arrow.
        expect({ edge: l.edge, crossedBy: page.edges.filter((e) => runs(e.points).some((r) => overlap(l.rect, r))).map((e) => e.edge) }).toEqual({ edge: l.edge, crossedBy: [] });
        const own = page.edges.find((e) => e.edge === l.edge)!;
        const near = { x: l.rect.x - 4, y: l.rect.y - 4, w: l.rect.w + 8, h: l.rect.h + 8 };
        expect({ edge: l.edge, besideItsArrow: runs(own.points).some((r) => overlap(near, { ...r, w: Math.max(r.w, 0.01), h: Math.max(r.h, 0.01) })) }).toEqual({ edge: l.edge, besideItsArrow: true });
        expect({ edge: l.edge, labels: labels.slice(i + 1).filter((m) => overlap(l.rect, m.rect)).map((m) => m.edge) }).toEqual({ edge: l.edge, labels: [] });
        expect({ edge: l.edge, inChart: contains(page.chart, l.rect) }).toEqual({ edge: l.edge, inChart: true });
      }
      for (const n of page.nodes) expect({ id: n.node.id, inChart: contains(page.chart, n.box), textInBox: contains(n.box, n.textArea) }).toEqual({ id: n.node.id, inChart: true, textInBox: true });
      expect(page.chart.y).toBeGreaterThanOrEqual(page.header.rect.y + page.header.rect.h);
      expect(page.chart.y + page.chart.h).toBeLessThanOrEqual(page.notes.rect.y);
    }
  });

  it('the crowded settings still fit: no line cut short', () => {
    for (const page of layouts.crowded) for (const n of page.nodes) for (const l of n.lines) expect(l.text.endsWith('…')).toBe(false);
  });
});

describe('flowchart PDF', () => {
  let dir: string;
  const files: Record<string, string> = {};
  const bytes: Record<string, Buffer> = {};
  const rules: Record<string, StationRules> = { default: rulesWith(), crowded: rulesWith(CROWDED) };

  beforeAll(async () => {
    for (const tool of ['pdftotext', 'pdfinfo', 'pdffonts', 'pdftoppm']) requireTool(tool);
    dir = mkdtempSync(join(tmpdir(), 'khlang-flowchart-'));
    for (const [name, r] of Object.entries(rules)) {
      bytes[name] = await renderFlowchartPdf(r);
      files[name] = join(dir, `${name}.pdf`);
      writeFileSync(files[name], bytes[name]);
    }
  });
  afterAll(() => {
    if (dir && !process.env.KEEP_FLOWCHART_PDF) rmSync(dir, { recursive: true, force: true });
    else if (dir) console.log(`flowchart PDFs kept in ${dir}`);
  });

  it.each(Object.keys(rules))('%s: two A4 landscape pages, Sarabun embedded and no other font, created when the settings took effect', (name) => {
    const info = run('pdfinfo', [files[name]]);
    expect(info).toMatch(/^Pages:\s+2$/m);
    expect(info).toMatch(/^Page size:\s+841\.89 x 595\.28 pts \(A4\)$/m);
    const fonts = run('pdffonts', [files[name]]).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+Sarabun-(Regular|Bold)\s.*\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
    expect(run('pdfinfo', ['-isodates', files[name]])).toMatch(/^CreationDate:\s+2025-10-01T02:00:00Z$/m);
  });

  it.each(Object.keys(rules))('%s: each page has the station, its chart title, the settings version and every node title', (name) => {
    const pages = flowchartPages(rules[name]);
    pages.forEach((page, i) => {
      const text = pageText(files[name], i + 1);
      const title = i === 0 ? loanFlowchart(rules[name]).title : evidenceFlowchart(rules[name]).title;
      for (const s of [STATION.nameTh, title, page.header.lines[2].text, page.notes.lines[0].text]) expect({ page: i + 1, s, found: text.includes(norm(s)) }).toEqual({ page: i + 1, s, found: true });
      for (const n of page.nodes) expect({ page: i + 1, title: n.node.title, found: text.includes(norm(n.node.title)) }).toEqual({ page: i + 1, title: n.node.title, found: true });
    });
    expect(pageText(files[name], 1)).toContain(norm(name === 'crowded' ? 'ตามการตั้งค่าฉบับที่ ๓' : 'ตามการตั้งค่าฉบับที่ 3'));
  });

  it.each(Object.keys(rules))('%s: every word of a node lies inside its box, each label beside its arrow, the rest in the header or the notes', (name) => {
    const pages = flowchartPages(rules[name]);
    const all = words(files[name]);
    expect(all.length).toBeGreaterThan(150);
    pages.forEach((page, i) => {
      const onPage = all.filter((w) => w.page === i + 1);
      for (const n of page.nodes) {
        const mine = onPage.filter((w) => centreIn(w, n.box));
        expect({ id: n.node.id, outside: mine.filter((w) => !within(w, n.textArea)).map((w) => w.text) }).toEqual({ id: n.node.id, outside: [] });
        // What lies in the box is exactly the node's lines, in order.
        expect({ id: n.node.id, text: norm(mine.map((w) => w.text).join('')) }).toEqual({ id: n.node.id, text: norm(n.lines.map((l) => l.text).join('')) });
      }
      const regions = [page.header.rect, page.notes.rect, ...page.nodes.map((n) => n.textArea), ...page.edges.flatMap((e) => (e.label ? [e.label.rect] : []))];
      expect({ page: i + 1, stray: onPage.filter((w) => !regions.some((r) => within(w, r))).map((w) => w.text) }).toEqual({ page: i + 1, stray: [] });
      for (const e of page.edges.filter((e) => e.label)) {
        expect({ edge: e.edge, text: norm(onPage.filter((w) => centreIn(w, e.label!.rect)).map((w) => w.text).join('')) }).toEqual({ edge: e.edge, text: norm(e.edge.label!) });
      }
    });
  });

  it.each(Object.keys(rules))('%s: no word drawn over another', (name) => {
    expect(overlappingWords(words(files[name]))).toEqual([]);
  });

  it('the same rules give the same bytes; another setting gives other bytes', async () => {
    expect((await renderFlowchartPdf(rulesWith())).equals(bytes.default)).toBe(true);
    expect((await renderFlowchartPdf(rulesWith({ overdueEscalationDays: 8 }))).equals(bytes.default)).toBe(false);
  });

  it('both pages render to an image with ink on it', () => {
    for (const page of [1, 2]) expect(inkShare(files.default, page, dir)).toBeGreaterThan(0.02);
  });
});
