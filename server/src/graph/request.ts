// Answers the `stamp/graph` request from an analysis: the chosen view's graph, its layout and the rendered SVGs, with ranges in offsets.
import type { Analysis } from '../../../grammar/src/analyze.js';
import type { Diagnostic } from '../../../grammar/src/diagnostic.js';
import type { GraphBox, GraphRequestParams, GraphResult, OffsetRange } from '../../../protocol/src/protocol.js';
import { buildGraph } from './graph.js';
import { layoutGraph, type LaidOutGraph } from './layout.js';
import { renderSvg, svgStylesheet } from './svg.js';
import { defaultView, graphViews, isViewName, projectView, type ViewGraph, type ViewName } from './views.js';

/** The answer to `stamp/graph` as the server computes it (ranges in offsets; server/src/lsp converts them). */
export type GraphRequestResult = GraphResult<OffsetRange>;

/** The layouts last drawn, by document and view: the next layout of the same view starts from them. */
const layoutMemory = new Map<string, LaidOutGraph>();
const layoutMemorySize = 24;

/** Computes the answer to `stamp/graph`. */
export async function handleGraphRequest(analysis: Analysis, diagnostics: readonly Diagnostic[], uri: string, params: Partial<GraphRequestParams> = {}): Promise<GraphRequestResult> {
  const view = isViewName(params.view) ? params.view : defaultView;
  const expanded = Array.isArray(params.expanded) ? params.expanded.filter((id): id is string => typeof id === 'string').slice(0, 10_000) : [];
  const graph = projectView(buildGraph(analysis, diagnostics, uri), view, expanded);
  const key = `${uri}\n${view}`;
  const laidOut = await layoutGraph(graph, { previous: layoutMemory.get(key), fresh: params.fresh === true });
  layoutMemory.delete(key);
  layoutMemory.set(key, laidOut);
  if (layoutMemory.size > layoutMemorySize) layoutMemory.delete(layoutMemory.keys().next().value!);
  return resultOf(laidOut, view);
}

/** Forgets the layouts of a closed document. */
export function forgetLayouts(uri: string): void {
  for (const key of [...layoutMemory.keys()]) if (key.startsWith(`${uri}\n`)) layoutMemory.delete(key);
}

function resultOf(laidOut: LaidOutGraph, view: ViewName): GraphRequestResult {
  const positions: Record<string, GraphBox> = {};
  for (const item of laidOut.nodes) positions[item.node.id] = { x: item.x, y: item.y, width: item.width, height: item.height };
  const viewTitle = graphViews.find((info) => info.name === view)!.title;
  return {
    view, views: graphViews, graph: laidOut.graph as ViewGraph, positions,
    width: laidOut.width, height: laidOut.height, originX: laidOut.originX, originY: laidOut.originY,
    svg: renderSvg(laidOut, { theme: 'vscode', embedStyle: false }),
    stylesheet: svgStylesheet('vscode'),
    exportSvg: renderSvg(laidOut, { theme: 'vscode', embedStyle: false, viewTitle, legend: true }),
    lightSvg: renderSvg(laidOut, { theme: 'light', viewTitle, legend: true }),
  };
}
