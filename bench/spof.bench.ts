// The failure analysis alone (SPOF001's search, the resilience summary's single failures, the capacity statements) on
// generated stamps of growing size, on a fresh model each run: to see how it grows with the stamp.
// Run: npm run build && node --expose-gc out/bench/spof.bench.js [lines,lines,...] [runs]
import { performance } from 'node:perf_hooks';
import { analyze } from '../grammar/src/analyze.js';
import { capacityStatements } from '../server/src/resilience/capacity.js';
import { singlePointsOfFailure, resilienceSummary } from '../server/src/resilience/spof.js';
import { failableParts, servicesOf } from '../server/src/resilience/simulate.js';
import { generateStamp } from './generate.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall and CPU milliseconds (user + system) of one run on a fresh model. */
function timed(text: string, work: (model: ReturnType<typeof analyze>['model']) => unknown): [number, number] {
  const model = analyze([{ uri: 'file:///bench.stamp', text }]).model;
  (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  const start = performance.now();
  work(model);
  const used = process.cpuUsage(cpu);
  return [performance.now() - start, (used.user + used.system) / 1000];
}

/** "wall (CPU)" medians. */
function both(samples: Array<[number, number]>): string {
  return `${median(samples.map((sample) => sample[0])).toFixed(0)} (${median(samples.map((sample) => sample[1])).toFixed(0)})`;
}

const sizes = (process.argv[2] ?? '10000,30000').split(',').map(Number);
const runs = Number(process.argv[3] ?? 3);
console.log('lines | services | failable parts | SPOF001 search, ms wall (CPU) | resilience summary (1 failure) | capacity statements');
for (const lines of sizes) {
  const text = generateStamp(lines).stampText;
  const model = analyze([{ uri: 'file:///bench.stamp', text }]).model;
  const spof: Array<[number, number]> = [];
  const summary: Array<[number, number]> = [];
  const capacity: Array<[number, number]> = [];
  for (let run = 0; run < runs; run++) {
    spof.push(timed(text, singlePointsOfFailure));
    summary.push(timed(text, (fresh) => resilienceSummary(fresh, 1)));
    capacity.push(timed(text, capacityStatements));
  }
  console.log(`${lines} | ${servicesOf(model).length} | ${failableParts(model).length} | ${both(spof)} | ${both(summary)} | ${both(capacity)}`);
}
