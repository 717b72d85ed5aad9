// Lays out a stamp graph with ELK's layered algorithm: nested containers, routed edges, positions in one coordinate space.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphEdge, GraphNode, StampGraph } from './graph.js';

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
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
}

/** Text metrics the layout and the renderer share, so that boxes fit their labels. */
export const textMetrics = {
  labelFontSize: 12,
  sublabelFontSize: 10,
  edgeLabelFontSize: 10,
  /** Average advance of a character, as a fraction of the font size (a generous estimate for sans-serif). */
  averageCharacterWidth: 0.62,
  leafHeight: 42,
  /** Space on the left of a leaf for its kind badge. */
  badgeSpace: 30,
  containerHeaderHeight: 44,
  padding: 12,
  margin: 20,
};

/** The width a string takes at a font size, estimated without a DOM. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  return Math.ceil(text.length * fontSize * (textMetrics.averageCharacterWidth + (bold ? 0.08 : 0)));
}

/** The longest label the renderer draws before it cuts it with an ellipsis. */
export const maximumLabelCharacters = 40;

/** Shortens a label the renderer would otherwise draw wider than its box. */
export function clipLabel(text: string, maximum = maximumLabelCharacters): string {
  return text.length <= maximum ? text : `${text.slice(0, maximum - 1)}…`;
}

function markWidth(node: GraphNode): number {
  return node.marks.reduce((sum, mark) => sum + textWidth(mark, textMetrics.sublabelFontSize) + 14, 0);
}

/** The smallest box that shows a node's label, sublabel, marks and problem badge. */
export function nodeContentWidth(node: GraphNode): number {
  const label = textWidth(clipLabel(node.label), textMetrics.labelFontSize, true);
  const sublabel = node.sublabel ? textWidth(clipLabel(node.sublabel), textMetrics.sublabelFontSize) : 0;
  const badge = node.problems.length > 0 ? 26 : 0;
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

/** Above this many nodes the layout trades routed cross-container edges for speed (see `layoutGraph`). */
export const largeGraphNodeCount = 150;

let elkInstance: InstanceType<typeof ELK> | undefined;

/** Computes positions for every node and a route for every edge. Deterministic: the same graph gives the same picture. */
export async function layoutGraph(graph: StampGraph): Promise<LaidOutGraph> {
  elkInstance ??= new ELK();
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const elkNodes = new Map<string, ElkNode>();
  for (const node of graph.nodes) {
    const width = nodeContentWidth(node);
    const elkNode: ElkNode = { id: node.id, width, height: textMetrics.leafHeight, children: [] };
    // A container takes the size of its contents (ELK's minimum-size constraint inflates compound nodes here);
    // the renderer shortens a header that does not fit.
    if (node.container) elkNode.layoutOptions = { 'elk.padding': `[top=${textMetrics.containerHeaderHeight},left=${textMetrics.padding},bottom=${textMetrics.padding},right=${textMetrics.padding}]` };
    elkNodes.set(node.id, elkNode);
  }
  // Routing edges across nesting levels (INCLUDE_CHILDREN) costs far more than linear time in ELK: a large stamp lays out
  // each container on its own and gets straight connectors for the edges that cross containers.
  const large = graph.nodes.length > largeGraphNodeCount;
  const root: ElkNode = { id: '__root__', layoutOptions: large ? { ...layoutOptions, 'elk.hierarchyHandling': 'SEPARATE_CHILDREN' } : layoutOptions, children: [], edges: [] };
  // Children keep the graph's (source) order, which considerModelOrder respects.
  for (const node of graph.nodes) {
    const parent = node.parent && byId.has(node.parent) ? elkNodes.get(node.parent)! : root;
    parent.children!.push(elkNodes.get(node.id)!);
  }
  const ancestors = (id: string): string[] => {
    const chain: string[] = [];
    for (let current = byId.get(id); current?.parent; current = byId.get(current.parent)) chain.push(current.parent);
    return chain;
  };
  const edges: ElkExtendedEdge[] = [];
  for (const edge of graph.edges) {
    // ELK cannot route an edge from a container into its own contents; those relations are shown by nesting already.
    if (ancestors(edge.target).includes(edge.source) || ancestors(edge.source).includes(edge.target)) continue;
    const labels = edge.label
      ? [{ id: `${edge.id}#label`, text: edge.label, width: textWidth(clipLabel(edge.label, 28), textMetrics.edgeLabelFontSize) + 6, height: textMetrics.edgeLabelFontSize + 4 }]
      : [];
    edges.push({ id: edge.id, sources: [edge.source], targets: [edge.target], labels });
  }
  root.edges = edges;
  for (const elkNode of elkNodes.values()) if (elkNode.children!.length === 0) delete elkNode.children;

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
  for (const elkEdge of collectEdges(result)) {
    const edge = edgeById.get(elkEdge.id);
    if (!edge) continue;
    const section = elkEdge.sections?.[0];
    if (!section) {
      const source = boxById.get(edge.source);
      const target = boxById.get(edge.target);
      if (source && target) laidOutEdges.push(straightEdge(edge, source, target));
      continue;
    }
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((point) => ({ x: point.x, y: point.y }));
    const label = elkEdge.labels?.[0];
    laidOutEdges.push({
      edge, points,
      label: label && label.x !== undefined ? { x: label.x, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 } : undefined,
    });
  }
  const edgeOrder = new Map(graph.edges.map((edge, index) => [edge.id, index]));
  laidOutEdges.sort((a, b) => edgeOrder.get(a.edge.id)! - edgeOrder.get(b.edge.id)!);
  return { graph, width: result.width ?? 0, height: result.height ?? 0, nodes: laidOutNodes, edges: laidOutEdges };
}

/** A straight connector between the borders of two boxes, with its label at the middle. */
function straightEdge(edge: GraphEdge, source: Box, target: Box): LaidOutEdge {
  const centre = (box: Box): Point => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 });
  const from = centre(source);
  const to = centre(target);
  const border = (box: Box, inside: Point, outside: Point): Point => {
    const dx = outside.x - inside.x;
    const dy = outside.y - inside.y;
    if (dx === 0 && dy === 0) return inside;
    const scale = Math.min(dx !== 0 ? box.width / 2 / Math.abs(dx) : Infinity, dy !== 0 ? box.height / 2 / Math.abs(dy) : Infinity);
    return { x: inside.x + dx * Math.min(scale, 1), y: inside.y + dy * Math.min(scale, 1) };
  };
  const start = border(source, from, to);
  const end = border(target, to, from);
  let label: Box | undefined;
  if (edge.label) {
    const width = textWidth(clipLabel(edge.label, 28), textMetrics.edgeLabelFontSize) + 6;
    const height = textMetrics.edgeLabelFontSize + 4;
    label = { x: (start.x + end.x) / 2 - width / 2, y: (start.y + end.y) / 2 - height / 2, width, height };
  }
  return { edge, points: [start, end], label };
}

function collectEdges(node: ElkNode): ElkExtendedEdge[] {
  const found: ElkExtendedEdge[] = [...(node.edges ?? [])];
  for (const child of node.children ?? []) found.push(...collectEdges(child));
  return found;
}
