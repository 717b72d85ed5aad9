// Measures the heap an analysis of a generated stamp keeps alive, and the share of its parts (syntax arguments,
// elements, model), by dropping references and collecting. Usage: node --expose-gc out/bench/memory.bench.js [lines=100000]
import { generateStamp } from './generate.js';
import { analyze } from '../grammar/src/analyze.js';
import { diagnose, fastRules } from '../server/src/analysis/diagnose.js';
import { forEachStatement } from '../grammar/src/syntax.js';
import { parseStamp } from '../grammar/src/parser.js';

const lines = Number(process.argv[2] ?? 100_000);
/**
 * The heap in use after collecting, measured in a later task: within the task that dropped a reference, V8 may still
 * hold what it pointed to (the first version of this bench, collecting synchronously, reported the whole dropped
 * analysis, about 100 MB at 100k lines, as "still held").
 */
const collect = async (): Promise<number> => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  await new Promise((resolve) => setTimeout(resolve, 1));
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

async function main(): Promise<void> {
  const text = generateStamp(lines).stampText;
  // Warm up first, so that the parser instance, compiled code and schema tables are in the baseline.
  diagnose(analyze([{ uri: 'file:///bench/warm.stamp', text: generateStamp(1000).stampText }]), undefined, fastRules);
  const base = await collect();
  let analysis: ReturnType<typeof analyze> | undefined = analyze([{ uri: 'file:///bench/memory.stamp', text }]);
  /** Holds the diagnostics until they are released below, to measure what they keep. */
  const held: { diagnostics?: unknown[] } = { diagnostics: diagnose(analysis, undefined, fastRules) };
  const peakRss = process.memoryUsage().rss / 2 ** 20;
  const whole = await collect();
  held.diagnostics = undefined;
  const withoutDiagnostics = await collect();
  analysis = undefined;
  const none = await collect();
  parseStamp('x');
  const afterTinyParse = await collect();
  // The syntax arguments duplicate what the values hold: measure what dropping them would save, on a second analysis
  // (emptying every statement's list leaves V8 holding part of the tree after it is dropped, which would otherwise
  // show as memory the analysis keeps once dropped).
  const second = analyze([{ uri: 'file:///bench/memory.stamp', text }]);
  const secondWhole = await collect();
  let argumentCount = 0;
  for (const file of second.files) forEachStatement(file.syntax.statements, (statement) => { argumentCount += statement.args.length; statement.args = []; });
  const withoutArgs = await collect();
  console.log(`${lines} lines (${(text.length / 2 ** 20).toFixed(1)} MB text): analysis + fast diagnostics keep ${(whole - base).toFixed(0)} MB of heap (RSS ${peakRss.toFixed(0)} MB after analyzing);`);
  console.log(`  syntax arguments (${argumentCount}): ${(secondWhole - withoutArgs).toFixed(0)} MB; diagnostics: ${(whole - withoutDiagnostics).toFixed(0)} MB; the analysis without its diagnostics (syntax, elements, values, model, index): ${(withoutDiagnostics - none).toFixed(0)} MB; still held once the analysis is dropped: ${(none - base).toFixed(0)} MB (${(afterTinyParse - base).toFixed(0)} MB after parsing a tiny text)`);
}

void main();
