import type { Point, Rect } from './flowchart-routes.js';
import { lineHeight, type TextLine, textWidth } from './flowchart-text.js';

/**
 * Where an arrow's label goes ("อนุมัติ", "ไม่ใช่"): beside its own arrow, as near the arrow's start as
 * it fits, and over nothing — no box, no arrow, no other label — so a reader can tell which way each
 * label belongs to.
 */

/** Labels are drawn at the first of these sizes at which one fits beside its arrow. */
const SIZES = [9.5, 8.5, 7.5];
/** Room around the label's text (its white background). */
const PAD = 1.5;
/** From the label to its arrow's line, and to the boxes. */
const GAP = 2;
const BOX_CLEARANCE = 2;
/** How far along a run the candidate places step. */
const STEP = 4;

export interface LabelObstacles {
  /** The chart's area: a label stays inside it. */
  area: Rect;
  boxes: Rect[];
  paths: Point[][];
  /** Labels placed before this one. */
  labels: Rect[];
}

/** The label's frame (its background) and its line of text, beside `path`, clear of the obstacles; smaller if it fits nowhere at full size. */
export function placeLabel(text: string, path: Point[], obstacles: LabelObstacles): { rect: Rect; line: TextLine } {
  let fallback: { rect: Rect; fontSize: number } | undefined;
  for (const fontSize of SIZES) {
    const style = { fontSize, bold: false };
    const candidates = candidatesAlong(path, textWidth(text, style) + 2 * PAD, lineHeight(style));
    const rect = candidates.find((r) => isClear(r, obstacles));
    fallback ??= { rect: candidates[0], fontSize };
    if (rect) return labelAt(text, rect, fontSize);
  }
  return labelAt(text, fallback!.rect, fallback!.fontSize);
}

function labelAt(text: string, rect: Rect, fontSize: number): { rect: Rect; line: TextLine } {
  return { rect, line: { text, x: rect.x + PAD, y: rect.y, fontSize, bold: false } };
}

function isClear(r: Rect, { area, boxes, paths, labels }: LabelObstacles): boolean {
  const inArea = r.x >= area.x && r.y >= area.y && r.x + r.w <= area.x + area.w && r.y + r.h <= area.y + area.h;
  return (
    inArea &&
    !boxes.some((b) => overlaps(r, grow(b, BOX_CLEARANCE))) &&
    !labels.some((l) => overlaps(r, l)) &&
    !paths.some((p) => p.some((a, k) => k > 0 && overlaps(r, grow(segmentRect(p[k - 1], a), 1))))
  );
}

/** Places along the path from its start, every few points, on either side of each run: above or below a level one, right or left of an upright one. */
function candidatesAlong(path: Point[], w: number, h: number): Rect[] {
  const out: Rect[] = [];
  for (let k = 1; k < path.length; k++) {
    const [a, b] = [path[k - 1], path[k]];
    const length = Math.abs(b.x - a.x) + Math.abs(b.y - a.y);
    const level = Math.abs(a.y - b.y) < 0.01;
    for (let s = STEP; s + (level ? w : h) <= length - STEP; s += STEP) {
      if (level) {
        const x = b.x > a.x ? a.x + s : a.x - s - w;
        out.push({ x, y: a.y - GAP - h, w, h }, { x, y: a.y + GAP, w, h });
      } else {
        const y = b.y > a.y ? a.y + s : a.y - s - h;
        out.push({ x: a.x + GAP + 1, y, w, h }, { x: a.x - GAP - 1 - w, y, w, h });
      }
    }
  }
  if (out.length === 0) out.push({ x: path[0].x + 3, y: path[0].y + 3, w, h });
  return out;
}

function segmentRect(a: Point, b: Point): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

function grow(r: Rect, by: number): Rect {
  return { x: r.x - by, y: r.y - by, w: r.w + 2 * by, h: r.h + 2 * by };
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
