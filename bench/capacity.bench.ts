// What memory placement adds to the failure analysis: the same generated stamps analysed with their hosts' `memory`
// (every Hyper-V cluster is placed) and without it (capacity unknown: no placement), runs interleaved (without, with,
// with, without, …) so that a machine whose load drifts charges both alike; medians. Also the placements' own time:
// every node of every cluster failed alone, placed on a fresh model (what the analysis computes once per model).
// Run: npm run build && node --expose-gc out/bench/capacity.bench.js
import { performance } from 'node:perf_hooks';
import { analyze } from '../grammar/src/analyze.js';
import { resilienceSummary, singlePointsOfFailure } from '../server/src/resilience/spof.js';
import { clusterCapacities } from '../server/src/resilience/capacity.js';
import { FailureSimulator } from '../server/src/resilience/simulate.js';
import { generateStamp } from './generate.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One run of the failure analysis the slow rules and the resilience summary run: single points of failure, then the summary. */
function failureAnalysisOnce(text: string): number {
  // A fresh model each run, so that no placement is reused from a cache.
  const model = analyze([{ uri: 'file:///bench.stamp', text }]).model;
  (globalThis as { gc?: () => void }).gc?.();
  const start = performance.now();
  singlePointsOfFailure(model);
  resilienceSummary(model, 1);
  return performance.now() - start;
}

/** Medians of both texts' analysis, runs interleaved in alternating order. */
function interleaved(first: string, second: string, runs: number): [number, number] {
  const a: number[] = [];
  const b: number[] = [];
  for (let run = 0; run < runs; run++) {
    if (run % 2 === 0) {
      a.push(failureAnalysisOnce(first));
      b.push(failureAnalysisOnce(second));
    } else {
      b.push(failureAnalysisOnce(second));
      a.push(failureAnalysisOnce(first));
    }
  }
  return [median(a), median(b)];
}

/** The placements alone: each node of each Hyper-V cluster failed by itself, on a fresh model; median of runs. */
function placementsMs(text: string, runs: number): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const model = analyze([{ uri: 'file:///bench.stamp', text }]).model;
    (globalThis as { gc?: () => void }).gc?.();
    const start = performance.now();
    for (const cluster of model.clusters) {
      if (cluster.kind !== 'hyperv') continue;
      for (const node of cluster.nodes) new FailureSimulator(model, [node]).placement(cluster);
    }
    times.push(performance.now() - start);
  }
  return median(times);
}

/** The text with the `memory` lines of host blocks removed (the generator writes each host property on its own line). */
function stripHostMemory(text: string): string {
  let inHost = false;
  return text.split('\n').filter((line) => {
    if (/^host /.test(line)) inHost = true;
    else if (/^\S/.test(line)) inHost = false;
    return !(inHost && /^\s+memory /.test(line));
  }).join('\n');
}

const sizes = (process.env.CAPACITY_BENCH_LINES ?? '1000,10000').split(',').map(Number);
const runs = Number(process.env.CAPACITY_BENCH_RUNS ?? 7);
console.log('lines | clusters placed | failure analysis without memory (ms) | with memory (ms) | added | placements alone (ms) | share of the analysis');
for (const lines of sizes) {
  const withMemory = generateStamp(lines).stampText;
  // Hosts without memory: capacity unknown, so the analysis places nothing (the behaviour before placement).
  const withoutMemory = stripHostMemory(withMemory);
  const placed = clusterCapacities(analyze([{ uri: 'file:///bench.stamp', text: withMemory }]).model).filter((entry) => entry.known).length;
  const unplaced = clusterCapacities(analyze([{ uri: 'file:///bench.stamp', text: withoutMemory }]).model).filter((entry) => entry.known).length;
  if (unplaced !== 0) throw new Error(`the stamp without memory still places ${unplaced} clusters`);
  const [before, after] = interleaved(withoutMemory, withMemory, runs);
  const own = placementsMs(withMemory, runs);
  console.log(`${lines} | ${placed} | ${before.toFixed(1)} | ${after.toFixed(1)} | ${(((after - before) / before) * 100).toFixed(1)} % | ${own.toFixed(1)} | ${((own / after) * 100).toFixed(1)} %`);
}
