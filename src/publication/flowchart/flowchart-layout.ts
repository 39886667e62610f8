import type { TextStyle } from '../../labels/thai-text.js';
import type { Flowchart, FlowchartNotes, FlowEdge, FlowNode } from './flowcharts.js';
import { type GridCell, placeOnGrid } from './flowchart-grid.js';
import { type Point, type Rect, routeEdges, type RouteBox } from './flowchart-routes.js';
import { placeLabel } from './flowchart-labels.js';
import { cutLines, lineHeight, type TextLine, textWidth, wrapThai } from './flowchart-text.js';

export type { Point, Rect } from './flowchart-routes.js';
export type { TextLine } from './flowchart-text.js';

/**
 * Where everything of one flowchart page goes, in points from the page's top-left corner: the header,
 * each node's box and the lines of its text, each arrow's path and label, the notes box. The renderer
 * only draws this; the tests compare it with the words pdftotext finds. Computed from the grid
 * (flowchart-grid.ts), the page size and the text — no coordinate is set by hand.
 */

export interface NodeLayout {
  node: FlowNode;
  cell: GridCell;
  box: Rect;
  /** The part of the box text may use (inside a decision's points, inside the padding). */
  textArea: Rect;
  lines: TextLine[];
}

export interface EdgeLayout {
  edge: FlowEdge;
  /** From the source box's border to the target box's border, where the arrowhead's point is. */
  points: Point[];
  label: { rect: Rect; line: TextLine } | null;
}

export interface TextBlock {
  rect: Rect;
  lines: TextLine[];
}

/** A small shape of the key to the shapes, and its name. */
export interface LegendItem {
  shape: FlowNode['shape'];
  rect: Rect;
  label: TextLine;
}

/** The notes box ("เงื่อนไขของสถานี"): `rect` is its frame; its lines (the key's names too) lie inside it. */
export interface NotesLayout extends TextBlock {
  legend: LegendItem[];
}

export interface FlowPageLayout {
  /** The chart's title, as the header prints it. */
  title: string;
  width: number;
  height: number;
  header: TextBlock;
  chart: Rect;
  nodes: NodeLayout[];
  edges: EdgeLayout[];
  notes: NotesLayout;
}

export interface FlowPageInput {
  chart: Flowchart;
  notes: FlowchartNotes;
  /** The station's name, then the line under the chart's title (settings version, date). */
  stationName: string;
  subtitle: string;
  /** "หน้า 1/2", in the station's digits. */
  pageLabel: string;
}

/** A4 landscape: a flow reads left to right, and four boxes abreast leave each box room for Thai lines. */
export const PAGE = { width: 841.89, height: 595.28 };
const MARGIN = 24;
/** Around the grid, for arrows going round it; between columns and rows, for arrows and their labels. */
const GRID_MARGIN = { x: 30, y: 18 };
/** How far from the boxes an arrow going round the grid's sides runs. */
const OUTER_TRACK = 22;
const COLUMN_GAP = 56;
const ROW_GAP = 36;
const PAD = { x: 7, y: 5 };
/** A decision's points: how far each reaches in from the box's side. */
export const DECISION_TIP = 12;
export const ROUND_RADIUS = 12;
const TITLE_GAP = 2;
/** Between a node's lines, when one wraps onto several: which words belong together. */
const LINE_GAP = 2;
const TEXT = { title: 12.5, body: 11, min: 7.5 };
const MIN_BOX_HEIGHT = 40;
const HEADER = { station: { fontSize: 14, bold: true }, title: { fontSize: 18, bold: true }, subtitle: { fontSize: 11, bold: false }, page: { fontSize: 10, bold: false } };
const NOTES = { title: { fontSize: 10, bold: true }, body: { fontSize: 9, bold: false }, pad: 5, columnGap: 18, bullet: '• ', gapAfter: 0.5 };
const LEGEND = { w: 20, h: 9, gap: 4, spacing: 12 };

/** One page: the header at the top, the notes box at the bottom, the chart on the grid between them. */
export function layoutFlowchartPage(input: FlowPageInput): FlowPageLayout {
  const header = headerBlock(input);
  const notes = notesBlock(input.notes);
  const top = header.rect.y + header.rect.h + 4;
  const chart = { x: MARGIN, y: top, w: PAGE.width - 2 * MARGIN, h: notes.rect.y - 6 - top };
  const nodes = layoutNodes(input.chart, chart);
  const edges = layoutEdges(input.chart, nodes, chart);
  return { title: input.chart.title, width: PAGE.width, height: PAGE.height, header, chart, nodes, edges, notes };
}

// ---- header and notes ------------------------------------------------------------------------------

function centred(text: string, y: number, style: TextStyle): TextLine {
  return { text, x: (PAGE.width - textWidth(text, style)) / 2, y, fontSize: style.fontSize, bold: style.bold ?? false };
}

function headerBlock(input: FlowPageInput): TextBlock {
  const lines: TextLine[] = [];
  let y = MARGIN;
  for (const [text, style] of [
    [input.stationName, HEADER.station],
    [input.chart.title, HEADER.title],
    [input.subtitle, HEADER.subtitle],
  ] as const) {
    lines.push(centred(text, y, style));
    y += lineHeight(style);
  }
  const page = HEADER.page;
  lines.push({ text: input.pageLabel, x: PAGE.width - MARGIN - textWidth(input.pageLabel, page), y: MARGIN, fontSize: page.fontSize, bold: false });
  return { rect: { x: MARGIN, y: MARGIN, w: PAGE.width - 2 * MARGIN, h: y - MARGIN }, lines };
}

/** The notes in two columns under a title (with the key to the shapes beside it), each item a bullet with its continuation lines indented. */
function notesBlock(notes: FlowchartNotes): NotesLayout {
  const inner = PAGE.width - 2 * MARGIN - 2 * NOTES.pad;
  const columnWidth = (inner - NOTES.columnGap) / 2;
  const bullet = textWidth(NOTES.bullet, NOTES.body);
  const body = lineHeight(NOTES.body);
  const items = notes.items.map((item) => wrapThai(item, columnWidth - bullet, NOTES.body));
  const heightOf = (part: string[][]) => part.reduce((n, l) => n + l.length * body + NOTES.gapAfter, 0);
  const columns = balancedColumns(items, heightOf);
  const height = NOTES.pad * 2 + lineHeight(NOTES.title) + Math.max(...columns.map(heightOf));
  const rect = { x: MARGIN, y: PAGE.height - MARGIN - height, w: PAGE.width - 2 * MARGIN, h: height };
  const lines: TextLine[] = [{ text: notes.title, x: rect.x + NOTES.pad, y: rect.y + NOTES.pad, fontSize: NOTES.title.fontSize, bold: true }];
  columns.forEach((column, c) => {
    const left = rect.x + NOTES.pad + c * (columnWidth + NOTES.columnGap);
    let y = rect.y + NOTES.pad + lineHeight(NOTES.title);
    for (const item of column) {
      item.forEach((text, k) => {
        lines.push({ text: k === 0 ? `${NOTES.bullet.trim()} ${text}` : text, x: left + (k === 0 ? 0 : bullet), y, fontSize: NOTES.body.fontSize, bold: false });
        y += body;
      });
      y += NOTES.gapAfter;
    }
  });
  const legend = legendItems(notes.legend, rect);
  return { rect, lines: [...lines, ...legend.map((l) => l.label)], legend };
}

/** The items in order, split in two where the taller column is shortest. */
function balancedColumns<T>(items: T[], heightOf: (part: T[]) => number): [T[], T[]] {
  let best: [T[], T[]] = [items, []];
  for (let k = 1; k < items.length; k++) {
    const split: [T[], T[]] = [items.slice(0, k), items.slice(k)];
    if (Math.max(...split.map(heightOf)) < Math.max(...best.map(heightOf))) best = split;
  }
  return best;
}

/** The key to the shapes, right-aligned on the notes' title line: a small shape, then its name. */
function legendItems(names: FlowchartNotes['legend'], notes: Rect): LegendItem[] {
  const style = NOTES.body;
  const h = lineHeight(style);
  let right = notes.x + notes.w - NOTES.pad;
  const items: LegendItem[] = [];
  for (const { shape, name } of [...names].reverse()) {
    const width = textWidth(name, style);
    const label = { text: name, x: right - width, y: notes.y + NOTES.pad, fontSize: style.fontSize, bold: false };
    const swatch = { x: label.x - LEGEND.gap - LEGEND.w, y: notes.y + NOTES.pad + (h - LEGEND.h) / 2, w: LEGEND.w, h: LEGEND.h };
    items.unshift({ shape, rect: swatch, label });
    right = swatch.x - LEGEND.spacing;
  }
  return items;
}

// ---- nodes -------------------------------------------------------------------------------------------

/** How far text stays from the box's sides: a decision's points, a rounded box's corners. */
function insetOf(shape: FlowNode['shape']): number {
  if (shape === 'decision') return DECISION_TIP + 3;
  if (shape === 'step') return PAD.x;
  return PAD.x + ROUND_RADIUS / 3;
}

interface Wrapped {
  title: string[];
  /** Each of the node's lines, wrapped. */
  body: string[][];
  height: number;
}

const styles = (scale: number) => ({ title: { fontSize: TEXT.title * scale, bold: true }, body: { fontSize: TEXT.body * scale, bold: false } });

/** Height of a title and of lines of text, with the gaps after the title and between the node's lines. */
function blockHeight(titleLines: number, body: number[], scale: number): number {
  const style = styles(scale);
  const lines = sum(body);
  return titleLines * lineHeight(style.title) + (lines ? TITLE_GAP + lines * lineHeight(style.body) + (body.length - 1) * LINE_GAP : 0);
}

function wrapNode(node: FlowNode, width: number, scale: number): Wrapped {
  const style = styles(scale);
  const title = wrapThai(node.title, width, style.title);
  const body = node.lines.map((l) => wrapThai(l, width, style.body));
  return { title, body, height: blockHeight(title.length, body.map((b) => b.length), scale) };
}

/** The grid's rows: the top of each and the height of its boxes. */
interface Rows {
  tops: number[];
  heights: number[];
}

/**
 * Boxes as wide as their column; each row as tall as its tallest text, at the largest font size (the
 * same in every box) at which all rows fit the chart's height. Half the height left over makes the
 * boxes taller, half goes between the rows. At the smallest size, rows share the height and lines
 * are cut rather than drawn over a box's edge.
 */
function layoutNodes(chart: Flowchart, area: Rect): NodeLayout[] {
  const { cols, rows, cells } = placeOnGrid(chart);
  const cellW = (area.w - 2 * GRID_MARGIN.x - (cols - 1) * COLUMN_GAP) / cols;
  const room = area.h - 2 * GRID_MARGIN.y - (rows - 1) * ROW_GAP;
  const widthOf = (n: FlowNode) => cellW - 2 * insetOf(n.shape);
  const rowNeeds = (scale: number) =>
    Array.from({ length: rows }, (_, r) => Math.max(MIN_BOX_HEIGHT, ...chart.nodes.filter((n) => cells.get(n.id)!.row === r).map((n) => wrapNode(n, widthOf(n), scale).height + 2 * PAD.y)));
  let scale = 1;
  while (scale * TEXT.body > TEXT.min && sum(rowNeeds(scale)) > room) scale -= 0.025;
  const geometry = rowGeometry(rowNeeds(scale), room, area.y + GRID_MARGIN.y);
  return chart.nodes.map((node) => {
    const cell = cells.get(node.id)!;
    const box = { x: area.x + GRID_MARGIN.x + cell.col * (cellW + COLUMN_GAP), y: geometry.tops[cell.row], w: cellW, h: geometry.heights[cell.row] };
    const inset = insetOf(node.shape);
    const textArea = { x: box.x + inset, y: box.y + PAD.y, w: box.w - 2 * inset, h: box.h - 2 * PAD.y };
    return { node, cell, box, textArea, lines: nodeLines(node, textArea, scale) };
  });
}

function sum(ns: number[]): number {
  return ns.reduce((a, b) => a + b, 0);
}

/** Row heights from what each row needs and the height there is: shared out when short, spread when spare. */
function rowGeometry(needs: number[], room: number, top: number): Rows {
  const spare = room - sum(needs);
  const heights = spare >= 0 ? needs.map((h) => h + spare / 2 / needs.length) : needs.map((h) => (h * room) / sum(needs));
  const gap = ROW_GAP + Math.max(0, spare) / 2 / (needs.length + 1);
  const tops: number[] = [];
  let y = top + gap - ROW_GAP;
  for (const h of heights) {
    tops.push(y);
    y += h + gap;
  }
  return { tops, heights };
}

/** The node's title (bold) and lines, centred in its text area; cut to fit at the smallest size. */
function nodeLines(node: FlowNode, area: Rect, scale: number): TextLine[] {
  const style = styles(scale);
  const wrapped = wrapNode(node, area.w, scale);
  const titleH = lineHeight(style.title);
  const bodyH = lineHeight(style.body);
  const title = cutLines(wrapped.title, Math.floor(area.h / titleH), area.w, style.title);
  const body = fitBody(wrapped.body, (groups) => blockHeight(title.length, groups.map((g) => g.length), scale) <= area.h, area.w, style.body);
  let y = area.y + (area.h - blockHeight(title.length, body.map((g) => g.length), scale)) / 2;
  const lines: TextLine[] = [];
  const place = (text: string, s: TextStyle) => lines.push({ text, x: area.x + (area.w - textWidth(text, s)) / 2, y, fontSize: s.fontSize, bold: s.bold ?? false });
  for (const t of title) {
    place(t, style.title);
    y += titleH;
  }
  y += TITLE_GAP;
  body.forEach((group, g) => {
    for (const t of group) {
      place(t, style.body);
      y += bodyH;
    }
    if (g < body.length - 1) y += LINE_GAP;
  });
  return lines;
}

/** The wrapped lines as they are, or cut to the most that fit (the last kept one ending in '…'). */
function fitBody(groups: string[][], fits: (groups: string[][]) => boolean, width: number, style: TextStyle): string[][] {
  if (fits(groups)) return groups;
  const flat = groups.flatMap((g, i) => g.map((text) => ({ text, i })));
  for (let keep = flat.length - 1; keep > 0; keep--) {
    const cut = cutLines(flat.map((l) => l.text), keep, width, style);
    const regrouped = groups.map((_, i) => cut.filter((_, k) => flat[k].i === i)).filter((g) => g.length > 0);
    if (fits(regrouped)) return regrouped;
  }
  return [];
}

// ---- edges -------------------------------------------------------------------------------------------

/**
 * The lines arrows may follow besides the boxes' own: down either side of the grid, and midway between
 * neighbouring rows and columns of boxes (above and below the grid, the boxes' stubs serve).
 */
function channels(nodes: NodeLayout[]): { xs: number[]; ys: number[] } {
  const boxes = nodes.map((n) => n.box);
  const lefts = [...new Set(boxes.map((b) => b.x))].sort((a, b) => a - b);
  const rows = [...new Map(boxes.map((b) => [b.y, b.y + b.h])).entries()].sort((a, b) => a[0] - b[0]);
  const { w } = boxes[0];
  const xs = [lefts[0] - OUTER_TRACK, ...lefts.slice(1).map((x, i) => (lefts[i] + w + x) / 2), lefts[lefts.length - 1] + w + OUTER_TRACK];
  const ys = rows.slice(1).map(([top], i) => (rows[i][1] + top) / 2);
  return { xs, ys };
}

/** Each edge's arrow, then its label beside it (labels placed in the edges' order, each clear of those before). */
function layoutEdges(chart: Flowchart, nodes: NodeLayout[], area: Rect): EdgeLayout[] {
  const boxes: RouteBox[] = nodes.map((n) => ({ id: n.node.id, rect: n.box, pointedSides: n.node.shape === 'decision', radius: n.node.shape === 'step' ? 0 : ROUND_RADIUS }));
  const paths = routeEdges(boxes, chart.edges, { bounds: area, channels: channels(nodes) });
  const placed: Rect[] = [];
  return chart.edges.map((edge, i) => {
    const label = edge.label ? placeLabel(edge.label, paths[i], { area, boxes: nodes.map((n) => n.box), paths, labels: placed }) : null;
    if (label) placed.push(label.rect);
    return { edge, points: paths[i], label };
  });
}
