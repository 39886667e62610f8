import type { Flowchart, FlowNode } from './flowcharts.js';

/**
 * Which grid cell each node of a flowchart takes — computed from the graph, the same for every station
 * (only the text changes). The main path (from the start, each node's first edge to a node not yet on
 * it) snakes through the grid: left to right along row 0, down one row at the end, right to left along
 * row 2, and so on. Every other node hangs off a placed neighbour: below it, else right, left, above.
 * The fewest columns that hold every node in `maxRows` rows win.
 */

export interface GridCell {
  row: number;
  col: number;
}

export interface GridPlacement {
  rows: number;
  cols: number;
  cells: Map<string, GridCell>;
}

const AROUND = [
  { row: 1, col: 0 },
  { row: 0, col: 1 },
  { row: 0, col: -1 },
  { row: -1, col: 0 },
];

/** The grid of a chart: 3 rows if the nodes fit in 3 to 8 columns, else more rows. */
export function placeOnGrid(chart: Flowchart): GridPlacement {
  for (let maxRows = 3; maxRows <= chart.nodes.length + 2; maxRows++) {
    for (let cols = 3; cols <= 8; cols++) {
      const cells = tryPlacement(chart, cols, maxRows);
      if (cells) return { rows: Math.max(...[...cells.values()].map((c) => c.row)) + 1, cols: Math.max(...[...cells.values()].map((c) => c.col)) + 1, cells };
    }
  }
  throw new Error(`flowchart "${chart.title}" does not fit a grid`);
}

function startOf(chart: Flowchart): FlowNode {
  return chart.nodes.find((n) => n.shape === 'start') ?? chart.nodes[0];
}

/** From the start, each node's first edge to a node not yet on the path, up to an end node. */
function mainPath(chart: Flowchart): string[] {
  const path = [startOf(chart).id];
  const on = new Set(path);
  for (;;) {
    const last = path[path.length - 1];
    if (chart.nodes.find((n) => n.id === last)?.shape === 'end') return path;
    const next = chart.edges.find((e) => e.from === last && !on.has(e.to));
    if (!next) return path;
    path.push(next.to);
    on.add(next.to);
  }
}

/** Nodes in breadth-first order from the start, following edges in their order; unreachable ones last. */
function breadthFirst(chart: Flowchart): string[] {
  const seen = [startOf(chart).id];
  for (let i = 0; i < seen.length; i++) {
    for (const e of chart.edges) if (e.from === seen[i] && !seen.includes(e.to)) seen.push(e.to);
  }
  return [...seen, ...chart.nodes.map((n) => n.id).filter((id) => !seen.includes(id))];
}

/** The i-th cell of the snake: a row of `cols` cells, then one cell down at its end, then the next row back. */
function snakeCell(i: number, cols: number): GridCell {
  const lap = Math.floor(i / (cols + 1));
  const step = i % (cols + 1);
  const forward = lap % 2 === 0;
  if (step === cols) return { row: 2 * lap + 1, col: forward ? cols - 1 : 0 };
  return { row: 2 * lap, col: forward ? step : cols - 1 - step };
}

function tryPlacement(chart: Flowchart, cols: number, maxRows: number): Map<string, GridCell> | null {
  const cells = new Map<string, GridCell>();
  const taken = (c: GridCell) => [...cells.values()].some((d) => d.row === c.row && d.col === c.col);
  mainPath(chart).forEach((id, i) => cells.set(id, snakeCell(i, cols)));
  if ([...cells.values()].some((c) => c.row >= maxRows)) return null;
  for (const id of breadthFirst(chart)) {
    if (cells.has(id)) continue;
    const anchor = anchorOf(chart, id, cells);
    const free = anchor && AROUND.map((d) => ({ row: anchor.row + d.row, col: anchor.col + d.col })).find((c) => c.row >= 0 && c.row < maxRows && c.col >= 0 && c.col < cols && !taken(c));
    if (!free) return null;
    cells.set(id, free);
  }
  return cells;
}

/** The cell of the first placed node with an edge to `id`, else of the first placed node it has an edge to. */
function anchorOf(chart: Flowchart, id: string, cells: Map<string, GridCell>): GridCell | undefined {
  const from = chart.edges.find((e) => e.to === id && cells.has(e.from));
  if (from) return cells.get(from.from);
  const to = chart.edges.find((e) => e.from === id && cells.has(e.to));
  return to && cells.get(to.to);
}
