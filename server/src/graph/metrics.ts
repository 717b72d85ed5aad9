// Measures of a laid-out diagram that a reader notices: edge crossings, how far nodes moved between two layouts, label size on screen.
interface Point {
  x: number;
  y: number;
}

/** What the measures read of a layout (the shape of `LaidOutGraph`, declared here so that the layout can use the measures). */
export interface MeasuredLayout {
  nodes: ReadonlyArray<{ node: { id: string }; x: number; y: number }>;
  edges: ReadonlyArray<{ edge: { source: string; target: string }; points: readonly Point[] }>;
}

/** Counts the points where two edges cross; edges that share an end node may meet there without counting. */
export function countCrossings(laidOut: MeasuredLayout): number {
  interface Segment { a: Point; b: Point; edge: number; ends: Set<string> }
  const segments: Segment[] = [];
  laidOut.edges.forEach((item, index) => {
    const ends = new Set([item.edge.source, item.edge.target]);
    for (let i = 1; i < item.points.length; i++) segments.push({ a: item.points[i - 1], b: item.points[i], edge: index, ends });
  });
  // Sweep by x so that a large diagram costs near-linear time for orthogonal routes.
  const byLeft = segments.map((segment) => ({ segment, left: Math.min(segment.a.x, segment.b.x), right: Math.max(segment.a.x, segment.b.x) }))
    .sort((p, q) => p.left - q.left);
  const crossings = new Set<string>();
  for (let i = 0; i < byLeft.length; i++) {
    const first = byLeft[i];
    for (let j = i + 1; j < byLeft.length && byLeft[j].left <= first.right; j++) {
      const second = byLeft[j];
      if (first.segment.edge === second.segment.edge) continue;
      if ([...first.segment.ends].some((end) => second.segment.ends.has(end))) continue;
      const point = properIntersection(first.segment.a, first.segment.b, second.segment.a, second.segment.b);
      if (point) {
        const [low, high] = first.segment.edge < second.segment.edge ? [first.segment.edge, second.segment.edge] : [second.segment.edge, first.segment.edge];
        crossings.add(`${low}:${high}:${Math.round(point.x)}:${Math.round(point.y)}`);
      }
    }
  }
  return crossings.size;
}

/** Where two segments cross in their interiors (touching ends and collinear overlaps do not count). */
function properIntersection(p1: Point, p2: Point, p3: Point, p4: Point): Point | undefined {
  const d = (p2.x - p1.x) * (p4.y - p3.y) - (p2.y - p1.y) * (p4.x - p3.x);
  if (Math.abs(d) < 1e-9) return undefined;
  const t = ((p3.x - p1.x) * (p4.y - p3.y) - (p3.y - p1.y) * (p4.x - p3.x)) / d;
  const u = ((p3.x - p1.x) * (p2.y - p1.y) - (p3.y - p1.y) * (p2.x - p1.x)) / d;
  const epsilon = 1e-6;
  if (t <= epsilon || t >= 1 - epsilon || u <= epsilon || u >= 1 - epsilon) return undefined;
  return { x: p1.x + t * (p2.x - p1.x), y: p1.y + t * (p2.y - p1.y) };
}

/** How many of the nodes present in both layouts moved by more than `threshold` px, out of how many. */
export function movedNodes(before: MeasuredLayout, after: MeasuredLayout, threshold = 20): { moved: number; common: number; ids: string[] } {
  const previous = new Map(before.nodes.map((item) => [item.node.id, item]));
  const ids: string[] = [];
  let common = 0;
  for (const item of after.nodes) {
    const old = previous.get(item.node.id);
    if (!old) continue;
    common++;
    if (Math.hypot(item.x - old.x, item.y - old.y) > threshold) ids.push(item.node.id);
  }
  return { moved: ids.length, common, ids };
}
