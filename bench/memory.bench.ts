// Measures the heap an analysis of a generated stamp keeps alive, and the share of its parts (syntax arguments,
// elements, model), by dropping references and collecting. Usage: node --expose-gc out/bench/memory.bench.js [lines=100000]
import { generateStamp } from './generate.js';
import { analyze } from '../grammar/src/analyze.js';
import { diagnose, fastRules } from '../server/src/analysis/diagnose.js';
import { forEachStatement } from '../grammar/src/syntax.js';
import { parseStamp } from '../grammar/src/parser.js';

const lines = Number(process.argv[2] ?? 100_000);
const collect = (): number => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const text = generateStamp(lines).stampText;
// Warm up first, so that the parser instance, compiled code and schema tables are in the baseline.
diagnose(analyze([{ uri: 'file:///bench/warm.stamp', text: generateStamp(1000).stampText }]), undefined, fastRules);
const base = collect();
let analysis: ReturnType<typeof analyze> | undefined = analyze([{ uri: 'file:///bench/memory.stamp', text }]);
let diagnostics: unknown[] | undefined = diagnose(analysis, undefined, fastRules);
const peakRss = process.memoryUsage().rss / 2 ** 20;
const whole = collect();
// The syntax arguments duplicate what the values hold: measure what dropping them would save.
let argumentCount = 0;
for (const file of analysis.files) forEachStatement(file.syntax.statements, (statement) => { argumentCount += statement.args.length; statement.args = []; });
const withoutArgs = collect();
diagnostics = undefined;
const withoutDiagnostics = collect();
analysis = undefined;
const none = collect();
parseStamp('x');
const afterTinyParse = collect();
console.log(`${lines} lines (${(text.length / 2 ** 20).toFixed(1)} MB text): analysis + fast diagnostics keep ${(whole - base).toFixed(0)} MB of heap (RSS ${peakRss.toFixed(0)} MB after analyzing);`);
console.log(`  syntax arguments (${argumentCount}): ${(whole - withoutArgs).toFixed(0)} MB; diagnostics: ${(withoutArgs - withoutDiagnostics).toFixed(0)} MB; the rest (elements, values, model, index): ${(withoutDiagnostics - none).toFixed(0)} MB; still held once the analysis is dropped: ${(none - base).toFixed(0)} MB (${(afterTinyParse - base).toFixed(0)} MB after parsing a tiny text)`);
