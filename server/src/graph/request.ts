// Answers the `stamp/graph` request from an analysis: the server wires this to the connection.
import type { Analysis } from '../../../grammar/src/analyze.js';
import type { Diagnostic } from '../../../grammar/src/diagnostic.js';
import { buildGraph, type StampGraph } from './graph.js';

/** The parameters of `stamp/graph`. */
export interface GraphRequestParams {
  uri: string;
}

/** The result of `stamp/graph`: the graph (and, once layout exists, positions and SVG). (Placeholder.) */
export interface GraphRequestResult {
  graph: StampGraph;
}

/** Computes the answer to `stamp/graph`. */
export async function handleGraphRequest(analysis: Analysis, diagnostics: readonly Diagnostic[], uri: string): Promise<GraphRequestResult> {
  return { graph: buildGraph(analysis, diagnostics, uri) };
}
