// Answers the `stamp/graph` request from an analysis: the chosen view's graph, its layout and the rendered SVGs, with ranges in offsets.
import type { Analysis } from '../../../grammar/src/analyze.js';
import type { Diagnostic } from '../../../grammar/src/diagnostic.js';
import type { ExportResult, GraphBox, GraphRequestParams, GraphResult, OffsetRange } from '../../../protocol/src/protocol.js';
import { exportLayout } from './export.js';
import { buildGraph, type StampGraph } from './graph.js';
import { layoutGraph, structureSignature, type LaidOutGraph } from './layout.js';
import { renderSvg, svgStylesheet } from './svg.js';
import { defaultView, graphViews, isViewName, projectView, type ViewGraph, type ViewName } from './views.js';

/** The answer to `stamp/graph` as the server computes it (ranges in offsets; server/src/lsp converts them). */
export type GraphRequestResult = GraphResult<OffsetRange>;

/** The layouts last drawn, by document and view: the next layout of the same view starts from them. */
const layoutMemory = new Map<string, LaidOutGraph>();
const layoutMemorySize = 24;
/** The containers last opened in each document's view, so that a view laid out ahead of time is the one the user will ask for. */
const lastExpanded = new Map<string, string[]>();
/** Layouts being computed, by document and view: a request for the same view waits for it instead of computing it twice. */
const inFlight = new Map<string, Promise<LaidOutGraph>>();

/**
 * After answering one view, the server lays out the document's other views in the background, one per task, so that
 * switching views finds its layout ready (the first ELK layouts of a process are several times slower than later ones).
 * Each task waits this long first, so that the answer is drawn before the server is busy again.
 */
export const backgroundLayoutDelayMs = 60;
const background = new Map<string, { timer: ReturnType<typeof setTimeout> | undefined; done: Promise<void>; finish: () => void }>();

/**
 * The drawings of the last answer of each document's view, with what they were drawn from: an answer whose picture is
 * the same (same positions and routes, same node and edge content; source ranges aside) re-uses them instead of
 * rendering the three SVGs again. An edit that changes no structure, such as a space, usually changes nothing drawn.
 */
const drawingMemory = new Map<string, Drawings & { key: string }>();
interface Drawings { svg: string; exportSvg: string; lightSvg: string }

/**
 * The last full graphs built, by analysis: asking again for the same version (a view switch, a container opened) does
 * not build the graph again. Keyed weakly, so a replaced analysis is let go.
 */
const graphMemory = new WeakMap<Analysis, { diagnostics: readonly Diagnostic[]; uri: string; graphs: Map<boolean, StampGraph> }>();

/** The full graph of an analysis (with or without the network layer), built once per analysis, diagnostics and document. */
function fullGraph(analysis: Analysis, diagnostics: readonly Diagnostic[], uri: string, network: boolean): StampGraph {
  let memory = graphMemory.get(analysis);
  if (!memory || memory.diagnostics !== diagnostics || memory.uri !== uri) graphMemory.set(analysis, (memory = { diagnostics, uri, graphs: new Map() }));
  let graph = memory.graphs.get(network);
  if (!graph) memory.graphs.set(network, (graph = buildGraph(analysis, diagnostics, uri, network ? { network: true } : undefined)));
  return graph;
}

/** Whether each document's topology view draws the network layer. */
const networkShown = new Map<string, boolean>();

/** The memory key of a document's view; the topology with its network layer is remembered apart from the one without. */
const keyOf = (uri: string, view: ViewName, network = false) => `${uri}\n${view}${view === 'topology' && network ? '+network' : ''}`;

/** Computes the answer to `stamp/graph`. */
export async function handleGraphRequest(analysis: Analysis, diagnostics: readonly Diagnostic[], uri: string, params: Partial<GraphRequestParams> = {}): Promise<GraphRequestResult> {
  const view = isViewName(params.view) ? params.view : defaultView;
  const expanded = Array.isArray(params.expanded) ? params.expanded.filter((id): id is string => typeof id === 'string').slice(0, 10_000) : [];
  cancelBackground(uri);
  // The network layer is drawn in the topology view only; it is remembered for the background layout of that view.
  if (view === 'topology') networkShown.set(uri, params.network === true);
  const network = networkShown.get(uri) === true;
  const full = fullGraph(analysis, diagnostics, uri, false);
  const withNetwork = network ? fullGraph(analysis, diagnostics, uri, true) : full;
  const key = keyOf(uri, view, network);
  lastExpanded.set(key, expanded);
  const laidOut = await layOutView(view === 'topology' ? withNetwork : full, uri, view, network, expanded, params.fresh === true);
  layOutOtherViewsLater(full, withNetwork, uri, view, network);
  return resultOf(laidOut, view, view === 'topology' && network, key);
}

/**
 * Answers `stamp/export`: the view the preview shows (same containers open, same network layer), laid out for a page by
 * `exportLayout`, starting from the picture on screen. Remembers nothing: the preview's own layout is left as it is.
 */
export async function handleExportRequest(analysis: Analysis, diagnostics: readonly Diagnostic[], uri: string, params: Partial<GraphRequestParams> = {}): Promise<ExportResult> {
  const view = isViewName(params.view) ? params.view : defaultView;
  const expanded = Array.isArray(params.expanded) ? params.expanded.filter((id): id is string => typeof id === 'string').slice(0, 10_000) : [];
  const network = view === 'topology' && params.network === true;
  const graph = projectView(buildGraph(analysis, diagnostics, uri, network ? { network: true } : undefined), view, expanded);
  const shown = await layoutGraph(graph, { previous: layoutMemory.get(keyOf(uri, view, network)) });
  const viewTitle = graphViews.find((info) => info.name === view)!.title;
  // The page is measured with the title line and the legend it is drawn with.
  const page = { viewTitle, legend: true };
  const chosen = await exportLayout(graph, page, shown);
  return {
    exportSvg: renderSvg(chosen.laidOut, { theme: 'vscode', embedStyle: false, ...page }),
    lightSvg: renderSvg(chosen.laidOut, { theme: 'light', ...page }),
    points: Math.round(chosen.points * 10) / 10,
    orientation: chosen.orientation,
  };
}

/** Lays out one view of a document, from its previous layout, and remembers the result. */
async function layOutView(full: StampGraph, uri: string, view: ViewName, network: boolean, expanded: readonly string[], fresh: boolean): Promise<LaidOutGraph> {
  const key = keyOf(uri, view, network);
  const pending = inFlight.get(key);
  if (pending) await pending.catch(() => undefined);
  const graph = projectView(full, view, expanded);
  const promise = layoutGraph(graph, { previous: layoutMemory.get(key), fresh });
  inFlight.set(key, promise);
  try {
    const laidOut = await promise;
    layoutMemory.delete(key);
    layoutMemory.set(key, laidOut);
    if (layoutMemory.size > layoutMemorySize) layoutMemory.delete(layoutMemory.keys().next().value!);
    return laidOut;
  } finally {
    if (inFlight.get(key) === promise) inFlight.delete(key);
  }
}

/** Schedules the layouts of the views not shown; a newer request for the document cancels what has not started. */
function layOutOtherViewsLater(full: StampGraph, withNetwork: StampGraph, uri: string, shown: ViewName, network: boolean): void {
  const others = graphViews.map((info) => info.name).filter((view) => view !== shown);
  let finish = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  const task = { timer: undefined as ReturnType<typeof setTimeout> | undefined, done, finish };
  const next = (): void => {
    const view = others.shift();
    if (!view || background.get(uri) !== task) {
      if (background.get(uri) === task) background.delete(uri);
      task.finish();
      return;
    }
    task.timer = setTimeout(() => {
      task.timer = undefined;
      const key = keyOf(uri, view, network);
      const source = view === 'topology' ? withNetwork : full;
      const graph = projectView(source, view, lastExpanded.get(key) ?? []);
      // Already laid out for this structure: nothing to do.
      if (layoutMemory.get(key)?.signature === structureSignature(graph)) return next();
      layOutView(source, uri, view, network, lastExpanded.get(key) ?? [], false).catch(() => undefined).finally(next);
    }, backgroundLayoutDelayMs);
    // A pending background layout never keeps a process (the CLI, a test) alive.
    (task.timer as { unref?: () => void }).unref?.();
  };
  background.set(uri, task);
  next();
}

function cancelBackground(uri: string): void {
  const task = background.get(uri);
  if (!task) return;
  background.delete(uri);
  if (task.timer !== undefined) clearTimeout(task.timer);
  task.finish();
}

/** Resolves when the document's background layouts are done or cancelled (for measurements and tests). */
export function backgroundLayoutsDone(uri: string): Promise<void> {
  return background.get(uri)?.done ?? Promise.resolve();
}

/** Whether a layout of the document's view is remembered (what a switch to the view starts from). */
export function hasLayoutOf(uri: string, view: ViewName, network = false): boolean {
  return layoutMemory.has(keyOf(uri, view, network));
}

/** Forgets the layouts of a closed document. */
export function forgetLayouts(uri: string): void {
  cancelBackground(uri);
  networkShown.delete(uri);
  for (const map of [layoutMemory, lastExpanded, drawingMemory]) for (const key of [...map.keys()]) if (key.startsWith(`${uri}\n`)) map.delete(key);
}

function resultOf(laidOut: LaidOutGraph, view: ViewName, network: boolean, key: string): GraphRequestResult {
  const positions: Record<string, GraphBox> = {};
  for (const item of laidOut.nodes) positions[item.node.id] = { x: item.x, y: item.y, width: item.width, height: item.height };
  return {
    view, views: graphViews, graph: laidOut.graph as ViewGraph, positions,
    width: laidOut.width, height: laidOut.height, originX: laidOut.originX, originY: laidOut.originY,
    ...drawingsOf(laidOut, view, key),
    stylesheet: svgStylesheet('vscode'),
    ...(network ? { network } : {}),
  };
}

/** The three SVGs of an answer: those of the view's last answer when the picture is the same, else rendered (and remembered). */
function drawingsOf(laidOut: LaidOutGraph, view: ViewName, memoryKey: string): Drawings {
  const key = drawingKey(laidOut);
  const remembered = drawingMemory.get(memoryKey);
  if (remembered?.key === key) return { svg: remembered.svg, exportSvg: remembered.exportSvg, lightSvg: remembered.lightSvg };
  const viewTitle = graphViews.find((info) => info.name === view)!.title;
  const drawings = {
    svg: renderSvg(laidOut, { theme: 'vscode', embedStyle: false }),
    exportSvg: renderSvg(laidOut, { theme: 'vscode', embedStyle: false, viewTitle, legend: true }),
    lightSvg: renderSvg(laidOut, { theme: 'light', viewTitle, legend: true }),
  };
  drawingMemory.delete(memoryKey);
  drawingMemory.set(memoryKey, { ...drawings, key });
  if (drawingMemory.size > layoutMemorySize) drawingMemory.delete(drawingMemory.keys().next().value!);
  return drawings;
}

/**
 * Everything the SVGs are drawn from, as one string: the picture's size and origin, every laid-out node (box, depth and
 * the whole node: label, marks, details, problems, memory, …) and every edge (route, label box, the edge), the title
 * and the document. Source ranges are left out: they move with an edit above a node without changing what is drawn,
 * and the answer's graph carries the new ones. Any other field, present or added later, is part of the key, so a
 * change the SVGs might show is never answered with an old picture.
 */
export function drawingKey(laidOut: LaidOutGraph): string {
  const { width, height, originX, originY, nodes, edges } = laidOut;
  return JSON.stringify([width, height, originX, originY, laidOut.graph.title, laidOut.graph.uri, nodes, edges], (name, value: unknown) => (name === 'range' || name === 'selectionRange' ? undefined : value));
}
