// The failure analysis over the dependency graph (server/src/resilience/failure-graph.ts) against the exhaustive one
// (every part's failure simulated in full): the same SPOF001 findings and the same resilience summary, on the
// examples, on generated stamps and on seeded mutants of them (lines dropped, memory cut, failover made manual,
// storage made local, priorities and witnesses changed), and on designs whose evaluation meets a cycle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../grammar/src/analyze.js';
import { FailureGraph } from '../server/src/resilience/failure-graph.js';
import { failableParts } from '../server/src/resilience/simulate.js';
import { singlePointsOfFailureExhaustive } from '../server/src/resilience/spof.js';
import { diagnose } from '../server/src/analysis/diagnose.js';
import { generateStamp, seededRandom } from '../bench/generate.js';
import { largeStamp } from './support/large-stamp.js';
import { repoRoot } from './support/paths.js';
import { modelOf, spofLines, summaryLines } from './support/spof-compare.js';




/** Each analysis on a fresh model, so that no per-model cache carries one into the other. */
function assertSameAnalysis(text: string, label: string): { spofs: number; cyclic: boolean } {
  const fast = spofLines(modelOf(text), false);
  const exhaustive = spofLines(modelOf(text), true);
  assert.deepEqual(fast, exhaustive, `${label}: SPOF001 differs from the exhaustive search`);
  assert.deepEqual(summaryLines(modelOf(text), false, 3), summaryLines(modelOf(text), true, 3), `${label}: the resilience summary differs`);
  return { spofs: fast.length, cyclic: FailureGraph.record(modelOf(text)).cyclic };
}

/** A seeded mutant of a stamp: lines dropped and properties changed where the failure analysis reads them. */
function mutant(text: string, seed: number): string {
  const next = seededRandom(seed);
  const chance = (p: number) => next() < p;
  const lines: string[] = [];
  for (let line of text.split('\n')) {
    if (chance(0.02)) continue;
    if (chance(0.15)) line = line.replace(/memory (\d+)GB/, (_, gb: string) => `memory ${Math.max(1, Math.round(Number(gb) / (2 + Math.floor(next() * 6))))}GB`);
    if (chance(0.3)) line = line.replace('failover automatic', 'failover manual');
    if (chance(0.2)) line = line.replace('commit synchronous', 'commit asynchronous');
    if (chance(0.1)) line = line.replace(/storage csv \w+/, 'storage local');
    if (chance(0.1)) line = line.replace(/^(vm [\w-]+ on [\w-]+ \{ memory \d+GB;)/, `$1 priority ${['low', 'high', 'no_auto_start', 'medium'][Math.floor(next() * 4)]};`);
    if (chance(0.3)) line = line.replace(/witness disk ([\w-]+)/, (whole, san: string) => (chance(0.5) ? `witness share "\\\\${san.replace('SAN', 'WEB01')}\\W"` : 'witness none'));
    if (chance(0.05)) line = line.replace(/nodes ([\w-]+), ([\w-]+)(, [\w-]+)*/, 'nodes $1');
    lines.push(line);
  }
  return lines.join('\n');
}

test('the graph search finds what the exhaustive search finds on the examples', () => {
  const examples = readdirSync(join(repoRoot, 'examples')).filter((name) => name.endsWith('.stamp'));
  assert.ok(examples.length >= 3);
  let spofs = 0;
  for (const name of examples) spofs += assertSameAnalysis(readFileSync(join(repoRoot, 'examples', name), 'utf8'), name).spofs;
  assert.ok(spofs > 0, 'the examples have single points of failure to compare');
});

test('the graph search finds what the exhaustive search finds on generated stamps', () => {
  const generated = assertSameAnalysis(generateStamp(2500).stampText, 'generated 2,500 lines');
  assert.equal(generated.cyclic, false, 'the generated stamp is searched over the graph, not exhaustively');
  assert.ok(generated.spofs > 0);
  const large = assertSameAnalysis(largeStamp(600), 'large-stamp 600 lines');
  assert.equal(large.cyclic, false);
  assert.ok(large.spofs > 0);
});

test('the graph search finds what the exhaustive search finds on seeded mutants of generated stamps', () => {
  const base = generateStamp(1300).stampText;
  let spofs = 0;
  let overGraph = 0;
  for (let seed = 1; seed <= 14; seed++) {
    const result = assertSameAnalysis(mutant(base, seed), `mutant ${seed}`);
    spofs += result.spofs;
    if (!result.cyclic) overGraph++;
  }
  assert.ok(spofs > 14, `only ${spofs} findings over the mutants`);
  assert.ok(overGraph >= 7, `only ${overGraph} of 14 mutants were searched over the graph`);
});

test('a design whose evaluation meets a cycle is searched exhaustively, with the same findings', () => {
  // The file share witness of the cluster is a VM of that cluster: its quorum needs the VM, the VM needs its quorum.
  const text = `
san SAN1 {}
host H1 {}
host H2 {}
cluster C { kind hyperv; nodes H1, H2; witness share "\\\\FS1\\W"; csv V1 { san SAN1 } }
vm FS1 on C { storage csv V1; critical }
vm APP1 on C { storage csv V1; critical }
host H3 {}
vm APP2 on H3 { storage local; critical }
replication APP2 to H1 { frequency 5m }`;
  assert.equal(FailureGraph.record(modelOf(text)).cyclic, true);
  const { spofs } = assertSameAnalysis(text, 'cyclic witness');
  assert.ok(spofs > 0);
});

test('SPOF001 reports the same findings through diagnose over the graph as the exhaustive search', () => {
  const text = generateStamp(1200).stampText;
  const analysis = analyze([{ uri: 'file:///design.stamp', text }]);
  const messages = diagnose(analysis).filter((diagnostic) => diagnostic.code === 'SPOF001').map((diagnostic) => diagnostic.message).sort();
  const labels = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);
  const expected = singlePointsOfFailureExhaustive(modelOf(text))
    .map((spof) => `Losing ${spof.part.name} takes down ${labels(spof.services.map((service) => service.label))}: ${spof.path}.`)
    .sort();
  assert.ok(expected.length > 0);
  assert.deepEqual(messages, expected);
});

test('a part failure re-evaluates only what changes: most parts of a generated stamp touch a few outcomes', () => {
  const model = modelOf(generateStamp(2500).stampText);
  const graph = FailureGraph.record(model);
  const parts = failableParts(model).filter((part) => graph.reads(part));
  // Every part is answered over the graph (no cycle met), and SAN losses take services down.
  const answers = parts.map((part) => graph.newlyDown(part));
  assert.ok(answers.every((down) => down !== undefined));
  assert.ok(parts.some((part, index) => part.kind.id === 'san' && answers[index]!.length > 0));
});
