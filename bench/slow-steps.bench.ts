// Times each step of the slow rules (the failure analysis) on a generated stamp: the longest steps bound how long a request waits behind them.
// Usage: node out/bench/slow-steps.bench.js [lines=10000] [runs=3]
import { generateStamp } from './generate.js';
import { analyze } from '../grammar/src/analyze.js';
import { ruleDiagnosticsInSteps, slowRules } from '../server/src/analysis/diagnose.js';
import { emptyConfig } from '../server/src/analysis/config.js';

const [lines = 10_000, runs = 3] = process.argv.slice(2).map(Number);
const stamp = generateStamp(lines);
const analysis = analyze([{ uri: 'file:///bench.stamp', text: stamp.stampText }]);
for (let run = 0; run < runs; run++) {
  const durations: number[] = [];
  const steps = ruleDiagnosticsInSteps(analysis, emptyConfig, slowRules);
  let started = performance.now();
  const all = performance.now();
  let next = steps.next();
  while (!next.done) {
    const now = performance.now();
    durations.push(now - started);
    started = now;
    next = steps.next();
  }
  durations.push(performance.now() - started);
  const sorted = [...durations].sort((a, b) => b - a);
  const nearest = (share: number): number => sorted[Math.max(0, Math.ceil(sorted.length * share) - 1)];
  console.log(`run ${run + 1}: ${durations.length} steps, ${(performance.now() - all).toFixed(0)} ms in all; longest ${sorted.slice(0, 5).map((d) => d.toFixed(1)).join(', ')} ms; p99 ${nearest(0.01).toFixed(2)} ms, p50 ${nearest(0.5).toFixed(3)} ms`);
  console.log(`  index of the 3 longest: ${sorted.slice(0, 3).map((d) => durations.indexOf(d)).join(', ')}`);
}
