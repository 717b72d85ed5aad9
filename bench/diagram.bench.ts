// Diagram quality of the examples: label size in the initial view of a 700 px panel and on an A4 page (the view as shown and as exported), edge crossings, and how many nodes move when one element is added or removed.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../grammar/src/analyze.js';
import { buildGraph, type StampGraph } from '../server/src/graph/graph.js';
import { layoutGraph, textMetrics, type LaidOutGraph } from '../server/src/graph/layout.js';
import { countCrossings, movedNodes } from '../server/src/graph/metrics.js';
import { a4LabelPoints, exportLayout, readablePrintPoints } from '../server/src/graph/export.js';
import { svgSize } from '../server/src/graph/svg.js';
import { graphViews, projectView, type ViewName } from '../server/src/graph/views.js';

const examples = join(__dirname, '..', '..', 'examples');
const panel = { width: 700, height: 900 };

/** `--views`: measure each view, with the layout seeded from the previous one (the preview's way); else the full graph fresh (the old preview). */
const byView = process.argv.includes('--views');

function graphOf(text: string, uri: string, view?: ViewName, expanded: readonly string[] | 'all' = []): StampGraph {
  const analysis = analyze([{ uri, text }]);
  const graph = buildGraph(analysis, analysis.diagnostics, uri);
  return view ? projectView(graph, view, expanded) : graph;
}

/** The size of a node label when the exported file (title and legend included) is printed on an A4 page. */
function a4Label(laidOut: LaidOutGraph, view: ViewName): string {
  const { width, height } = svgSize(laidOut, { viewTitle: view, legend: true });
  const { points, orientation } = a4LabelPoints({ width, height });
  return `${Math.round(width)}×${Math.round(height)} px, ${orientation}, label font ${(points / (72 / 25.4)).toFixed(2)} mm (${points.toFixed(1)} pt)${points < readablePrintPoints ? `, below ${readablePrintPoints} pt` : ''}`;
}

/** The scale the old preview opened at: the whole diagram fitted into the panel. */
function fitScale(laidOut: LaidOutGraph): number {
  const width = laidOut.width + 2 * textMetrics.margin;
  const height = laidOut.height + 2 * textMetrics.margin + 26;
  return Math.min(panel.width / width, panel.height / height);
}

async function main(): Promise<void> {
  for (const name of readdirSync(examples).filter((file) => file.endsWith('.stamp')).sort()) {
    for (const view of byView ? graphViews.map((info) => info.name) : [undefined]) await measure(name, view);
  }
}

async function measure(name: string, view: ViewName | undefined): Promise<void> {
  {
    const uri = `file:///${name}`;
    const text = readFileSync(join(examples, name), 'utf8');
    const graph = graphOf(text, uri, view);
    const laidOut = await layoutGraph(graph);
    const scale = fitScale(laidOut);
    const crossings = countCrossings(laidOut);
    // Stability: remove each leaf statement in turn (up to 12, spread over the file), and add one VM.
    const leaves = graph.nodes.filter((node) => !node.container);
    const step = Math.max(1, Math.floor(leaves.length / 12));
    const fractions: number[] = [];

    for (let index = 0; index < leaves.length; index += step) {
      const node = leaves[index];
      const edited = text.slice(0, node.range.start) + text.slice(node.range.end);
      const after = await layoutGraph(graphOf(edited, uri, view), { previous: view ? laidOut : undefined });
      const moved = movedNodes(laidOut, after);
      fractions.push(moved.moved / Math.max(1, moved.common));
      if (process.env.STAMP_DEBUG && moved.moved / Math.max(1, moved.common) > 0.1) console.log(`  removing ${node.id}: moved ${moved.ids.join(', ')}`);
    }
    const cluster = graphOf(text, uri).nodes.find((node) => node.kind === 'cluster');
    if (cluster) {
      const after = await layoutGraph(graphOf(`${text}\nvm BENCHNEWVM on ${cluster.label} { memory 4GB }\n`, uri, view), { previous: view ? laidOut : undefined });
      const moved = movedNodes(laidOut, after);
      fractions.push(moved.moved / Math.max(1, moved.common));
    }
    fractions.sort((a, b) => a - b);
    const percent = (value: number) => `${(value * 100).toFixed(0)} %`;
    console.log(`${name}${view ? ` ${view}` : ''}: ${graph.nodes.length} nodes, ${graph.edges.length} edges; label ${(textMetrics.labelFontSize * scale).toFixed(1)} px at the fitted scale ${scale.toFixed(2)}; crossings ${crossings}; moved >20 px per one-element edit: median ${percent(fractions[Math.floor(fractions.length / 2)])}, max ${percent(fractions[fractions.length - 1])}, edits over 10 %: ${fractions.filter((value) => value > 0.1).length}/${fractions.length}`);
    if (view) {
      // The view as shown (what exports printed before) and the layout the export now uses (stamp/export, stamp render).
      const open = graphOf(text, uri, view, 'all');
      const shown = await layoutGraph(open);
      const exported = await exportLayout(open, { viewTitle: view, legend: true }, shown);
      console.log(`  on A4, the view as shown: ${a4Label(shown, view)}; exported: ${a4Label(exported.laidOut, view)}${exported.laidOut !== shown ? ` (${exported.compact ? 'compact, ' : ''}${exported.rowLength ? `rows of at most ${exported.rowLength}, ` : ''}crossings ${countCrossings(exported.laidOut)})` : ''}`);
    }
  }
}

void main();
