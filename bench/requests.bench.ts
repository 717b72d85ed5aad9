// Measures hover and completion in process on a generated stamp (CPU time per request), without the LSP transport.
// Usage: node out/bench/requests.bench.js [lines=10000]
import { generateStamp } from './generate.js';
import { StampWorkspace } from '../server/src/analysis/workspace.js';
import { emptyConfig } from '../server/src/analysis/config.js';
import { hoverAt } from '../server/src/features/hover.js';
import { completionsAt } from '../server/src/features/completion.js';
import { nodeFileSystem } from '../server/src/node/node-file-system.js';

const lines = Number(process.argv[2] ?? 10_000);
const text = generateStamp(lines).stampText;
const workspace = new StampWorkspace(() => emptyConfig, nodeFileSystem);
const uri = 'file:///bench/requests.stamp';
workspace.open(uri, text, 1);
const diagnosed = workspace.diagnosisOf(uri)!;
const offsets: number[] = [];
for (const match of text.matchAll(/^\s*(?:vm|host|cluster|sql on|nlb|spf|wap) (\S)/gm)) offsets.push(match.index! + match[0].length - 1);
const cpu = (work: () => unknown): number => {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};
const sample = offsets.filter((_, index) => index % Math.max(1, Math.floor(offsets.length / 200)) === 0);
const hover = sample.map((offset) => cpu(() => hoverAt(diagnosed.document, diagnosed.all, offset))).sort((a, b) => a - b);
const completion = sample.map((offset) => cpu(() => completionsAt(diagnosed.document, offset))).sort((a, b) => a - b);
const p = (values: number[], q: number) => values[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)].toFixed(2);
console.log(`${lines} lines, ${sample.length} positions: hover CPU ms p50 ${p(hover, 0.5)} p95 ${p(hover, 0.95)}; completion p50 ${p(completion, 0.5)} p95 ${p(completion, 0.95)}`);
