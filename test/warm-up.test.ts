// Tests of the layout warm-up the server runs after it starts: its made-up stamp is valid and draws in every view, it lays out each view once, and it steps aside when a real layout ran first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../grammar/src/analyze.js';
import { buildGraph } from '../server/src/graph/graph.js';
import { layoutGraph } from '../server/src/graph/layout.js';
import { graphViews, projectView } from '../server/src/graph/views.js';
import { warmUpLayouts, warmUpStamp } from '../server/src/graph/warm-up.js';

test('the warm-up stamp is free of syntax and schema errors and every view draws nodes and edges from it', () => {
  const uri = 'file:///warm-up.stamp';
  const analysis = analyze([{ uri, text: warmUpStamp() }]);
  const errors = analysis.diagnostics.filter((diagnostic) => /^(SYN|SCH)/.test(diagnostic.code ?? ''));
  assert.deepEqual(errors.map((diagnostic) => `${diagnostic.code} ${diagnostic.message}`), []);
  const full = buildGraph(analysis, analysis.diagnostics, uri);
  for (const info of graphViews) {
    const graph = projectView(full, info.name, 'all');
    assert.ok(graph.nodes.length >= 10 && graph.edges.length >= 5, `${info.name}: ${graph.nodes.length} nodes, ${graph.edges.length} edges`);
    assert.ok(graph.nodes.some((node) => node.container), `${info.name} has containers`);
  }
});

test('the warm-up lays out every view once, then stops; a layout of the user\'s run first makes it step aside', async () => {
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    const report = await warmUpLayouts(1);
    assert.deepEqual([report.views, report.skipped], [graphViews.length, undefined]);
    const pending = warmUpLayouts(50);
    const uri = 'file:///user.stamp';
    const analysis = analyze([{ uri, text: 'host H1 { os 2016 }\nhost H2 { os 2016 }\ncluster C { kind hyperv; nodes H1, H2 }\nvm V on C { memory 1GB }\n' }]);
    await layoutGraph(projectView(buildGraph(analysis, analysis.diagnostics, uri), 'topology'));
    const skipped = await pending;
    assert.deepEqual([skipped.views, skipped.skipped], [0, 'a preview was laid out first']);
  } finally {
    clearInterval(keepAlive);
  }
});
