// The open path in process, for before/after comparisons: parseStamp, analyze and diagnose (every rule) of a generated
// stamp, median wall and CPU ms, and the process's peak RSS. Uses only entry points every round has, so the same file
// builds against an older checkout (`npx esbuild bench/front.bench.ts --bundle --platform=node --main-fields=module,main
// --outfile=…`) and the two builds can run one after the other.
// Usage: node --expose-gc out/bench/front.bench.js [lines=10000] [runs=15] [--no-diagnose]
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { generateStamp } from './generate.js';
import { parseStamp } from '../grammar/src/parser.js';
import { analyze } from '../grammar/src/analyze.js';
import { diagnose } from '../server/src/analysis/diagnose.js';

const args = process.argv.slice(2);
const [lines = 10_000, runs = 15] = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
const withDiagnose = !args.includes('--no-diagnose');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Median wall and CPU ms of `runs` calls after three warm-up calls, with a collection before each when exposed. */
function time(work: () => unknown): { wall: number; cpu: number } {
  const collect = (globalThis as { gc?: () => void }).gc;
  for (let index = 0; index < 3; index++) work();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let index = 0; index < runs; index++) {
    collect?.();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    work();
    walls.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuBefore);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

const stamp = generateStamp(lines);
const sources = [{ uri: 'file:///bench/front.stamp', text: stamp.stampText }];
const load = loadavg()[0];
const rows: Array<[string, { wall: number; cpu: number }]> = [
  ['parseStamp', time(() => parseStamp(stamp.stampText))],
  ['analyze', time(() => analyze(sources))],
];
if (withDiagnose) rows.push(['diagnose(analyze)', time(() => diagnose(analyze(sources)))]);
const bytes = Buffer.byteLength(stamp.stampText);
console.log(`${stamp.lines} lines, ${(bytes / 1024).toFixed(0)} KB, ${stamp.elements} elements; ${runs} runs; load ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
for (const [label, figure] of rows) console.log(`${label.padEnd(18)} ${figure.wall.toFixed(1).padStart(8)} ms wall ${figure.cpu.toFixed(1).padStart(8)} ms CPU`);
const analyzed = rows[1][1];
console.log(`throughput (analyze) ${(bytes / 1e6 / (analyzed.wall / 1000)).toFixed(2)} MB/s wall, ${(bytes / 1e6 / (analyzed.cpu / 1000)).toFixed(2)} MB/s CPU; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
