// Answers the `stamp/graph` request from an analysis: graph, layout and the rendered SVG, with ranges in offsets.
import type { Analysis } from '../../../grammar/src/analyze.js';
import type { Diagnostic } from '../../../grammar/src/diagnostic.js';
import type { GraphBox, GraphResult, OffsetRange } from '../../../protocol/src/protocol.js';
import { buildGraph } from './graph.js';
import { layoutGraph } from './layout.js';
import { renderSvg, svgStylesheet } from './svg.js';

/** The answer to `stamp/graph` as the server computes it (ranges in offsets; server/src/lsp converts them). */
export type GraphRequestResult = GraphResult<OffsetRange>;

/** Computes the answer to `stamp/graph`. */
export async function handleGraphRequest(analysis: Analysis, diagnostics: readonly Diagnostic[], uri: string): Promise<GraphRequestResult> {
  const graph = buildGraph(analysis, diagnostics, uri);
  const laidOut = await layoutGraph(graph);
  const positions: Record<string, GraphBox> = {};
  for (const item of laidOut.nodes) positions[item.node.id] = { x: item.x, y: item.y, width: item.width, height: item.height };
  return {
    graph, positions, width: laidOut.width, height: laidOut.height,
    svg: renderSvg(laidOut, { theme: 'vscode', embedStyle: false }),
    stylesheet: svgStylesheet('vscode'),
    lightSvg: renderSvg(laidOut, { theme: 'light' }),
  };
}
