// Lays out a stamp graph with ELK's layered algorithm: nested containers, routed edges, positions in one coordinate space.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphEdge, GraphNode, StampGraph } from './graph.js';
import { countCrossings } from './metrics.js';
import { clipLabel, textMetrics, textWidth } from './text-metrics.js';

// The text metrics used to live here; modules that only draw import them from text-metrics.ts (no elkjs).
export { clipLabel, maximumLabelCharacters, textMetrics, textWidth } from './text-metrics.js';

export interface Point {
  x: number;
  y: number;
}
export interface Box extends Point {
  width: number;
  height: number;
}
/** A node with its absolute box (top-left origin). */
export interface LaidOutNode extends Box {
  node: GraphNode;
  /** Nesting depth: 0 for top-level nodes. */
  depth: number;
}
export interface LaidOutEdge {
  edge: GraphEdge;
  /** The route from source to target, bends included, in absolute coordinates. */
  points: Point[];
  label?: Box;
}
export interface LaidOutGraph {
  graph: StampGraph;
  width: number;
  height: number;
  /** The layout coordinates of the drawing's top-left corner (not zero after `anchorTo` shifted the picture). */
  originX: number;
  originY: number;
  /** `structureSignature` of the graph this layout was computed for. */
  signature: string;
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
}

function markWidth(node: GraphNode): number {
  return node.marks.reduce((sum, mark) => sum + textWidth(mark, textMetrics.markFontSize) + 14, 0);
}

/** The smallest box that shows a node's label, sublabel, marks and problem badge. */
export function nodeContentWidth(node: GraphNode): number {
  const label = textWidth(clipLabel(node.label), textMetrics.labelFontSize, true);
  const sublabel = node.sublabel ? textWidth(clipLabel(node.sublabel), textMetrics.sublabelFontSize) : 0;
  // Room for the problem badge is always kept, so that a problem appearing or going away resizes nothing.
  const badge = 28;
  return textMetrics.badgeSpace + Math.max(label + markWidth(node), sublabel) + badge + 14;
}

export const layoutOptions: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'false',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.spacing.nodeNode': '24',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '8',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.componentComponent': '36',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.json.edgeCoords': 'ROOT',
  'elk.json.shapeCoords': 'ROOT',
  'elk.randomSeed': '1',
};

/** Above this many nodes the layout lays out each container on its own and routes the edges between containers itself (see `layoutGraph`). */
export const largeGraphNodeCount = 150;

/**
 * What a large graph's layout changes: each container on its own, and one sweep of ELK's crossing minimisation instead of
 * seven (on the 1,000-element views a third less time, the same crossings; bench/layout.bench.ts).
 */
const largeGraphOptions: Record<string, string> = { 'elk.hierarchyHandling': 'SEPARATE_CHILDREN', 'elk.layered.thoroughness': '1' };

/** A container whose children are packed in rows (ELK's box algorithm) instead of laid out in layers. */
const packedContainerOptions: Record<string, string> = { 'elk.algorithm': 'box', 'elk.aspectRatio': '1.8', 'elk.spacing.nodeNode': '16' };

let elkInstance: InstanceType<typeof ELK> | undefined;
/** How many ELK layouts this process has run (the warm-up stops once the user's own layouts have done its job). */
let elkLayoutCount = 0;
export const elkLayoutsRun = (): number => elkLayoutCount;

export interface LayoutOptions {
  /**
   * The previous layout of the same view: when the structure is unchanged its positions are reused as they are; when it
   * changed, the new layout is shifted so that the nodes both share stay where they were on screen.
   */
  previous?: LaidOutGraph;
  /** Lays out afresh even when the previous layout could be adjusted (the preview's "Tidy" button). */
  fresh?: boolean;
  /**
   * At most this many children of a container side by side (a fresh layout only): a layered container with more is laid
   * out in several rows (ELK's layer partitions), so that a long row of VMs does not make the picture too wide for a page.
   */
  rowLength?: number;
  /** ELK options over the usual ones (a fresh layout only): the export's more compact page layouts. */
  elkOptions?: Record<string, string>;
}

/** The sizes and relations a layout depends on: two graphs with the same signature get the same picture. */
export function structureSignature(graph: StampGraph): string {
  const nodes = graph.nodes.map((node) => `${node.id}<${node.parent ?? ''}|${node.container ? 'c' : nodeContentWidth(node)}`);
  const edges = graph.edges.map((edge) => `${edge.id}|${edge.label ? textWidth(clipLabel(edge.label, 28), textMetrics.edgeLabelFontSize) : 0}`);
  return `${nodes.join(';')}#${edges.join(';')}`;
}

/** Computes positions for every node and a route for every edge. Deterministic: the same graph gives the same picture. */
export async function layoutGraph(graph: StampGraph, options: LayoutOptions = {}): Promise<LaidOutGraph> {
  const signature = structureSignature(graph);
  const previous = options.previous;
  if (previous && previous.signature === signature) return rebind(previous, graph);
  const incremental = previous && !options.fresh ? placeIncrementally(previous, graph) : undefined;
  if (incremental) {
    incremental.signature = signature;
    return incremental;
  }
  const fresh = await freshLayout(graph, options.rowLength, options.elkOptions);
  fresh.signature = signature;
  return previous ? anchorTo(fresh, previous) : fresh;
}

/** Space kept between sibling boxes placed incrementally. */
const placementSpacing = 16;

/**
 * The layout of a graph that differs from the previous one by a few nodes, computed from the previous positions: every
 * node that stays keeps its box, a removed node leaves its place empty, a new node takes a free place in its container
 * (the place of a removed node, beside its predecessor, at the end of a row, else a new row, growing the container and
 * pushing aside only what it would then overlap). Edges keep their routes when both ends stayed; others get orthogonal
 * routes. Undefined when the change is too large for this to stay tidy: the caller lays out afresh.
 */
function placeIncrementally(previous: LaidOutGraph, graph: StampGraph): LaidOutGraph | undefined {
  const old = new Map(previous.nodes.map((item) => [item.node.id, item]));
  const ids = new Set(graph.nodes.map((node) => node.id));
  const removed = previous.nodes.filter((item) => !ids.has(item.node.id));
  const moved = (node: GraphNode): boolean => {
    const item = old.get(node.id)!;
    return item.node.parent !== node.parent || Boolean(item.node.collapsed) !== Boolean(node.collapsed);
  };
  const toPlace = graph.nodes.filter((node) => !old.has(node.id) || moved(node));
  if (toPlace.length + removed.length > Math.max(3, Math.ceil(graph.nodes.length * 0.1))) return undefined;
  // A new container, or a leaf that became one, would need its contents laid out: that is a fresh layout's job.
  if (toPlace.some((node) => node.container) || graph.nodes.some((node) => node.container && old.has(node.id) && !old.get(node.id)!.node.container)) return undefined;
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const boxes = new Map<string, Box>();
  for (const node of graph.nodes) {
    const item = old.get(node.id);
    if (item && !toPlace.includes(node)) boxes.set(node.id, { x: item.x, y: item.y, width: item.width, height: item.height });
  }
  // A container that lost its last child becomes a leaf where it was; a leaf whose text grew widens in place.
  const resized: string[] = [];
  for (const node of graph.nodes) {
    const box = boxes.get(node.id);
    if (!box || node.container) continue;
    const width = Math.max(nodeContentWidth(node), old.get(node.id)!.node.container ? 0 : box.width);
    if (old.get(node.id)!.node.container) box.height = textMetrics.leafHeight;
    if (width !== box.width) resized.push(node.id);
    box.width = width;
  }
  const childrenOf = (parent: string | undefined) => graph.nodes.filter((node) => node.parent === parent && boxes.has(node.id));
  const overlaps = (a: Box, b: Box, gap: number) => a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
  const shiftSubtree = (id: string, dx: number, dy: number): void => {
    const box = boxes.get(id)!;
    box.x += dx;
    box.y += dy;
    for (const child of childrenOf(id)) shiftSubtree(child.id, dx, dy);
  };
  // Grows a container to hold a box, then pushes its siblings out of its way (down, else right), up the nesting.
  const grow = (id: string, want: Box): void => {
    const box = boxes.get(id)!;
    const right = Math.max(box.x + box.width, want.x + want.width + textMetrics.padding);
    const bottom = Math.max(box.y + box.height, want.y + want.height + textMetrics.padding);
    const before = { ...box };
    box.width = right - box.x;
    box.height = bottom - box.y;
    const parent = byId.get(id)!.parent;
    for (let pass = 0; pass < graph.nodes.length; pass++) {
      let pushed = false;
      for (const sibling of childrenOf(parent)) {
        if (sibling.id === id) continue;
        const other = boxes.get(sibling.id)!;
        if (!overlaps(box, other, placementSpacing / 2)) continue;
        if (other.y >= before.y + before.height - 0.5) shiftSubtree(sibling.id, 0, box.y + box.height + placementSpacing - other.y);
        else shiftSubtree(sibling.id, box.x + box.width + placementSpacing - other.x, 0);
        pushed = true;
        if (parent) grow(parent, boxes.get(sibling.id)!);
      }
      if (!pushed) break;
    }
    if (parent) grow(parent, box);
  };
  for (const id of resized) {
    // Push the siblings a widened box now overlaps to the right.
    const box = boxes.get(id)!;
    const parent = byId.get(id)!.parent;
    for (const sibling of childrenOf(parent)) {
      const other = boxes.get(sibling.id)!;
      if (sibling.id !== id && overlaps(box, other, placementSpacing / 2 - 0.5) && other.x > box.x) shiftSubtree(sibling.id, box.x + box.width + placementSpacing - other.x, 0);
    }
    if (parent) grow(parent, box);
  }
  for (const node of toPlace) {
    const parentBox = node.parent ? boxes.get(node.parent) : undefined;
    if (node.parent && !parentBox) return undefined;
    const width = nodeContentWidth(node);
    const height = textMetrics.leafHeight;
    const siblings = childrenOf(node.parent).map((sibling) => boxes.get(sibling.id)!);
    const area = parentBox
      ? { left: parentBox.x + textMetrics.padding, top: parentBox.y + textMetrics.containerHeaderHeight, right: parentBox.x + parentBox.width - textMetrics.padding, bottom: parentBox.y + parentBox.height - textMetrics.padding }
      : { left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity };
    const candidates: Point[] = [];
    // The place of a node that was removed from the same container, then beside the node before it, then row ends.
    for (const gone of removed) if (gone.node.parent === node.parent && gone.width >= width) candidates.push({ x: gone.x, y: gone.y });
    const index = graph.nodes.indexOf(node);
    const predecessor = graph.nodes.slice(0, index).reverse().find((candidate) => candidate.parent === node.parent && boxes.has(candidate.id));
    if (predecessor) {
      const box = boxes.get(predecessor.id)!;
      candidates.push({ x: box.x + box.width + placementSpacing, y: box.y });
    }
    for (const row of [...new Set(siblings.map((box) => box.y))].sort((a, b) => a - b)) {
      const rowRight = Math.max(...siblings.filter((box) => box.y < row + height && row < box.y + box.height).map((box) => box.x + box.width));
      candidates.push({ x: rowRight + placementSpacing, y: row });
    }
    const fits = (point: Point) => {
      const box = { x: point.x, y: point.y, width, height };
      return box.x >= area.left - 0.5 && box.y >= area.top - 0.5 && box.x + width <= area.right + 0.5 && box.y + height <= area.bottom + 0.5
        && siblings.every((other) => !overlaps(box, other, placementSpacing / 2 - 0.5));
    };
    let place = candidates.find(fits);
    if (!place) {
      // No room: a new row under the container's contents (or under the whole picture at the top level).
      const bottom = siblings.length > 0 ? Math.max(...siblings.map((box) => box.y + box.height)) : parentBox ? area.top - placementSpacing : 0;
      const left = parentBox ? area.left : siblings.length > 0 ? Math.min(...siblings.map((box) => box.x)) : 0;
      place = { x: left, y: bottom + placementSpacing };
    }
    boxes.set(node.id, { x: place.x, y: place.y, width, height });
    if (node.parent) grow(node.parent, boxes.get(node.id)!);
  }

  const ancestors = (id: string): string[] => {
    const chain: string[] = [];
    for (let current = byId.get(id); current?.parent && byId.has(current.parent); current = byId.get(current.parent)) chain.push(current.parent);
    return chain;
  };
  const same = (a: Box | undefined, b: Box | undefined) => Boolean(a && b && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height);
  const oldEdges = new Map(previous.edges.map((item) => [item.edge.id, item]));
  const edges: LaidOutEdge[] = [];
  for (const edge of graph.edges) {
    if (ancestors(edge.target).includes(edge.source) || ancestors(edge.source).includes(edge.target)) continue;
    const source = boxes.get(edge.source);
    const target = boxes.get(edge.target);
    if (!source || !target) continue;
    const before = oldEdges.get(edge.id);
    if (before && same(source, old.get(edge.source)) && same(target, old.get(edge.target)) && Boolean(before.edge.label) === Boolean(edge.label)) edges.push({ ...before, edge });
    else edges.push(orthogonalEdge(edge, source, target));
  }
  const depthOf = (id: string) => ancestors(id).length;
  const nodes: LaidOutNode[] = graph.nodes.map((node) => ({ node, ...boxes.get(node.id)!, depth: depthOf(node.id) }));
  const order = new Map(graph.nodes.map((node, index) => [node.id, index]));
  nodes.sort((a, b) => a.depth - b.depth || order.get(a.node.id)! - order.get(b.node.id)!);
  // The drawing's extent: every box, route and label, with the margin ELK leaves around a fresh layout.
  const xs: number[] = [previous.originX, previous.originX + previous.width];
  const ys: number[] = [previous.originY, previous.originY + previous.height];
  for (const item of nodes) xs.push(item.x - 12, item.x + item.width + 12), ys.push(item.y - 12, item.y + item.height + 12);
  for (const item of edges) {
    for (const point of item.points) xs.push(point.x), ys.push(point.y);
    if (item.label) xs.push(item.label.x + item.label.width), ys.push(item.label.y + item.label.height);
  }
  const originX = Math.min(...xs);
  const originY = Math.min(...ys);
  return { graph, nodes, edges, originX, originY, width: Math.max(...xs) - originX, height: Math.max(...ys) - originY, signature: '' };
}

/** The previous picture with the new graph's nodes and edges (same ids, sizes and relations; texts may differ). */
function rebind(previous: LaidOutGraph, graph: StampGraph): LaidOutGraph {
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const edges = new Map(graph.edges.map((edge) => [edge.id, edge]));
  return {
    ...previous, graph,
    nodes: previous.nodes.map((item) => ({ ...item, node: nodes.get(item.node.id) ?? item.node })),
    edges: previous.edges.map((item) => ({ ...item, edge: edges.get(item.edge.id) ?? item.edge })),
  };
}

/**
 * Shifts a new layout so that the nodes it shares with the previous one move as little as possible (the median shift):
 * adding a node at the top no longer pushes the whole picture down on screen. The origin records the shift.
 */
function anchorTo(fresh: LaidOutGraph, previous: LaidOutGraph): LaidOutGraph {
  const before = new Map(previous.nodes.map((item) => [item.node.id, item]));
  const dxs: number[] = [];
  const dys: number[] = [];
  for (const item of fresh.nodes) {
    const old = before.get(item.node.id);
    if (!old) continue;
    dxs.push(old.x - item.x);
    dys.push(old.y - item.y);
  }
  if (dxs.length === 0) return fresh;
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const dx = median(dxs);
  const dy = median(dys);
  if (dx === 0 && dy === 0) return fresh;
  const move = (point: Point): Point => ({ x: point.x + dx, y: point.y + dy });
  return {
    ...fresh,
    originX: fresh.originX + dx,
    originY: fresh.originY + dy,
    nodes: fresh.nodes.map((item) => ({ ...item, x: item.x + dx, y: item.y + dy })),
    edges: fresh.edges.map((item) => ({ ...item, points: item.points.map(move), label: item.label ? { ...item.label, ...move(item.label) } : undefined })),
  };
}

/** A second set of ELK options that often crosses fewer edges on these diagrams (ELK's results vary with the model order). */
const alternativeOptions: Record<string, string> = {
  'elk.layered.considerModelOrder.strategy': 'NONE',
  'elk.layered.crossingMinimization.greedySwitch.type': 'TWO_SIDED',
  'elk.layered.thoroughness': '40',
};
/** Up to this many nodes a fresh layout is computed both ways and the one with fewer crossings is kept. */
export const alternativeLayoutNodeCount = 80;

/** A fresh layout: ELK's, with the fewer-crossings choice between two option sets on small graphs. */
async function freshLayout(graph: StampGraph, rowLength?: number, elkOptions: Record<string, string> = {}): Promise<LaidOutGraph> {
  const first = await elkLayout(graph, elkOptions, rowLength);
  if (graph.nodes.length > alternativeLayoutNodeCount || graph.edges.length < 2) return first;
  const firstCrossings = countCrossings(first);
  if (firstCrossings === 0) return first;
  const second = await elkLayout(graph, { ...alternativeOptions, ...elkOptions }, rowLength);
  return countCrossings(second) < firstCrossings ? second : first;
}

async function elkLayout(graph: StampGraph, extraOptions: Record<string, string> = {}, rowLength?: number): Promise<LaidOutGraph> {
  elkInstance ??= new ELK();
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const elkNodes = new Map<string, ElkNode>();
  for (const node of graph.nodes) {
    const width = nodeContentWidth(node);
    const elkNode: ElkNode = { id: node.id, width, height: textMetrics.leafHeight, children: [], edges: [] };
    // A container takes the size of its contents (ELK's minimum-size constraint inflates compound nodes here);
    // the renderer shortens a header that does not fit.
    if (node.container) {
      elkNode.layoutOptions = {
        'elk.padding': `[top=${textMetrics.containerHeaderHeight},left=${textMetrics.padding},bottom=${textMetrics.padding},right=${textMetrics.padding}]`,
        // Unrelated children (the VMs of a cluster) are packed in rows in source order, not strung out in one line.
        ...(graph.packContainers ? packedContainerOptions : {}),
      };
    }
    elkNodes.set(node.id, elkNode);
  }
  if (graph.packContainers) {
    // The box packer places by descending priority: storage first (nearest the SAN above), then hosts, brokers and VMs, each in source order.
    const rank: Partial<Record<GraphNode['kind'], number>> = { csv: 0, host: 1, replica_broker: 2, vm: 3 };
    const ordered = graph.nodes.map((node, index) => ({ node, index })).sort((a, b) => (rank[a.node.kind] ?? 4) - (rank[b.node.kind] ?? 4) || a.index - b.index);
    ordered.forEach(({ node }, position) => {
      const elkNode = elkNodes.get(node.id)!;
      elkNode.layoutOptions = { ...elkNode.layoutOptions, 'elk.priority': String(ordered.length - position) };
    });
  }
  // Routing edges across nesting levels (INCLUDE_CHILDREN) costs far more than linear time in ELK: a large stamp lays out
  // each container on its own, and the edges between containers get orthogonal routes computed here.
  const large = graph.nodes.length > largeGraphNodeCount;
  const root: ElkNode = { id: '__root__', layoutOptions: { ...layoutOptions, ...extraOptions, ...(large ? largeGraphOptions : {}) }, children: [], edges: [] };
  // Children keep the graph's (source) order, which considerModelOrder respects.
  for (const node of graph.nodes) {
    const parent = node.parent && byId.has(node.parent) ? elkNodes.get(node.parent)! : root;
    parent.children!.push(elkNodes.get(node.id)!);
  }
  const ancestors = (id: string): string[] => {
    const chain: string[] = [];
    for (let current = byId.get(id); current?.parent && byId.has(current.parent); current = byId.get(current.parent)) chain.push(current.parent);
    return chain;
  };
  for (const edge of graph.edges) {
    // ELK cannot route an edge from a container into its own contents; those relations are shown by nesting already.
    const sourceAncestors = ancestors(edge.source);
    const targetAncestors = ancestors(edge.target);
    if (targetAncestors.includes(edge.source) || sourceAncestors.includes(edge.target)) continue;
    const labels = edge.label
      ? [{ id: `${edge.id}#label`, text: edge.label, width: textWidth(clipLabel(edge.label, 28), textMetrics.edgeLabelFontSize) + 6, height: textMetrics.edgeLabelFontSize + 5 }]
      : [];
    if (graph.packContainers && (sourceAncestors.length > 0 || targetAncestors.length > 0)) {
      // A packed container routes nothing: the outermost boxes get a hint edge for the layering, the edge a route of ours.
      const outerSource = sourceAncestors[sourceAncestors.length - 1] ?? edge.source;
      const outerTarget = targetAncestors[targetAncestors.length - 1] ?? edge.target;
      if (outerSource !== outerTarget) root.edges!.push({ id: `${edge.id}#hint`, sources: [outerSource], targets: [outerTarget] });
      continue;
    }
    // An edge belongs to the innermost container that holds both its ends.
    const common = sourceAncestors.find((id) => targetAncestors.includes(id));
    (common ? elkNodes.get(common)! : root).edges!.push({ id: edge.id, sources: [edge.source], targets: [edge.target], labels });
  }
  if (large && !graph.packContainers) {
    // A large graph's container with no edge inside is packed in rows in source order (ELK's box packer) rather than
    // laid out in layers: the same boxes without a layering pass per container, several times faster on large views.
    for (const node of graph.nodes) {
      const elkNode = elkNodes.get(node.id)!;
      if (!node.container || elkNode.edges!.length > 0 || elkNode.children!.length === 0) continue;
      elkNode.layoutOptions = { ...elkNode.layoutOptions, ...packedContainerOptions };
      elkNode.children!.forEach((child, index, all) => (child.layoutOptions = { ...child.layoutOptions, 'elk.priority': String(all.length - index) }));
    }
  }
  if (rowLength && !graph.packContainers && !large) {
    // Rows of at most rowLength children: an unseen edge from each child to the one a row further on puts them in
    // successive layers (ELK lays a container's unrelated children side by side in one layer otherwise).
    for (const node of graph.nodes) {
      const elkNode = elkNodes.get(node.id)!;
      const children = elkNode.children!;
      if (!node.container || children.length <= rowLength) continue;
      const perRow = Math.ceil(children.length / Math.ceil(children.length / rowLength));
      for (let index = perRow; index < children.length; index++) {
        elkNode.edges!.push({ id: `${children[index - perRow].id}#row#${children[index].id}`, sources: [children[index - perRow].id], targets: [children[index].id] });
      }
    }
  }
  for (const elkNode of elkNodes.values()) {
    if (elkNode.children!.length === 0) delete elkNode.children;
    if (elkNode.edges!.length === 0) delete elkNode.edges;
  }

  elkLayoutCount++;
  const result = await elkInstance.layout(root);

  const laidOutNodes: LaidOutNode[] = [];
  const visit = (elkNode: ElkNode, depth: number): void => {
    for (const child of elkNode.children ?? []) {
      const node = byId.get(child.id)!;
      laidOutNodes.push({ node, x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0, depth });
      visit(child, depth + 1);
    }
  };
  visit(result, 0);
  const order = new Map(graph.nodes.map((node, index) => [node.id, index]));
  laidOutNodes.sort((a, b) => a.depth - b.depth || order.get(a.node.id)! - order.get(b.node.id)!);

  const edgeById = new Map(graph.edges.map((edge) => [edge.id, edge]));
  const boxById = new Map(laidOutNodes.map((item) => [item.node.id, item]));
  const laidOutEdges: LaidOutEdge[] = [];
  const routed = new Set<string>();
  for (const elkEdge of collectEdges(result)) {
    const edge = edgeById.get(elkEdge.id);
    const section = elkEdge.sections?.[0];
    if (!edge || !section) continue;
    routed.add(edge.id);
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((point) => ({ x: point.x, y: point.y }));
    // ELK leaves a half-pixel slant on some edges into nested containers: straighten them.
    for (let index = 1; index < points.length; index++) {
      const [a, b] = [points[index - 1], points[index]];
      if (Math.abs(a.x - b.x) < 1.5 && Math.abs(a.y - b.y) >= 1.5) b.x = a.x;
      else if (Math.abs(a.y - b.y) < 1.5 && Math.abs(a.x - b.x) >= 1.5) b.y = a.y;
    }
    const label = elkEdge.labels?.[0];
    laidOutEdges.push({
      edge, points,
      label: label && label.x !== undefined ? { x: label.x, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 } : undefined,
    });
  }
  for (const edge of graph.edges) {
    if (routed.has(edge.id)) continue;
    const source = boxById.get(edge.source);
    const target = boxById.get(edge.target);
    if (source && target) laidOutEdges.push(orthogonalEdge(edge, source, target));
  }
  const edgeOrder = new Map(graph.edges.map((edge, index) => [edge.id, index]));
  laidOutEdges.sort((a, b) => edgeOrder.get(a.edge.id)! - edgeOrder.get(b.edge.id)!);
  return { graph, width: result.width ?? 0, height: result.height ?? 0, originX: 0, originY: 0, nodes: laidOutNodes, edges: laidOutEdges, signature: '' };
}

/**
 * An orthogonal route between two boxes that ELK did not route (between containers of a large stamp, or from a container
 * into its own contents): down, across and down when one box lies below the other, else across, along and across.
 */
export function orthogonalEdge(edge: GraphEdge, source: Box, target: Box): LaidOutEdge {
  const centreX = (box: Box) => box.x + box.width / 2;
  const centreY = (box: Box) => box.y + box.height / 2;
  let points: Point[];
  if (target.y >= source.y + source.height || source.y >= target.y + target.height) {
    const down = target.y >= source.y + source.height;
    const start = { x: centreX(source), y: down ? source.y + source.height : source.y };
    const end = { x: centreX(target), y: down ? target.y : target.y + target.height };
    const middle = (start.y + end.y) / 2;
    points = Math.abs(start.x - end.x) < 0.5 ? [start, { x: start.x, y: end.y }] : [start, { x: start.x, y: middle }, { x: end.x, y: middle }, end];
  } else if (target.x >= source.x + source.width || source.x >= target.x + target.width) {
    const right = target.x >= source.x + source.width;
    const start = { x: right ? source.x + source.width : source.x, y: centreY(source) };
    const end = { x: right ? target.x : target.x + target.width, y: centreY(target) };
    const middle = (start.x + end.x) / 2;
    points = Math.abs(start.y - end.y) < 0.5 ? [start, { x: end.x, y: start.y }] : [start, { x: middle, y: start.y }, { x: middle, y: end.y }, end];
  } else {
    // Overlapping boxes (a container and its contents): leave by the right side and come back in from the right.
    const outside = Math.max(source.x + source.width, target.x + target.width) + 16;
    points = [
      { x: source.x + source.width, y: centreY(source) }, { x: outside, y: centreY(source) },
      { x: outside, y: centreY(target) }, { x: target.x + target.width, y: centreY(target) },
    ];
  }
  let label: Box | undefined;
  if (edge.label) {
    const width = textWidth(clipLabel(edge.label, 28), textMetrics.edgeLabelFontSize) + 6;
    const height = textMetrics.edgeLabelFontSize + 5;
    const a = points[Math.floor((points.length - 1) / 2)];
    const b = points[Math.floor((points.length - 1) / 2) + 1];
    label = { x: (a.x + b.x) / 2 - width / 2, y: (a.y + b.y) / 2 - height / 2, width, height };
  }
  return { edge, points, label };
}

function collectEdges(node: ElkNode): ElkExtendedEdge[] {
  const found: ElkExtendedEdge[] = [...(node.edges ?? [])];
  for (const child of node.children ?? []) found.push(...collectEdges(child));
  return found;
}
