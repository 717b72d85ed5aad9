// The topology graph of a stamp, computed by the server from the model: the preview and the CLI only draw it.
import type { Analysis } from '../../../grammar/src/analyze.js';
import type { Diagnostic } from '../../../grammar/src/diagnostic.js';

/** The protocol of the `stamp/graph` request. */
export const graphRequestMethod = 'stamp/graph';

export interface GraphNode {
  id: string;
  kind: string;
  label: string;
  /** The id of the container node (cluster, host), if any. */
  parent?: string;
  uri: string;
  /** Zero-based line/character range of the element's statement head. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** Key properties for the node's tooltip. */
  details: Array<{ label: string; value: string }>;
  /** The highest severity of the diagnostics on this element, and their count. */
  severity?: 'error' | 'warning' | 'info' | 'hint';
  problems: Array<{ code: string; severity: string; message: string }>;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: string;
  label?: string;
}

export interface StampGraph {
  uri: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Builds the graph of a stamp. (Placeholder until the preview issue lands: returns no nodes.) */
export function buildGraph(analysis: Analysis, diagnostics: readonly Diagnostic[], uri: string): StampGraph {
  void analysis;
  void diagnostics;
  return { uri, nodes: [], edges: [] };
}
