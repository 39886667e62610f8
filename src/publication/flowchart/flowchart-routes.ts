/**
 * Arrows between the boxes of a flowchart: orthogonal paths that never pass through a box, found by a
 * shortest-path search on a lattice of lines (the boxes' port lines, the stubs just outside them and
 * the channels between rows and columns). A path pays for its length, each bend, leaving a box off
 * the middle of a side, crossing an earlier arrow and — much more — running along one, so arrows stay
 * apart and readable. Deterministic: same boxes, same arrows.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface RouteBox {
  id: string;
  rect: Rect;
  /** A decision (hexagon) has one port on its left and right sides: the point. */
  pointedSides: boolean;
  /** Corner radius of a rounded box: no side port inside the curve. */
  radius: number;
}

export interface RouteRequest {
  from: string;
  to: string;
}

export interface RouteArea {
  /** Where paths may run. */
  bounds: Rect;
  /** Lines between rows and columns (and around the grid) that paths may follow. */
  channels: { xs: number[]; ys: number[] };
}

/** How far a path leaves a box straight before it may turn (room for the arrowhead). */
export const STUB = 12;
/** No path runs closer than this to a box it does not start or end at. */
const CLEARANCE = 5;
const BEND = 24;
const OFF_CENTRE_PORT = 10;
const CROSSING = 60;
const OVERLAP = 600;

type Dir = 0 | 1 | 2 | 3; // right, down, left, up
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];
const axisOf = (d: Dir) => (d % 2 === 0 ? 'h' : 'v');
const opposite = (d: Dir) => ((d + 2) % 4) as Dir;

interface Port {
  box: string;
  /** The way out of the box. */
  side: Dir;
  centred: boolean;
  at: Point;
  stub: Point;
}

interface Lattice {
  points: Point[];
  index: Map<string, number>;
  /** For each point, its neighbour in each direction (or -1). */
  next: Int32Array;
}

const key = (p: Point) => `${round(p.x)},${round(p.y)}`;
const round = (n: number) => Math.round(n * 100) / 100;

/** The places an arrow may leave or enter a box: the middle of each side, and a quarter either way where the shape allows. */
function portsOf(box: RouteBox): Port[] {
  const { x, y, w, h } = box.rect;
  const cx = x + w / 2;
  const cy = y + h / 2;
  const ports: Port[] = [];
  const add = (side: Dir, exact: Point, centred: boolean) => {
    const at = { x: round(exact.x), y: round(exact.y) };
    ports.push({ box: box.id, side, centred, at, stub: { x: at.x + DX[side] * STUB, y: at.y + DY[side] * STUB } });
  };
  const sideOffsets = box.pointedSides || h / 4 <= box.radius + 2 ? [0] : [0, -h / 4, h / 4];
  for (const o of [0, -w / 4, w / 4]) {
    add(1, { x: cx + o, y: y + h }, o === 0);
    add(3, { x: cx + o, y }, o === 0);
  }
  for (const o of sideOffsets) {
    add(0, { x: x + w, y: cy + o }, o === 0);
    add(2, { x, y: cy + o }, o === 0);
  }
  return ports;
}

function inflate(r: Rect, by: number): Rect {
  return { x: r.x - by, y: r.y - by, w: r.w + 2 * by, h: r.h + 2 * by };
}

function inside(p: Point, r: Rect): boolean {
  return p.x > r.x && p.x < r.x + r.w && p.y > r.y && p.y < r.y + r.h;
}

/** Whether the axis-parallel segment a–b passes through the inside of `r`. */
function crossesRect(a: Point, b: Point, r: Rect): boolean {
  const [x1, x2] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
  const [y1, y2] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
  return x2 > r.x && x1 < r.x + r.w && y2 > r.y && y1 < r.y + r.h;
}

function buildLattice(boxes: RouteBox[], ports: Port[], area: RouteArea): Lattice {
  const keep = boxes.map((b) => inflate(b.rect, CLEARANCE));
  const unique = (ns: number[]) => [...new Set(ns.map(round))].sort((a, b) => a - b);
  const xs = unique([...area.channels.xs, ...ports.map((p) => p.stub.x)]);
  const ys = unique([...area.channels.ys, ...ports.map((p) => p.stub.y)]);
  const b = area.bounds;
  const points: Point[] = [];
  const index = new Map<string, number>();
  for (const y of ys) {
    for (const x of xs) {
      const p = { x, y };
      if (x < b.x || x > b.x + b.w || y < b.y || y > b.y + b.h || keep.some((r) => inside(p, r))) continue;
      index.set(key(p), points.length);
      points.push(p);
    }
  }
  const next = new Int32Array(points.length * 4).fill(-1);
  const link = (line: number[], along: (v: number) => Point, forward: Dir) => {
    const onLine = line.map(along).filter((p) => index.has(key(p)));
    for (let i = 0; i + 1 < onLine.length; i++) {
      const [a, c] = [onLine[i], onLine[i + 1]];
      if (keep.some((r) => crossesRect(a, c, r))) continue;
      const [ia, ic] = [index.get(key(a))!, index.get(key(c))!];
      next[ia * 4 + forward] = ic;
      next[ic * 4 + opposite(forward)] = ia;
    }
  };
  for (const y of ys) link(xs, (x) => ({ x, y }), 0);
  for (const x of xs) link(ys, (y) => ({ x, y }), 1);
  return { points, index, next };
}

/** A small binary heap of search states, ties broken by insertion order (so the search is deterministic). */
class Queue {
  private items: { cost: number; seq: number; state: number }[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  push(cost: number, state: number): void {
    const items = this.items;
    items.push({ cost, seq: this.seq++, state });
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop(): { cost: number; state: number } {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length) {
      items[0] = last;
      for (let i = 0; ; ) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let m = i;
        if (l < items.length && this.less(items[l], items[m])) m = l;
        if (r < items.length && this.less(items[r], items[m])) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m], items[i]];
        i = m;
      }
    }
    return top;
  }

  private less(a: { cost: number; seq: number }, b: { cost: number; seq: number }): boolean {
    return a.cost < b.cost || (a.cost === b.cost && a.seq < b.seq);
  }
}

/** The arrows' paths, in the order of `requests`: each from a port of its source box to a port of its target box. */
export function routeEdges(boxes: RouteBox[], requests: RouteRequest[], area: RouteArea): Point[][] {
  const ports = boxes.flatMap(portsOf);
  const lattice = buildLattice(boxes, ports, area);
  const used = new Set<Port>();
  /** Axes ('h', 'v') of earlier paths through each lattice point. */
  const occupied = new Map<number, Set<string>>();
  const centre = (id: string) => {
    const r = boxes.find((b) => b.id === id)!.rect;
    return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
  };
  const distance = (r: RouteRequest) => Math.abs(centre(r.from).x - centre(r.to).x) + Math.abs(centre(r.from).y - centre(r.to).y);
  // Short arrows first: neighbours get the straight, central ports; long ones go around them.
  const order = requests.map((_, i) => i).sort((a, b) => distance(requests[a]) - distance(requests[b]) || a - b);
  const paths: Point[][] = [];
  for (const i of order) {
    const { from, to } = requests[i];
    const route = search(lattice, ports.filter((p) => p.box === from && !used.has(p)), ports.filter((p) => p.box === to && !used.has(p)), occupied);
    if (!route) {
      paths[i] = [centre(from), centre(to)];
      continue;
    }
    used.add(route.out);
    used.add(route.in);
    occupy(occupied, lattice, route.via, axisOf(route.out.side), axisOf(route.in.side));
    paths[i] = simplify([route.out.at, ...route.via.map((n) => lattice.points[n]), route.in.at]);
  }
  return paths;
}

/** Marks the lattice points of a path with the axes it runs along there (the stubs with their port's axis too). */
function occupy(occupied: Map<number, Set<string>>, lattice: Lattice, via: number[], outAxis: string, inAxis: string): void {
  via.forEach((n, k) => {
    const axes = occupied.get(n) ?? new Set<string>();
    for (const other of [via[k - 1], via[k + 1]]) {
      if (other === undefined) continue;
      const [a, b] = [lattice.points[n], lattice.points[other]];
      axes.add(a.y === b.y ? 'h' : 'v');
    }
    if (k === 0) axes.add(outAxis);
    if (k === via.length - 1) axes.add(inAxis);
    occupied.set(n, axes);
  });
}

interface Found {
  out: Port;
  in: Port;
  via: number[];
}

/** Dijkstra over (lattice point, heading): from any free port of the source to any free port of the target. */
function search(lattice: Lattice, outs: Port[], ins: Port[], occupied: Map<number, Set<string>>): Found | null {
  const n = lattice.points.length;
  const best = new Float64Array(n * 4).fill(Infinity);
  const back = new Int32Array(n * 4).fill(-1);
  const startPort = new Map<number, Port>();
  const queue = new Queue();
  const cross = (point: number, d: Dir) => {
    const axes = occupied.get(point);
    if (!axes) return 0;
    return axes.has(axisOf(d)) ? OVERLAP : CROSSING;
  };
  for (const port of outs) {
    const p = lattice.index.get(key(port.stub));
    if (p === undefined) continue;
    const state = p * 4 + port.side;
    const cost = STUB + (port.centred ? 0 : OFF_CENTRE_PORT) + cross(p, port.side);
    if (cost < best[state]) {
      best[state] = cost;
      startPort.set(state, port);
      queue.push(cost, state);
    }
  }
  const goals = new Map<number, Port[]>();
  for (const port of ins) {
    const p = lattice.index.get(key(port.stub));
    if (p !== undefined) goals.set(p, [...(goals.get(p) ?? []), port]);
  }
  let found: { cost: number; state: number; port: Port } | null = null;
  while (queue.size) {
    const { cost, state } = queue.pop();
    if (cost > best[state] || (found && cost >= found.cost)) continue;
    const point = state >> 2;
    const heading = (state & 3) as Dir;
    for (const port of goals.get(point) ?? []) {
      const inward = opposite(port.side);
      if (heading === port.side) continue; // would turn back on itself into the box
      const total = cost + STUB + (heading === inward ? 0 : BEND) + (port.centred ? 0 : OFF_CENTRE_PORT);
      if (!found || total < found.cost) found = { cost: total, state, port };
    }
    for (const d of [0, 1, 2, 3] as Dir[]) {
      if (d === opposite(heading)) continue;
      const to = lattice.next[point * 4 + d];
      if (to < 0) continue;
      const a = lattice.points[point];
      const b = lattice.points[to];
      const step = Math.abs(a.x - b.x) + Math.abs(a.y - b.y) + (d === heading ? 0 : BEND) + cross(to, d);
      const next = to * 4 + d;
      if (cost + step < best[next]) {
        best[next] = cost + step;
        back[next] = state;
        queue.push(cost + step, next);
      }
    }
  }
  if (!found) return null;
  const via: number[] = [];
  let state = found.state;
  for (; back[state] >= 0; state = back[state]) via.unshift(state >> 2);
  via.unshift(state >> 2);
  return { out: startPort.get(state)!, in: found.port, via };
}

/** Drops the points in the middle of straight runs. */
function simplify(points: Point[]): Point[] {
  const same = (a: number, b: number) => Math.abs(a - b) < 0.01;
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && same(last.x, p.x) && same(last.y, p.y)) continue;
    if (out.length >= 2) {
      const a = out[out.length - 2];
      if ((same(a.x, last.x) && same(last.x, p.x)) || (same(a.y, last.y) && same(last.y, p.y))) out.pop();
    }
    out.push(p);
  }
  return out;
}
