// Measures graph building, layout and SVG rendering of a generated 1,000-element stamp in every view, and switching views on the examples; prints the times.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../grammar/src/analyze.js';
import { buildGraph } from '../server/src/graph/graph.js';
import { layoutGraph } from '../server/src/graph/layout.js';
import { renderSvg } from '../server/src/graph/svg.js';
import { handleGraphRequest } from '../server/src/graph/request.js';
import { graphViews, projectView } from '../server/src/graph/views.js';

/** A stamp of clusters with hosts, VMs, SQL instances and availability groups: about `elementCount` drawn elements. */
function generatedStamp(elementCount: number): string {
  const lines: string[] = ['stamp bench { windows 2016; sql_version 2016 }', 'san SAN1 { protocol iscsi }'];
  let count = 1;
  for (let cluster = 1; count < elementCount; cluster++) {
    const hosts = [1, 2, 3, 4].map((host) => `C${cluster}H${host}`);
    for (const host of hosts) lines.push(`host ${host} { os 2016 }`);
    lines.push(`cluster C${cluster} { kind hyperv; nodes ${hosts.join(', ')}; witness disk SAN1; csv V${cluster} { san SAN1 } }`);
    count += 6;
    for (let vm = 1; vm <= 20 && count < elementCount; vm++) {
      lines.push(`vm C${cluster}VM${vm} on C${cluster} { memory 4GB; storage csv V${cluster} }`);
      count++;
      if (vm <= 2) {
        lines.push(`sql on C${cluster}VM${vm} { version 2016 }`);
        count++;
      }
    }
    lines.push(`availability_group AG${cluster} on C${cluster} {`, `  replica C${cluster}VM1 { commit synchronous; primary }`, `  replica C${cluster}VM2 { commit synchronous }`, `  listener L${cluster} { ip 10.${cluster}.0.10/24 }`, '}');
    lines.push(`replication C${cluster}VM3 to C${cluster + 1}H1 { frequency 5m }`);
    count += 5;
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const text = generatedStamp(1000);
  const uri = 'file:///bench.stamp';
  let started = performance.now();
  const analysis = analyze([{ uri, text }]);
  const analyzeMs = performance.now() - started;
  started = performance.now();
  const graph = buildGraph(analysis, analysis.diagnostics, uri);
  const graphMs = performance.now() - started;
  // The first layout also pays for loading ELK; later ones are what an edit costs.
  const times: number[] = [];
  let laidOut = await layoutGraph(graph);
  for (let run = 0; run < 3; run++) {
    started = performance.now();
    laidOut = await layoutGraph(graph);
    times.push(performance.now() - started);
  }
  started = performance.now();
  const svg = renderSvg(laidOut, { theme: 'vscode' });
  const svgMs = performance.now() - started;
  console.log(`elements: ${analysis.model.index.all.length}, nodes: ${graph.nodes.length}, edges: ${graph.edges.length}`);
  // The example is the size an edit in the preview usually costs: nested containers with routed edges.
  const exampleUri = 'file:///hypervnu-lab.stamp';
  const exampleAnalysis = analyze([{ uri: exampleUri, text: readFileSync(join(__dirname, '..', '..', 'examples', 'hypervnu-lab.stamp'), 'utf8') }]);
  const exampleGraph = buildGraph(exampleAnalysis, exampleAnalysis.diagnostics, exampleUri);
  started = performance.now();
  await layoutGraph(exampleGraph);
  const exampleMs = performance.now() - started;
  console.log(`analyze ${analyzeMs.toFixed(0)} ms, buildGraph ${graphMs.toFixed(1)} ms, layout ${times.map((time) => time.toFixed(0)).join(' / ')} ms, renderSvg ${svgMs.toFixed(1)} ms (${(svg.length / 1024).toFixed(0)} KiB)`);
  console.log(`example (${exampleGraph.nodes.length} nodes, nested, routed edges): layout ${exampleMs.toFixed(0)} ms`);

  // Every view of the 1,000-element stamp: as the preview opens it (an overview, containers closed) and fully open (the CLI's export).
  for (const info of graphViews) {
    for (const expanded of [[], 'all'] as const) {
      const viewGraph = projectView(graph, info.name, expanded);
      const runs: number[] = [];
      for (let run = 0; run < 3; run++) {
        started = performance.now();
        await layoutGraph(viewGraph);
        runs.push(performance.now() - started);
      }
      console.log(`1,000 elements, ${info.name} view${expanded === 'all' ? ', all open' : viewGraph.overview ? ', overview' : ''} (${viewGraph.nodes.length} nodes, ${viewGraph.edges.length} edges): layout ${runs.map((time) => time.toFixed(0)).join(' / ')} ms`);
    }
  }

  // Switching views in the preview: the whole stamp/graph answer (view, layout, three SVGs) for each example and view,
  // the first time (a fresh layout) and when switching back (the view's layout is remembered).
  for (const name of ['hypervnu-lab', 'asr-stamp', 'hoster-4-server']) {
    const uri = `file:///${name}.stamp`;
    const analysis = analyze([{ uri, text: readFileSync(join(__dirname, '..', '..', 'examples', `${name}.stamp`), 'utf8') }]);
    const first: string[] = [];
    const again: string[] = [];
    for (const times of [first, again]) {
      for (const info of graphViews) {
        started = performance.now();
        await handleGraphRequest(analysis, analysis.diagnostics, uri, { view: info.name });
        times.push(`${info.name} ${(performance.now() - started).toFixed(0)}`);
      }
    }
    console.log(`${name}: switching views (stamp/graph answer, ms): first ${first.join(', ')}; again ${again.join(', ')}`);
  }
}

void main();
