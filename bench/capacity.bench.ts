// What memory placement adds to the failure analysis: the same generated stamps analysed with their hosts' `memory`
// (every Hyper-V cluster is placed) and without it (capacity unknown: no placement), medians of several runs.
// Run: npm run build && node --expose-gc out/bench/capacity.bench.js
import { performance } from 'node:perf_hooks';
import { analyze } from '../grammar/src/analyze.js';
import { resilienceSummary, singlePointsOfFailure } from '../server/src/resilience/spof.js';
import { clusterCapacities } from '../server/src/resilience/capacity.js';
import { generateStamp } from './generate.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The failure analysis the slow rules and the resilience summary run: single points of failure, then the summary. */
function failureAnalysisMs(text: string, runs: number): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    // A fresh model each run, so that no placement is reused from a cache.
    const model = analyze([{ uri: 'file:///bench.stamp', text }]).model;
    (globalThis as { gc?: () => void }).gc?.();
    const start = performance.now();
    singlePointsOfFailure(model);
    resilienceSummary(model, 1);
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
console.log('lines | clusters placed | failure analysis without memory (ms) | with memory (ms) | added');
for (const lines of sizes) {
  const withMemory = generateStamp(lines).stampText;
  // Hosts without memory: capacity unknown, so the analysis places nothing (the behaviour before placement).
  const withoutMemory = stripHostMemory(withMemory);
  const placed = clusterCapacities(analyze([{ uri: 'file:///bench.stamp', text: withMemory }]).model).filter((entry) => entry.known).length;
  const unplaced = clusterCapacities(analyze([{ uri: 'file:///bench.stamp', text: withoutMemory }]).model).filter((entry) => entry.known).length;
  if (unplaced !== 0) throw new Error(`the stamp without memory still places ${unplaced} clusters`);
  const before = failureAnalysisMs(withoutMemory, runs);
  const after = failureAnalysisMs(withMemory, runs);
  console.log(`${lines} | ${placed} | ${before.toFixed(1)} | ${after.toFixed(1)} | ${(((after - before) / before) * 100).toFixed(1)} %`);
}
