// Measures switching views on the examples (as a fresh server meets them) and the layout of a generated 1,000-element stamp in every view, warm and in a fresh process; prints the times.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../grammar/src/analyze.js';
import { buildGraph } from '../server/src/graph/graph.js';
import { layoutGraph, type LaidOutGraph } from '../server/src/graph/layout.js';
import { renderSvg } from '../server/src/graph/svg.js';
import { backgroundLayoutsDone, forgetLayouts, handleGraphRequest } from '../server/src/graph/request.js';
import { graphViews, projectView, type ViewName } from '../server/src/graph/views.js';
import { warmUpLayouts } from '../server/src/graph/warm-up.js';

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

const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const examplesFolder = join(__dirname, '..', '..', 'examples');
const exampleNames = ['hypervnu-lab', 'asr-stamp', 'hoster-4-server'];

/**
 * `--cold <view>`: one layout of the 1,000-element stamp's view, fully open, in this fresh process (ELK not yet compiled
 * by the JIT); with `--warmed`, after the warm-up a server runs for a client that shows the preview (its cost printed too).
 */
async function coldLayout(view: ViewName, warmed: boolean): Promise<void> {
  let warmUp: { wall: number; cpu: number } | undefined;
  if (warmed) {
    const started = performance.now();
    const cpu = cpuMs();
    const keepAlive = setInterval(() => undefined, 1000);
    await warmUpLayouts(0);
    clearInterval(keepAlive);
    warmUp = { wall: performance.now() - started, cpu: cpuMs() - cpu };
  }
  const uri = 'file:///bench.stamp';
  const analysis = analyze([{ uri, text: generatedStamp(1000) }]);
  const graph = projectView(buildGraph(analysis, analysis.diagnostics, uri), view, 'all');
  const started = performance.now();
  const cpu = cpuMs();
  await layoutGraph(graph);
  console.log(JSON.stringify({ wall: performance.now() - started, cpu: cpuMs() - cpu, warmUp }));
}

/**
 * Switching views in the preview, as a fresh server does it: the whole stamp/graph answer (view, layout, three SVGs)
 * for the view that opens, then for each other view once the background layouts are done; and, for comparison, each
 * view asked for before its background layout ran (a fresh layout, the previous round's behaviour).
 */
async function viewSwitches(): Promise<void> {
  for (const name of exampleNames) {
    const text = readFileSync(join(examplesFolder, `${name}.stamp`), 'utf8');
    const analysis = analyze([{ uri: `file:///${name}.stamp`, text }]);
    const timed = async (uri: string, view: ViewName): Promise<string> => {
      const started = performance.now();
      const cpu = cpuMs();
      await handleGraphRequest(analysis, analysis.diagnostics, uri, { view });
      return `${view} ${(performance.now() - started).toFixed(0)} (${(cpuMs() - cpu).toFixed(0)} cpu)`;
    };
    const [first, ...others] = graphViews.map((info) => info.name);
    const uri = `file:///${name}.stamp`;
    const opened = await timed(uri, first);
    // The background layouts' timers do not keep a process alive: this one waits for them.
    const keepAlive = setInterval(() => undefined, 1000);
    await backgroundLayoutsDone(uri);
    clearInterval(keepAlive);
    const switched: string[] = [];
    for (const view of others) switched.push(await timed(uri, view));
    // Without the background layouts: each view asked for at once, under a new document address (nothing remembered).
    const unprepared: string[] = [];
    for (const view of graphViews.map((info) => info.name)) {
      unprepared.push(await timed(`file:///${name}-${view}-unprepared.stamp`, view));
      // Closed at once, so that its own background layouts do not run during the next measurement.
      forgetLayouts(`file:///${name}-${view}-unprepared.stamp`);
    }
    console.log(`${name}: open ${opened} ms; switch after the background layouts: ${switched.join(', ')} ms; a view laid out on demand (no background layout): ${unprepared.join(', ')} ms`);
  }
}

async function main(): Promise<void> {
  const coldIndex = process.argv.indexOf('--cold');
  if (coldIndex >= 0) return coldLayout(process.argv[coldIndex + 1] as ViewName, process.argv.includes('--warmed'));
  // First, as a fresh server meets them: the examples' views (ELK's first layouts in this process are the slowest).
  await viewSwitches();

  const text = generatedStamp(1000);
  const uri = 'file:///bench.stamp';
  let started = performance.now();
  const analysis = analyze([{ uri, text }]);
  const analyzeMs = performance.now() - started;
  started = performance.now();
  const graph = buildGraph(analysis, analysis.diagnostics, uri);
  const graphMs = performance.now() - started;
  console.log(`elements: ${analysis.model.index.all.length}, nodes: ${graph.nodes.length}, edges: ${graph.edges.length}; analyze ${analyzeMs.toFixed(0)} ms, buildGraph ${graphMs.toFixed(1)} ms`);

  // Every view of the 1,000-element stamp: as the preview opens it (an overview, containers closed) and fully open (the CLI's export).
  const worst: number[] = [0, 0, 0];
  const rows: string[] = [];
  for (const info of graphViews) {
    for (const expanded of [[], 'all'] as const) {
      const viewGraph = projectView(graph, info.name, expanded);
      await layoutGraph(viewGraph);
      const runs: number[] = [];
      const cpu: number[] = [];
      let laidOut: LaidOutGraph | undefined;
      for (let run = 0; run < 3; run++) {
        started = performance.now();
        const cpuStart = cpuMs();
        laidOut = await layoutGraph(viewGraph);
        runs.push(performance.now() - started);
        cpu.push(cpuMs() - cpuStart);
      }
      runs.forEach((time, index) => (worst[index] = Math.max(worst[index], time)));
      rows.push(`1,000 elements, ${info.name} view${expanded === 'all' ? ', all open' : viewGraph.overview ? ', overview' : ''} (${viewGraph.nodes.length} nodes, ${viewGraph.edges.length} edges, ${Math.round(laidOut!.width)}×${Math.round(laidOut!.height)} px): warm layout ${runs.map((time) => time.toFixed(0)).join(' / ')} ms (CPU ${cpu.map((time) => time.toFixed(0)).join(' / ')} ms)`);
    }
  }
  // The line bench/run.bench.ts reads: the slowest view, run by run.
  console.log(`1,000 elements, slowest view: layout ${worst.map((time) => time.toFixed(0)).join(' / ')} ms`);
  for (const row of rows) console.log(row);
  // The first layout in a fresh process (a server that has drawn nothing yet), fully open views: cold, and after the
  // warm-up the server runs in the background for a client that shows the preview.
  for (const info of graphViews) {
    for (const warmed of [false, true]) {
      const run = spawnSync(process.execPath, [__filename, '--cold', info.name, ...(warmed ? ['--warmed'] : [])], { encoding: 'utf8' });
      try {
        const figures = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as { wall: number; cpu: number; warmUp?: { wall: number; cpu: number } };
        const warmUp = figures.warmUp ? ` (after the warm-up, which took ${figures.warmUp.wall.toFixed(0)} ms, CPU ${figures.warmUp.cpu.toFixed(0)} ms)` : '';
        console.log(`1,000 elements, ${info.name} view, all open, first layout of a fresh process${warmed ? ' after the warm-up' : ''}: ${figures.wall.toFixed(0)} ms (CPU ${figures.cpu.toFixed(0)} ms)${warmUp}`);
      } catch {
        console.log(`1,000 elements, ${info.name} view: the fresh-process run failed: ${run.stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
      }
    }
  }
  // The whole stamp as one picture (no view draws it any more; kept for comparison with earlier rounds).
  const times: number[] = [];
  for (let run = 0; run < 2; run++) {
    started = performance.now();
    const laidOut = await layoutGraph(graph);
    times.push(performance.now() - started);
    if (run === 0) {
      const svgStarted = performance.now();
      const svg = renderSvg(laidOut, { theme: 'vscode' });
      console.log(`1,000 elements as one picture (no view): renderSvg ${(performance.now() - svgStarted).toFixed(1)} ms (${(svg.length / 1024).toFixed(0)} KiB)`);
    }
  }
  console.log(`1,000 elements as one picture (no view): ${times.map((time) => time.toFixed(0)).join(' / ')} ms`);
  const load = loadavg();
  console.log(`load average ${load.map((value) => value.toFixed(1)).join(' / ')} on ${cpus().length} CPUs`);
}

void main();
