// Prints a digest of everything the open path produces for generated stamps (syntax trees, errors, every rule's
// diagnostics, the model's elements), to compare two builds: a speed change to the front end must not change a digest.
// Usage: node out/bench/findings.bench.js [lines…=1000 10000 100000] [--fast] (--fast: the fast rules only)
import { createHash } from 'node:crypto';
import { generateStamp } from './generate.js';
import { analyze } from '../grammar/src/analyze.js';
import { diagnose, fastRules } from '../server/src/analysis/diagnose.js';

const args = process.argv.slice(2);
const sizes = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
const rules = args.includes('--fast') ? fastRules : undefined;

/** A digest of a value written as JSON, skipping what is identity or a cycle (element ids, parents, resolved targets). */
function digest(value: unknown): string {
  const skipped = new Set(['id', 'parent', 'target', 'previous']);
  const seen = new WeakSet<object>();
  const json = JSON.stringify(value, (key, item: unknown) => {
    if (skipped.has(key)) return undefined;
    if (item instanceof Map) return [...item.entries()];
    if (item instanceof Set) return [...item.values()];
    if (typeof item === 'object' && item !== null) {
      if (seen.has(item)) return '[seen]';
      seen.add(item);
    }
    return item;
  });
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}

for (const lines of sizes.length > 0 ? sizes : [1000, 10_000, 100_000]) {
  const text = generateStamp(lines).stampText;
  const analysis = analyze([{ uri: 'file:///bench/findings.stamp', text }]);
  const file = analysis.files[0];
  const diagnostics = diagnose(analysis, undefined, rules);
  const elements = file.elements.map((element) => ({ kind: element.kind.id, name: element.name, header: element.header, properties: element.properties, children: element.children }));
  console.log(
    `${lines} lines: syntax ${digest(file.syntax)}, elements ${digest(elements)}, diagnostics ${digest(diagnostics)} (${diagnostics.length})`,
  );
}
