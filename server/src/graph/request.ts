// Answers the `stamp/graph` request from an analysis: graph, layout and the rendered SVG; the server wires this to the connection.
import type { Analysis } from '../../../grammar/src/analyze.js';
import type { Diagnostic } from '../../../grammar/src/diagnostic.js';
import { buildGraph, type StampGraph } from './graph.js';
import { layoutGraph, type Box } from './layout.js';
import { renderSvg, svgStylesheet } from './svg.js';

/** The parameters of `stamp/graph`. */
export interface GraphRequestParams {
  uri: string;
}

/** The result of `stamp/graph`: what the preview draws, plus the standalone light SVG for export. */
export interface GraphRequestResult {
  graph: StampGraph;
  /** Absolute boxes of the nodes, by id, in the SVG's coordinates minus its margin. */
  positions: Record<string, Box>;
  width: number;
  height: number;
  /** The diagram in the editor's theme, without a style element (the preview installs `stylesheet` itself). */
  svg: string;
  /** The rules that colour `svg` with VS Code's theme variables. */
  stylesheet: string;
  /** The diagram as a standalone document with fixed light colours, for "export SVG". */
  lightSvg: string;
}

/** Computes the answer to `stamp/graph`. */
export async function handleGraphRequest(analysis: Analysis, diagnostics: readonly Diagnostic[], uri: string): Promise<GraphRequestResult> {
  const graph = buildGraph(analysis, diagnostics, uri);
  const laidOut = await layoutGraph(graph);
  const positions: Record<string, Box> = {};
  for (const item of laidOut.nodes) positions[item.node.id] = { x: item.x, y: item.y, width: item.width, height: item.height };
  return {
    graph, positions, width: laidOut.width, height: laidOut.height,
    svg: renderSvg(laidOut, { theme: 'vscode', embedStyle: false }),
    stylesheet: svgStylesheet('vscode'),
    lightSvg: renderSvg(laidOut, { theme: 'light' }),
  };
}
