import { SARABUN } from '../../labels/sarabun-font.js';
import { renderSarabunPdf } from '../../labels/sarabun-pdf.js';
import { thaiToUnicodeSeed } from '../../labels/thai-text.js';
import { thaiDate } from '../../reports/thai-dates.js';
import type { StationRules } from '../station-rules.js';
import { DECISION_TIP, type FlowPageLayout, layoutFlowchartPage, PAGE, type Point, type Rect, ROUND_RADIUS, type TextLine } from './flowchart-layout.js';
import { stationDigits } from './flowchart-wording.js';
import { evidenceFlowchart, evidenceNotes, type FlowNode, loanFlowchart, loanNotes } from './flowcharts.js';

type Node = Record<string, unknown>;
type Vector = Record<string, unknown>;

const INK = '#222222';
const FILL = { start: '#e3efe0', end: '#e3efe0', decision: '#fff3d1', step: '#ffffff', notes: '#f4f4f4', label: '#ffffff' } as const;
const LINE = { box: 0.9, arrow: 0.9, notes: 0.6 };
const ARROW = { length: 7, halfWidth: 3.2 };
/** The key's shapes are the boxes' shapes drawn small. */
const KEY_SCALE = 0.35;

/**
 * The two pages' layouts — the loan flow, then the evidence flow — exactly as `renderFlowchartPdf`
 * draws them (the tests compare them with the words in the PDF).
 */
export function flowchartPages(rules: StationRules): FlowPageLayout[] {
  const d = stationDigits(rules);
  const subtitle = d(`ตามการตั้งค่าฉบับที่ ${rules.settingsVersion} มีผลตั้งแต่วันที่ ${thaiDate(rules.effectiveAt)} · ITA ${rules.settings.itaItemNumber}`);
  const charts = [
    { chart: loanFlowchart(rules), notes: loanNotes(rules) },
    { chart: evidenceFlowchart(rules), notes: evidenceNotes(rules) },
  ];
  return charts.map(({ chart, notes }, i) => layoutFlowchartPage({ chart, notes, stationName: rules.station.nameTh, subtitle, pageLabel: d(`หน้า ${i + 1}/${charts.length}`) }));
}

/**
 * The station's flowcharts as a PDF for its O23 publication: page 1 the loan flow, page 2 the evidence
 * flow, A4 landscape in Sarabun, every Thai word generated from the station's rules. The creation date
 * is the day the settings took effect, so the same rules give byte-identical files (the public page
 * lists their hash).
 */
export function renderFlowchartPdf(rules: StationRules): Promise<Buffer> {
  const pages = flowchartPages(rules);
  const title = pages.map((p) => p.title).join(' / ');
  return renderSarabunPdf({
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [0, 0, 0, 0],
    language: 'th-TH',
    info: { title, author: rules.station.nameTh, subject: `ITA ${rules.settings.itaItemNumber}`, creator: 'Khlang', producer: 'Khlang', creationDate: rules.effectiveAt },
    defaultStyle: { font: SARABUN, lineHeight: 1, color: INK },
    content: [...thaiToUnicodeSeed(SARABUN), ...pages.flatMap((page, i) => pageContent(page, i > 0))],
  });
}

/** One page: every vector in one canvas at the page's origin, then every line of text at its place. */
function pageContent(page: FlowPageLayout, breakBefore: boolean): Node[] {
  const vectors = [
    ...frames(page),
    ...page.notes.legend.flatMap((l) => shape(l.shape, l.rect, KEY_SCALE)),
    ...page.nodes.flatMap((n) => shape(n.node.shape, n.box)),
    ...page.edges.flatMap((e) => [...arrow(e.points), ...(e.label ? [labelBackground(e.label.rect)] : [])]),
  ];
  const texts = [...page.header.lines, ...page.nodes.flatMap((n) => n.lines), ...page.edges.flatMap((e) => (e.label ? [e.label.line] : [])), ...page.notes.lines];
  return [{ canvas: vectors, absolutePosition: { x: 0, y: 0 }, ...(breakBefore ? { pageBreak: 'before' } : {}) }, ...texts.map(text)];
}

function text(line: TextLine): Node {
  return { text: line.text, absolutePosition: { x: line.x, y: line.y }, fontSize: line.fontSize, bold: line.bold, noWrap: true };
}

/** A rule under the header, and the notes box. */
function frames(page: FlowPageLayout): Vector[] {
  const r = page.notes.rect;
  const rule = { type: 'line', x1: page.header.rect.x, y1: page.chart.y, x2: PAGE.width - page.header.rect.x, y2: page.chart.y, lineWidth: 0.5, lineColor: '#999999' };
  return [rule, { type: 'rect', ...r, r: 4, color: FILL.notes, lineColor: '#888888', lineWidth: LINE.notes }];
}

/** Rounded for start and end, a six-sided point-ended box for a decision, square for a step. */
function shape(kind: FlowNode['shape'], box: Rect, scale = 1): Vector[] {
  const { x, y, w, h } = box;
  const style = { color: FILL[kind], lineColor: INK, lineWidth: LINE.box * Math.max(scale, 0.7) };
  switch (kind) {
    case 'decision': {
      const tip = DECISION_TIP * scale;
      const points = [
        { x: x + tip, y },
        { x: x + w - tip, y },
        { x: x + w, y: y + h / 2 },
        { x: x + w - tip, y: y + h },
        { x: x + tip, y: y + h },
        { x, y: y + h / 2 },
      ];
      return [{ type: 'polyline', points, closePath: true, lineJoin: 'round', ...style }];
    }
    case 'step':
      return [{ type: 'rect', x, y, w, h, ...style }];
    default:
      return [{ type: 'rect', x, y, w, h, r: ROUND_RADIUS * scale, ...style, lineWidth: style.lineWidth * 1.4 }];
  }
}

/** The path stopped short of the target, and a filled head whose point touches the box. */
function arrow(points: Point[]): Vector[] {
  const tip = points[points.length - 1];
  const before = points[points.length - 2];
  const len = Math.hypot(tip.x - before.x, tip.y - before.y) || 1;
  const [ux, uy] = [(tip.x - before.x) / len, (tip.y - before.y) / len];
  const base = { x: tip.x - ux * ARROW.length, y: tip.y - uy * ARROW.length };
  const line = [...points.slice(0, -1), { x: base.x + ux * 0.5, y: base.y + uy * 0.5 }];
  const head = [tip, { x: base.x - uy * ARROW.halfWidth, y: base.y + ux * ARROW.halfWidth }, { x: base.x + uy * ARROW.halfWidth, y: base.y - ux * ARROW.halfWidth }];
  return [
    { type: 'polyline', points: line, lineColor: INK, lineWidth: LINE.arrow, lineJoin: 'round' },
    { type: 'polyline', points: head, closePath: true, color: INK },
  ];
}

function labelBackground(r: Rect): Vector {
  return { type: 'rect', ...r, color: FILL.label };
}
