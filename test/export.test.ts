// Tests of the export's page layout: the label size an export prints at on A4, every example view's export at least as large as the view as shown, the views too wide or tall for a page laid out again in rows, and the preview's own picture left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../grammar/src/analyze.js';
import { buildGraph } from '../server/src/graph/graph.js';
import { a4LabelPoints, exportLayout, readablePrintPoints } from '../server/src/graph/export.js';
import { layoutGraph } from '../server/src/graph/layout.js';
import { forgetLayouts, handleExportRequest, handleGraphRequest } from '../server/src/graph/request.js';
import { svgSize } from '../server/src/graph/svg.js';
import { graphViews, projectView, type ViewName } from '../server/src/graph/views.js';
import { repoRoot } from './support/paths.js';

const exampleText = (name: string) => readFileSync(join(repoRoot, 'examples', `${name}.stamp`), 'utf8');
function viewGraph(name: string, view: ViewName) {
  const uri = `file:///${name}.stamp`;
  const analysis = analyze([{ uri, text: exampleText(name) }]);
  return projectView(buildGraph(analysis, analysis.diagnostics, uri), view, 'all');
}

test('an export prints on A4 at its natural size when it fits, else shrunk to the page in the better orientation', () => {
  // 13 px labels at 96 px per inch are 9.75 pt; a 1297 × 1284 px drawing shrinks to 190/1284 of that in landscape.
  assert.deepEqual(a4LabelPoints({ width: 657, height: 724 }), { points: 9.75, orientation: 'portrait' });
  const wide = a4LabelPoints({ width: 1738, height: 769 });
  assert.equal(wide.orientation, 'landscape');
  assert.equal(Math.round(wide.points * 10) / 10, 5.9);
  assert.equal(Math.round(a4LabelPoints({ width: 1297, height: 1284 }).points * 10) / 10, 5.5);
});

for (const [name, view, reaches] of [
  ['asr-stamp', 'replication', true], ['asr-stamp', 'services', true], ['hypervnu-lab', 'services', true],
  ['hypervnu-lab', 'topology', true], ['hoster-4-server', 'services', true],
] as const) {
  test(`the export of ${name}'s ${view} view prints at least as large as the view as shown${reaches ? `, and at ${readablePrintPoints} pt or more on A4` : ''}, with every node and edge of the view`, async () => {
    const graph = viewGraph(name, view);
    const extras = { viewTitle: graphViews.find((info) => info.name === view)!.title, legend: true };
    const shown = await layoutGraph(graph);
    const before = a4LabelPoints(svgSize(shown, extras)).points;
    const exported = await exportLayout(graph, extras, shown);
    assert.ok(exported.points >= before - 1e-9, `${exported.points.toFixed(2)} pt exported, ${before.toFixed(2)} pt as shown`);
    if (reaches) assert.ok(exported.points >= readablePrintPoints, `${exported.points.toFixed(2)} pt`);
    // A view that already prints readably is exported as shown.
    if (before >= readablePrintPoints) assert.equal(exported.laidOut, shown);
    assert.deepEqual(exported.laidOut.nodes.map((item) => item.node.id).sort(), graph.nodes.map((node) => node.id).sort());
    assert.deepEqual(exported.laidOut.edges.map((item) => item.edge.id).sort(), graph.edges.map((edge) => edge.id).sort());
    // Nested boxes stay inside their containers.
    const boxes = new Map(exported.laidOut.nodes.map((item) => [item.node.id, item]));
    for (const item of exported.laidOut.nodes) {
      const parent = item.node.parent ? boxes.get(item.node.parent) : undefined;
      if (parent) assert.ok(item.x >= parent.x && item.y >= parent.y && item.x + item.width <= parent.x + parent.width + 0.5 && item.y + item.height <= parent.y + parent.height + 0.5, `${item.node.id} inside ${parent.node.id}`);
    }
  });
}

test('stamp/export lays the ASR replication view out in rows for the page and leaves the preview\'s picture as it was', async () => {
  const uri = 'file:///export-asr.stamp';
  const analysis = analyze([{ uri, text: exampleText('asr-stamp') }]);
  const shown = await handleGraphRequest(analysis, analysis.diagnostics, uri, { view: 'replication' });
  const page = await handleExportRequest(analysis, analysis.diagnostics, uri, { view: 'replication' });
  const size = (svg: string) => ({ width: Number(/ width="([\d.]+)"/.exec(svg)![1]), height: Number(/ height="([\d.]+)"/.exec(svg)![1]) });
  assert.ok(a4LabelPoints(size(shown.lightSvg)).points < readablePrintPoints, 'as shown, the view is too wide for A4');
  assert.ok(page.points >= readablePrintPoints && Math.abs(a4LabelPoints(size(page.lightSvg)).points - page.points) < 0.06, `${page.points} pt, ${page.orientation}`);
  assert.ok(size(page.lightSvg).width < size(shown.lightSvg).width, 'narrower than the view as shown');
  assert.match(page.lightSvg, /<g class="legend"/);
  assert.match(page.lightSvg, /<text class="title"[^>]*>asr-stamp · Replication \/ DR<\/text>/);
  assert.doesNotMatch(page.exportSvg, /<style>/, 'the current-theme export gets its colours from the webview');
  const again = await handleGraphRequest(analysis, analysis.diagnostics, uri, { view: 'replication' });
  assert.deepEqual(again.positions, shown.positions, 'the preview keeps its picture');
  forgetLayouts(uri);
});
